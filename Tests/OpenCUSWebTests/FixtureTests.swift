import Fluent
import Foundation
import Testing
import Vapor

@testable import OpenCUSWeb

/// What the suite's speed rests on must not cost its strictness: every test has its own copy of
/// a fixture, and SQLite writers of different databases never queue behind each other.
@Suite struct FixtureTests {
    @Test func eachTestHasItsOwnCopyAndTheFixtureStaysAsBuilt() async throws {
        let renamed = "Zmieniona w jednym teście \(UUID())"
        try await withTestApp { a in
            try await withTestApp { b in
                #expect(a.dataDirectory != b.dataDirectory && a.configuration.database != b.configuration.database)
                let inA = try #require(try await Organisation.query(on: a.db).filter(\.$slug == "cus-jasminowo").first())
                inA.name = renamed
                try await inA.save(on: a.db)
                #expect(try await Organisation.query(on: a.db).filter(\.$name == renamed).count() == 1)
                #expect(
                    try await Organisation.query(on: b.db).filter(\.$name == renamed).count() == 0,
                    "another test's copy does not see it")
            }
        }
        try await withTestApp { (c: TestApp) async throws in
            #expect(
                try await Organisation.query(on: c.db).filter(\.$name == renamed).count() == 0, "the fixture itself is unchanged")
            #expect(try await Organisation.query(on: c.db).filter(\.$slug == "cus-jasminowo").count() == 1)
        }
    }

    @Test func theFixturesHoldWhatTheyPromise() async throws {
        try await withTestApp(.empty) { (t: TestApp) async throws in
            #expect(try await Organisation.query(on: t.db).count() == 0)
            #expect(try await Startup.pendingMigrations(t.app).isEmpty)
        }
        try await withTestApp(.demoWithoutIntake) { (t: TestApp) async throws in
            #expect(try await Organisation.query(on: t.db).count() == DemoData.organisations.count)
            #expect(try await ServiceApplication.query(on: t.db).count() == 0)
            #expect(try await Person.query(on: t.db).count() == 0)
            #expect(try await IpusPlan.query(on: t.db).count() == 0)
            #expect(try await Enrolment.query(on: t.db).count() == 0)
            #expect(try await ServiceDefinition.query(on: t.db).count() > 0, "the programme and its services stay")
        }
        try await withTestApp(.demo) { t in
            let cus = try #require(try await Organisation.query(on: t.db).filter(\.$slug == "cus-jasminowo").first())
            #expect(try await ServiceApplication.scoped(to: cus.id!, on: t.db).count() == 24)
            // Stored files (photos, attachments) come with the copy: the report's gallery opens.
            let photo = try #require(try await EventPhoto.query(on: t.db).first())
            #expect(try FileStorage(dataDirectory: t.dataDirectory).read(photo.storageKey).count == photo.size)
        }
    }

    @Test func theSQLiteWriteGateIsTheDatabaseFilesOwn() {
        let folder = FileManager.default.temporaryDirectory.path + "/gate-\(UUID())"
        let one = SQLiteWriteGate.forFile(folder + "/one.sqlite")
        #expect(one === SQLiteWriteGate.forFile(folder + "/./one.sqlite"), "every spelling of a path: one gate")
        #expect(one !== SQLiteWriteGate.forFile(folder + "/two.sqlite"))
    }

    /// A write transaction held open in one test's database does not stop another test's write
    /// (with one gate per process, the second would wait until the first ends).
    @Test func aWriterOnAnotherSQLiteFileDoesNotWait() async throws {
        guard !TestDatabase.isPostgres else { return }  // PostgreSQL has no gate
        try await withTestApp(.empty) { a in
            try await withTestApp(.empty) { b in
                let (inside, entered) = AsyncStream<Void>.makeStream()
                let (release, released) = AsyncStream<Void>.makeStream()
                let holder = Task {
                    try await a.db.writeTransaction { _ in
                        entered.yield()
                        for await _ in release { break }
                    }
                }
                for await _ in inside { break }
                let first = try await withThrowingTaskGroup(of: String.self) { group in
                    group.addTask {
                        try await b.db.writeTransaction { db in try await db.sql().raw("SELECT 1").run() }
                        return "other database"
                    }
                    group.addTask {
                        try await Task.sleep(for: .seconds(20))
                        return "timeout"
                    }
                    let winner = try await group.next()!
                    // The first transaction ends whichever came first, so that a writer stuck
                    // behind it (the failure this test is for) can finish and the group return.
                    released.yield()
                    released.finish()
                    group.cancelAll()
                    return winner
                }
                try await holder.value
                #expect(first == "other database")
            }
        }
    }
}

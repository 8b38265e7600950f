import Fluent
import Foundation
import OpenCUSCore
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import OpenCUSWeb

/// Staff reads off the write path (issue #18): a read is committed before its page is sent
/// (group commit into `audit_pending`), shown at once, and chained in order by `AuditChainer`;
/// changes stay audited inside their own transaction. On SQLite and PostgreSQL.
@Suite struct AuditQueueTests {
    struct Count: Decodable { let n: Int }

    func count(_ t: TestApp, _ table: String, action: AuditAction, record: UUID) async throws -> Int {
        try await t.db.sql().raw(
            """
            SELECT COUNT(*) AS n FROM \(ident: table) WHERE action = \(bind: action.rawValue) AND record_id = \(bind: record.uuidString.lowercased())
            """
        ).first(decoding: Count.self)?.n ?? 0
    }

    func someApplication(_ t: TestApp) async throws -> ServiceApplication {
        let cus = try #require(try await Organisation.query(on: t.db).filter(\.$slug == "cus-jasminowo").first())
        return try #require(
            try await ServiceApplication.query(on: t.db).filter(\.$organisation.$id == cus.requireID()).sort(\.$number).first())
    }

    @Test func concurrentReadsAreOnRecordBeforeTheirPagesAndChainInOrder() async throws {
        try await withTestApp { t in
            let application = try await someApplication(t)
            let coordinator = t.browser()
            try await coordinator.login("koordynator@cus-jasminowo.example")
            let path = "/panel/applications/\(try application.requireID())"
            let views = 40
            try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for _ in 0..<views { group.addTask { try await coordinator.get(path).status } }
                for try await status in group { #expect(status == .ok) }
            }
            // Every page was sent after its read was committed; nothing is chained yet.
            #expect(try await count(t, "audit_pending", action: .view, record: application.requireID()) == views)
            #expect(try await count(t, "audit_records", action: .view, record: application.requireID()) == 0)

            #expect(try await AuditChainer.run(on: t.db) >= views)
            #expect(try await AuditPending.count(on: t.db) == 0)
            #expect(try await count(t, "audit_records", action: .view, record: application.requireID()) == views)
            #expect(try await AuditTrail.verify(on: t.db).compactMap(\.problem).isEmpty)
            // Chained oldest first: numbers follow the times of the reads.
            struct Row: Decodable {
                let sequence: Int64
                let occurred_at: Date
            }
            let rows = try await t.db.sql().raw(
                """
                SELECT sequence, occurred_at FROM audit_records WHERE action = 'view' AND record_id = \(bind: application.requireID().uuidString.lowercased())
                ORDER BY sequence
                """
            ).all(decoding: Row.self)
            #expect(rows.map(\.occurred_at) == rows.map(\.occurred_at).sorted())
        }
    }

    @Test func readsChangesAndSeveralChainersTogetherKeepEveryChainIntact() async throws {
        try await withTestApp { t in
            let application = try await someApplication(t)
            let organisationID = application.$organisation.id
            let coordinator = t.browser()
            try await coordinator.login("koordynator@cus-jasminowo.example")
            let path = "/panel/applications/\(try application.requireID())"
            let before = try await t.audit().count
            let actor = AuditActor(userID: nil, name: "test", organisationID: organisationID, roles: [], address: nil)
            let db = t.db
            try await withThrowingTaskGroup(of: Void.self) { group in
                for n in 0..<30 {
                    group.addTask {
                        let status = try await coordinator.get(path).status
                        #expect(status == .ok)
                    }
                    if n % 3 == 0 {
                        // A change, audited in its own transaction (takes the chain's head).
                        group.addTask {
                            try await db.writeTransaction { db in
                                try await Audit.append(
                                    AuditEvent(
                                        actor: actor, organisationID: organisationID, action: .update, recordType: .application,
                                        detail: "zmiana \(n)"),
                                    at: Date(), on: db)
                            }
                        }
                    }
                    // Two instances' chainers running at the same time as everything else.
                    if n % 10 == 0 { group.addTask { _ = try await AuditChainer.run(on: db) } }
                }
                try await group.waitForAll()
            }
            let after = try await t.audit()
            #expect(after.count == before + 30 + 10)
            #expect(Set(after.map(\.id)).count == after.count, "no record chained twice")
            #expect(try await t.chainProblems().isEmpty)
        }
    }

    @Test func aReadIsShownOnTheAuditPagesBeforeItIsChained() async throws {
        try await withTestApp { t in
            let application = try await someApplication(t)
            let coordinator = t.browser()
            try await coordinator.login("koordynator@cus-jasminowo.example")
            #expect(try await coordinator.get("/panel/applications/\(try application.requireID())").status == .ok)
            #expect(try await count(t, "audit_pending", action: .view, record: application.requireID()) == 1)
            // The director sees who opened the application, on the application itself and in the trail.
            let director = t.browser()
            try await director.login("dyrektor@cus-jasminowo.example")
            let page = try await director.get("/panel/applications/\(try application.requireID())").body.string
            #expect(page.contains("Agnieszka Wójcik"))
            let found = try await AuditTrail.search(
                .init(subjectID: application.$person.id, action: .view), organisationID: application.$organisation.id, limit: 10,
                on: t.db)
            #expect(found.contains { $0.actor_name == "Agnieszka Wójcik" && $0.sequence == nil })
        }
    }

    @Test func readsLeftPendingAreChainedAtShutdownAndByTheBackgroundStep() async throws {
        try await withTestApp { t in
            let application = try await someApplication(t)
            let coordinator = t.browser()
            try await coordinator.login("koordynator@cus-jasminowo.example")
            let path = "/panel/applications/\(try application.requireID())"
            try await coordinator.get(path)
            // What shutdown does after the last request (the test app's own shutdown comes later).
            #expect(await AuditChainerLifecycle.finalPass(t.app) == .chained(1))
            #expect(try await AuditPending.count(on: t.db) == 0)
            #expect(try await count(t, "audit_records", action: .view, record: application.requireID()) == 1)

            // While serving, the background step chains within its interval.
            t.app.auditChainer.start(app: t.app, interval: 1)
            try await coordinator.get(path)
            var waited = 0
            while try await AuditPending.count(on: t.db) > 0, waited < 100 {
                try await Task.sleep(for: .milliseconds(100))
                waited += 1
            }
            await t.app.auditChainer.stop()
            #expect(try await count(t, "audit_records", action: .view, record: application.requireID()) == 2)
            #expect(try await t.chainProblems().isEmpty)
        }
    }

    /// A command (`migrate`, `demo`, a `serve` refused for pending migrations) stores no read and
    /// never served: its shutdown does not touch the audit tables (which may not exist yet).
    @Test func aProcessThatStoredNoReadSkipsTheLastPass() async throws {
        try await withTestApp(.empty) { t in
            try await t.db.sql().raw("DROP TABLE audit_pending").run()
            #expect(await AuditChainerLifecycle.finalPass(t.app) == .skipped)
        }
    }

    @Test func checkInMarksAreAuditedInTheirOwnTransaction() async throws {
        try await withTestApp { t in
            // A mark whose audit cannot be written is not stored either.
            let event = try await t.event(DemoRegistrations.upcomingSlug)
            let registration = try #require(
                try await Registration.query(on: t.db).filter(\.$event.$id == event.requireID()).filter(\.$state == .confirmed)
                    .first())
            let desk = t.browser()
            try await desk.login("wydarzenia@cus-jasminowo.example")
            try await desk.get("/panel/events/\(try event.requireID())/checkin")
            try await t.db.sql().raw("DROP TABLE audit_subjects").run()
            let failed = try await desk.post(
                "/panel/events/\(try event.requireID())/checkin/\(try registration.requireID())/present",
                [("day", event.startDay.iso)])
            #expect(failed.status == .internalServerError)
            #expect(
                try await EventAttendance.query(on: t.db).filter(\.$registration.$id == registration.requireID()).count() == 0)
        }
    }
}

import Fluent
import FluentPostgresDriver
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import SQLKit
import Vapor

@testable import OpenCUSWeb

/// What a web test starts from. Each fixture is built once per test process (migrations and
/// seeding, the first time a test asks for it) and every test gets its own copy of it: a copy
/// of the SQLite file and data folder, or a PostgreSQL database cloned from a template.
enum Fixture: String, Sendable, CaseIterable {
    /// Migrated, no rows.
    case empty
    /// The demo data set with 24 service applications (what most tests start from).
    case demo
    /// The demo data set without any service application, person, assessment, IPUS plan,
    /// enrolment or delivery: for tests that count places and numbers from zero.
    case demoWithoutIntake
    /// The demo data set exactly as `opencus demo` loads it (about a hundred applications).
    case fullDemo

    /// Tables emptied for `demoWithoutIntake`, children first.
    static let intakeTables = [
        "delivery_records", "ipus_notes", "ipus_versions", "ipus_plans", "needs_assessments", "application_tokens",
        "application_events", "refusal_decisions", "enrolments", "application_services", "service_applications", "persons",
    ]

    /// The fixture this one starts from (copied from its golden); nil: a newly migrated database.
    var base: Fixture? {
        switch self {
        case .demoWithoutIntake: return .demo
        case .empty, .demo, .fullDemo: return nil
        }
    }

    /// Fills a copy of the base (or a freshly migrated database). Runs once per process and fixture.
    func seed(_ app: Application) async throws {
        switch self {
        case .empty:
            break
        case .demo:
            try await DemoData.load(on: app, applications: 24)
        case .demoWithoutIntake:
            // The demo's services, events and accounts stay; the casework goes, exactly as if
            // the CUS had received no application yet. Done once here instead of in each test.
            let sql = try app.db.sql()
            for table in Self.intakeTables {
                try await sql.raw("DELETE FROM \(ident: table)").run()
            }
        case .fullDemo:
            try await DemoData.load(on: app)
        }
    }
}

/// A built fixture: where its golden copy lives.
enum Golden: Sendable {
    /// A data folder holding `test.sqlite` (checkpointed, no WAL content) and stored files.
    case sqlite(folder: String)
    /// A PostgreSQL database nobody is connected to, usable as a `TEMPLATE`, and the data
    /// folder with the files the seeding stored.
    case postgres(template: String, folder: String)

    var folder: String {
        switch self {
        case .sqlite(let folder), .postgres(_, let folder): return folder
        }
    }
}

/// Builds each fixture once per process, safely under parallel tests: the first test that asks
/// starts the build, the others await the same task.
actor GoldenStore {
    static let shared = GoldenStore()

    private var builds: [Fixture: Task<Golden, any Error>] = [:]

    func golden(_ fixture: Fixture, build: @escaping @Sendable (Fixture) async throws -> Golden) async throws -> Golden {
        if let task = builds[fixture] { return try await task.value }
        let task = Task { try await build(fixture) }
        builds[fixture] = task
        return try await task.value
    }
}

/// The folders and databases of this test process, named with its process id so that leftovers
/// of a killed run are recognised (and removed) by the next one.
enum TestResources {
    static let processTag = "p\(getpid())"

    /// `/tmp/opencus-tests-p<pid>`: goldens and every test's data folder.
    static let root: String = {
        let base = FileManager.default.temporaryDirectory.path
        removeStaleFolders(in: base)
        let root = base + "/opencus-tests-\(processTag)"
        try? FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        // Swift Testing has no process-wide teardown; the folder goes when the process exits.
        atexit {
            let path = FileManager.default.temporaryDirectory.path + "/opencus-tests-p\(getpid())"
            try? FileManager.default.removeItem(atPath: path)
        }
        return root
    }()

    static func isAlive(_ tag: Substring) -> Bool {
        guard tag.hasPrefix("p"), let pid = Int32(tag.dropFirst()) else { return false }
        return kill(pid, 0) == 0 || errno == EPERM
    }

    private static func removeStaleFolders(in base: String) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: base)) ?? []
        for name in names where name.hasPrefix("opencus-tests-p") {
            let tag = name.dropFirst("opencus-tests-".count)
            if !isAlive(tag) { try? FileManager.default.removeItem(atPath: base + "/" + name) }
        }
    }

    /// A test's data folder: a copy of the golden's (its SQLite file and stored files).
    static func copyFolder(_ golden: String, prefix: String = "t") throws -> String {
        let target = root + "/\(prefix)-" + UUID().uuidString.prefix(13).lowercased()
        try FileManager.default.copyItem(atPath: golden, toPath: target)
        return target
    }

    static func newFolder(_ prefix: String) throws -> String {
        let path = root + "/\(prefix)-" + UUID().uuidString.prefix(13).lowercased()
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}

/// SQLite: the golden is a folder; a test's copy is a plain file copy of it (milliseconds).
enum SQLiteFixtures {
    static let fileName = "test.sqlite"

    /// Checks that the shut-down golden's WAL went into the database file. (An explicit
    /// `PRAGMA wal_checkpoint(TRUNCATE)` from the building app was tried first: it waits on the
    /// other event loop's connection and once took 198 s; closing every connection does the same
    /// checkpoint at once.)
    static func verifyCheckpointed(_ folder: String) throws {
        let wal = folder + "/" + fileName + "-wal"
        let size = (try? FileManager.default.attributesOfItem(atPath: wal)[.size] as? Int) ?? 0
        guard size == 0 else { throw FixtureError(message: "the golden's WAL still holds \(size) bytes after shutdown") }
        try? FileManager.default.removeItem(atPath: wal)
        try? FileManager.default.removeItem(atPath: folder + "/" + fileName + "-shm")
    }
}

/// PostgreSQL: the golden is a database used as a template; each test gets
/// `CREATE DATABASE t_… TEMPLATE golden_…` and drops it afterwards. A database per test keeps
/// the isolation of the former schema per test: no test can see another's rows.
enum PostgresFixtures {
    /// One connection pool to the maintenance database (the one OPENCUS_TEST_DATABASE_URL
    /// names), for CREATE and DROP DATABASE. It lives as long as the process.
    private static let admin: Databases = {
        let databases = Databases(threadPool: NIOThreadPool.singleton, on: MultiThreadedEventLoopGroup.singleton)
        do {
            let configuration = try SQLPostgresConfiguration(url: TestDatabase.postgresURL ?? "")
            // Every test asks for a database at about the same moment and a clone takes 0.1–0.5 s,
            // so requests may queue here far longer than Fluent's default 10 s.
            databases.use(
                .postgres(configuration: configuration, maxConnectionsPerEventLoop: 2, connectionPoolTimeout: .seconds(600)),
                as: .psql)
        } catch {
            fatalError("OPENCUS_TEST_DATABASE_URL is not a PostgreSQL URL: \(error)")
        }
        return databases
    }()

    private static var adminDatabase: any Database {
        get throws {
            guard
                let db = admin.database(
                    logger: Logger(label: "opencus.tests.fixtures"), on: MultiThreadedEventLoopGroup.singleton.any())
            else {
                throw FixtureError(message: "no connection to the maintenance database")
            }
            return db
        }
    }

    /// The test URL with another database name.
    static func url(database: String) throws -> String {
        guard var components = URLComponents(string: TestDatabase.postgresURL ?? "") else {
            throw FixtureError(message: "OPENCUS_TEST_DATABASE_URL is not a URL")
        }
        components.path = "/" + database
        guard let url = components.string else { throw FixtureError(message: "cannot build a URL for \(database)") }
        return url
    }

    static func create(_ name: String, template: String? = nil) async throws {
        if let template {
            // FILE_COPY copies the template's files instead of writing every page to the WAL:
            // 131 ms instead of 169 ms for the demo (and 14 ms instead of 38 ms to drop it),
            // measured on PostgreSQL 15 with the CI settings (fsync off).
            try await retryingWhileInUse(
                "CREATE DATABASE \(ident: name) TEMPLATE \(ident: template) STRATEGY FILE_COPY", what: template)
        } else {
            try await retryingWhileInUse("CREATE DATABASE \(ident: name)", what: name)
        }
    }

    /// Without FORCE, which would terminate any connection still open: one CI run crashed
    /// (SIGILL on an event-loop thread) on PostgreSQL under load with FORCE, and a server-side
    /// termination of a connection the pool is still closing is the likely cause (not proven),
    /// so the drop waits until the last connection is gone instead.
    static func drop(_ name: String) async throws {
        try await retryingWhileInUse("DROP DATABASE IF EXISTS \(ident: name)", what: name)
    }

    /// Runs the statement again while PostgreSQL answers 55006 (object in use): an application
    /// that has just shut down may still be closing its connections to the template or to the
    /// test's database. A connection that is still there after 60 s is a leak and fails the test.
    private static func retryingWhileInUse(_ statement: SQLQueryString, what: String) async throws {
        let deadline = Date().addingTimeInterval(60)
        var waited = 0
        while true {
            do {
                try await adminDatabase.sql().raw(statement).run()
                return
            } catch let error as PSQLError where error.serverInfo?[.sqlState] == "55006" {
                if waited == 0 { FileHandle.standardError.write(Data("fixtures: \(what) is still in use, waiting\n".utf8)) }
                waited += 1
                guard Date() < deadline else {
                    throw FixtureError(message: "database \(what) still has connections 60 s after its application shut down")
                }
                try await Task.sleep(for: .milliseconds(50))
            }
        }
    }

    /// Leftovers of earlier runs are dropped once, before the first golden is built.
    static let staleDropped = Task { try await dropStale() }

    /// Drops the goldens and test databases of runs whose process is gone (a killed `swift test`).
    private static func dropStale() async throws {
        struct Row: Decodable { let datname: String }
        let rows = try await adminDatabase.sql()
            .raw("SELECT datname FROM pg_database WHERE datname LIKE 'golden\\_%' OR datname LIKE 't\\_%'").all(
                decoding: Row.self)
        for row in rows {
            let parts = row.datname.split(separator: "_")
            guard parts.count >= 3, !TestResources.isAlive(parts[1]) else { continue }
            try await drop(row.datname)
        }
    }

    static func goldenName(_ fixture: Fixture) -> String {
        "golden_\(TestResources.processTag)_\(fixture.rawValue.lowercased())"
    }

    static func testName() -> String {
        "t_\(TestResources.processTag)_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
    }
}

struct FixtureError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

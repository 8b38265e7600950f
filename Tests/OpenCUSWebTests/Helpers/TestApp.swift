import Fluent
import Foundation
import Logging
import NIOConcurrencyHelpers
import OpenCUSCore
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import OpenCUSWeb

/// Which database the web tests run on: a fresh temporary SQLite file per test by default, or,
/// when OPENCUS_TEST_DATABASE_URL points at PostgreSQL, a fresh schema per test in that database.
enum TestDatabase {
    static var postgresURL: String? {
        guard let url = ProcessInfo.processInfo.environment["OPENCUS_TEST_DATABASE_URL"], !url.isEmpty else { return nil }
        return url
    }
    static var isPostgres: Bool { postgresURL != nil }
}

/// A recording mail transport that can be told to fail.
final class RecordingTransport: MailTransport, @unchecked Sendable {
    enum Failure: Error, PermanentDeliveryFailure {
        case temporary
        case permanent
        var isPermanent: Bool { self == .permanent }
        var logSummary: String { "test \(self)" }
    }

    private let lock = NIOLock()
    private var _delivered: [MailMessage] = []
    private var _rendered: [String] = []
    /// Called before each delivery; throw to simulate a failure.
    var beforeDelivery: @Sendable (MailMessage) throws -> Void = { _ in }

    var delivered: [MailMessage] { lock.withLock { _delivered } }
    var rendered: [String] { lock.withLock { _rendered } }

    func deliver(_ message: MailMessage, rendered: String) async throws {
        try beforeDelivery(message)
        lock.withLock {
            _delivered.append(message)
            _rendered.append(rendered)
        }
    }
}

struct TestApp {
    let app: Application
    let transport: RecordingTransport
    let advanceClock: @Sendable (TimeInterval) -> Void
    let dataDirectory: String
    let configuration: AppConfiguration

    /// A second app instance on the same database (another server behind a load balancer).
    /// The caller shuts it down.
    func sibling() async throws -> Application {
        let other = try await Application.make(.testing)
        try await configure(other, configuration: configuration, clock: app.clock, mailTransport: transport)
        return other
    }

    var db: any Database { app.db }

    func browser() -> Browser { Browser(app: app) }
}

/// The date every test starts at (a weekday in Warsaw winter time).
let testStart = Date(timeIntervalSince1970: 1_795_000_000)  // 2026-11-18T09:46:40Z

/// Gives the test a freshly migrated database, the demo data when asked, a steppable clock and
/// a recording mail transport. Everything is torn down afterwards, on success or failure.
func withTestApp<T>(
    seedDemo: Bool = true,
    adjust: (inout AppConfiguration) -> Void = { _ in },
    _ body: (TestApp) async throws -> T
) async throws -> T {
    LogCapture.bootstrapOnce()
    let directory = FileManager.default.temporaryDirectory
        .appendingPathComponent("opencus-test-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    var configuration = try AppConfiguration.load(from: ["OPENCUS_DATA_DIR": directory])
    configuration.passwordHashCost = 4
    configuration.mailWorkerEnabled = false
    configuration.logLevel = .info
    // The whole suite runs in parallel on two cores: a race test's requests can wait far longer
    // for a connection than a production request would (what is tested is who gets the seat).
    configuration.databasePoolTimeout = 120
    let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
    if let url = TestDatabase.postgresURL {
        configuration.database = .postgres(url: url, searchPath: String(schema))
    } else {
        configuration.database = .sqlite(path: directory + "/test.sqlite")
    }
    adjust(&configuration)

    let (clock, advance) = AppClock.manual(testStart)
    let transport = RecordingTransport()
    let app = try await Application.make(.testing)
    do {
        try await configure(app, configuration: configuration, clock: clock, mailTransport: transport)
        if case .sqlite = configuration.database {
            // Throw-away test databases need no fsync; each event loop has its own connection.
            for loop in app.eventLoopGroup.makeIterator() {
                try await app.databases.database(.sqlite, logger: app.logger, on: loop)?.sql().raw("PRAGMA synchronous=OFF").run()
            }
        }
        if TestDatabase.isPostgres {
            try await app.db.sql().raw("CREATE SCHEMA \(unsafeRaw: String(schema))").run()
        }
        try await app.autoMigrate()
        if seedDemo { try await DemoData.load(on: app, applications: 24) }
        let result = try await body(TestApp(app: app, transport: transport, advanceClock: advance, dataDirectory: directory, configuration: configuration))
        try await teardown(app, schema: String(schema), directory: directory)
        return result
    } catch {
        try? await teardown(app, schema: String(schema), directory: directory)
        throw error
    }
}

private func teardown(_ app: Application, schema: String, directory: String) async throws {
    // Optional lookup: a test may have closed the databases already (see PlatformTests).
    if TestDatabase.isPostgres, let db = app.databases.database(logger: app.logger, on: app.eventLoopGroup.any()) {
        try? await db.sql().raw("DROP SCHEMA IF EXISTS \(unsafeRaw: schema) CASCADE").run()
    }
    try await app.asyncShutdown()
    try? FileManager.default.removeItem(atPath: directory)
}

extension TestApp {
    func organisationID(_ slug: String) async throws -> UUID {
        try #require(try await Organisation.query(on: db).filter(\.$slug == slug).first()).requireID()
    }
}

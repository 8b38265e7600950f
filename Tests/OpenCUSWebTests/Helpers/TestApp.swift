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

/// Which database the web tests run on: a copy of a temporary SQLite file per test by default,
/// or, when OPENCUS_TEST_DATABASE_URL points at PostgreSQL, a database per test in that server
/// (cloned from a template; the URL's own database is used only to create and drop them).
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
let testStart = Date(timeIntervalSince1970: 1_795_000_000)  // 2026-11-18T11:06:40Z (12:06:40 in Warsaw)

/// Gives the test its own copy of a fixture (migrated, and seeded as the fixture says: by
/// default the demo data set), a steppable clock and a recording mail transport. Everything is
/// torn down afterwards, on success or failure.
func withTestApp<T>(
    _ fixture: Fixture = .demo,
    adjust: (inout AppConfiguration) -> Void = { _ in },
    _ body: (TestApp) async throws -> T
) async throws -> T {
    LogCapture.bootstrapOnce()
    let golden = try await golden(fixture)
    let directory = try TestResources.copyFolder(golden.folder)
    var configuration = try testConfiguration(dataDirectory: directory)
    var testDatabase: String?
    switch golden {
    case .sqlite:
        configuration.database = .sqlite(path: directory + "/" + SQLiteFixtures.fileName)
    case .postgres(let template, _):
        let name = PostgresFixtures.testName()
        try await PostgresFixtures.create(name, template: template)
        testDatabase = name
        configuration.database = .postgres(url: try PostgresFixtures.url(database: name), searchPath: nil)
    }
    adjust(&configuration)

    let (clock, advance) = AppClock.manual(testStart)
    let transport = RecordingTransport()
    let app = try await Application.make(.testing)
    do {
        try await configure(app, configuration: configuration, clock: clock, mailTransport: transport)
        try await relaxDurability(app)
        let result = try await body(
            TestApp(app: app, transport: transport, advanceClock: advance, dataDirectory: directory, configuration: configuration)
        )
        try await teardown(app, database: testDatabase, directory: directory)
        return result
    } catch {
        try? await teardown(app, database: testDatabase, directory: directory)
        throw error
    }
}

/// The configuration every test app and golden builder shares.
private func testConfiguration(dataDirectory: String) throws -> AppConfiguration {
    var configuration = try AppConfiguration.load(from: ["OPENCUS_DATA_DIR": dataDirectory])
    configuration.passwordHashCost = 4
    configuration.mailWorkerEnabled = false
    configuration.logLevel = .info
    // The whole suite runs in parallel on two cores: a race test's requests can wait far longer
    // for a connection than a production request would (what is tested is who gets the seat).
    configuration.databasePoolTimeout = 120
    return configuration
}

/// Throw-away test databases need no fsync; each event loop has its own SQLite connection.
private func relaxDurability(_ app: Application) async throws {
    guard case .sqlite = app.config.database else { return }
    for loop in app.eventLoopGroup.makeIterator() {
        try await app.databases.database(.sqlite, logger: app.logger, on: loop)?.sql().raw("PRAGMA synchronous=OFF").run()
    }
}

/// The fixture's golden, built the first time any test asks for it.
private func golden(_ fixture: Fixture) async throws -> Golden {
    try await GoldenStore.shared.golden(fixture, build: buildGolden)
}

/// Builds one fixture, once per process (called through `GoldenStore`): a copy of its base's
/// golden, or a newly migrated database, then its seed; the time it took goes to the test log.
@Sendable private func buildGolden(_ fixture: Fixture) async throws -> Golden {
    let started = Date()
    var base: Golden?
    if let baseFixture = fixture.base { base = try await golden(baseFixture) }
    let folder: String
    if let base {
        folder = try TestResources.copyFolder(base.folder, prefix: "golden-\(fixture.rawValue)")
    } else {
        folder = try TestResources.newFolder("golden-\(fixture.rawValue)")
    }
    var configuration = try testConfiguration(dataDirectory: folder)
    var template: String?
    if TestDatabase.isPostgres {
        try await PostgresFixtures.staleDropped.value
        let name = PostgresFixtures.goldenName(fixture)
        try await PostgresFixtures.drop(name)
        if case .postgres(let baseTemplate, _)? = base {
            try await PostgresFixtures.create(name, template: baseTemplate)
        } else {
            try await PostgresFixtures.create(name)
        }
        template = name
        configuration.database = .postgres(url: try PostgresFixtures.url(database: name), searchPath: nil)
    } else {
        configuration.database = .sqlite(path: folder + "/" + SQLiteFixtures.fileName)
    }
    let (clock, _) = AppClock.manual(testStart)
    let app = try await Application.make(.testing)
    do {
        try await configure(app, configuration: configuration, clock: clock, mailTransport: RecordingTransport())
        try await relaxDurability(app)
        if base == nil { try await app.autoMigrate() }
        try await fixture.seed(app)
        // Shutting down closes every connection; the last one to close checkpoints the WAL into
        // the database file and deletes it (checked below), so the file alone is the database.
        try await app.asyncShutdown()
    } catch {
        try? await app.asyncShutdown()
        throw error
    }
    let golden: Golden
    if let template {
        golden = .postgres(template: template, folder: folder)
    } else {
        try SQLiteFixtures.verifyCheckpointed(folder)
        golden = .sqlite(folder: folder)
    }
    FileHandle.standardError.write(
        Data("fixture \(fixture.rawValue) built in \(String(format: "%.1f", Date().timeIntervalSince(started))) s\n".utf8))
    return golden
}

private func teardown(_ app: Application, database: String?, directory: String) async throws {
    try await app.asyncShutdown()
    if let database { try await PostgresFixtures.drop(database) }
    try? FileManager.default.removeItem(atPath: directory)
}

extension TestApp {
    func organisationID(_ slug: String) async throws -> UUID {
        try #require(try await Organisation.query(on: db).filter(\.$slug == slug).first()).requireID()
    }
}

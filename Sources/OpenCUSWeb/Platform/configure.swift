import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Leaf
import LeafKit
import NIOSSL
import Prometheus
import Vapor

/// The one set-up path for every environment (server, commands, tests).
public func configure(_ app: Application, configuration: AppConfiguration) async throws {
    try await configure(app, configuration: configuration, clock: .system, mailTransport: nil)
}

func configure(
    _ app: Application, configuration: AppConfiguration, clock: AppClock, mailTransport: (any MailTransport)?
) async throws {
    app.logger.logLevel = configuration.logLevel

    // Database
    switch configuration.database {
    case .sqlite(let path):
        // sqlite-nio runs every call on the application's blocking pool, by default the
        // process-wide pool with one thread per core. A connection waiting for SQLite's write
        // lock occupies a pool thread while it waits; with every thread waiting, the
        // connection holding the lock cannot run and all of them hang (seen with parallel test
        // apps). A pool of its own with more threads than connections (one per event loop)
        // rules that out.
        let loops = app.eventLoopGroup.makeIterator().reduce(0) { n, _ in n + 1 }
        app.threadPool = NIOThreadPool(numberOfThreads: loops + 2)
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        app.databases.use(.gatedSQLite(path: path), as: .sqlite)
    case .postgres(let url, let searchPath):
        var postgres = try SQLPostgresConfiguration(url: url)
        postgres.searchPath = searchPath.map { [$0] }
        app.databases.use(
            .postgres(
                configuration: postgres, maxConnectionsPerEventLoop: 4,
                connectionPoolTimeout: .milliseconds(Int64(configuration.databasePoolTimeout * 1000)), sqlLogLevel: .trace),
            as: .psql)
    }
    if case .sqlite = configuration.database {
        // WAL lets readers work while one writer writes (and is stored in the file, so once is
        // enough). Measured on the 2-core machines: the default rollback journal gave 60–400
        // inserts/s with 0.5–1.2 s latency at 32 clients; WAL several times that.
        try await app.db.sql().raw("PRAGMA journal_mode=WAL").run()
    }
    for migration in Migrations.all {
        app.migrations.add(migration)
    }

    // Views: templates are resources of this module, found wherever the binary runs. LeafKit's
    // default refuses any path under a dot-folder (.build/…), hence the explicit limits.
    guard let views = Bundle.module.url(forResource: "Views", withExtension: nil) else {
        throw ConfigurationError(
            variable: "(installation)", problem: "the Views resource folder is missing", fix: "rebuild OpenCUS")
    }
    let viewsPath = views.path + "/"
    app.leaf.configuration = LeafConfiguration(rootDirectory: viewsPath)
    app.leaf.sources = .singleSource(
        NIOLeafFiles(
            fileio: app.fileio, limits: [.toSandbox, .requireExtensions], sandboxDirectory: viewsPath, viewDirectory: viewsPath))
    // Parsed templates are cached (re-reading them cost ~11% of the event page, measured with
    // perf); OPENCUS_RELOAD_TEMPLATES=true turns that off while editing templates.
    app.leaf.cache.isEnabled = !configuration.reloadTemplates
    app.leaf.tags["url"] = RouteURLTag()
    app.views.use(.leaf)

    // Effects
    let transport: any MailTransport =
        mailTransport
        ?? {
            switch configuration.mailTransport {
            case .file(let directory): return FileMailTransport(directory: directory)
            case .smtp(let settings): return SMTPMailTransport(client: SMTPClient(settings: settings, group: app.eventLoopGroup))
            }
        }()
    let registry = PrometheusCollectorRegistry()
    app.opencus = AppServices(
        configuration: configuration, clock: clock, mailTransport: transport, metrics: registry,
        unknownUserHash: try Passwords.makeUnknownUserHash(cost: configuration.passwordHashCost),
        rateLimiter: RateLimiter(perMinute: configuration.rateLimitPerMinute))
    app.setUpAuditQueue()

    // Middleware, outermost first. Vapor's defaults are replaced: its route logger prints raw
    // paths and its error middleware English messages.
    guard let publicFolder = Bundle.module.url(forResource: "Public", withExtension: nil) else {
        throw ConfigurationError(
            variable: "(installation)", problem: "the Public resource folder is missing", fix: "rebuild OpenCUS")
    }
    app.middleware = Middlewares()
    app.middleware.use(RequestMetricsMiddleware(registry: registry))
    app.middleware.use(SecurityHeadersMiddleware())
    app.middleware.use(ErrorPageMiddleware())
    app.middleware.use(try StaticFilesMiddleware(directory: publicFolder))
    app.middleware.use(StaffSessionMiddleware())
    app.middleware.use(CSRFMiddleware())

    app.routes.defaultMaxBodySize = "1mb"
    SiteRoute.registerAll(on: app)

    app.asyncCommands.use(OpenCUSServeCommand(), as: "serve", isDefault: true)
    app.asyncCommands.use(DemoCommand(), as: "demo")
    app.asyncCommands.use(UserCommandGroup(), as: "user")
    app.asyncCommands.use(BenchOutboxCommand(), as: "bench-outbox")
    app.asyncCommands.use(BenchIntakeCommand(), as: "bench-intake")
    app.asyncCommands.use(AuditCommandGroup(), as: "audit")
    app.asyncCommands.use(RetentionCommand(), as: "retention")
    app.lifecycle.use(BackgroundJobsLifecycle())
    app.lifecycle.use(AuditChainerLifecycle())
}

enum Migrations {
    /// In order; append only.
    static let all: [any Migration] = [
        M0001_CreateOrganisations(),
        M0002_CreateUsersAndMemberships(),
        M0003_CreateSessionsAndLoginFailures(),
        M0004_CreateOutbox(),
        M0005_CreateAccessibilityStatements(),
        M0006_CreateEvents(),
        M0007_CreateRegistration(),
        M0008_RegistrationLockIndexes(),
        M0009_CreateAuditTrail(),
        M0010_StaffSecurity(),
        M0011_ConsentAndRetention(),
        M0012_CreateServicesProgramme(),
        M0013_CreateIntake(),
        M0014_Casework(),
        M0015_RefusalKind(),
        M0016_CreateIpus(),
        M0017_AvailabilityIndex(),
        M0018_CreateDeliveries(),
        M0019_AfterTheEvent(),
        M0020_AuditPending(),
        M0021_KnownDevices(),
        M0022_OutboxSenderAndReplyTo(),
        M0023_CheckInCodes(),
        M0024_OrganisationProfile(),
        M0025_CreateConsultations(),
        M0026_ConsultationSubscribers(),
        M0027_CreateDiagnoses(),
        M0028_CreateSurveys(),
        M0029_CreateActivities(),
        M0030_CreateVolunteers(),
        M0031_CreatePartners(),
        M0032_CreateCommunityPlans(),
        M0033_CreateInsightPublications(),
        M0034_CreateYearlyDocuments(),
        M0035_CreateManualIndicators(),
        M0036_AddSnapshotFullAt(),
    ]
}

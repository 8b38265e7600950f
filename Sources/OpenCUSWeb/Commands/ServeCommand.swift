import Fluent
import Vapor

/// `opencus serve` (and `opencus` with no arguments). Wraps Vapor's serve command with the
/// start-up rules: the embedded database is migrated and seeded on its own; a configured
/// database must be migrated explicitly first. Then starts the audit chainer and the mail worker.
struct OpenCUSServeCommand: AsyncCommand {
    typealias Signature = ServeCommand.Signature
    var help: String { "Start the OpenCUS web server (Vapor's --hostname/--port/--bind apply)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        if app.config.isEmbeddedDefault {
            try await app.autoMigrate()
            if try await Organisation.query(on: app.db).count() == 0 {
                try await DemoData.load(on: app)
                context.console.print("Loaded the demo data set into \(app.config.dataDirectory).")
            }
        } else {
            try await Startup.refuseIfMigrationsPending(app)
        }
        app.auditChainer.start(app: app, interval: app.config.auditChainInterval)
        if app.config.mailWorkerEnabled {
            app.backgroundJobs.start(app: app)
        }
        try await app.servers.asyncCommand.run(using: context, signature: signature)
        let address = app.http.server.shared.localAddress
        let url = "http://\(address?.ipAddress ?? "127.0.0.1"):\(address?.port ?? 8080)"
        context.console.output(Startup.banner(url: url, app: app))
    }
}

enum Startup {
    struct PendingMigrations: Error, CustomStringConvertible {
        let names: [String]
        var description: String {
            "The database has \(names.count) pending migration(s) (\(names.joined(separator: ", "))). "
                + "Run `opencus migrate` (add --yes to skip the question), then start the server again."
        }
    }

    static func pendingMigrations(_ app: Application) async throws -> [String] {
        try await app.migrator.setupIfNeeded().get()
        return try await app.migrator.previewPrepareBatch().get().map { $0.0.name }
    }

    static func refuseIfMigrationsPending(_ app: Application) async throws {
        let pending = try await pendingMigrations(app)
        guard pending.isEmpty else { throw PendingMigrations(names: pending) }
    }

    static func banner(url: String, app: Application) -> ConsoleText {
        var text: ConsoleText = "\nOpenCUS is running at \(url, style: .info)\n"
        if app.config.isEmbeddedDefault {
            text += "Embedded SQLite database and mail files: \(app.config.dataDirectory)\n"
            text += "Demo logins (password for all: \(DemoData.password, style: .info)):\n"
            for account in DemoData.accounts {
                text += "  \(account.email.padding(toLength: 36, withPad: " ", startingAt: 0)) \(account.role.polishName)\n"
            }
        }
        text += "Stop with Ctrl+C.\n"
        return text
    }
}

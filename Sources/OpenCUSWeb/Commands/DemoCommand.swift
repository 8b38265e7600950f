import Vapor

/// `opencus demo`: loads the demo data set into the configured database (idempotent).
struct DemoCommand: AsyncCommand {
    struct Signature: CommandSignature {}
    var help: String { "Load the demo data set (organisations, one account per role). Running it again changes nothing." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await Startup.refuseIfMigrationsPending(app)
        let summary = try await DemoData.load(on: app)
        context.console.print(
            "Demo data: \(summary.organisationsCreated) organisation(s), \(summary.usersCreated) user(s), "
                + "\(summary.membershipsCreated) membership(s) added\(summary.statementCreated ? ", accessibility statement added" : "")."
        )
        context.console.print("Demo password for every demo account: \(DemoData.password)")
    }
}

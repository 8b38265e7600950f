import Fluent
import OpenCUSCore
import Vapor

/// `opencus user add --email … --name … --organisation SLUG --role ROLE`
/// The password is read from standard input (hidden when typed at a terminal), never from the
/// command line, where it would land in shell history and the process list.
struct UserCommandGroup: AsyncCommandGroup {
    var help: String { "Manage staff accounts." }
    var commands: [String: any AnyAsyncCommand] { ["add": UserAddCommand()] }
}

struct UserAddCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "email", help: "E-mail address (the login)") var email: String?
        @Option(name: "name", help: "Full name") var name: String?
        @Option(name: "organisation", help: "Organisation slug, e.g. cus-jasminowo") var organisation: String?
        @Option(name: "role", help: "One of: \(Role.allCases.map(\.rawValue).joined(separator: ", "))") var role: String?
    }

    var help: String { "Create a staff account (or give an existing one another role). Password from standard input." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await Startup.refuseIfMigrationsPending(app)
        let console = context.console
        let outcome = try await StaffAccounts.add(
            email: signature.email ?? "", name: signature.name ?? "", organisationSlug: signature.organisation ?? "",
            role: signature.role ?? "",
            password: {
                if isatty(STDIN_FILENO) == 1 {
                    return console.ask("Password (at least 12 characters):", isSecure: true)
                }
                return readLine(strippingNewline: true) ?? ""
            }, on: app)
        switch outcome {
        case .created:
            console.print(
                "Account created: \(signature.email ?? "") as \(signature.role ?? "") in \(signature.organisation ?? "").")
        case .roleAdded:
            console.print(
                "Existing account: role \(signature.role ?? "") added in \(signature.organisation ?? "") (password unchanged).")
        case .alreadyHadRole: console.print("Nothing to do: the account already has this role in this organisation.")
        }
    }
}

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

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await Startup.refuseIfMigrationsPending(app)
        guard let rawEmail = signature.email, let email = EmailAddress(rawEmail) else {
            throw Failure(description: "--email is missing or not a valid e-mail address.")
        }
        let name = TextInput.clean(signature.name)
        guard !name.isEmpty, name.count <= 200 else { throw Failure(description: "--name is required (at most 200 characters).") }
        guard let roleName = signature.role, let role = Role(rawValue: roleName) else {
            throw Failure(description: "--role must be one of: \(Role.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        guard let slug = signature.organisation,
            let organisation = try await Organisation.query(on: app.db).filter(\.$slug == slug).first()
        else {
            throw Failure(description: "No organisation with slug \"\(signature.organisation ?? "")\". List them at /organisations or load the demo data.")
        }
        let organisationID = try organisation.requireID()

        let user: User
        if let existing = try await User.query(on: app.db).filter(\.$email == email.value).first() {
            user = existing
            context.console.print("\(email.value) already has an account; adding the role only (password unchanged).")
        } else {
            let password = readPassword(context)
            let problems = PasswordPolicy().problems(password: password, email: email.value, name: name)
            guard problems.isEmpty else {
                throw Failure(description: "Password refused: " + problems.map(\.message).joined(separator: " "))
            }
            user = User(
                email: email.value, name: name,
                passwordHash: try await Passwords.hash(password, cost: app.config.passwordHashCost, on: app))
            try await user.create(on: app.db)
        }
        let userID = try user.requireID()
        let exists = try await Membership.query(on: app.db)
            .filter(\.$user.$id == userID).filter(\.$organisation.$id == organisationID).filter(\.$role == role).count() > 0
        if exists {
            context.console.print("\(email.value) already is \(role.rawValue) in \(slug).")
        } else {
            try await Membership(userID: userID, organisationID: organisationID, role: role).create(on: app.db)
            context.console.print("\(email.value) is now \(role.rawValue) (\(role.polishName)) in \(organisation.name).")
        }
    }

    private func readPassword(_ context: CommandContext) -> String {
        if isatty(STDIN_FILENO) == 1 {
            return context.console.ask("Password (at least 12 characters):", isSecure: true)
        }
        return readLine(strippingNewline: true) ?? ""
    }
}

import Fluent
import OpenCUSCore
import Vapor

/// Creating staff accounts and giving roles; used by `opencus user add` (and later by an
/// admin page). Input is validated here so that every entry point refuses the same things.
enum StaffAccounts {
    enum Outcome: Equatable {
        case created
        case roleAdded
        case alreadyHadRole
    }

    struct Refusal: Error, CustomStringConvertible, Equatable {
        let description: String
    }

    /// `password` is asked for only when a new account is created.
    @discardableResult
    static func add(
        email rawEmail: String, name rawName: String, organisationSlug: String, role rawRole: String,
        password: () -> String, on app: Application
    ) async throws -> Outcome {
        guard let email = EmailAddress(rawEmail) else {
            throw Refusal(description: "\"\(rawEmail)\" is not a valid e-mail address.")
        }
        let name = TextInput.clean(rawName)
        guard !name.isEmpty, name.count <= 200 else {
            throw Refusal(description: "The name is required (at most 200 characters).")
        }
        guard let role = Role(rawValue: rawRole) else {
            throw Refusal(
                description: "Unknown role \"\(rawRole)\"; use one of: \(Role.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        guard let organisation = try await Organisation.query(on: app.db).filter(\.$slug == organisationSlug).first() else {
            throw Refusal(
                description: "No organisation with slug \"\(organisationSlug)\". See /organisations or load the demo data.")
        }
        let organisationID = try organisation.requireID()

        var outcome = Outcome.roleAdded
        let user: User
        if let existing = try await User.query(on: app.db).filter(\.$email == email.value).first() {
            user = existing
        } else {
            let secret = password()
            let problems = PasswordPolicy().problems(password: secret, email: email.value, name: name)
            guard problems.isEmpty else {
                throw Refusal(description: "Password refused: " + problems.map(\.message).joined(separator: " "))
            }
            user = User(
                email: email.value, name: name,
                passwordHash: try await Passwords.hash(secret, cost: app.config.passwordHashCost, on: app))
            try await user.create(on: app.db)
            outcome = .created
        }
        let userID = try user.requireID()
        let exists =
            try await Membership.query(on: app.db)
            .filter(\.$user.$id == userID).filter(\.$organisation.$id == organisationID).filter(\.$role == role).count() > 0
        if exists { return .alreadyHadRole }
        let created = outcome == .created
        try await app.db.writeTransaction { db in
            try await Membership(userID: userID, organisationID: organisationID, role: role).create(on: db)
            // Granting access is an administrative act the audit must show (KRI: admin actions).
            try await Audit.append(
                AuditEvent(
                    actor: AuditActor(
                        userID: nil, name: "opencus user add (konsola)", organisationID: organisationID, roles: [], address: nil),
                    organisationID: organisationID, action: created ? .create : .update, recordType: .user, recordID: userID,
                    detail: created ? "nowe konto z rolą \(role.rawValue)" : "nadano rolę \(role.rawValue)",
                    changes: [AuditChange(field: "rola", old: nil, new: role.polishName, sensitive: false)]),
                at: app.clock.now(), on: db)
        }
        return outcome
    }
}

import Fluent
import OpenCUSCore
import SQLKit
import Vapor

/// An admin sends a staff member of their organisation a one-time link (through the outbox) to
/// set a new password; the link works once, for 24 hours, and setting the password ends every
/// session of the account. The admin never sees or chooses the password.
enum PasswordReset {
    static let lifetime: TimeInterval = 24 * 3600

    struct Form: Content {
        var new: String?
        var repeated: String?
    }

    @Sendable static func send(_ request: Request) async throws -> Response {
        let staff = try request.require(.resetPasswords)
        guard let userID = request.parameters.get("userID", as: UUID.self),
            try await Membership.query(on: request.db).filter(\.$user.$id == userID).filter(
                \.$organisation.$id == staff.organisationID
            ).count() > 0,
            let user = try await User.find(userID, on: request.db), let address = EmailAddress(user.email)
        else { throw Abort(.notFound) }
        let token = SecureToken.make()
        let now = request.clock.now()
        let link = request.config.baseURL.appendingPathComponent("password/reset/\(token)").absoluteString
        let actor = AuditActor(staff, request)
        try await request.db.writeTransaction { db in
            let row = PasswordResetToken(
                userID: userID,
                tokenHash: token.sha256Hex,
                createdBy: staff.userID,
                createdAt: now,
                expiresAt: now.addingTimeInterval(lifetime)
            )
            try await row.create(on: db)
            _ = try await Outbox.enqueue(
                OutgoingMail(
                    to: MailAddress(name: user.name, email: address), subject: "OpenCUS: ustaw nowe hasło",
                    textBody: """
                        Dzień dobry,

                        administrator organizacji \(staff.organisationName) przygotował dla Ciebie link do ustawienia nowego hasła w OpenCUS:

                        \(link)

                        Link działa jeden raz przez 24 godziny. Jeśli nie prosiłeś(-aś) o zmianę hasła, zignoruj tę wiadomość i powiadom administratora.
                        """),
                idempotencyKey: "password-reset-\(try row.requireID().uuidString.lowercased())",
                organisationID: staff.organisationID, on: db,
                now: now)
            try await Audit.append(
                AuditEvent(
                    actor: actor, organisationID: staff.organisationID, action: .passwordResetRequested, recordType: .user,
                    recordID: userID),
                at: now, on: db)
        }
        return request.redirect(to: SiteRoute.panelMembers.url(query: "done=reset"), redirectType: .normal)
    }

    struct SecurityForm: Content {
        var requireTwoFactor: String?
    }

    @Sendable static func saveSecurity(_ request: Request) async throws -> Response {
        let staff = try request.require(.manageSecurity)
        let required = try request.content.decode(SecurityForm.self).requireTwoFactor == "on"
        guard let organisation = try await Organisation.find(staff.organisationID, on: request.db) else { throw Abort(.notFound) }
        let now = request.clock.now()
        let actor = AuditActor(staff, request)
        try await request.db.writeTransaction { db in
            let before = organisation.requireTwoFactor
            organisation.requireTwoFactor = required
            try await organisation.update(on: db)
            try await Audit.append(
                AuditEvent(
                    actor: actor, organisationID: staff.organisationID, action: .update, recordType: .user,
                    detail: "wymóg logowania dwuskładnikowego",
                    changes: [
                        AuditChange(
                            field: "wymagaj drugiego składnika", old: before ? "tak" : "nie", new: required ? "tak" : "nie",
                            sensitive: false)
                    ]),
                at: now, on: db)
        }
        return request.redirect(to: SiteRoute.panelMembers.url(query: "done=security"), redirectType: .normal)
    }

    static func valid(_ token: String, on db: any Database, now: Date) async throws -> PasswordResetToken? {
        guard token.count >= 32, token.count <= 64 else { return nil }
        return try await PasswordResetToken.query(on: db).filter(\.$tokenHash == token.sha256Hex).filter(\.$usedAt == nil)
            .filter(\.$expiresAt > now).first()
    }

    @Sendable static func show(_ request: Request) async throws -> Response {
        let token = request.parameters.get("token") ?? ""
        let row = try await valid(token, on: request.db, now: request.clock.now())
        return try await render(request, token: token, valid: row != nil, status: row == nil ? .notFound : .ok)
    }

    @Sendable static func save(_ request: Request) async throws -> Response {
        let token = request.parameters.get("token") ?? ""
        let now = request.clock.now()
        guard let row = try await valid(token, on: request.db, now: now),
            let user = try await User.find(row.$user.id, on: request.db)
        else {
            return try await render(request, token: token, valid: false, status: .notFound)
        }
        let form = try request.content.decode(Form.self)
        var errors = FieldErrors()
        let new = form.new ?? ""
        let problems = PasswordPolicy().problems(password: new, email: user.email, name: user.name)
        if !problems.isEmpty { errors.add("new", problems.map(\.message).joined(separator: " ")) }
        if new != (form.repeated ?? "") { errors.add("repeated", "Hasła nie są takie same. Wpisz nowe hasło jeszcze raz.") }
        guard errors.isEmpty else {
            return try await render(request, token: token, valid: true, errors: errors, status: .unprocessableEntity)
        }
        let hash = try await Passwords.hash(new, cost: request.config.passwordHashCost, on: request.application)
        let organisationID = try await AccessController.firstOrganisation(of: user.requireID(), on: request.db)
        let used: Bool = try await request.db.writeTransaction { db in
            // Claimed by a conditional update: two submits of the same link set one password.
            let claimed = try await db.sql().raw(
                """
                UPDATE password_reset_tokens SET used_at = \(bind: now) WHERE id = \(bind: try row.requireID()) AND used_at IS NULL RETURNING id
                """
            ).all()
            guard !claimed.isEmpty else { return false }
            user.passwordHash = hash
            user.passwordChangedAt = now
            try await user.update(on: db)
            try await StaffSession.query(on: db).filter(\.$user.$id == user.requireID()).delete()
            try await KnownDevices.forget(userID: user.requireID(), on: db)
            // The new password comes through a link the administrator sent: the lock has done its work.
            try await LoginFailure.query(on: db).filter(\.$scope == .account)
                .filter(\.$keyHash == LoginThrottleStore.accountKey(email: user.email)).delete()
            try await Audit.append(
                AuditEvent(
                    actor: AuditActor(
                        userID: user.id, name: user.name, organisationID: organisationID, roles: [],
                        address: ClientAddress.of(request)),
                    organisationID: organisationID, action: .passwordReset, recordType: .user, recordID: user.id),
                at: now, on: db)
            return true
        }
        guard used else { return try await render(request, token: token, valid: false, status: .notFound) }
        return request.redirect(to: SiteRoute.showLogin.url(query: "reset=1"), redirectType: .normal)
    }

    static func render(
        _ request: Request, token: String, valid: Bool, errors: FieldErrors = FieldErrors(), status: HTTPStatus = .ok
    ) async throws -> Response {
        try await request.render(
            "access/password-reset",
            Page(
                layout: try await request.layout(title: "Ustaw nowe hasło", section: "login"), token: valid ? token : "",
                valid: valid, errors: errors),
            status: status)
    }
}

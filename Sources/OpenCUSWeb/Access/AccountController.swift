import Fluent
import OpenCUSCore
import SQLKit
import Vapor

/// The staff member's own account: password change, second factor (TOTP) with recovery codes,
/// active sessions with "log out" per session and everywhere else.
enum AccountController {

    static func render(_ request: Request, errors: FieldErrors = FieldErrors(), notice: String? = nil, status: HTTPStatus = .ok)
        async throws -> Response
    {
        let staff = try request.requireStaff()
        guard let user = try await User.find(staff.userID, on: request.db) else { throw Abort(.notFound) }
        let now = request.clock.now()
        let sessions = try await StaffSession.query(on: request.db).filter(\.$user.$id == staff.userID)
            .filter(\.$expiresAt > now).sort(\.$lastSeenAt, .descending).all()
            .filter { now.timeIntervalSince($0.lastSeenAt) < request.config.sessionIdleTimeout }
        let codesLeft = try await RecoveryCode.query(on: request.db).filter(\.$user.$id == staff.userID).filter(\.$usedAt == nil)
            .count()
        let page = try AccountPage.make(
            user, sessions: sessions, currentSession: staff.sessionID, recoveryCodesLeft: codesLeft, errors: errors,
            notice: notice, layout: try await request.layout(title: "Moje konto", section: "account"))
        return try await request.render("access/account", page, status: status)
    }

    @Sendable static func show(_ request: Request) async throws -> Response {
        let notices = [
            "password": "Hasło zostało zmienione. Pozostałe sesje zostały zakończone.",
            "2fa-off": "Logowanie dwuskładnikowe zostało wyłączone.",
            "revoked": "Sesja została zakończona.",
            "revoked-all": "Wszystkie pozostałe sesje zostały zakończone.",
        ]
        return try await render(request, notice: request.query[String.self, at: "done"].flatMap { notices[$0] })
    }

    struct PasswordForm: Content {
        var current: String?
        var new: String?
        var repeated: String?
    }

    /// Checks the current password, applies the policy, and ends every other session of the
    /// account (someone who knew the old password may be logged in elsewhere).
    @Sendable static func changePassword(_ request: Request) async throws -> Response {
        let staff = try request.requireStaff()
        guard let user = try await User.find(staff.userID, on: request.db) else { throw Abort(.notFound) }
        let form = try request.content.decode(PasswordForm.self)
        var errors = FieldErrors()
        let new = form.new ?? ""
        if !(try await Passwords.verify(form.current ?? "", hash: user.passwordHash, on: request.application)) {
            errors.add("current", "Obecne hasło jest nieprawidłowe.")
        }
        let problems = PasswordPolicy().problems(password: new, email: user.email, name: user.name)
        if !problems.isEmpty { errors.add("new", problems.map(\.message).joined(separator: " ")) }
        if new != (form.repeated ?? "") { errors.add("repeated", "Hasła nie są takie same. Wpisz nowe hasło jeszcze raz.") }
        guard errors.isEmpty else { return try await render(request, errors: errors, status: .unprocessableEntity) }
        let hash = try await Passwords.hash(new, cost: request.config.passwordHashCost, on: request.application)
        let now = request.clock.now()
        let actor = AuditActor(staff, request)
        try await request.db.writeTransaction { db in
            user.passwordHash = hash
            user.passwordChangedAt = now
            try await user.update(on: db)
            try await StaffSession.query(on: db).filter(\.$user.$id == staff.userID).filter(\.$id != staff.sessionID).delete()
            try await KnownDevices.forget(userID: staff.userID, keepCurrent: request, on: db)
            try await Audit.append(
                AuditEvent(
                    actor: actor, organisationID: staff.organisationID, action: .passwordChanged, recordType: .user,
                    recordID: staff.userID),
                at: now, on: db)
        }
        return request.redirect(to: SiteRoute.accountShow.url(query: "done=password"), redirectType: .normal)
    }

    // MARK: Second factor

    /// Shows the secret to type into (or open in) an authenticator app. While enrolling, the
    /// secret is stored without `totp_enabled_at`; it takes effect only after a correct code.
    @Sendable static func setup(_ request: Request) async throws -> Response {
        let staff = try request.requireStaff()
        guard let user = try await User.find(staff.userID, on: request.db) else { throw Abort(.notFound) }
        if user.totpEnabledAt != nil { return request.redirect(to: SiteRoute.accountShow.url(), redirectType: .normal) }
        if user.totpSecret == nil {
            user.totpSecret = Base32.encode(TOTP.makeSecret())
            try await user.update(on: request.db)
        }
        return try await renderSetup(request, user: user, required: staff.mustEnrolTwoFactor)
    }

    static func renderSetup(
        _ request: Request, user: User, required: Bool, error: String? = nil, codes: [String] = [], status: HTTPStatus = .ok
    ) async throws -> Response {
        let page = SetupPage.make(
            user, required: required, error: error, recoveryCodes: codes,
            layout: try await request.layout(title: "Logowanie dwuskładnikowe", section: "account"))
        return try await request.render("access/two-factor-setup", page, status: status)
    }

    struct CodeForm: Content {
        var code: String?
        var password: String?
    }

    @Sendable static func enable(_ request: Request) async throws -> Response {
        let staff = try request.requireStaff()
        guard let user = try await User.find(staff.userID, on: request.db) else { throw Abort(.notFound) }
        guard user.totpEnabledAt == nil, let secret = user.totpSecret.flatMap(Base32.decode) else {
            return request.redirect(to: SiteRoute.accountShow.url(), redirectType: .normal)
        }
        let typed = TextInput.clean(try request.content.decode(CodeForm.self).code)
        let now = request.clock.now()
        guard let step = TOTP(secret: secret).matchingStep(typed, at: now, lastUsedStep: user.totpLastStep) else {
            return try await renderSetup(
                request, user: user, required: staff.mustEnrolTwoFactor,
                error:
                    "Kod się nie zgadza. Wpisz 6 cyfr, które aplikacja pokazuje teraz; sprawdź, czy zegar telefonu ustawia się automatycznie.",
                status: .unprocessableEntity)
        }
        let codes = RecoveryCodes.make()
        let actor = AuditActor(staff, request)
        try await request.db.writeTransaction { db in
            user.totpEnabledAt = now
            user.totpLastStep = step
            try await user.update(on: db)
            try await RecoveryCode.query(on: db).filter(\.$user.$id == staff.userID).delete()
            for code in codes {
                try await RecoveryCode(userID: staff.userID, codeHash: RecoveryCodes.normalise(code).sha256Hex).create(on: db)
            }
            try await Audit.append(
                AuditEvent(
                    actor: actor, organisationID: staff.organisationID, action: .twoFactorEnabled, recordType: .user,
                    recordID: staff.userID),
                at: now, on: db)
        }
        return try await renderSetup(request, user: user, required: false, codes: codes)
    }

    /// Needs the password and a current code, so that a session left open cannot switch it off.
    @Sendable static func disable(_ request: Request) async throws -> Response {
        let staff = try request.requireStaff()
        guard let user = try await User.find(staff.userID, on: request.db), let secret = user.totpSecret.flatMap(Base32.decode),
            user.totpEnabledAt != nil
        else { return request.redirect(to: SiteRoute.accountShow.url(), redirectType: .normal) }
        let form = try request.content.decode(CodeForm.self)
        var errors = FieldErrors()
        if !(try await Passwords.verify(form.password ?? "", hash: user.passwordHash, on: request.application)) {
            errors.add("disablePassword", "Hasło jest nieprawidłowe.")
        }
        let now = request.clock.now()
        if TOTP(secret: secret).matchingStep(TextInput.clean(form.code), at: now, lastUsedStep: user.totpLastStep) == nil {
            errors.add("disableCode", "Kod jest nieprawidłowy lub już użyty.")
        }
        let organisation = try await Organisation.find(staff.organisationID, on: request.db)
        if organisation?.requireTwoFactor == true, staff.roles.contains(where: \.seesPersonalFiles) {
            errors.add(
                "disableCode", "Twoja organizacja wymaga logowania dwuskładnikowego dla Twojej roli; nie można go wyłączyć.")
        }
        guard errors.isEmpty else { return try await render(request, errors: errors, status: .unprocessableEntity) }
        let actor = AuditActor(staff, request)
        try await request.db.writeTransaction { db in
            user.totpEnabledAt = nil
            user.totpSecret = nil
            try await user.update(on: db)
            try await RecoveryCode.query(on: db).filter(\.$user.$id == staff.userID).delete()
            try await Audit.append(
                AuditEvent(
                    actor: actor, organisationID: staff.organisationID, action: .twoFactorDisabled, recordType: .user,
                    recordID: staff.userID),
                at: now, on: db)
        }
        return request.redirect(to: SiteRoute.accountShow.url(query: "done=2fa-off"), redirectType: .normal)
    }

    // MARK: Sessions

    @Sendable static func revoke(_ request: Request) async throws -> Response {
        let staff = try request.requireStaff()
        guard let id = request.parameters.get("sessionID", as: UUID.self) else { throw Abort(.notFound) }
        // Only one's own sessions: any other id is simply not found.
        guard
            let session = try await StaffSession.query(on: request.db).filter(\.$id == id).filter(\.$user.$id == staff.userID)
                .first()
        else {
            throw Abort(.notFound)
        }
        try await endSessions([session.requireID()], staff: staff, request: request)
        return request.redirect(
            to: id == staff.sessionID
                ? SiteRoute.showLogin.url(query: "logged_out=1") : SiteRoute.accountShow.url(query: "done=revoked"),
            redirectType: .normal)
    }

    @Sendable static func revokeOthers(_ request: Request) async throws -> Response {
        let staff = try request.requireStaff()
        let ids = try await StaffSession.query(on: request.db).filter(\.$user.$id == staff.userID).filter(
            \.$id != staff.sessionID
        ).all().compactMap(\.id)
        try await endSessions(ids, staff: staff, request: request)
        return request.redirect(to: SiteRoute.accountShow.url(query: "done=revoked-all"), redirectType: .normal)
    }

    static func endSessions(_ ids: [UUID], staff: StaffContext, request: Request) async throws {
        guard !ids.isEmpty else { return }
        let actor = AuditActor(staff, request)
        let now = request.clock.now()
        try await request.db.writeTransaction { db in
            try await StaffSession.query(on: db).filter(\.$id ~~ ids).delete()
            try await Audit.append(
                AuditEvent(
                    actor: actor, organisationID: staff.organisationID, action: .sessionRevoked, recordType: .session,
                    recordID: ids.count == 1 ? ids[0] : nil, detail: "sesji: \(ids.count)"),
                at: now, on: db)
        }
    }
}

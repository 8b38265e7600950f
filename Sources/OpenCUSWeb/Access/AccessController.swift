import Fluent
import OpenCUSCore
import Vapor

/// Login, logout and switching the organisation one acts for.
enum AccessController {

    struct LoginForm: Content {
        var email: String?
        var password: String?
        var next: String?
    }

    @Sendable static func showLogin(_ request: Request) async throws -> Response {
        if request.staff != nil { return request.redirect(to: SiteRoute.panelDashboard.url()) }
        let notice: String?
        if request.query[String.self, at: "expired"] == "1" || request.sessionExpired {
            notice = "Sesja wygasła z powodu braku aktywności. Zaloguj się ponownie."
        } else if request.query[String.self, at: "reset"] == "1" {
            notice = "Hasło zostało ustawione. Zaloguj się nowym hasłem."
        } else if request.query[String.self, at: "logged_out"] == "1" {
            notice = "Wylogowano. Do zobaczenia!"
        } else {
            notice = nil
        }
        return try await renderLogin(
            request, email: "", next: safeNext(request.query[String.self, at: "next"]), error: nil, notice: notice)
    }

    @Sendable static func login(_ request: Request) async throws -> Response {
        let form = try request.content.decode(LoginForm.self)
        let email = TextInput.clean(form.email).lowercased()
        let password = form.password ?? ""
        let next = safeNext(form.next)
        let now = request.clock.now()

        guard !email.isEmpty, !password.isEmpty else {
            return try await renderLogin(
                request, email: email, next: next, error: "Podaj adres e-mail i hasło.", status: .unprocessableEntity)
        }
        let throttle = LoginThrottleStore(database: request.db, policy: request.config.loginThrottle)
        let accountKey = LoginThrottleStore.accountKey(email: email)
        let addressKey = LoginThrottleStore.addressKey(request)
        let user = try await User.query(on: request.db).filter(\.$email == email).first()
        // A browser this person logged in from before is not held by the account's lock (see `KnownDevices`).
        let device = try await KnownDevices.recognised(request, userID: user?.id, now: now)
        let wait =
            if let device {
                try await throttle.waitTime(deviceKey: device.throttleKey, now: now)
            } else {
                try await throttle.waitTime(accountKey: accountKey, addressKey: addressKey, now: now)
            }
        if let wait {
            request.logger.notice("Login throttled")
            try await auditFailure(request, user: user, reason: "zablokowane: zbyt wiele prób")
            let response = try await renderLogin(
                request, email: email, next: next,
                error: LoginThrottlePolicy.polishWaitMessage(wait)
                    + (device == nil ? " " + LoginThrottlePolicy.polishLockedAccountHint : ""),
                status: .tooManyRequests)
            response.headers.replaceOrAdd(name: .retryAfter, value: String(Int(wait.rounded(.up))))
            return response
        }

        let hash = user?.passwordHash ?? request.application.opencus.unknownUserHash
        let passwordMatches = try await Passwords.verify(password, hash: hash, on: request.application)
        guard let user, passwordMatches, user.isActive else {
            if let device {
                try await throttle.recordDeviceFailure(device.throttleKey, now: now)
            } else {
                try await throttle.recordFailure(accountKey: accountKey, addressKey: addressKey, now: now)
            }
            request.logger.notice("Login failed")
            try await auditFailure(
                request, user: user,
                reason: user == nil ? "nieznane konto" : (user!.isActive ? "błędne hasło" : "konto zablokowane"))
            return try await renderLogin(
                request, email: email, next: next,
                error: "Nieprawidłowy adres e-mail lub hasło. Sprawdź, czy nie jest włączony Caps Lock.",
                status: .unauthorized)
        }
        let userID = try user.requireID()
        guard let organisationID = try await firstOrganisation(of: userID, on: request.db) else {
            return try await renderLogin(
                request, email: email, next: next,
                error: "Twoje konto nie jest przypisane do żadnej organizacji. Poproś administratora o nadanie roli.",
                status: .forbidden)
        }
        // A login on a known device forgives that device's mistakes, not the account's lock
        // (lifting it would hand whoever caused it five fresh guesses).
        if let device { try await throttle.clearDevice(device.throttleKey) } else { try await throttle.clearAccount(accountKey) }
        if user.totpEnabledAt != nil {
            return try await TwoFactorLogin.challenge(request, userID: userID, next: next)
        }
        return try await startSession(request, user: user, organisationID: organisationID, next: next, method: "hasło")
    }

    /// The organisation a fresh session acts for: the first by name among the person's memberships.
    static func firstOrganisation(of userID: UUID, on db: any Database) async throws -> UUID? {
        try await Membership.query(on: db).filter(\.$user.$id == userID).with(\.$organisation).all()
            .sorted { $0.organisation.name < $1.organisation.name }.first?.$organisation.id
    }

    /// Creates the session after every factor passed, and audits the login.
    static func startSession(_ request: Request, user: User, organisationID: UUID, next: String?, method: String) async throws
        -> Response
    {
        let now = request.clock.now()
        let userID = try user.requireID()
        // A fresh token on every login: a session id planted before login is worthless after it.
        let token = SecureToken.make()
        let session = StaffSession(
            tokenHash: token.sha256Hex, userID: userID, organisationID: organisationID,
            csrfToken: SecureToken.make(), now: now, expiresAt: now.addingTimeInterval(request.config.sessionAbsoluteLifetime))
        session.device = DeviceLabel.from(userAgent: request.headers.first(name: .userAgent))
        let roles = try await Membership.query(on: request.db).filter(\.$user.$id == userID).filter(
            \.$organisation.$id == organisationID
        ).all().map(\.role)
        let actor = AuditActor(
            userID: userID, name: user.name, organisationID: organisationID, roles: Set(roles),
            address: ClientAddress.of(request))
        try await request.db.writeTransaction { db in
            try await session.create(on: db)
            user.lastLoginAt = now
            try await user.update(on: db)
            try await Audit.append(
                AuditEvent(
                    actor: actor, organisationID: organisationID, action: .login, recordType: .session, recordID: session.id,
                    detail: method),
                at: now, on: db)
        }
        request.logger.info("Login succeeded", metadata: ["user_id": "\(userID)"])
        let response = request.redirect(to: next ?? SiteRoute.panelDashboard.url(), redirectType: .normal)
        response.cookies[StaffSessionMiddleware.cookieName] = StaffSessionMiddleware.cookie(token: token, request: request)
        try await KnownDevices.remember(userID: userID, response: response, request: request, now: now)
        return response
    }

    /// A failed login of a known account goes to that account's organisation's chain (so its
    /// director and DPO see it); one of an unknown e-mail to the system chain, without the e-mail.
    static func auditFailure(_ request: Request, user: User?, reason: String) async throws {
        var organisationID: UUID?
        var roles: Set<Role> = []
        if let id = user?.id {
            organisationID = try await firstOrganisation(of: id, on: request.db)
            if let organisationID {
                roles = Set(
                    try await Membership.query(on: request.db).filter(\.$user.$id == id).filter(
                        \.$organisation.$id == organisationID
                    ).all().map(\.role))
            }
        }
        try await Audit.record(
            AuditEvent(
                actor: AuditActor(
                    userID: user?.id, name: user?.name ?? "nieznane konto", organisationID: organisationID, roles: roles,
                    address: ClientAddress.of(request)),
                organisationID: organisationID, action: .loginFailed, recordType: .user, recordID: user?.id, detail: reason),
            at: request.clock.now(), in: request.application)
    }

    @Sendable static func logout(_ request: Request) async throws -> Response {
        if let staff = request.staff {
            try await request.db.writeTransaction { db in
                try await StaffSession.query(on: db).filter(\.$id == staff.sessionID).delete()
                try await Audit.append(
                    AuditEvent(
                        actor: AuditActor(staff, request), organisationID: staff.organisationID, action: .logout,
                        recordType: .session, recordID: staff.sessionID),
                    at: request.clock.now(), on: db)
            }
            request.logger.info("Logout", metadata: ["user_id": "\(staff.userID)"])
        }
        let response = request.redirect(to: SiteRoute.showLogin.url(query: "logged_out=1"), redirectType: .normal)
        response.cookies[StaffSessionMiddleware.cookieName] = StaffSessionMiddleware.expiredCookie(request)
        return response
    }

    struct SwitchForm: Content {
        var organisation_id: UUID
    }

    @Sendable static func switchOrganisation(_ request: Request) async throws -> Response {
        let staff = try request.requireStaff()
        let form = try request.content.decode(SwitchForm.self)
        // Only organisations the person belongs to; anything else is treated as not found.
        guard staff.organisations.contains(where: { $0.id == form.organisation_id }) else { throw Abort(.notFound) }
        try await StaffSession.query(on: request.db)
            .filter(\.$id == staff.sessionID)
            .set(\.$organisation.$id, to: form.organisation_id)
            .update()
        return request.redirect(to: SiteRoute.panelDashboard.url(), redirectType: .normal)
    }

    /// Only local paths, so that a crafted login link cannot send people to another site.
    /// Where to go after logging in: only a page of this site's staff panel, written in plain
    /// URL characters. Browsers drop tabs and line breaks from a `Location` and read `\` as `/`,
    /// so `/\t/evil.example` would lead to another host; anything that is not a panel path in
    /// unreserved, reserved or percent-encoded characters falls back to the panel's home.
    static func safeNext(_ raw: String?) -> String? {
        guard let raw, raw.utf8.count <= 500,
            raw == "/panel" || raw.hasPrefix("/panel/") || raw.hasPrefix("/panel?"),
            raw.unicodeScalars.allSatisfy({ nextAllowed.contains($0) }),
            !raw.split(separator: "?", maxSplits: 1)[0].split(separator: "/").contains(where: { $0 == ".." || $0 == "." })
        else { return nil }
        return raw
    }

    private static let nextAllowed = CharacterSet(
        charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/?#[]@!$&'()*+,;=%")

    private static func renderLogin(
        _ request: Request, email: String, next: String?, error: String?, notice: String? = nil, status: HTTPStatus = .ok
    ) async throws -> Response {
        let page = LoginPage(
            layout: try await request.layout(title: "Logowanie dla pracowników", section: "login"),
            email: email, next: next ?? "", error: error, notice: notice)
        return try await request.render("access/login", page, status: status)
    }
}

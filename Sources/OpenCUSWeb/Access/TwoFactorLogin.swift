import Fluent
import OpenCUSCore
import SQLKit
import Vapor

/// The second step of a login for accounts with TOTP: the password was right, now a code from
/// the authenticator app (or a one-time recovery code). The pending login lives in
/// `login_challenges` for five minutes and five attempts; only its token's hash is stored.
enum TwoFactorLogin {
    static let cookieName = "opencus_login_challenge"
    static let lifetime: TimeInterval = 300
    static let maxAttempts = 5

    struct Form: Content {
        var code: String?
    }

    static func challenge(_ request: Request, userID: UUID, next: String?) async throws -> Response {
        let token = SecureToken.make()
        try await LoginChallenge(
            userID: userID, tokenHash: token.sha256Hex, next: next, expiresAt: request.clock.now().addingTimeInterval(lifetime)
        )
        .create(on: request.db)
        let response = request.redirect(to: SiteRoute.twoFactorShow.url(), redirectType: .normal)
        response.cookies[cookieName] = HTTPCookies.Value(
            string: token, expires: nil, maxAge: Int(lifetime), domain: nil, path: "/login",
            isSecure: request.config.secureCookies,
            isHTTPOnly: true, sameSite: .lax)
        return response
    }

    static func pending(_ request: Request) async throws -> LoginChallenge? {
        guard let token = request.cookies[cookieName]?.string, token.count >= 32, token.count <= 64 else { return nil }
        guard let challenge = try await LoginChallenge.query(on: request.db).filter(\.$tokenHash == token.sha256Hex).first(),
            challenge.expiresAt > request.clock.now(), challenge.attempts < maxAttempts
        else { return nil }
        return challenge
    }

    @Sendable static func show(_ request: Request) async throws -> Response {
        guard try await pending(request) != nil else {
            return request.redirect(to: SiteRoute.showLogin.url(query: "expired=1"), redirectType: .normal)
        }
        return try await render(request, error: nil)
    }

    @Sendable static func verify(_ request: Request) async throws -> Response {
        guard let challenge = try await pending(request) else {
            return request.redirect(to: SiteRoute.showLogin.url(query: "expired=1"), redirectType: .normal)
        }
        let typed = TextInput.clean(try request.content.decode(Form.self).code)
        guard !typed.isEmpty, typed.count <= 20 else {
            return try await render(
                request, error: "Wpisz 6-cyfrowy kod z aplikacji albo jeden z kodów zapasowych.", status: .unprocessableEntity)
        }
        challenge.attempts += 1
        try await challenge.update(on: request.db)
        guard let user = try await User.find(challenge.$user.id, on: request.db), user.isActive,
            let secret = user.totpSecret.flatMap(Base32.decode), user.totpEnabledAt != nil
        else { return request.redirect(to: SiteRoute.showLogin.url(), redirectType: .normal) }
        let now = request.clock.now()
        var method: String?
        if let step = TOTP(secret: secret).matchingStep(typed, at: now, lastUsedStep: user.totpLastStep),
            try await claimStep(step, userID: user.requireID(), on: request.db)
        {
            method = "hasło + kod TOTP"
        } else if try await useRecoveryCode(typed, userID: user.requireID(), now: now, on: request.db) {
            method = "hasło + kod zapasowy"
        }
        guard let method else {
            try await AccessController.auditFailure(request, user: user, reason: "błędny kod drugiego składnika")
            let left = maxAttempts - challenge.attempts
            return try await render(
                request,
                error: left > 0
                    ? "Kod jest nieprawidłowy lub już użyty. Sprawdź, czy zegar telefonu jest ustawiony automatycznie. Pozostałe próby: \(left)."
                    : "Wykorzystano wszystkie próby. Zaloguj się ponownie.",
                status: .unauthorized)
        }
        try await challenge.delete(on: request.db)
        guard let organisationID = try await AccessController.firstOrganisation(of: user.requireID(), on: request.db) else {
            return request.redirect(to: SiteRoute.showLogin.url(), redirectType: .normal)
        }
        let response = try await AccessController.startSession(
            request, user: user, organisationID: organisationID, next: challenge.next, method: method)
        response.cookies[cookieName] = HTTPCookies.Value(
            string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: "/login", isHTTPOnly: true)
        return response
    }

    /// Marks the step as used only if no later (or the same) step was used before: two
    /// requests with the same code race here, and exactly one wins.
    static func claimStep(_ step: Int64, userID: UUID, on db: any Database) async throws -> Bool {
        let rows = try await db.sql().raw(
            """
            UPDATE users SET totp_last_step = \(bind: step)
            WHERE id = \(bind: userID) AND (totp_last_step IS NULL OR totp_last_step < \(bind: step)) RETURNING id
            """
        ).all()
        return !rows.isEmpty
    }

    static func useRecoveryCode(_ typed: String, userID: UUID, now: Date, on db: any Database) async throws -> Bool {
        let hash = RecoveryCodes.normalise(typed).sha256Hex
        let rows = try await db.sql().raw(
            """
            UPDATE recovery_codes SET used_at = \(bind: now)
            WHERE user_id = \(bind: userID) AND code_hash = \(bind: hash) AND used_at IS NULL RETURNING id
            """
        ).all()
        return !rows.isEmpty
    }

    static func render(_ request: Request, error: String?, status: HTTPStatus = .ok) async throws -> Response {
        try await request.render(
            "access/two-factor-login",
            Page(layout: try await request.layout(title: "Kod logowania", section: "login"), error: error), status: status)
    }
}

final class LoginChallenge: Model, @unchecked Sendable {
    static let schema = "login_challenges"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "token_hash") var tokenHash: String
    @OptionalField(key: "next_path") var next: String?
    @Field(key: "attempts") var attempts: Int
    @Field(key: "expires_at") var expiresAt: Date

    init() {}

    init(userID: UUID, tokenHash: String, next: String?, expiresAt: Date) {
        self.$user.id = userID
        self.tokenHash = tokenHash
        self.next = next
        self.attempts = 0
        self.expiresAt = expiresAt
    }
}

final class RecoveryCode: Model, @unchecked Sendable {
    static let schema = "recovery_codes"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "code_hash") var codeHash: String
    @OptionalField(key: "used_at") var usedAt: Date?

    init() {}

    init(userID: UUID, codeHash: String) {
        self.$user.id = userID
        self.codeHash = codeHash
    }
}

final class PasswordResetToken: Model, @unchecked Sendable {
    static let schema = "password_reset_tokens"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Field(key: "token_hash") var tokenHash: String
    @OptionalField(key: "created_by") var createdBy: UUID?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "expires_at") var expiresAt: Date
    @OptionalField(key: "used_at") var usedAt: Date?

    init() {}

    init(
        id: UUID? = nil,
        userID: UUID,
        tokenHash: String,
        createdBy: UUID? = nil,
        createdAt: Date,
        expiresAt: Date,
        usedAt: Date? = nil
    ) {
        self.id = id
        self.$user.id = userID
        self.tokenHash = tokenHash
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.usedAt = usedAt
    }
}

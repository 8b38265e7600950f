import Fluent
import OpenCUSCore
import SQLKit
import Vapor

/// Reads the staff session cookie, checks idle and absolute expiry, and loads `StaffContext`.
struct StaffSessionMiddleware: AsyncMiddleware {
    static let cookieName = "opencus_session"
    /// Writing `last_seen_at` on every request would turn every page view into a write; once a
    /// minute is precise enough for a 30-minute idle timeout.
    static let touchInterval: TimeInterval = 60

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        var clearCookie = false
        if let token = request.cookies[Self.cookieName]?.string, !token.isEmpty {
            if let staff = try await Self.load(token: token, request: request) {
                request.staff = staff
            } else {
                clearCookie = true
            }
        }
        let response = try await next.respond(to: request)
        if clearCookie && response.cookies[Self.cookieName] == nil {
            response.cookies[Self.cookieName] = Self.expiredCookie(request)
        }
        return response
    }

    /// Two plain SQL queries (the session with its user, the memberships with their
    /// organisations) decoded into small structs: this runs on every staff request, where
    /// Fluent's model reflection and column aliases cost more than the queries themselves
    /// (measured with perf on the application page, issue #18).
    static func load(token: String, request: Request) async throws -> StaffContext? {
        let db = request.db
        let sql = try db.sql()
        let now = request.clock.now()
        let config = request.config
        struct SessionRow: Decodable {
            let id: UUID
            let user_id: UUID
            let organisation_id: UUID?
            let csrf_token: String
            let last_seen_at: Date
            let expires_at: Date
            let name: String
            let is_active: Bool
            let totp_enabled_at: Date?
        }
        struct MembershipRow: Decodable {
            let organisation_id: UUID
            let role: String
            let name: String
            let require_two_factor: Bool
            let is_operator: Bool
            let kind: String
        }
        guard
            let session = try await sql.raw(
                """
                SELECT s.id, s.user_id, s.organisation_id, s.csrf_token, s.last_seen_at, s.expires_at, u.name, u.is_active, u.totp_enabled_at
                FROM staff_sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = \(bind: token.sha256Hex)
                """
            ).first(decoding: SessionRow.self)
        else { return nil }
        let idleFor = now.timeIntervalSince(session.last_seen_at)
        guard session.expires_at > now, idleFor < config.sessionIdleTimeout, session.is_active else {
            try await sql.delete(from: StaffSession.schema).where("id", .equal, SQLBind(session.id)).run()
            request.sessionExpired = true
            return nil
        }
        let memberships = try await sql.raw(
            """
            SELECT m.organisation_id, m.role, o.name, o.require_two_factor, o.is_operator, o.kind
            FROM memberships m JOIN organisations o ON o.id = m.organisation_id WHERE m.user_id = \(bind: session.user_id)
            """
        ).all(decoding: MembershipRow.self)
        guard !memberships.isEmpty else {
            try await sql.delete(from: StaffSession.schema).where("id", .equal, SQLBind(session.id)).run()
            return nil
        }
        let organisations = Dictionary(grouping: memberships, by: \.organisation_id)
        let activeID =
            session.organisation_id.flatMap { organisations[$0] != nil ? $0 : nil }
            ?? memberships.sorted { $0.name < $1.name }[0].organisation_id
        let active = organisations[activeID] ?? []
        if idleFor >= touchInterval || session.organisation_id != activeID {
            try await sql.update(StaffSession.schema).set("last_seen_at", to: SQLBind(now)).set(
                "organisation_id", to: SQLBind(activeID)
            )
            .where("id", .equal, SQLBind(session.id)).run()
        }
        let roles = Set(active.compactMap { Role(rawValue: $0.role) })
        let organisation = active[0]
        let mustEnrol =
            organisation.require_two_factor && session.totp_enabled_at == nil && roles.contains(where: \.seesPersonalFiles)
        return StaffContext(
            sessionID: session.id,
            userID: session.user_id,
            userName: session.name,
            csrfToken: session.csrf_token,
            organisationID: activeID,
            organisationName: organisation.name,
            roles: roles,
            permissions: PermissionSet(
                roles: roles, organisationIsOperator: organisation.is_operator,
                organisationKind: OrganisationKind(rawValue: organisation.kind)),
            organisations: organisations.values
                .map { StaffContext.OrganisationChoice(id: $0[0].organisation_id, name: $0[0].name) }
                .sorted { $0.name < $1.name },
            mustEnrolTwoFactor: mustEnrol)
    }

    static func cookie(token: String, request: Request) -> HTTPCookies.Value {
        HTTPCookies.Value(
            string: token, expires: nil, maxAge: nil, domain: nil, path: "/",
            isSecure: request.config.secureCookies, isHTTPOnly: true, sameSite: .lax)
    }

    static func expiredCookie(_ request: Request) -> HTTPCookies.Value {
        HTTPCookies.Value(
            string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, domain: nil, path: "/",
            isSecure: request.config.secureCookies, isHTTPOnly: true, sameSite: .lax)
    }
}

import Fluent
import OpenCUSCore
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

    static func load(token: String, request: Request) async throws -> StaffContext? {
        let db = request.db
        let now = request.clock.now()
        let config = request.config
        guard let session = try await StaffSession.query(on: db)
            .filter(\.$tokenHash == token.sha256Hex)
            .with(\.$user)
            .first()
        else { return nil }
        let idleFor = now.timeIntervalSince(session.lastSeenAt)
        guard session.expiresAt > now, idleFor < config.sessionIdleTimeout, session.user.isActive else {
            try await session.delete(on: db)
            request.sessionExpired = true
            return nil
        }
        let memberships = try await Membership.query(on: db)
            .filter(\.$user.$id == session.$user.id)
            .with(\.$organisation)
            .all()
        guard !memberships.isEmpty else {
            try await session.delete(on: db)
            return nil
        }
        let organisations = Dictionary(grouping: memberships, by: { $0.$organisation.id })
        let activeID = session.$organisation.id.flatMap { organisations[$0] != nil ? $0 : nil }
            ?? memberships.sorted { $0.organisation.name < $1.organisation.name }[0].$organisation.id
        let active = organisations[activeID]!
        if idleFor >= touchInterval || session.$organisation.id != activeID {
            session.lastSeenAt = now
            session.$organisation.id = activeID
            try await session.update(on: db)
        }
        let roles = Set(active.map(\.role))
        let mustEnrol = active[0].organisation.requireTwoFactor && session.user.totpEnabledAt == nil && roles.contains(where: \.seesPersonalFiles)
        return StaffContext(
            sessionID: try session.requireID(),
            userID: session.$user.id,
            userName: session.user.name,
            csrfToken: session.csrfToken,
            organisationID: activeID,
            organisationName: active[0].organisation.name,
            roles: roles,
            permissions: PermissionSet(roles: roles, organisationIsOperator: active[0].organisation.isOperator),
            organisations: organisations.values
                .map { StaffContext.OrganisationChoice(id: $0[0].$organisation.id, name: $0[0].organisation.name) }
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

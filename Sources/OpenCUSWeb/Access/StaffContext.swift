import Fluent
import OpenCUSCore
import Vapor

/// Who is acting and for which organisation, loaded once per request from the session cookie.
/// Handlers never look at the session table themselves; they ask for this.
struct StaffContext: Sendable {
    struct OrganisationChoice: Sendable, Encodable {
        let id: UUID
        let name: String
    }

    let sessionID: UUID
    let userID: UUID
    let userName: String
    let csrfToken: String
    /// The organisation the person acts for now: every staff query filters by its id.
    let organisationID: UUID
    let organisationName: String
    let roles: Set<Role>
    let permissions: PermissionSet
    /// All organisations the person belongs to (for the switcher).
    let organisations: [OrganisationChoice]
    /// The organisation requires a second factor for the person's roles and they have none
    /// yet: every panel page sends them to set it up first.
    let mustEnrolTwoFactor: Bool

    func allows(_ permission: Permission) -> Bool { permissions.allows(permission) }
}

extension Request {
    private struct StaffKey: StorageKey {
        typealias Value = StaffContext
    }
    private struct ExpiredKey: StorageKey {
        typealias Value = Bool
    }

    var staff: StaffContext? {
        get { storage[StaffKey.self] }
        set { storage[StaffKey.self] = newValue }
    }

    /// Set when the request carried a session cookie that had expired (shown on the login page).
    var sessionExpired: Bool {
        get { storage[ExpiredKey.self] ?? false }
        set { storage[ExpiredKey.self] = newValue }
    }

    /// The staff member, or a redirect to the login page (thrown, handled by `StaffOnlyMiddleware`).
    func requireStaff() throws -> StaffContext {
        guard let staff else { throw Abort(.unauthorized) }
        return staff
    }

    /// 403 with a Polish explanation when the person's roles in this organisation do not allow it.
    @discardableResult
    func require(_ permission: Permission) throws -> StaffContext {
        let staff = try requireStaff()
        guard staff.allows(permission) else {
            throw Abort(.forbidden, reason: "Twoja rola w tej organizacji nie pozwala na tę czynność.")
        }
        return staff
    }
}

/// Keeps anonymous visitors out of /panel: they are sent to the login page and brought back
/// to where they were going after logging in.
/// Refusals by role are written to the audit trail (the KRI regulation expects attempts to
/// reach protected data to be traceable).
struct StaffOnlyMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let staff = request.staff else {
            var target =
                SiteRoute.showLogin.url(query: "next=")
                + (request.url.path.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "/-_")))
                    ?? SiteRoute.panelDashboard.url())
            if request.sessionExpired { target += "&expired=1" }
            return request.redirect(to: target, redirectType: .normal)
        }
        if staff.mustEnrolTwoFactor, !request.url.path.hasPrefix("/panel/account") {
            return request.redirect(to: SiteRoute.accountSetup.url(query: "required=1"), redirectType: .normal)
        }
        do {
            return try await next.respond(to: request)
        } catch let abort as any AbortError where abort.status == .forbidden {
            try? await Audit.record(
                AuditEvent(
                    actor: AuditActor(staff, request), organisationID: staff.organisationID, action: .permissionDenied,
                    recordType: .session,
                    detail: request.route.map {
                        "\(request.method.rawValue) /" + $0.path.map(\.description).joined(separator: "/")
                    } ?? ""),
                at: request.clock.now(), in: request.application)
            throw abort
        }
    }
}

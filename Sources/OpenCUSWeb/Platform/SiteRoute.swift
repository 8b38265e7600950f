import Leaf
import OpenCUSCore
import Vapor

/// How the route table (`routes.swift`) is read: by the router at start-up, by pages and
/// redirects building links, and by the authorisation matrix test.
extension SiteRoute {
    /// Who may use a route. Panel routes are never `.everyone`: `StaffOnlyMiddleware` sends
    /// anonymous visitors to the login page before the permission is checked.
    enum Access: Sendable, Equatable {
        case everyone
        /// Any signed-in staff member, whatever their roles (their own account, the organisation switcher).
        case staff
        case permission(Permission)
    }

    /// How a POST route answers when it succeeds. Post/redirect/get is the rule: refreshing the
    /// page after a form must never send it again. The two exceptions are named in the table.
    enum Answer: Sendable, Equatable {
        case redirect
        /// A search or a document whose terms are personal data (an e-mail address, a PESEL),
        /// kept out of the address and the logs: it changes nothing, so sending it again only
        /// repeats the read (and its audit row).
        case readsOnly
        /// A secret shown once (recovery codes): not kept anywhere it could be shown again;
        /// sending the form again finds the action done and redirects.
        case showsOnce
    }

    struct Spec: Sendable {
        let access: Access
        let answer: Answer
        let rateLimited: Bool
        /// Uploads: the largest body the route accepts (others use the application's default).
        let maxBody: ByteCount?
        /// Destructive and mass actions: the question asked before the handler runs (`Confirmation`).
        let confirm: Confirmation.Describe?
        let handler: @Sendable (Request) async throws -> Response

        init<R: AsyncResponseEncodable>(
            _ access: Access, _ handler: @escaping @Sendable (Request) async throws -> R, rateLimited: Bool = false,
            maxBody: ByteCount? = nil, confirm: Confirmation.Describe? = nil, answer: Answer = .redirect
        ) {
            self.access = access
            self.answer = answer
            self.rateLimited = rateLimited
            self.maxBody = maxBody
            self.confirm = confirm
            self.handler = { request in try await handler(request).encodeResponse(for: request) }
        }
    }

    var method: HTTPMethod { HTTPMethod(rawValue: String(rawValue.prefix { $0 != " " })) }

    /// The path pattern, e.g. `/panel/applications/:applicationID`.
    var pattern: String { String(rawValue.drop { $0 != " " }.dropFirst()) }

    var pathComponents: [PathComponent] {
        pattern.split(separator: "/").map { PathComponent(stringLiteral: String($0)) }
    }

    /// The organiser's event pages move the event's version after every change (the public page
    /// cache is keyed by it). The desk's routes (check-in, attendance) need only `checkIn` and
    /// stay outside, so a busy desk does not invalidate the public page on every mark.
    var movesEventVersion: Bool {
        (pattern == "/panel/events" || pattern.hasPrefix("/panel/events/")) && spec.access == .permission(.manageEvents)
    }

    /// The parameters of the pattern, in order (`:applicationID`, …).
    var parameterNames: [String] {
        pattern.split(separator: "/").filter { $0.hasPrefix(":") }.map { String($0.dropFirst()) }
    }

    /// A link to this route: its parameters filled in order, each percent-encoded as one path
    /// segment. `query` and `fragment` are appended as given (callers pass fixed keys and
    /// encoded values).
    func url(_ parameters: any CustomStringConvertible..., query: String? = nil, fragment: String? = nil) -> String {
        url(values: parameters.map(\.description), query: query, fragment: fragment)
    }

    func url(values: [String], query: String? = nil, fragment: String? = nil) -> String {
        assert(values.count == parameterNames.count, "\(rawValue): \(values.count) values for \(parameterNames)")
        var values = values.makeIterator()
        let segments = pattern.split(separator: "/").map { component in
            guard component.hasPrefix(":"), let value = values.next() else { return String(component) }
            return value.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"])) ?? value
        }
        let path = "/" + segments.joined(separator: "/")
        return path + (query.map { "?" + $0 } ?? "") + (fragment.map { "#" + $0 } ?? "")
    }

    /// The route a template names in `#url("intakeDetail", id)`: the case's name.
    static let byName: [String: SiteRoute] = Dictionary(uniqueKeysWithValues: allCases.map { ("\($0)", $0) })

    /// Registers every route of the table with the middleware its entry asks for.
    static func registerAll(on app: Application) {
        let staffOnly = app.grouped(StaffOnlyMiddleware())
        for route in allCases {
            let spec = route.spec
            var builder: any RoutesBuilder = spec.access == .everyone ? app : staffOnly
            if spec.rateLimited { builder = builder.grouped(RateLimitMiddleware()) }
            if route.movesEventVersion { builder = builder.grouped(EventAdminController.TouchEventMiddleware()) }
            if route.pattern.hasPrefix("/api/") { builder = builder.grouped(PublicJSONHeadersMiddleware()) }
            if case .permission(let permission) = spec.access { builder = builder.grouped(PermissionMiddleware(permission)) }
            let parameters = route.parameterNames
            builder.on(
                route.method, route.pathComponents, body: spec.maxBody.map { .collect(maxSize: $0) } ?? .collect
            ) { request in
                // No record's id, slug or token contains a control character, and PostgreSQL
                // refuses a NUL in text: such a path names nothing (404), never a 500.
                for name in parameters {
                    if request.parameters.get(name)?.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
                        == true
                    {
                        throw Abort(.notFound)
                    }
                }
                if let describe = spec.confirm, !Confirmation.isConfirmed(request),
                    let confirmation = try await describe(request)
                {
                    return try await confirmation.page(for: request)
                }
                return try await spec.handler(request)
            }
        }
    }
}

/// The route's permission, checked before its handler runs (a 403 with a Polish explanation,
/// audited by `StaffOnlyMiddleware`).
struct PermissionMiddleware: AsyncMiddleware {
    let permission: Permission

    init(_ permission: Permission) { self.permission = permission }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        try request.require(permission)
        return try await next.respond(to: request)
    }
}

/// `#url("intakeDetail", applicationID)` in a template: the link to a route of the table, by its
/// case name, with the route's parameters in order. An unknown name or a wrong number of
/// values fails the render (and `RouteTableTests` checks every template's links up front).
struct RouteURLTag: LeafTag {
    func render(_ ctx: LeafContext) throws -> LeafData {
        guard let name = ctx.parameters.first?.string, let route = SiteRoute.byName[name] else {
            throw Abort(.internalServerError, reason: "#url(): no route named \(ctx.parameters.first?.description ?? "")")
        }
        let values = ctx.parameters.dropFirst().map { $0.string ?? "" }
        guard values.count == route.parameterNames.count else {
            throw Abort(
                .internalServerError, reason: "#url(\"\(name)\"): needs \(route.parameterNames), got \(values.count) values")
        }
        return .string(route.url(values: values))
    }
}

/// The public JSON API is read by gminas' own sites and BIPs from their pages: any origin may
/// read it, and reads are cached for five minutes (the README's promise); answers to writes
/// are never cached.
struct PublicJSONHeadersMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        response.headers.replaceOrAdd(name: .accessControlAllowOrigin, value: "*")
        if response.headers.first(name: .cacheControl) == nil {
            response.headers.replaceOrAdd(
                name: .cacheControl, value: request.method == .GET && response.status == .ok ? "public, max-age=300" : "no-store")
        }
        return response
    }
}

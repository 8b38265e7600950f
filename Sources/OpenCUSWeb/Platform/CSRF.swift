import Vapor

/// Cross-site request forgery protection for every state-changing request.
///
/// Logged-in staff: the token lives in their database session (synchroniser token).
/// Anonymous visitors (the login form, later public registration forms): a random token in a
/// cookie that must match the hidden form field (double submit). A POST without a matching
/// token is refused with 403 before any handler runs, so nothing changes.
enum CSRF {
    static let cookieName = "opencus_csrf"
    static let fieldName = "csrf_token"

    /// The token to embed in forms on this page. For anonymous visitors it may set a cookie.
    static func token(for request: Request) -> String {
        if let staff = request.staff { return staff.csrfToken }
        if let existing = request.cookies[cookieName]?.string, existing.count >= 32 { return existing }
        if let issued = request.storage[IssuedKey.self] { return issued }
        let token = SecureToken.make()
        request.storage[IssuedKey.self] = token
        return token
    }

    struct IssuedKey: StorageKey {
        typealias Value = String
    }
}

struct CSRFMiddleware: AsyncMiddleware {
    /// Request bodies we accept are forms; 1 MiB is plenty and bounds memory per request.
    static let maxBody = 1 << 20

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        // The JSON API takes no cookies and only application/json (which a cross-site form
        // cannot send without a CORS preflight), so it needs no token.
        let isAPI = request.url.path.hasPrefix("/api/")
        if ![.GET, .HEAD, .OPTIONS].contains(request.method) && !isAPI {
            _ = try await request.body.collect(max: Self.maxBody).get()
            let sent =
                (try? request.content.get(String.self, at: CSRF.fieldName))
                ?? request.headers.first(name: "X-CSRF-Token") ?? ""
            let expected = request.staff?.csrfToken ?? request.cookies[CSRF.cookieName]?.string ?? ""
            guard !expected.isEmpty, constantTimeEquals(sent, expected) else {
                throw Abort(
                    .forbidden,
                    reason: "Formularz wygasł lub został wysłany z innej strony. Wróć, odśwież stronę i spróbuj ponownie.")
            }
        }
        let response = try await next.respond(to: request)
        if let issued = request.storage[CSRF.IssuedKey.self], response.cookies[CSRF.cookieName] == nil {
            response.cookies[CSRF.cookieName] = HTTPCookies.Value(
                string: issued, expires: nil, maxAge: nil, domain: nil, path: "/",
                isSecure: request.config.secureCookies, isHTTPOnly: true, sameSite: .strict)
        }
        return response
    }
}

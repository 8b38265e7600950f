import Foundation
import NIOConcurrencyHelpers
import Testing
import Vapor
import VaporTesting

@testable import OpenCUSWeb

/// A minimal browser over the in-memory tester: keeps cookies between requests and remembers
/// the CSRF token from the last HTML page, like a person clicking through the site.
final class Browser: @unchecked Sendable {
    let app: Application
    private let lock = NIOLock()
    private var cookies: [String: String] = [:]
    private(set) var csrfToken: String?
    var headers: HTTPHeaders = [:]

    init(app: Application) {
        self.app = app
    }

    var cookieNames: Set<String> { lock.withLock { Set(cookies.keys) } }
    func cookie(_ name: String) -> String? { lock.withLock { cookies[name] } }
    func setCookie(_ name: String, _ value: String?) { lock.withLock { cookies[name] = value } }

    @discardableResult
    func get(_ path: String) async throws -> TestingHTTPResponse {
        try await send(.GET, path, body: nil)
    }

    /// Posts a urlencoded form; adds the remembered CSRF token unless `csrf` is false.
    @discardableResult
    func post(_ path: String, _ form: [(String, String)], csrf: Bool = true) async throws -> TestingHTTPResponse {
        var fields = form
        if csrf, let token = csrfToken, !fields.contains(where: { $0.0 == "csrf_token" }) {
            fields.append(("csrf_token", token))
        }
        let body = fields.map { "\(Browser.encode($0.0))=\(Browser.encode($0.1))" }.joined(separator: "&")
        return try await send(.POST, path, body: body)
    }

    /// Posts multipart/form-data with one file (what a browser sends for an upload form).
    @discardableResult
    func upload(
        _ path: String, fields: [(String, String)], file: (field: String, filename: String, contentType: String, bytes: [UInt8])
    )
        async throws -> TestingHTTPResponse
    {
        let boundary = "----opencus-test-\(UUID().uuidString)"
        var body = ByteBuffer()
        var all = fields
        if let token = csrfToken, !all.contains(where: { $0.0 == "csrf_token" }) { all.append(("csrf_token", token)) }
        for (name, value) in all {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        body.writeString(
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.field)\"; filename=\"\(file.filename)\"\r\nContent-Type: \(file.contentType)\r\n\r\n"
        )
        body.writeBytes(file.bytes)
        body.writeString("\r\n--\(boundary)--\r\n")
        var requestHeaders = headers
        let cookieHeader = lock.withLock { cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        if !cookieHeader.isEmpty { requestHeaders.replaceOrAdd(name: .cookie, value: cookieHeader) }
        requestHeaders.replaceOrAdd(name: .contentType, value: "multipart/form-data; boundary=\(boundary)")
        let response = try await app.testing().performTest(
            request: TestingHTTPRequest(method: .POST, url: URI(path: path), headers: requestHeaders, body: body))
        absorbCookies(response.headers)
        FormConventions.check(.POST, path, response)
        return response
    }

    /// Logs in through the real form and checks that it worked.
    func login(_ email: String, password: String = DemoData.password) async throws {
        try await get("/login")
        let response = try await post("/login", [("email", email), ("password", password)])
        #expect(response.status == .seeOther, "login of \(email) failed: \(response.status)")
        // Follow the redirect like a browser would; the page carries the session's CSRF token.
        if let location = response.headers.first(name: .location) { try await get(location) }
    }

    private func send(_ method: HTTPMethod, _ path: String, body: String?) async throws -> TestingHTTPResponse {
        var requestHeaders = headers
        let cookieHeader = lock.withLock { cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        if !cookieHeader.isEmpty { requestHeaders.replaceOrAdd(name: .cookie, value: cookieHeader) }
        if body != nil { requestHeaders.replaceOrAdd(name: .contentType, value: "application/x-www-form-urlencoded") }
        let request = TestingHTTPRequest(
            method: method, url: URI(path: path), headers: requestHeaders,
            body: ByteBuffer(string: body ?? ""))
        let response = try await app.testing().performTest(request: request)
        absorbCookies(response.headers)
        FormConventions.check(method, path, response)
        if let token = Browser.csrf(in: response.body.string) { lock.withLock { csrfToken = token } }
        return response
    }

    private func absorbCookies(_ headers: HTTPHeaders) {
        for line in headers[.setCookie] {
            let parts = line.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let pair = parts.first, let equals = pair.firstIndex(of: "=") else { continue }
            let name = String(pair[..<equals])
            let value = String(pair[pair.index(after: equals)...])
            let expired = value.isEmpty || parts.contains { $0.lowercased() == "max-age=0" }
            lock.withLock { cookies[name] = expired ? nil : value }
        }
    }

    static func csrf(in html: String) -> String? {
        guard let range = html.range(of: "name=\"csrf_token\" value=\"") else { return nil }
        let rest = html[range.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<end])
    }

    static func encode(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}

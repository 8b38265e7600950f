import Foundation
import OpenCUSCore
import Testing
import Vapor
import VaporTesting

@testable import OpenCUSWeb

/// Every form of the staff panel, sent as the page offers it. For each role, every page the role
/// may open (the route table's GET routes, filled from the organisation's records) is read, and
/// every `method="post"` form on it is sent with the values it shows (the ticked boxes, the
/// chosen options, what the fields hold) and the "ask first" answer given. Whatever a form does,
/// the browser's `FormConventions` check holds for its answer: a redirect after success, an
/// error status with the form again, never a 200 page that a refresh would send again; and a
/// page that marks fields invalid lists them at the top with links that lead to them.
@Suite struct FormWalkTests {
    struct Form {
        var action: String
        var fields: [(String, String)]
    }

    @Test(arguments: Role.allCases)
    func everyFormOfThePanelAnswersWithARedirectOrTheFormAgain(_ role: Role) async throws {
        try await withTestApp { t in
            let matrix = AuthorizationMatrixTests()
            let (own, _) = try await matrix.sides(t)
            let email = "forms-\(role.rawValue)@cus-jasminowo.example"
            try await StaffAccounts.add(
                email: email, name: "Test \(role.rawValue)", organisationSlug: "cus-jasminowo", role: role.rawValue,
                password: { DemoData.password }, on: t.app)
            let browser = t.browser()
            try await browser.login(email)
            let permissions = PermissionSet(roles: [role], organisationIsOperator: false)
            var sent = Set<String>()
            for entry in AuthorizationMatrixTests.panelRoutes(t) where entry.route.method == .GET {
                guard let needed = entry.permission, needed.map(permissions.allows) ?? true else { continue }
                let page = try await browser.get(matrix.path(entry.route, own))
                guard page.status == .ok, page.headers.contentType?.subType == "html" else { continue }
                for form in Self.forms(in: page.body.string) where !sent.contains(form.action) {
                    // Switching the organisation would end the walk.
                    guard form.action.hasPrefix("/panel/"), !form.action.hasPrefix("/panel/organisation") else { continue }
                    sent.insert(form.action)
                    // The browser's `FormConventions` check runs on the answer.
                    let response = try await browser.post(form.action, form.fields + [("confirmed", "yes")])
                    #expect(response.status.code < 500, "\(role) POST \(form.action): \(response.status)")
                    // Revoking one's own session signs out: sign in again and go on.
                    if response.headers.first(name: .location)?.hasPrefix("/login") == true { try await browser.login(email) }
                }
            }
            #expect(sent.count > 0, "\(role): no form found on its pages")
        }
    }

    /// The post forms of a page with the values a person who changes nothing would send.
    static func forms(in html: String) -> [Form] {
        html.components(separatedBy: "<form ").dropFirst().compactMap { chunk -> Form? in
            let tag = " " + String(chunk.prefix { $0 != ">" })
            guard attribute("method", in: tag)?.lowercased() == "post", let action = attribute("action", in: tag) else {
                return nil
            }
            let body = chunk.components(separatedBy: "</form>").first ?? ""
            var fields: [(String, String)] = []
            for match in body.matches(of: /<input\b[^>]*>/) {
                let tag = String(match.output)
                guard let name = attribute("name", in: tag) else { continue }
                let type = attribute("type", in: tag)?.lowercased() ?? "text"
                if ["checkbox", "radio"].contains(type) && !tag.contains(" checked") { continue }
                if ["submit", "button", "file"].contains(type) { continue }
                fields.append((name, attribute("value", in: tag) ?? (type == "checkbox" ? "on" : "")))
            }
            for match in body.matches(of: /<textarea\b([^>]*)>([^<]*)<\/textarea>/) {
                if let name = attribute("name", in: String(match.output.1)) {
                    fields.append((name, decode(String(match.output.2))))
                }
            }
            for match in body.matches(of: /<select\b([^>]*)>(.*?)<\/select>/.dotMatchesNewlines()) {
                guard let name = attribute("name", in: String(match.output.1)) else { continue }
                let options = String(match.output.2).matches(of: /<option\b[^>]*>/).map { String($0.output) }
                if let chosen = options.first(where: { $0.contains(" selected") }) ?? options.first {
                    fields.append((name, attribute("value", in: chosen) ?? ""))
                }
            }
            return Form(action: decode(action), fields: fields)
        }
    }

    static func attribute(_ name: String, in tag: String) -> String? {
        guard let start = tag.range(of: "\\s\(name)=\"", options: .regularExpression) else { return nil }
        return decode(String(tag[start.upperBound...].prefix { $0 != "\"" }))
    }

    static func decode(_ text: String) -> String {
        text.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}

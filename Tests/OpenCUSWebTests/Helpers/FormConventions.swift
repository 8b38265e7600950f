import Foundation
import Testing
import Vapor
import VaporTesting

@testable import OpenCUSWeb

/// Rules every form of the site keeps, checked on every page the test browser receives, so each
/// test that walks a form also checks them:
/// - **post/redirect/get**: a POST is answered with a redirect after success, or with an error
///   status (4xx) and the form again; a 200 page to a POST is only the "ask first" question
///   (refreshing it repeats nothing), or the answer of a route the table marks `.readsOnly` or
///   `.showsOnce` — any other would repeat the action on refresh;
/// - **one error summary**: a page that marks a field invalid lists the errors at the top
///   (`error-summary.leaf`), and every link there leads to an element of the page.
enum FormConventions {
    static func check(_ method: HTTPMethod, _ path: String, _ response: TestingHTTPResponse) {
        // OPENCUS_POST_LOG=<file>: one line per POST (route, status, redirect target), appended
        // atomically from parallel tests, to list the forms whose success no test has walked.
        if method == .POST, let log = ProcessInfo.processInfo.environment["OPENCUS_POST_LOG"], let route = route(.POST, path),
            let file = fopen(log, "a")
        {
            fputs("\(route) \(response.status.code) \(response.headers.first(name: .location) ?? "-")\n", file)
            fclose(file)
        }
        guard response.headers.contentType?.subType == "html" else { return }
        let html = response.body.string
        if method == .POST && response.status == .ok && !html.contains("data-confirmation")
            && route(.POST, path)?.spec.answer ?? .redirect == .redirect
        {
            Issue.record(
                "POST \(path) answered 200 with a page: refreshing it would send the form again (redirect after success)")
        }
        if !html.contains("/css/documents.css") {
            let tables = html.components(separatedBy: "<table").count - 1
            let wrapped = html.components(separatedBy: "<div class=\"table-scroll\"><table").count - 1
            if tables != wrapped { Issue.record("\(method) \(path): \(tables - wrapped) table(s) outside a .table-scroll area") }
        }
        let invalid = html.contains("aria-invalid=\"true\"")
        guard let start = html.range(of: "data-error-summary") else {
            if invalid { Issue.record("\(method) \(path): a field is marked invalid but the page has no error summary") }
            return
        }
        let summary = html[start.upperBound...]
        let end = summary.range(of: "</div>")?.lowerBound ?? summary.endIndex
        for anchor in links(in: String(summary[..<end])) where !html.contains("id=\"\(anchor)\"") {
            Issue.record("\(method) \(path): the error summary links to #\(anchor), which is not on the page")
        }
    }

    /// The route of the table a request goes to (parameters match any one segment, `**` the rest).
    static func route(_ method: HTTPMethod, _ path: String) -> SiteRoute? {
        let local = path.firstRange(of: "://").map { path[$0.upperBound...].drop { $0 != "/" } } ?? path[...]
        let segments = local.split(separator: "?").first.map { $0.split(separator: "/").map(String.init) } ?? []
        return SiteRoute.allCases.first { route in
            guard route.method == method else { return false }
            let pattern = route.pattern.split(separator: "/").map(String.init)
            if pattern.last == "**" { return segments.count >= pattern.count - 1 && zip(pattern, segments).allSatisfy(matches) }
            return pattern.count == segments.count && zip(pattern, segments).allSatisfy(matches)
        }
    }

    private static func matches(_ pair: (String, String)) -> Bool {
        pair.0.hasPrefix(":") || pair.0 == "**" || pair.0 == pair.1
    }

    /// The targets of `href="#…"` links in a piece of HTML.
    static func links(in html: String) -> [String] {
        html.components(separatedBy: "href=\"#").dropFirst().compactMap {
            $0.split(separator: "\"", maxSplits: 1).first.map(String.init)
        }
    }
}

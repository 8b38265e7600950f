import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import OpenCUSWeb

@Suite struct PageTests {
    @Test(arguments: ["/", "/login", "/accessibility", "/organisations"])
    func publicPagesHaveLanguageSkipLinkLandmarksAndOneHeading(path: String) async throws {
        try await withTestApp { t in
            let response = try await t.browser().get(path)
            #expect(response.status == .ok)
            let html = response.body.string
            #expect(html.contains("<html lang=\"pl\">"))
            #expect(html.contains("<a class=\"skip-link\" href=\"#tresc\">Przejdź do treści</a>"))
            #expect(html.contains("<main id=\"tresc\""))
            #expect(html.contains("<header") && html.contains("<footer") && html.contains("<nav aria-label="))
            #expect(html.components(separatedBy: "<h1").count == 2)
            #expect(html.contains("href=\"/accessibility\""))
            #expect(html.contains("<title>") && !html.contains("<title> – OpenCUS"))
            #expect(!html.contains("https://"), "no external resources (\(path))")
            #expect(
                Self.unlabelledFields(in: html).isEmpty, "fields without a label on \(path): \(Self.unlabelledFields(in: html))")
        }
    }

    @Test func staffPagesHaveLabelledFields() async throws {
        try await withTestApp { t in
            let browser = t.browser()
            try await browser.login("admin@rops-poznan.example")
            for path in ["/panel", "/panel/members", "/panel/outbox", "/panel/accessibility"] {
                let html = try await browser.get(path).body.string
                #expect(html.contains("<html lang=\"pl\">"))
                #expect(Self.unlabelledFields(in: html).isEmpty, "fields without a label on \(path)")
            }
        }
    }

    /// ids of visible inputs, selects and textareas that no `<label for=…>` names.
    static func unlabelledFields(in html: String) -> [String] {
        let fieldPattern = try! NSRegularExpression(pattern: "<(input|select|textarea)\\b[^>]*>")
        let labels = Set(matches(html, "<label for=\"([^\"]+)\"").map { $0 })
        var missing: [String] = []
        for match in fieldPattern.matches(in: html, range: NSRange(html.startIndex..., in: html)) {
            let tag = String(html[Range(match.range, in: html)!])
            if tag.contains("type=\"hidden\"") { continue }
            let id = matches(tag, "id=\"([^\"]+)\"").first ?? "(no id)"
            if !labels.contains(id) { missing.append(id) }
        }
        return missing
    }

    static func matches(_ text: String, _ pattern: String) -> [String] {
        let regex = try! NSRegularExpression(pattern: pattern)
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
            Range($0.range(at: 1), in: text).map { String(text[$0]) }
        }
    }

    @Test func securityHeadersOnPagesAndErrors() async throws {
        try await withTestApp { t in
            for path in ["/", "/does-not-exist"] {
                let response = try await t.browser().get(path)
                let csp = try #require(response.headers.first(name: "Content-Security-Policy"))
                #expect(csp.contains("default-src 'self'"))
                #expect(csp.contains("frame-ancestors 'none'"))
                #expect(response.headers.first(name: "X-Content-Type-Options") == "nosniff")
                #expect(response.headers.first(name: "Referrer-Policy") == "same-origin")
            }
        }
    }

    @Test func notFoundIsAFriendlyPolishPage() async throws {
        try await withTestApp { t in
            let response = try await t.browser().get("/nie-ma-takiej-strony")
            #expect(response.status == .notFound)
            #expect(response.headers.contentType?.subType == "html")
            #expect(response.body.string.contains("Nie znaleziono strony"))
            #expect(response.body.string.contains("<html lang=\"pl\">"))
        }
    }

    @Test func serverErrorShowsNoInternals() async throws {
        try await withTestApp { t in
            struct SecretFailure: Error, CustomStringConvertible {
                var description: String { "stack: Database password=hunter2 at Foo.swift:42" }
            }
            t.app.get("explode") { _ -> String in throw SecretFailure() }
            let response = try await t.browser().get("/explode")
            #expect(response.status == .internalServerError)
            #expect(response.body.string.contains("Wystąpił błąd"))
            #expect(!response.body.string.contains("hunter2"))
            #expect(!response.body.string.contains("Foo.swift"))
            #expect(!LogCapture.all.contains("hunter2"))
        }
    }

    @Test func healthReportsDatabaseAndMetricsCountRequests() async throws {
        try await withTestApp { t in
            let browser = t.browser()
            let health = try await browser.get("/health")
            #expect(health.status == .ok)
            #expect(
                health.body.string == #"{"status":"ok","database":"ok"}"# || health.body.string.contains("\"database\":\"ok\""))
            try await browser.get("/organisations")
            try await browser.get("/nope/\(UUID())")
            let metrics = try await browser.get("/metrics").body.string
            #expect(metrics.contains(#"http_requests_total{method="GET",route="/health",status="200"} 1"#))
            #expect(metrics.contains(#"route="/organisations""#))
            #expect(metrics.contains(#"route="unmatched",status="404""#))
            #expect(metrics.contains("http_request_duration_seconds_bucket"))
        }
    }

    @Test func healthIs503WhenTheDatabaseIsUnreachable() async throws {
        LogCapture.bootstrapOnce()
        var configuration = try AppConfiguration.load(from: ["DATABASE_URL": "postgres://nobody:secret@127.0.0.1:1/nothing"])
        configuration.passwordHashCost = 4
        let app = try await Application.make(.testing)
        do {
            try await configure(app, configuration: configuration)
            let response = try await app.testing().performTest(
                request: .init(method: .GET, url: URI(path: "/health"), headers: [:], body: ByteBuffer()))
            #expect(response.status == .serviceUnavailable)
            #expect(response.body.string.contains("unreachable"))
            // Pages still answer with a Polish error page instead of hanging or crashing.
            let home = try await app.testing().performTest(
                request: .init(method: .GET, url: URI(path: "/"), headers: [:], body: ByteBuffer()))
            #expect(home.status == .internalServerError)
            #expect(home.body.string.contains("lang=\"pl\""))
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    @Test func staticFilesAreServedByTheApp() async throws {
        try await withTestApp(.empty) { t in
            let css = try await t.browser().get("/css/main.css")
            #expect(css.status == .ok)
            #expect(css.body.string.contains(":focus-visible"))
            #expect(try await t.browser().get("/css/print.css").status == .ok)
        }
    }
}

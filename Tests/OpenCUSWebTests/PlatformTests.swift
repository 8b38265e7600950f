import Fluent
import Foundation
import SQLKit
import OpenCUSCore
import Testing
import Vapor
import VaporTesting

@testable import OpenCUSWeb

@Suite struct PlatformTests {
    func tableNames(_ db: any Database) async throws -> Set<String> {
        struct Row: Decodable { var name: String }
        let sql = try db.sql()
        let query: SQLQueryString =
            db.isSQLite
            ? "SELECT name FROM sqlite_master WHERE type = 'table'"
            : "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()"
        return Set(try await sql.raw(query).all(decoding: Row.self).map(\.name))
    }

    /// One date convention on screen (the day in words, then the time, in Warsaw), a sortable
    /// one in spreadsheets; summer and winter time both right.
    @Test func timesAreShownOneWayOnScreenAndAnotherInSpreadsheets() {
        #expect(WarsawTime.format(testStart) == "18 listopada 2026, 12:06")
        #expect(WarsawTime.spreadsheet(testStart) == "2026-11-18 12:06")
        let summer = Date(timeIntervalSince1970: 1_782_111_600)  // 2026-06-22 07:00 UTC
        #expect(WarsawTime.format(summer) == "22 czerwca 2026, 09:00")
    }

    @Test func migrationsGoUpDownAndUpAgain() async throws {
        try await withTestApp(.empty) { t in
            let expected: Set<String> = [
                "organisations", "users", "memberships", "staff_sessions", "login_failures", "outbox_messages",
                "outbox_attachments", "accessibility_statements",
            ]
            #expect(expected.isSubset(of: try await tableNames(t.db)))
            #expect(try await Startup.pendingMigrations(t.app).isEmpty)
            try await t.app.autoRevert()
            #expect(try await tableNames(t.db).intersection(expected).isEmpty)
            #expect(try await Startup.pendingMigrations(t.app).count == Migrations.all.count)
            try await t.app.autoMigrate()
            #expect(expected.isSubset(of: try await tableNames(t.db)))
            // The demo loads on the re-migrated schema (the fixture's smaller set: the full one is
            // theFullDemoHasAboutAHundredApplicationsInEveryState's).
            try await DemoData.load(on: t.app, applications: 24)
            #expect(try await Organisation.query(on: t.db).count() == DemoData.organisations.count)
        }
    }

    @Test func serveRefusesToStartWithPendingMigrations() async throws {
        try await withTestApp(.empty) { t in
            try await t.app.autoRevert()
            let error = await #expect(throws: Startup.PendingMigrations.self) {
                try await Startup.refuseIfMigrationsPending(t.app)
            }
            #expect(error?.description.contains("opencus migrate") == true)
        }
    }

    @Test func demoDataLoadsTwiceWithoutChange() async throws {
        try await withTestApp(.demo) { t in
            let counts = { () async throws -> [Int] in
                [
                    try await Organisation.query(on: t.db).count(), try await User.query(on: t.db).count(),
                    try await Membership.query(on: t.db).count(), try await AccessibilityStatement.query(on: t.db).count(),
                ]
            }
            let before = try await counts()
            let summary = try await DemoData.load(on: t.app)
            #expect(try await counts() == before)
            #expect(summary.organisationsCreated == 0 && summary.usersCreated == 0 && summary.membershipsCreated == 0)
            #expect(before[1] == DemoData.accounts.count && DemoData.accounts.count == 16)
            #expect(Set(DemoData.accounts.map(\.role)).count == Role.allCases.count)  // every role has a demo account
            #expect(try await Organisation.query(on: t.db).filter(\.$isOperator == true).count() == 1)
        }
    }

    @Test func noPersonalDataInLogsFromLoginOrForms() async throws {
        try await withTestApp { t in
            let secretEmail = "zuzanna.\(UUID().uuidString.prefix(8).lowercased())@example.pl"
            let secretName = "Zuzanna Przykładowa-\(UUID().uuidString.prefix(6))"
            try await StaffAccounts.add(
                email: secretEmail, name: secretName, organisationSlug: "rops-poznan", role: "admin",
                password: { "bardzo długie hasło testowe" }, on: t.app)
            let browser = t.browser()
            try await browser.get("/login")
            try await browser.post("/login", [("email", secretEmail), ("password", "zła próba hasła 1")])
            try await browser.post(
                "/login",
                [("email", secretEmail), ("password", "bardzo długie hasło testowe"), ("next", "/panel?email=\(secretEmail)")])
            try await browser.get("/panel?email=\(secretEmail)")
            var form = DemoData.demoStatement
            form.contactName = secretName
            form.contactEmail = secretEmail
            try await browser.post("/panel/accessibility", AccessibilityStatementTests.fields(form))
            form.contactPhone = "zły"
            try await browser.post("/panel/accessibility", AccessibilityStatementTests.fields(form))
            let logs = LogCapture.all
            #expect(logs.contains("Login succeeded"), "the capture works")
            #expect(!logs.contains(secretEmail))
            #expect(!logs.contains(secretName))
            #expect(!logs.contains("bardzo długie hasło"))
        }
    }

    @Test func errorPagesDuringShutdownDoNotStopTheProcess() async throws {
        try await withTestApp(.empty) { t in
            // The state of the last requests while the server stops: databases already closed.
            // (Teardown drops a PostgreSQL test database through its own connection.)
            await t.app.databases.shutdownAsync()
            let page = try await t.app.testing().performTest(
                request: TestingHTTPRequest(method: .GET, url: URI(path: "/no-such-page"), headers: [:], body: ByteBuffer()))
            #expect(page.status == .notFound)
            #expect(page.body.string.contains("<html lang=\"pl\">"))
            let api = try await t.app.testing().performTest(
                request: TestingHTTPRequest(method: .GET, url: URI(path: "/api/v1/no-such"), headers: [:], body: ByteBuffer()))
            #expect(api.headers.contentType?.description.hasPrefix("application/json") == true)
        }
    }
}

extension PlatformTests {
    /// Strange, encoded and overlong paths are answered, never with a server error, and reach
    /// no file outside the site's own static files.
    @Test func noRequestPathGivesAServerError() async throws {
        try await withTestApp(.empty) { t in
            let browser = t.browser()
            let long = String(repeating: "a", count: 20_000)
            let paths = [
                "/%", "/%00", "/%zz", "/%ff%fe", "/%c3%28", "/\(long)", "/events/\(long)", "/css/\(long).css",
                "/favicon.svg/..", "/favicon.svg/", "/css/..%2f..%2fPackage.swift", "/css/%2e%2e/%2e%2e/Package.swift",
                "/..%2f..%2fetc/passwd", "/css/", "/css", "/js/", "/events/%00", "/events/x/attachments/x/y",
                "/events/x/entries/%00/calendar.ics", "/api/v1/events/%00", "/api/v1/events?page=-1",
                "/events?page=99999999999999999999", "/services/%00/apply", "/r/%00", "/s/%ff", "/panel/%00",
                "/panel/events/slug/x/%2e%2e/%2e%2e", "/;", "/a;b=c", "/@", "/~", "/%2F%2Fevil.example",
            ]
            for path in paths {
                let response = try await browser.get(path)
                #expect(response.status.code < 500, "\(path.prefix(60)): \(response.status)")
            }
        }
    }

    @Test func staticFilesAreServedOnlyUnderTheirOwnNamesAndTypes() async throws {
        try await withTestApp(.empty) { t in
            let browser = t.browser()
            let css = try await browser.get("/css/main.css")
            #expect(css.status == .ok)
            #expect(css.headers.contentType?.subType == "css")
            #expect(try await browser.get("/js/checkin.js").headers.contentType?.subType == "javascript")
            #expect(try await browser.get("/favicon.svg").headers.contentType?.subType == "svg+xml")
            // Revalidated by its content's tag.
            let etag = try #require(css.headers.first(name: .eTag))
            browser.headers.replaceOrAdd(name: .ifNoneMatch, value: etag)
            #expect(try await browser.get("/css/main.css").status == .notModified)
            browser.headers.remove(name: .ifNoneMatch)
            // The same bytes under another name or type are not served.
            for other in [
                "/css/main.css/", "/css/main.css%00.html", "/css/main.css%00", "/css//main.css", "/css/./main.css",
                "/css/MAIN.CSS", "/css/main.css.html", "/Public/css/main.css",
            ] {
                let response = try await browser.get(other)
                #expect(response.status == .notFound, "\(other): \(response.status)")
                #expect(!response.body.string.contains(":focus-visible"), "\(other) served the style sheet")
            }
            #expect(try await browser.post("/css/main.css", []).status != .ok)
        }
    }
}

extension PlatformTests {
    /// A NUL byte in a query or a form (PostgreSQL refuses it in text) is refused with a 400,
    /// never a 500, whichever page it is sent to.
    @Test func aNulInAQueryOrAFormIsRefusedNotAServerError() async throws {
        try await withTestApp { t in
            let browser = t.browser()
            for path in [
                "/events?q=%00", "/services?q=%00", "/services/cus-jasminowo?q=%00", "/api/v1/events?q=%00&page=%00",
                "/events?page=%00", "/login?next=%00",
            ] {
                let response = try await browser.get(path)
                #expect(response.status.code < 500, "\(path): \(response.status)")
            }
            let staff = t.browser()
            try await staff.login("dyrektor@cus-jasminowo.example")
            for path in [
                "/panel/events?q=%00", "/panel/audit?q=%00&actor=%00&from=%00", "/panel/applications?show=%00&page=%00",
                "/panel/fees?month=%00", "/panel/deliveries?month=%00", "/panel/certificates?year=%00",
                "/panel/outbox?state=%00", "/panel/deliveries/session?service=%00&day=%00",
            ] {
                let response = try await staff.get(path)
                #expect(response.status.code < 500, "\(path): \(response.status)")
            }
            try await browser.get("/login")
            let login = try await browser.post("/login", [("email", "a\u{0}@b.pl"), ("password", "x\u{0}")])
            #expect(login.status.code < 500, "login: \(login.status)")
            let persons = try await staff.post("/panel/persons", [("q", "Kowal\u{0}ski")])
            #expect(persons.status.code < 500, "persons: \(persons.status)")
        }
    }
}

import Fluent
import Foundation
import OpenCUSCore
import Testing
import Vapor

@testable import OpenCUSWeb

/// The centre's own indicators: defined with Polish messages for bad input, typed in month by
/// month with a source, corrected with the old value kept in the audit trail, shown on the
/// dashboard with their target, numbered without gaps or twins when created at once.
@Suite struct OwnIndicatorTests {
    static let analyst = "analityk@cus-jasminowo.example"

    static func definition(name: String, target: String = "") -> [(String, String)] {
        [
            ("name", name), ("description", "Osoby, z którymi streetworkerzy partnera rozmawiali w miesiącu (karta kontaktu)."),
            ("unit", "count"), ("direction", "higher"), ("target", target), ("countsPeople", "on"),
        ]
    }

    @Test func theAnalystDefinesAnIndicatorTypesItsValuesAndCorrectsOne() async throws {
        try await withTestApp { t in
            let org = try await t.organisationID("cus-jasminowo")
            let demo = try await ManualIndicator.scoped(to: org, on: t.db).count()
            let analyst = t.browser()
            try await analyst.login(Self.analyst)
            let form = try await analyst.get("/panel/insight/own/new")
            #expect(form.status == .ok && form.body.string.contains("Nowy wskaźnik własny"))

            // Empty name, a target that is no number, markup in the description: refused, kept.
            let bad = try await analyst.post(
                "/panel/insight/own",
                [
                    ("name", "  "), ("description", "<script>alert(1)</script>"), ("unit", "count"), ("direction", "higher"),
                    ("target", "dużo"),
                ])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("Wpisz nazwę wskaźnika"))
            #expect(bad.body.string.contains("Wpisz cel jako liczbę"))
            #expect(
                bad.body.string.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !bad.body.string.contains("<script>alert"))
            #expect(try await ManualIndicator.scoped(to: org, on: t.db).count() == demo)

            let created = try await analyst.post(
                "/panel/insight/own", Self.definition(name: "Kontakty streetworkerów", target: "40"))
            #expect(created.status == .seeOther)
            let indicator = try #require(
                try await ManualIndicator.scoped(to: org, on: t.db).filter(\.$name == "Kontakty streetworkerów").first())
            #expect(indicator.number == demo + 1 && indicator.target == 40)
            let path = "/panel/insight/own/\(try indicator.requireID())"
            #expect(created.headers.first(name: .location) == "\(path)?done=created")

            // A month's value: nonsense refused with the source kept, then 3 people (shown "<5").
            let now = CalendarDay(t.app.clock.now(), in: WallClock.warsaw)
            let october = InsightPeriod(.month, containing: now).previous
            try await analyst.get(path)
            let nonsense = try await analyst.post(
                "\(path)/values", [("month", october.key), ("value", "kilka"), ("source", "karty kontaktu")])
            #expect(nonsense.status == .unprocessableEntity)
            #expect(nonsense.body.string.contains("Wpisz liczbę, np. 14"))
            #expect(nonsense.body.string.contains("value=\"karty kontaktu\""))
            let future = try await analyst.post("\(path)/values", [("month", "2031-01"), ("value", "3"), ("source", "x")])
            #expect(future.body.string.contains("Wybierz miesiąc z listy"))
            #expect(
                try await analyst.post("\(path)/values", [("month", october.key), ("value", "3"), ("source", "karty kontaktu")])
                    .status == .seeOther)
            var dashboard = try await analyst.get("/panel/insight").body.string
            // September, October, November; then the target.
            #expect(dashboard.contains("\(indicator.code)</span></th><td>—</td><td>&lt;5</td><td>—</td><td>40</td></tr>"))

            // Corrected: one value for the month, the old one and its source in the audit trail.
            try await analyst.get(path)
            #expect(
                try await analyst.post(
                    "\(path)/values", [("month", october.key), ("value", "14"), ("source", "karty kontaktu, korekta")]
                ).status == .seeOther)
            let values = try await ManualIndicatorValue.scoped(to: org, on: t.db).filter(
                \.$indicator.$id == indicator.requireID()
            )
            .all()
            #expect(values.count == 1 && values.first?.value == 14 && values.first?.source == "karty kontaktu, korekta")
            #expect(
                try await t.audit(action: .update).contains {
                    $0.detail == "\(indicator.code) \(october.label): było 3 (karty kontaktu), jest 14 (karty kontaktu, korekta)"
                })
            dashboard = try await analyst.get("/panel/insight").body.string
            #expect(dashboard.contains("\(indicator.code)</span></th><td>—</td><td>14</td><td>—</td><td>40</td></tr>"))
            let page = try await analyst.get(path).body.string
            #expect(page.contains("<th scope=\"row\">\(october.label)</th><td>14</td><td>karty kontaktu, korekta</td>"))

            // The community organiser reads it but cannot type; the coordinator has no indicators.
            let organiser = t.browser()
            try await organiser.login("organizator@cus-jasminowo.example")
            #expect(try await organiser.get(path).status == .ok)
            let coordinator = t.browser()
            try await coordinator.login("koordynator@cus-jasminowo.example")
            #expect(try await coordinator.get(path).status == .forbidden)
            #expect(try await coordinator.get("/panel/insight/own/new").status == .forbidden)
        }
    }

    @Test func indicatorsCreatedAtOnceGetTheNextNumbersWithoutGapsOrTwins() async throws {
        try await withTestApp(adjust: { $0.rateLimitPerMinute = 10_000 }) { t in
            let org = try await t.organisationID("cus-jasminowo")
            let demo = try await ManualIndicator.scoped(to: org, on: t.db).count()
            let browsers = (0..<8).map { _ in t.browser() }
            for b in browsers {
                try await b.login(Self.analyst)
                try await b.get("/panel/insight/own/new")
            }
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for (n, b) in browsers.enumerated() {
                    group.addTask { try await b.post("/panel/insight/own", Self.definition(name: "Wskaźnik \(n)")).status }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { $0 == .seeOther }, "\(statuses)")
            let numbers = try await ManualIndicator.scoped(to: org, on: t.db).all().map(\.number).sorted()
            #expect(numbers == Array(1...(demo + 8)))
        }
    }
}

import Fluent
import Foundation
import OpenCUSCore
import Testing
import Vapor

@testable import OpenCUSWeb

/// The indicators' dashboard on the demo data: the figures match counts taken straight from the
/// database, small values are not shown, and only roles with `view_indicators` get in.
@Suite struct InsightTests {
    @Test func theDirectorSeesEveryIndicatorAndItsTrend() async throws {
        try await withTestApp { t in
            let org = try await t.organisationID("cus-jasminowo")
            let month = InsightPeriod(.month, containing: CalendarDay(t.app.clock.now(), in: WallClock.warsaw))
            // Counted independently: services asked for this month, decisions of refusal this month.
            let requested = try await RequestedService.scoped(to: org, on: t.db).all()
                .filter { month.contains(CalendarDay($0.receivedAt, in: WallClock.warsaw)) }.count
            let sessions = try await ActivitySession.scoped(to: org, on: t.db).all().filter { month.contains($0.day) }.count
            let director = t.browser()
            try await director.login("dyrektor@cus-jasminowo.example")
            let page = try await director.get("/panel/insight")
            #expect(page.status == .ok)
            let html = page.body.string
            for definition in IndicatorCatalogue.all { #expect(html.contains(definition.name), "\(definition.code)") }
            let rule = DisclosureRule.standard
            #expect(html.contains("<td>\(rule.label(requested))</td>"), "DOS-01 this month: \(requested)")
            #expect(html.contains(month.label))
            let trend = try await director.get("/panel/insight/SPO-01")
            #expect(
                trend.status == .ok && trend.body.string.contains("<svg") && trend.body.string.contains("Wartości w miesiącach"))
            #expect(trend.body.string.contains("<th scope=\"row\">\(month.label)</th><td>\(sessions)</td>"))
            #expect(try await director.get("/panel/insight/NIE-MA").status == .notFound)

            let analyst = t.browser()
            try await analyst.login("analityk@cus-jasminowo.example")
            #expect(try await analyst.get("/panel/insight").status == .ok)
            let coordinator = t.browser()
            try await coordinator.login("koordynator@cus-jasminowo.example")
            #expect(try await coordinator.get("/panel/insight").status == .forbidden)
        }
    }

    @Test func theDashboardReadsItsSnapshotWhichIsRecomputedWhenStaleOrOnRequest() async throws {
        try await withTestApp { t in
            let org = try await t.organisationID("cus-jasminowo")
            let director = t.browser()
            try await director.login("dyrektor@cus-jasminowo.example")
            #expect(try await InsightSnapshotRow.scoped(to: org, on: t.db).count() == 0)
            let first = try await director.get("/panel/insight")
            #expect(first.status == .ok && first.body.string.contains("Stan na"))
            let row = try #require(try await InsightSnapshotRow.scoped(to: org, on: t.db).first())
            let before = try #require(try row.snapshot().last(1, of: "DOS-01").first?.value.value)

            // Twelve more services asked for today: the page still shows the snapshot…
            let application = try #require(try await ServiceApplication.scoped(to: org, on: t.db).first())
            let service = try #require(try await ServiceDefinition.scoped(to: org, on: t.db).first())
            for _ in 0..<12 {
                try await RequestedService(
                    organisationID: org, applicationID: try application.requireID(), serviceID: try service.requireID(),
                    outcome: .requested, receivedAt: t.app.clock.now(), criteriaMet: "[]", note: ""
                ).create(on: t.db)
            }
            try await director.get("/panel/insight")
            #expect(
                try await InsightSnapshotRow.scoped(to: org, on: t.db).first()?.snapshot().last(1, of: "DOS-01").first?.value
                    .value == before)
            // …until housekeeping finds it older than a quarter of an hour,
            try await Housekeeping.run(app: t.app)
            #expect(
                try await InsightSnapshotRow.scoped(to: org, on: t.db).first()?.snapshot().last(1, of: "DOS-01").first?.value
                    .value == before)
            t.advanceClock(16 * 60)
            try await Housekeeping.run(app: t.app)
            let refreshed = try #require(try await InsightSnapshotRow.scoped(to: org, on: t.db).first())
            #expect(try refreshed.snapshot().last(1, of: "DOS-01").first?.value.value == before + 12)
            #expect(refreshed.computedAt > row.computedAt)
            // …or someone asks for it.
            for _ in 0..<3 {
                try await RequestedService(
                    organisationID: org, applicationID: try application.requireID(), serviceID: try service.requireID(),
                    outcome: .requested, receivedAt: t.app.clock.now(), criteriaMet: "[]", note: ""
                ).create(on: t.db)
            }
            let asked = try await director.post("/panel/insight/refresh", [])
            #expect(asked.status == .seeOther)
            let location = try #require(asked.headers.first(name: .location))
            #expect(try await director.get(location).body.string.contains("Przeliczono wskaźniki"))
            #expect(
                try await InsightSnapshotRow.scoped(to: org, on: t.db).first()?.snapshot().last(1, of: "DOS-01").first?.value
                    .value == before + 15)
        }
    }
}

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
}

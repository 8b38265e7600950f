import Fluent
import OpenCUSCore
import Vapor

/// The centre's indicators (`IndicatorCatalogue`): a dashboard of every indicator for the last
/// three months with a link to its year of trend, and one indicator's page with its definition,
/// a chart and the same values as a table. Figures are computed when the page opens (the page
/// says when); values resting on fewer people than the small-number rule allows are not shown.
enum InsightController {
    static let months = 12

    static func periods(_ request: Request) -> [InsightPeriod] {
        InsightPeriod.trailing(months, .month, endingWith: CalendarDay(request.clock.now(), in: WallClock.warsaw))
    }

    @Sendable static func dashboard(_ request: Request) async throws -> Response {
        let staff = try request.require(.viewIndicators)
        let facts = try await InsightQueries.facts(staff.organisationID, on: request.db)
        var page = InsightDashboardPage.make(
            facts: facts, periods: Array(periods(request).suffix(3)), computedAt: WarsawTime.format(request.clock.now()),
            rule: try await InsightSettings.of(staff.organisationID, on: request.db).rule,
            layout: try await request.layout(title: "Wskaźniki", section: "insight"))
        if staff.allows(.manageInsightSettings) { page.settingsURL = SiteRoute.insightSettings.url() }
        if staff.allows(.prepareYearlyDocuments) { page.documentsURL = SiteRoute.yearlyDocuments.url() }
        return try await request.render("insight/dashboard", page)
    }

    @Sendable static func indicator(_ request: Request) async throws -> Response {
        let staff = try request.require(.viewIndicators)
        guard let code = request.parameters.get("code"), let definition = IndicatorCatalogue.definition(code) else {
            throw Abort(.notFound)
        }
        let facts = try await InsightQueries.facts(staff.organisationID, on: request.db)
        return try await request.render(
            "insight/indicator",
            InsightIndicatorPage.make(
                definition, facts: facts, periods: periods(request), computedAt: WarsawTime.format(request.clock.now()),
                rule: try await InsightSettings.of(staff.organisationID, on: request.db).rule,
                layout: try await request.layout(title: definition.name, section: "insight")))
    }
}

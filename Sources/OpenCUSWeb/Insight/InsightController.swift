import Fluent
import OpenCUSCore
import Vapor

/// The centre's indicators (`IndicatorCatalogue`): a dashboard of every indicator for the last
/// three months with a link to its year of trend, and one indicator's page with its definition,
/// a chart and the same values as a table. Both read the organisation's snapshot
/// (`InsightSnapshots`), which the page dates; values resting on fewer people than the
/// small-number rule allows are not shown.
enum InsightController {
    static let dashboardMonths = 3

    @Sendable static func dashboard(_ request: Request) async throws -> Response {
        let staff = try request.require(.viewIndicators)
        let (snapshot, computedAt) = try await InsightSnapshots.current(
            staff.organisationID, now: request.clock.now(), on: request.db)
        var page = InsightDashboardPage.make(
            snapshot: snapshot, months: dashboardMonths, computedAt: WarsawTime.format(computedAt),
            rule: try await InsightSettings.of(staff.organisationID, on: request.db).rule,
            layout: try await request.layout(title: "Wskaźniki", section: "insight"))
        if staff.allows(.manageInsightSettings) { page.settingsURL = SiteRoute.insightSettings.url() }
        if staff.allows(.prepareYearlyDocuments) { page.documentsURL = SiteRoute.yearlyDocuments.url() }
        page.refreshed = request.query[String.self, at: "done"] == "refreshed"
        return try await request.render("insight/dashboard", page)
    }

    @Sendable static func indicator(_ request: Request) async throws -> Response {
        let staff = try request.require(.viewIndicators)
        guard let code = request.parameters.get("code"), let definition = IndicatorCatalogue.definition(code) else {
            throw Abort(.notFound)
        }
        let (snapshot, computedAt) = try await InsightSnapshots.current(
            staff.organisationID, now: request.clock.now(), on: request.db)
        return try await request.render(
            "insight/indicator",
            InsightIndicatorPage.make(
                definition, snapshot: snapshot, computedAt: WarsawTime.format(computedAt),
                rule: try await InsightSettings.of(staff.organisationID, on: request.db).rule,
                layout: try await request.layout(title: definition.name, section: "insight")))
    }

    /// "Przelicz teraz": the snapshot computed again from the data as it is now.
    @Sendable static func refresh(_ request: Request) async throws -> Response {
        let staff = try request.require(.viewIndicators)
        try await InsightSnapshots.refresh(staff.organisationID, now: request.clock.now(), on: request.db)
        return request.redirect(to: SiteRoute.insightDashboard.url(query: "done=refreshed"), redirectType: .normal)
    }
}

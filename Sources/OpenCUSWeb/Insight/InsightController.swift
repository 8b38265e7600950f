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
        let (snapshot, computedAt, wholeAt) = try await InsightSnapshots.current(
            staff.organisationID, now: request.clock.now(), on: request.db)
        let services = try await InsightQueries.programmeServices(staff.organisationID, on: request.db).map {
            (try $0.requireID(), $0.name)
        }
        // A service of another programme or organisation is no view: the whole centre then.
        let chosen = request.query[String.self, at: "service"].flatMap(UUID.init(uuidString:)).flatMap { id in
            services.contains { $0.0 == id } ? id : nil
        }
        let rule = try await InsightSettings.of(staff.organisationID, on: request.db).rule
        var page = InsightDashboardPage.make(
            snapshot: snapshot, months: dashboardMonths, computedAt: WarsawTime.format(computedAt), rule: rule,
            services: services,
            service: chosen, layout: try await request.layout(title: "Wskaźniki", section: "insight"))
        page.wholeAt = wholeAt.map(WarsawTime.format)
        if chosen == nil {
            page.own = InsightDashboardPage.ownRows(
                try await ManualIndicator.scoped(to: staff.organisationID, on: request.db).sort(\.$number).all(),
                values: try await ManualIndicatorValue.scoped(to: staff.organisationID, on: request.db).all(),
                periods: Array(snapshot.periods.suffix(dashboardMonths)), rule: rule)
            if staff.allows(.recordOwnIndicators) { page.newOwnURL = SiteRoute.ownIndicatorNew.url() }
        }
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
        let (snapshot, computedAt, _) = try await InsightSnapshots.current(
            staff.organisationID, now: request.clock.now(), on: request.db)
        var page = InsightIndicatorPage.make(
            definition, snapshot: snapshot, computedAt: WarsawTime.format(computedAt),
            rule: try await InsightSettings.of(staff.organisationID, on: request.db).rule,
            labels: try await sliceLabels(staff.organisationID, on: request.db),
            layout: try await request.layout(title: definition.name, section: "insight"))
        if let subject = IndicatorList.subject(code), InsightListController.mayList(subject, staff) {
            page.listURL = SiteRoute.insightList.url(code)
        }
        return try await request.render("insight/indicator", page)
    }

    /// Every service the organisation has defined, by id (older programmes' too).
    static func sliceLabels(_ organisationID: UUID, on db: any Database) async throws -> SliceLabels {
        SliceLabels(
            services: Dictionary(
                try await ServiceDefinition.scoped(to: organisationID, on: db).all().map { (try $0.requireID(), $0.name) },
                uniquingKeysWith: { first, _ in first }))
    }

    /// "Przelicz teraz": the snapshot computed again from the data as it is now.
    @Sendable static func refresh(_ request: Request) async throws -> Response {
        let staff = try request.require(.viewIndicators)
        try await InsightSnapshots.refresh(staff.organisationID, now: request.clock.now(), mode: .recent, on: request.db)
        return request.redirect(to: SiteRoute.insightDashboard.url(query: "done=refreshed"), redirectType: .normal)
    }
}

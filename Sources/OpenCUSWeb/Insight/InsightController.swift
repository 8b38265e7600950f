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
        // `view`: "community", or a service of the programme (also as `service`); anything else
        // (another programme's or organisation's service) is the whole centre.
        let asked = request.query[String.self, at: "view"] ?? request.query[String.self, at: "service"]
        let view: InsightDashboardPage.View =
            asked == "community"
            ? .community
            : asked.flatMap(UUID.init(uuidString:)).flatMap { id in services.contains { $0.0 == id } ? .service(id) : nil }
                ?? .centre
        let rule = try await InsightSettings.of(staff.organisationID, on: request.db).rule
        var page = InsightDashboardPage.make(
            snapshot: snapshot, months: dashboardMonths, computedAt: WarsawTime.format(computedAt), rule: rule,
            services: services, view: view, layout: try await request.layout(title: "Wskaźniki", section: "insight"))
        page.wholeAt = wholeAt.map(WarsawTime.format)
        if view == .community { (page.aims, page.planURL) = try await communityAims(staff.organisationID, on: request.db) }
        if !view.isService {
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

    /// The aims of the community organising plan in force, each with its last measurement and
    /// progress towards its target (the community organiser's view).
    static func communityAims(_ organisationID: UUID, on db: any Database) async throws -> (
        [CommunityPlanContentView.Aim], String?
    ) {
        guard
            let plan = try await CommunityPlan.scoped(to: organisationID, on: db).filter(\.$approvedVersion != nil)
                .sort(\.$updatedAt, .descending).first(),
            let approved = plan.approvedVersion,
            let version = try await CommunityPlanVersion.scoped(to: organisationID, on: db)
                .filter(\.$plan.$id == plan.requireID()).filter(\.$version == approved).first()
        else { return ([], nil) }
        let measurements = try await CommunityPlanMeasurement.scoped(to: organisationID, on: db)
            .filter(\.$plan.$id == plan.requireID()).all().map(\.measurement)
        let view = CommunityPlanContentView.make(try version.content(), names: PlanNames(), measurements: measurements)
        return (view.aims, SiteRoute.communityPlanPage.url(try plan.requireID()))
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

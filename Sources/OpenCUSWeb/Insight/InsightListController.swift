import Fluent
import OpenCUSCore
import Vapor

/// The list behind a number (`IndicatorList`) and a coordinator's own caseload in numbers.
/// A list names people, so it is shown only to those who may open the applications
/// (`manage_applications`) or every plan (`view_all_plans`) anyway, or — in the caseload — only
/// the coordinator's own plans; every list shown is audited with the people on it.
enum InsightListController {
    /// Rows shown at most; the count above the table says how many there are.
    static let maximumRows = 500

    /// The caseload's indicators: the IPUS group, counted over one coordinator's plans.
    static let caseloadCodes = ["IPUS-01", "IPUS-02", "IPUS-04"]

    static func month(_ request: Request) -> InsightPeriod {
        let periods = InsightSnapshots.periods(request.clock.now())
        let key = request.query[String.self, at: "month"]
        return periods.first { $0.key == key } ?? periods[periods.count - 1]
    }

    static func mayList(_ subject: IndicatorList.Subject, _ staff: StaffContext) -> Bool {
        switch subject {
        case .applications: staff.allows(.manageApplications)
        case .plans: staff.allows(.viewAllPlans)
        }
    }

    @Sendable static func list(_ request: Request) async throws -> Response {
        let staff = try request.require(.viewIndicators)
        guard let code = request.parameters.get("code"), let definition = IndicatorCatalogue.definition(code),
            let subject = IndicatorList.subject(code)
        else { throw Abort(.notFound) }
        guard mayList(subject, staff) else {
            throw Abort(.forbidden, reason: "Listę osób za wskaźnikiem widzą osoby, które mogą otwierać wnioski lub plany.")
        }
        let month = month(request)
        // Only the rows that can count in the month (the incremental refresh's window).
        let facts = try await InsightQueries.facts(
            staff.organisationID, parts: subject == .plans ? .plans : .requests, since: month.first, on: request.db)
        let rows = IndicatorList.rows(code, facts, month) ?? []
        return try await render(
            request, staff: staff, definition: definition, month: month, rows: rows,
            formAction: SiteRoute.insightList.url(code), hiddenCode: nil,
            crumbs: [
                .init(label: "Wskaźniki", url: SiteRoute.insightDashboard.url()),
                .init(label: definition.name, url: SiteRoute.insightIndicator.url(code)),
            ], section: "insight")
    }

    /// The coordinator's own plans in numbers: the IPUS indicators over twelve months, exact
    /// (they are the people the coordinator works with), and the list behind each.
    @Sendable static func caseload(_ request: Request) async throws -> Response {
        let staff = try request.require(.managePlans)
        let facts = try await InsightQueries.facts(
            staff.organisationID, parts: .plans, coordinator: staff.userID, on: request.db
        ).caseload(of: staff.userID)
        let periods = InsightSnapshots.periods(request.clock.now())
        if let code = request.query[String.self, at: "code"] {
            guard caseloadCodes.contains(code), let definition = IndicatorCatalogue.definition(code) else {
                throw Abort(.notFound)
            }
            let month = month(request)
            return try await render(
                request, staff: staff, definition: definition, month: month,
                rows: IndicatorList.rows(code, facts, month) ?? [],
                formAction: SiteRoute.insightCaseload.url(), hiddenCode: code,
                crumbs: [
                    .init(label: "IPUS", url: SiteRoute.ipusCaseload.url()),
                    .init(label: "Moje plany w liczbach", url: SiteRoute.insightCaseload.url()),
                ], section: "ipus")
        }
        return try await request.render(
            "insight/caseload",
            CaseloadIndicatorsPage.make(
                facts, periods: periods, codes: caseloadCodes,
                layout: try await request.layout(title: "Moje plany w liczbach", section: "ipus")))
    }

    static func render(
        _ request: Request, staff: StaffContext, definition: IndicatorDefinition, month: InsightPeriod,
        rows: [IndicatorListRow], formAction: String, hiddenCode: String?, crumbs: [InsightListPage.Crumb], section: String
    ) async throws -> Response {
        let shown = Array(rows.suffix(maximumRows))
        let db = request.db
        let people = Set(shown.map(\.person))
        let names = Dictionary(
            try await Person.scoped(to: staff.organisationID, on: db).filter(\.$id ~~ Array(people)).all().map {
                (try $0.requireID(), "\($0.lastName) \($0.firstName)")
            }, uniquingKeysWith: { a, _ in a })
        var numbers: [UUID: String] = [:]
        let applications = shown.compactMap { if case .application(let id) = $0.record { id } else { nil } }
        let plans = shown.compactMap { if case .plan(let id) = $0.record { id } else { nil } }
        for a in try await ServiceApplication.scoped(to: staff.organisationID, on: db).filter(\.$id ~~ applications).all() {
            numbers[try a.requireID()] = a.number
        }
        for p in try await IpusPlan.scoped(to: staff.organisationID, on: db).filter(\.$id ~~ plans).all() {
            numbers[try p.requireID()] = p.number
        }
        try await request.audit(
            .list, plans.isEmpty ? .application : .plan, subjects: people.map { AuditSubject(type: .person, id: $0) },
            detail: "lista za wskaźnikiem \(definition.code) (\(month.label)): \(shown.count) pozycji")
        return try await request.render(
            "insight/list",
            InsightListPage.make(
                definition, month: month, rows: shown, total: rows.count, names: names, numbers: numbers,
                services: try await InsightController.sliceLabels(staff.organisationID, on: db),
                months: InsightSnapshots.periods(request.clock.now()).reversed().map {
                    SelectOption(value: $0.key, label: $0.fullLabel, selected: $0 == month)
                }, formAction: formAction, hiddenCode: hiddenCode, crumbs: crumbs,
                layout: try await request.layout(title: "Sprawy za liczbą: \(definition.name)", section: section)))
    }
}

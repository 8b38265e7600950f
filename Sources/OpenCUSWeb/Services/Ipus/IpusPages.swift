import Fluent
import OpenCUSCore
import SQLKit
import Vapor

/// The IPUS pages: what each shows is decided here, how it looks in `Views/ipus/`. Every page
/// that shows a plan records the read in the audit trail.
enum IpusPages {
    struct Coordinator: Sendable, Encodable {
        let id: UUID
        let name: String
    }

    /// Staff of the organisation who may coordinate plans.
    static func coordinators(_ organisationID: UUID, on db: any Database) async throws -> [Coordinator] {
        let memberships = try await Membership.query(on: db).filter(\.$organisation.$id == organisationID).all()
        let ids = Set(memberships.filter { $0.role.permissions.contains(.managePlans) }.map(\.$user.id))
        guard !ids.isEmpty else { return [] }
        return try await User.query(on: db).filter(\.$id ~~ Array(ids)).filter(\.$isActive == true).sort(\.$name).all().map {
            Coordinator(id: try $0.requireID(), name: $0.name)
        }
    }

    /// Every service of the organisation by id (any programme version: an enrolment may be in an
    /// older one); whether it may enter a plan is checked when saving.
    static func eligibleServices(_ organisationID: UUID, on db: any Database) async throws -> [ServiceDefinition] {
        try await ServiceDefinition.scoped(to: organisationID, on: db).all()
    }

    static func notice(_ done: String?) -> String? {
        switch done {
        case "created": "Rozpoczęto plan. Uzupełnij go razem z osobą."
        case "draft": "Zapisano projekt planu."
        case "submitted": "Przekazano plan do zatwierdzenia."
        case "approved": "Zatwierdzono plan."
        case "returned": "Zwrócono plan do poprawy."
        case "version": "Utworzono nową wersję planu. Wersja zatwierdzona obowiązuje do zatwierdzenia nowej."
        case "progress": "Zapisano postęp celu."
        case "note": "Dodano notatkę."
        case "closing": "Rozpoczęto zamykanie planu: przeprowadź rozmowę podsumowującą i opisz rezultaty."
        case "closed": "Plan zamknięty."
        case "assigned": "Zmieniono przydział koordynatora."
        case "activity": "Zapisano osobę na działanie wspierające."
        case nil: nil
        default: "Zapisano."
        }
    }

    /// Decode → authorise → load → audit the read → make → render.
    static func plan(
        _ request: Request, typed: IpusForm? = nil, errors: FieldErrors = FieldErrors(), error: String? = nil,
        status: HTTPStatus = .ok,
        showTypedDiff: Bool = false
    ) async throws -> Response {
        let (staff, actor) = try IpusController.actor(request)
        let loaded = try await PlanPage.load(
            try IpusController.planID(request), actor: actor, organisationID: staff.organisationID, on: request.db)
        try await request.audit(
            .view, .plan, recordID: loaded.plan.id, subjects: [AuditSubject(type: .person, id: try loaded.person.requireID())],
            detail: "plan \(loaded.plan.number)")
        let page = try PlanPage.make(
            loaded, viewer: actor.viewer, today: CalendarDay(request.clock.now(), in: WallClock.warsaw),
            layout: try await request.layout(title: "IPUS \(loaded.plan.number)", section: "ipus"),
            typed: PlanPage.Typed(form: typed, errors: errors, error: error, showDiff: showTypedDiff),
            notice: notice(request.query[String.self, at: "done"]))
        return try await request.render("ipus/plan", page, status: status)
    }

    // MARK: One version, the print-outs

    @Sendable static func version(_ request: Request) async throws -> Response {
        let (staff, actor) = try IpusController.actor(request)
        let plan = try await IpusService.plan(
            try IpusController.planID(request), actor: actor, organisationID: staff.organisationID, on: request.db)
        guard let n = request.parameters.get("version", as: Int.self),
            let person = try await Person.find(plan.$person.id, in: staff.organisationID, on: request.db)
        else {
            throw Abort(.notFound)
        }
        let v = try await IpusService.version(plan, n, on: request.db)
        let previous = n > 1 ? try await IpusService.version(plan, n - 1, on: request.db) : nil
        try await request.audit(
            .view, .plan, recordID: plan.id, subjects: [AuditSubject(type: .person, id: try person.requireID())],
            detail: "plan \(plan.number), wersja \(n)")
        let page = try VersionPage.make(
            plan, person: person, version: v, previous: previous,
            layout: try await request.layout(title: "IPUS \(plan.number), wersja \(n)", section: "ipus"))
        return try await request.render("ipus/version", page)
    }

    static func printable(_ request: Request, template: String, title: String, requireClosed: Bool) async throws -> Response {
        let (staff, actor) = try IpusController.actor(request)
        let plan = try await IpusService.plan(
            try IpusController.planID(request), actor: actor, organisationID: staff.organisationID, on: request.db)
        guard let person = try await Person.find(plan.$person.id, in: staff.organisationID, on: request.db),
            let organisation = try await Organisation.find(staff.organisationID, on: request.db)
        else { throw Abort(.notFound) }
        if requireClosed && plan.state != .closed {
            throw Abort(.conflict, reason: "Podsumowanie drukuje się po zamknięciu planu.")
        }
        // The plan to sign is the approved one; before approval, the draft (marked as such).
        let v = try await IpusService.version(plan, plan.approvedVersion ?? plan.latestVersion, on: request.db)
        try await request.audit(
            .print, .plan, recordID: plan.id, subjects: [AuditSubject(type: .person, id: try person.requireID())],
            detail: "\(title) \(plan.number)")
        let page = try PrintPage.make(
            plan, version: v, person: person, organisation: organisation,
            layout: try await request.layout(title: "\(title) \(plan.number)", section: "ipus"))
        return try await request.render(template, page)
    }

    @Sendable static func print(_ request: Request) async throws -> Response {
        try await printable(request, template: "ipus/print", title: "Indywidualny plan usług społecznych", requireClosed: false)
    }

    @Sendable static func summary(_ request: Request) async throws -> Response {
        try await printable(request, template: "ipus/summary", title: "Podsumowanie IPUS", requireClosed: true)
    }

    // MARK: Caseload and statistics

    @Sendable static func caseload(_ request: Request) async throws -> Response {
        let (staff, actor) = try IpusController.actor(request)
        let showingAll = actor.seesAll && request.query[String.self, at: "who"] != "mine"
        let loaded = try await CaseloadPage.load(staff, showingAll: showingAll, on: request.db)
        try await request.audit(
            .list, .plan, subjects: loaded.people.map { AuditSubject(type: .person, id: $0) },
            detail: "IPUS: planów \(loaded.plans.count), do opracowania \(loaded.toDraft.count)")
        let page = try CaseloadPage.make(
            loaded, today: CalendarDay(request.clock.now(), in: WallClock.warsaw),
            layout: try await request.layout(title: "Indywidualne plany usług społecznych", section: "ipus"),
            seesAll: actor.seesAll, showingAll: showingAll, csrf: staff.csrfToken)
        return try await request.render("ipus/caseload", page)
    }

    @Sendable static func statistics(_ request: Request) async throws -> Response {
        let staff = try request.require(.viewPlanStatistics)
        let loaded = try await StatisticsPage.load(staff.organisationID, on: request.db)
        let page = StatisticsPage.make(
            loaded, today: CalendarDay(request.clock.now(), in: WallClock.warsaw),
            layout: try await request.layout(title: "IPUS w liczbach", section: "ipus"))
        return try await request.render("ipus/statistics", page)
    }
}

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
        return try await request.render(
            "ipus/version",
            VersionPage(
                layout: try await request.layout(title: "IPUS \(plan.number), wersja \(n)", section: "ipus"),
                id: try plan.requireID(), number: plan.number, person: person.fullName, version: n, state: v.state.polishName,
                reason: v.reason,
                approved: v.approval ?? "—",
                content: [view(v.content)], previous: previous?.version,
                diff: previous.map { IpusDiff.between($0.content, v.content) } ?? []))
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
        return try await request.render(
            template,
            PrintPage(
                layout: try await request.layout(title: "\(title) \(plan.number)", section: "ipus"),
                id: try plan.requireID(), organisation: organisation.name, number: plan.number, version: v.version,
                person: person.fullName,
                coordinator: plan.coordinatorName,
                approved: v.approval ?? "projekt — jeszcze niezatwierdzony",
                content: [view(v.content)], summaryOn: plan.summaryOn?.polish,
                summary: plan.summary))
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
        let db = request.db
        let showingAll = actor.seesAll && request.query[String.self, at: "who"] != "mine"
        var query = IpusPlan.scoped(to: staff.organisationID, on: db).filter(\.$state != .closed)
        if !showingAll {
            query = query.group(.or) { $0.filter(\.$coordinatorUserID == staff.userID).filter(\.$deputyUserID == staff.userID) }
        }
        let plans = try await query.sort(\.$due).all()
        let today = CalendarDay(request.clock.now(), in: WallClock.warsaw)
        let planIDs = try plans.map { try $0.requireID() }
        let persons =
            plans.isEmpty
            ? [:]
            : Dictionary(
                try await Person.scoped(to: staff.organisationID, on: db).filter(\.$id ~~ plans.map(\.$person.id)).all().map {
                    (try $0.requireID(), $0)
                },
                uniquingKeysWith: { a, _ in a })
        let versions =
            plans.isEmpty
            ? [] : try await IpusVersion.scoped(to: staff.organisationID, on: db).filter(\.$plan.$id ~~ planIDs).all()
        let reviews =
            plans.isEmpty
            ? []
            : try await IpusNote.scoped(to: staff.organisationID, on: db).filter(\.$plan.$id ~~ planIDs).filter(
                \.$isReview == true
            ).all()
        var rows: [CaseloadRow] = []
        for plan in plans {
            var alerts: [String] = []
            var urgent = false
            if plan.approvedVersion == nil {
                let due = plan.due
                let clock = IntakeRules.clock(due: due, today: today)
                alerts.append("opracowanie do \(due.polish): \(clock.polish)")
                if case .onTime = clock {} else { urgent = true }
            }
            if let n = plan.approvedVersion, let v = versions.first(where: { $0.$plan.id == plan.id && $0.version == n }) {
                let c = v.content
                let missed = IpusRules.missedReviews(
                    c, notes: reviews.filter { $0.$plan.id == plan.id }.map(\.onDay), today: today)
                if !missed.isEmpty {
                    alerts.append("zaległy przegląd (\(missed.map(\.polish).joined(separator: ", ")))"); urgent = true
                } else if let next = IpusRules.nextReview(c, today: today) {
                    alerts.append("przegląd \(next.polish)")
                }
                if IpusRules.endApproaching(c, today: today) { alerts.append("koniec planu \(c.end.polish)"); urgent = true }
                if c.end < today { alerts.append("okres planu minął \(c.end.polish)"); urgent = true }
            }
            if let latest = versions.first(where: { $0.$plan.id == plan.id && $0.version == plan.latestVersion }),
                latest.state == .awaitingApproval
            {
                alerts.append("wersja \(latest.version) czeka na zatwierdzenie")
            }
            rows.append(
                CaseloadRow(
                    id: try plan.requireID(), number: plan.number, person: persons[plan.$person.id]?.fullName ?? "—",
                    coordinator: plan.coordinatorName + (plan.deputyName.map { " (zastępca: \($0))" } ?? ""),
                    state: plan.state.polishName, alerts: alerts, urgent: urgent,
                    order: plan.year * 100_000 + plan.sequence))
        }
        // Assessments that found an IPUS is needed, with no plan yet.
        let started = Set(try await IpusPlan.scoped(to: staff.organisationID, on: db).all().map(\.$application.id))
        let clocks = try await IntakeQueries.ipusClocks(organisationID: staff.organisationID, limit: 500, on: db).filter {
            !started.contains($0.application_id)
        }
        let toDraft = clocks.map { c in
            ToDraftRow(
                applicationID: c.application_id, number: c.number, person: "\(c.first_name) \(c.last_name)",
                due: c.ipus_due.polish,
                clock: IntakeRules.clock(due: c.ipus_due, today: today).polish)
        }
        try await request.audit(
            .list, .plan,
            subjects: Set(plans.map(\.$person.id) + clocks.map(\.person_id)).sorted { $0.uuidString < $1.uuidString }.map {
                AuditSubject(type: .person, id: $0)
            },
            detail: "IPUS: planów \(rows.count), do opracowania \(toDraft.count)")
        return try await request.render(
            "ipus/caseload",
            CaseloadPage(
                layout: try await request.layout(title: "Indywidualne plany usług społecznych", section: "ipus"),
                rows: rows.sorted { ($0.urgent ? 0 : 1, $0.order) < ($1.urgent ? 0 : 1, $1.order) }, toDraft: toDraft,
                seesAll: actor.seesAll, showingAll: showingAll,
                csrf: staff.csrfToken))
    }

    @Sendable static func statistics(_ request: Request) async throws -> Response {
        let staff = try request.require(.viewPlanStatistics)
        let plans = try await IpusPlan.scoped(to: staff.organisationID, on: request.db).all()
        let today = CalendarDay(request.clock.now(), in: WallClock.warsaw)
        let overdue = plans.filter {
            $0.approvedVersion == nil && $0.state != .closed && $0.due < today
        }.count
        let closed = plans.filter { $0.state == .closed }
        let versions =
            closed.isEmpty
            ? []
            : try await IpusVersion.scoped(to: staff.organisationID, on: request.db).filter(
                \.$plan.$id ~~ closed.map { try $0.requireID() }
            )
            .all()
        let finalGoals = closed.flatMap { p in
            versions.first { $0.$plan.id == p.id && $0.version == p.approvedVersion }?.content.goals ?? []
        }
        return try await request.render(
            "ipus/statistics",
            StatisticsPage(
                layout: try await request.layout(title: "IPUS w liczbach", section: "ipus"),
                states: IpusState.allCases.map { s in .init(label: s.polishName, count: plans.filter { $0.state == s }.count) },
                overdue: overdue,
                goals: GoalStatus.allCases.filter { $0 != .open }.map { s in
                    .init(label: s.polishName, count: finalGoals.filter { $0.status == s }.count)
                }))
    }
}

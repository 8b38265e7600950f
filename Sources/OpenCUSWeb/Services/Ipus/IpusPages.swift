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

    static func plan(
        _ request: Request, typed: IpusForm? = nil, errors: FieldErrors = FieldErrors(), error: String? = nil,
        status: HTTPStatus = .ok,
        showTypedDiff: Bool = false
    ) async throws -> Response {
        let (staff, actor) = try IpusController.actor(request)
        let db = request.db
        let plan = try await IpusService.plan(
            try IpusController.planID(request), actor: actor, organisationID: staff.organisationID, on: db)
        guard let person = try await Person.find(plan.$person.id, in: staff.organisationID, on: db),
            let application = try await ServiceApplication.find(plan.$application.id, in: staff.organisationID, on: db)
        else { throw Abort(.notFound) }
        let versions = try await IpusVersion.scoped(to: staff.organisationID, on: db).filter(\.$plan.$id == plan.requireID())
            .sort(
                \.$version
            ).all()
        let inForce = versions.first { $0.version == plan.approvedVersion }
        let latest = versions.last!
        let draft = latest.state == .drafting || latest.state == .awaitingApproval ? latest : nil
        let notes = try await IpusNote.scoped(to: staff.organisationID, on: db).filter(\.$plan.$id == plan.requireID()).sort(
            \.$onDay, .descending
        ).sort(\.$createdAt, .descending).all()
        let today = CalendarDay(request.clock.now(), in: WallClock.warsaw)

        let actions = IpusActions(
            IpusActions.Plan(
                state: plan.state, draft: draft?.state, hasVersionInForce: inForce != nil, coordinatorID: plan.coordinatorUserID,
                deputyID: plan.deputyUserID),
            viewer: actor.viewer)
        let editable = actions.edit
        var form: FormView?
        var typedDiff: [IpusDiff.Change] = []
        if editable, let draft {
            let services = try await eligibleServices(staff.organisationID, on: db)
            let enrolled = Set(
                try await Enrolment.scoped(to: staff.organisationID, on: db).filter(\.$person.$id == person.requireID()).filter(
                    \.$active == true
                ).all().map(\.$service.id))
            let catalogue = try await Catalogue.load(try await Organisation.find(staff.organisationID, on: db)!, on: db)
            let inForceIDs = Set(try catalogue?.services.map { try $0.requireID() } ?? [])
            let options = try services.filter {
                try enrolled.contains($0.requireID()) || (inForceIDs.contains($0.requireID()) && $0.ipusEligible)
            }
            .sorted { $0.name < $1.name }
            .map {
                (
                    id: try $0.requireID(),
                    label: $0.name
                        + (enrolled.contains(try $0.requireID()) ? " (osoba zakwalifikowana)" : " (osoba niezakwalifikowana)")
                )
            }
            form = formView(typed ?? IpusForm(draft.content), errors: errors, services: options)
            if showTypedDiff, let typed,
                case .success(let valid) = typed.validate(
                    keeping: nil,
                    serviceNames: Dictionary(uniqueKeysWithValues: try services.map { (try $0.requireID(), $0.name) }))
            {
                typedDiff = IpusDiff.between(draft.content, valid.content)
            }
        }
        let staffList = plan.state != .closed && actor.seesAll ? try await coordinators(staff.organisationID, on: db) : []
        let clock: String? =
            plan.approvedVersion == nil && plan.state != .closed
            ? "Termin opracowania i zatwierdzenia: \(plan.due.polish) — \(IntakeRules.clock(due: plan.due, today: today).polish)"
            : nil
        var reviewClock: String?
        var endClock: String?
        if let inForce, plan.state == .active || plan.state == .closing {
            let c = inForce.content
            let missed = IpusRules.missedReviews(
                c, notes: notes.filter(\.isReview).map(\.onDay), today: today)
            if !missed.isEmpty {
                reviewClock = "Zaległy przegląd: \(missed.map(\.polish).joined(separator: ", ")) — dodaj notatkę z przeglądu."
            } else if let next = IpusRules.nextReview(c, today: today) {
                reviewClock = "Najbliższy przegląd: \(next.polish) (\(IntakeRules.clock(due: next, today: today).polish))."
            }
            if IpusRules.endApproaching(c, today: today) {
                endClock = "Plan kończy się \(c.end.polish) — zaplanuj rozmowę podsumowującą."
            } else if c.end < today {
                endClock = "Okres planu minął \(c.end.polish) — zamknij plan."
            }
        }
        var deliveries: [DeliveryLine] = []
        if let inForce {
            let month = Month(today)
            let services = inForce.content.items.filter { $0.kind == .service && $0.enrolmentID != nil }
            // One query for every service of the plan (not one per item).
            let all = try await DeliveryRecord.scoped(to: staff.organisationID, on: db).filter(
                \.$enrolment.$id ~~ services.compactMap(\.enrolmentID)
            )
            .sort(\.$onDay, .descending).all()
            let byEnrolment = Dictionary(grouping: all, by: \.$enrolment.id)
            for item in services {
                guard let enrolmentID = item.enrolmentID else { continue }
                let records = byEnrolment[enrolmentID] ?? []
                let mine = records.filter { $0.onDay >= month.first && $0.onDay <= month.last }
                deliveries.append(
                    DeliveryLine(
                        enrolmentID: enrolmentID, service: item.name,
                        thisMonth: "\(mine.filter { $0.attendance == .attended }.count) z \(mine.count) zajęć z obecnością",
                        last: records.first.map {
                            "\($0.onDay.polish): \($0.attendance.polishName)"
                        } ?? "brak zapisów"))
            }
        }
        try await request.audit(
            .view, .plan, recordID: plan.id, subjects: [AuditSubject(type: .person, id: try person.requireID())],
            detail: "plan \(plan.number)")
        let page = PlanPage(
            layout: try await request.layout(title: "IPUS \(plan.number)", section: "ipus"),
            id: try plan.requireID(), number: plan.number, person: person.fullName, personID: try person.requireID(),
            applicationID: try application.requireID(),
            applicationNumber: application.number,
            coordinator: plan.coordinatorName, deputy: plan.deputyName,
            state: plan.state.polishName + (draft != nil && inForce != nil ? " — nowa wersja \(draft!.state.polishName)" : ""),
            stateValue: plan.state.rawValue, revision: plan.revision, clock: clock, reviewClock: reviewClock, endClock: endClock,
            inForce: inForce.map { [view($0.content)] } ?? [], inForceVersion: inForce?.version,
            approvedBy: inForce?.approval,
            draft: draft.map { [view($0.content)] } ?? [], draftVersion: draft?.version, draftState: draft?.state.polishName,
            returnNote: draft.flatMap { $0.returnNote.isEmpty ? nil : $0.returnNote },
            draftDiff: draft.flatMap { d in inForce.map { IpusDiff.between($0.content, d.content) } } ?? [],
            typedDiff: typedDiff, form: form,
            versions: versions.reversed().map { v in
                VersionRow(
                    version: v.version, state: v.state.polishName, reason: v.reason,
                    created: "\(v.createdBy), \(WarsawTime.format(v.createdAt))",
                    approved: v.approval ?? "—")
            },
            deliveries: deliveries,
            notes: notes.map {
                NoteView(
                    on: $0.onDay.polish, author: $0.author, what: $0.what,
                    providerFeedback: $0.providerFeedback,
                    personView: $0.personView, isReview: $0.isReview)
            },
            goalStatuses: GoalStatus.allCases.map { SelectOption(value: $0.rawValue, label: $0.polishName) },
            attainmentOptions: [SelectOption(value: "", label: "— oceń —")]
                + GoalStatus.allCases.filter { $0 != .open }.map { SelectOption(value: $0.rawValue, label: $0.polishName) },
            coordinators: staffList.map {
                SelectOption(value: $0.id.uuidString, label: $0.name, selected: $0.id == plan.coordinatorUserID)
            },
            deputies: [SelectOption(value: "", label: "— bez zastępcy —", selected: plan.deputyUserID == nil)]
                + staffList.map { SelectOption(value: $0.id.uuidString, label: $0.name, selected: $0.id == plan.deputyUserID) },
            summaryOn: plan.summaryOn?.polish, summary: plan.summary, today: today.iso,
            canEdit: actions.edit, canSubmit: actions.submit, canApprove: actions.approve, canNewVersion: actions.newVersion,
            canProgress: actions.progress, canNote: actions.note, canStartClosing: actions.startClosing, canClose: actions.close,
            canAssign: actions.assign,
            errors: errors, errorList: errors.messages.values.sorted(), error: error,
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

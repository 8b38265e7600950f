import Fluent
import OpenCUSCore
import Vapor

/// The plan of organising the local community: written by the community organiser, approved by
/// the director, changed only through a new version (with a table of changes), and sent to
/// consultation with the Community I engine.
enum CommunityPlanController {
    static func today(_ request: Request) -> CalendarDay { CalendarDay(request.clock.now(), in: WallClock.warsaw) }

    static func plan(_ request: Request, _ staff: StaffContext) async throws -> CommunityPlan {
        guard let id = request.parameters.get("planID", as: UUID.self),
            let plan = try await CommunityPlan.find(id, in: staff.organisationID, on: request.db)
        else { throw Abort(.notFound) }
        return plan
    }

    static func version(_ plan: CommunityPlan, _ number: Int, on db: any Database) async throws -> CommunityPlanVersion {
        guard
            let version = try await CommunityPlanVersion.query(on: db).filter(\.$plan.$id == plan.requireID())
                .filter(\.$version == number).first()
        else { throw Abort(.notFound) }
        return version
    }

    /// The plan re-read under its row lock, for a change that checks then writes.
    static func locked(_ id: UUID, on db: any Database) async throws -> CommunityPlan {
        try await db.lockForUpdate(CommunityPlan.self, id: id)
        guard let plan = try await CommunityPlan.find(id, on: db) else { throw Abort(.notFound) }
        return plan
    }

    static func versions(_ plan: CommunityPlan, on db: any Database) async throws -> [CommunityPlanVersion] {
        try await CommunityPlanVersion.query(on: db).filter(\.$plan.$id == plan.requireID()).sort(\.$version).all()
    }

    /// The version the monitoring and the summary follow: the one in force, or the newest before
    /// any was approved.
    static func governing(_ plan: CommunityPlan, on db: any Database) async throws -> CommunityPlanVersion {
        try await version(plan, plan.approvedVersion ?? plan.latestVersion, on: db)
    }

    /// What ids in the plan may point to: the organisation's partners, activities and the
    /// recommendations of its diagnoses.
    static func names(_ organisationID: UUID, on db: any Database) async throws -> PlanNames {
        let activities = try await Activity.scoped(to: organisationID, on: db).all()
        let recommendations = try await DiagnosisRecommendation.scoped(to: organisationID, on: db).sort(\.$number).all()
        // Each diagnosis numbers its recommendations from 1: the data year tells them apart.
        let years = Dictionary(
            uniqueKeysWithValues: try await Diagnosis.scoped(to: organisationID, on: db).all().compactMap { d in
                d.id.map { ($0, d.dataYear) }
            })
        func label(_ r: DiagnosisRecommendation) -> String {
            "Diagnoza (dane z \(years[r.$diagnosis.id].map(String.init) ?? "—") r.), rekomendacja \(r.number): \(r.text)"
        }
        return PlanNames(
            partners: try await Partner.names(organisationID, on: db),
            activities: Dictionary(uniqueKeysWithValues: activities.compactMap { a in a.id.map { ($0, a.title) } }),
            recommendations: Dictionary(uniqueKeysWithValues: recommendations.compactMap { r in r.id.map { ($0, label(r)) } }))
    }

    // MARK: List and a new plan

    @Sendable static func list(_ request: Request) async throws -> Response {
        let staff = try request.require(.viewCommunitySummary)
        return try await renderList(request, staff, form: nil, errors: FieldErrors())
    }

    static func renderList(
        _ request: Request, _ staff: StaffContext, form: CommunityPlanForm?, errors: FieldErrors, status: HTTPStatus = .ok
    ) async throws -> Response {
        let plans = try await CommunityPlan.scoped(to: staff.organisationID, on: request.db).sort(\.$createdAt, .descending)
            .all()
        var rows: [CommunityPlanListPage.Row] = []
        for plan in plans {
            let governing = try await governing(plan, on: request.db)
            let latest = try await version(plan, plan.latestVersion, on: request.db)
            rows.append(try .init(plan, governing: governing.content(), latest: latest))
        }
        var blank = CommunityPlanForm()
        if form == nil {
            let year = today(request).year
            blank.title = "Plan organizowania społeczności lokalnej na lata \(year)–\(year + 1)"
            (blank.start, blank.end) = ("\(year)-01-01", "\(year + 1)-12-31")
        }
        return try await request.render(
            "community-plan/list",
            CommunityPlanListPage(
                layout: try await request.layout(title: "Plan organizowania społeczności", section: "community-plan"),
                plans: rows, form: form ?? blank, errors: errors,
                canManage: staff.allows(.manageCommunityPlan)),
            status: status)
    }

    @Sendable static func create(_ request: Request) async throws -> Response {
        let staff = try request.require(.manageCommunityPlan)
        let form = try CommunityPlanFormDecoding.decode(request)
        let names = try await names(staff.organisationID, on: request.db)
        switch form.validate(names: names) {
        case .failure(let errors):
            return try await renderList(request, staff, form: form, errors: errors, status: .unprocessableEntity)
        case .success(let content):
            let now = request.clock.now()
            let plan = CommunityPlan(organisationID: staff.organisationID, title: content.title, by: staff.userName, now: now)
            try await request.db.writeTransaction { db in
                try await plan.create(on: db)
                let version = try CommunityPlanVersion(
                    organisationID: staff.organisationID, planID: try plan.requireID(), version: 1, content: content, reason: "",
                    by: staff.userName, now: now)
                try await version.create(on: db)
                try await request.auditChange(
                    .create, .communityPlan, recordID: try plan.requireID(), detail: "plan OSL: utworzono wersję 1", on: db)
            }
            return request.redirect(
                to: SiteRoute.communityPlanEdit.url(try plan.requireID(), query: "done=created"), redirectType: .normal)
        }
    }

    // MARK: The plan's page

    @Sendable static func page(_ request: Request) async throws -> Response {
        let staff = try request.require(.manageCommunityPlan)
        let plan = try await plan(request, staff)
        return try await render(request, staff, plan)
    }

    static func render(
        _ request: Request, _ staff: StaffContext, _ plan: CommunityPlan, problem: String? = nil, status: HTTPStatus = .ok
    ) async throws -> Response {
        let versions = try await versions(plan, on: request.db)
        let names = try await names(staff.organisationID, on: request.db)
        let measurements = try await CommunityPlanMeasurement.query(on: request.db).filter(\.$plan.$id == plan.requireID())
            .sort(\.$day).all()
        let consultation = try await plan.consultationRoundID.asyncFlatMap {
            try await ConsultationRound.find($0, in: staff.organisationID, on: request.db)
        }
        let notice = status == .ok ? request.query[String.self, at: "done"].flatMap { CommunityPlanPage.notices[$0] } : nil
        return try await request.render(
            "community-plan/page",
            try CommunityPlanPage.make(
                plan, versions: versions, names: names, measurements: measurements.map(\.measurement),
                consultation: consultation, staff: staff, notice: notice, problem: problem,
                layout: try await request.layout(title: plan.title, section: "community-plan")),
            status: status)
    }

    @Sendable static func versionPage(_ request: Request) async throws -> Response {
        let staff = try request.require(.manageCommunityPlan)
        let plan = try await plan(request, staff)
        guard let number = request.parameters.get("version", as: Int.self) else { throw Abort(.notFound) }
        let shown = try await version(plan, number, on: request.db)
        let previous = number > 1 ? try await version(plan, number - 1, on: request.db) : nil
        let names = try await names(staff.organisationID, on: request.db)
        return try await request.render(
            "community-plan/version",
            try CommunityPlanVersionPage.make(
                plan, shown, previous: previous, names: names,
                layout: try await request.layout(title: "\(plan.title), wersja \(number)", section: "community-plan")))
    }

    // MARK: Editing the draft

    @Sendable static func editForm(_ request: Request) async throws -> Response {
        let staff = try request.require(.manageCommunityPlan)
        let plan = try await plan(request, staff)
        let draft = try await version(plan, plan.latestVersion, on: request.db)
        guard draft.state.editable else {
            return request.redirect(to: SiteRoute.communityPlanPage.url(try plan.requireID()), redirectType: .normal)
        }
        return try await renderForm(request, staff, plan, form: CommunityPlanForm(try draft.content()), errors: FieldErrors())
    }

    static func renderForm(
        _ request: Request, _ staff: StaffContext, _ plan: CommunityPlan, form: CommunityPlanForm, errors: FieldErrors,
        stale: Bool = false, status: HTTPStatus = .ok
    ) async throws -> Response {
        let names = try await names(staff.organisationID, on: request.db)
        let notice = status == .ok ? request.query[String.self, at: "done"].flatMap { CommunityPlanFormPage.notices[$0] } : nil
        return try await request.render(
            "community-plan/form",
            CommunityPlanFormPage.make(
                plan, form: form, errors: errors, names: names, stale: stale, notice: notice,
                layout: try await request.layout(title: "Edycja: \(plan.title)", section: "community-plan")),
            status: status)
    }

    @Sendable static func save(_ request: Request) async throws -> Response {
        let staff = try request.require(.manageCommunityPlan)
        let plan = try await plan(request, staff)
        let form = try CommunityPlanFormDecoding.decode(request)
        let revision = CommunityPlanFormDecoding.revision(request)
        let names = try await names(staff.organisationID, on: request.db)
        switch form.validate(names: names) {
        case .failure(let errors):
            return try await renderForm(request, staff, plan, form: form, errors: errors, status: .unprocessableEntity)
        case .success(let content):
            do {
                try await request.db.writeTransaction { db in
                    let plan = try await locked(try plan.requireID(), on: db)
                    guard plan.revision == revision else { throw CommunityPlanProblem.stale }
                    let draft = try await version(plan, plan.latestVersion, on: db)
                    guard draft.state.editable else { throw CommunityPlanProblem.notDraft }
                    try draft.set(content)
                    try await draft.save(on: db)
                    try await touch(plan, staff, request, title: content.title, on: db)
                    try await request.auditChange(
                        .update, .communityPlan, recordID: try plan.requireID(),
                        detail: "plan OSL: zapisano wersję \(draft.version) (projekt)", on: db)
                }
            } catch CommunityPlanProblem.stale {
                return try await renderForm(
                    request, staff, plan, form: form, errors: FieldErrors(), stale: true, status: .conflict)
            }
            return request.redirect(
                to: SiteRoute.communityPlanPage.url(try plan.requireID(), query: "done=saved"), redirectType: .normal)
        }
    }

    static func touch(_ plan: CommunityPlan, _ staff: StaffContext, _ request: Request, title: String? = nil, on db: any Database)
        async throws
    {
        if let title { plan.title = title }
        plan.revision += 1
        (plan.updatedBy, plan.updatedAt) = (staff.userName, request.clock.now())
        try await plan.save(on: db)
    }

    // MARK: Approval and new versions

    /// Runs one step of the plan's life under the plan's lock; a refused step re-renders the
    /// plan page with the reason.
    static func step(
        _ request: Request, _ staff: StaffContext, done: String,
        _ body: @escaping @Sendable (CommunityPlan, CommunityPlanVersion, any Database) async throws -> String
    ) async throws -> Response {
        let plan = try await plan(request, staff)
        do {
            try await request.db.writeTransaction { db in
                let plan = try await locked(try plan.requireID(), on: db)
                let latest = try await version(plan, plan.latestVersion, on: db)
                let detail = try await body(plan, latest, db)
                try await touch(plan, staff, request, on: db)
                try await request.auditChange(.update, .communityPlan, recordID: try plan.requireID(), detail: detail, on: db)
            }
        } catch let problem as CommunityPlanProblem {
            return try await render(request, staff, plan, problem: problem.message, status: .unprocessableEntity)
        }
        return request.redirect(
            to: SiteRoute.communityPlanPage.url(try plan.requireID(), query: "done=\(done)"), redirectType: .normal)
    }

    @Sendable static func submit(_ request: Request) async throws -> Response {
        let staff = try request.require(.manageCommunityPlan)
        let now = request.clock.now()
        return try await step(request, staff, done: "submitted") { _, latest, db in
            guard latest.state == .drafting else { throw CommunityPlanProblem.notDraft }
            let missing = CommunityPlanRules.missingForApproval(try latest.content())
            guard missing.isEmpty else { throw CommunityPlanProblem.incomplete(missing) }
            (latest.state, latest.submittedAt, latest.returnNote) = (.awaitingApproval, now, "")
            try await latest.save(on: db)
            return "plan OSL: wersja \(latest.version) przekazana do zatwierdzenia"
        }
    }

    struct NoteBody: Content {
        var note: String?
        var reason: String?
    }

    @Sendable static func approve(_ request: Request) async throws -> Response {
        let staff = try request.require(.approveCommunityPlan)
        let day = today(request)
        return try await step(request, staff, done: "approved") { plan, latest, db in
            guard latest.state == .awaitingApproval else { throw CommunityPlanProblem.notAwaiting }
            if let previous = plan.approvedVersion {
                let old = try await version(plan, previous, on: db)
                old.state = .superseded
                try await old.save(on: db)
            }
            (latest.state, latest.approvedByUserID, latest.approvedBy, latest.approvedOn) = (
                .approved, staff.userID, staff.userName, day
            )
            try await latest.save(on: db)
            plan.approvedVersion = latest.version
            return "plan OSL: zatwierdzono wersję \(latest.version)"
        }
    }

    @Sendable static func sendBack(_ request: Request) async throws -> Response {
        let staff = try request.require(.approveCommunityPlan)
        let note = TextInput.clean(try request.content.decode(NoteBody.self).note, multiline: true)
        return try await step(request, staff, done: "returned") { _, latest, db in
            guard latest.state == .awaitingApproval else { throw CommunityPlanProblem.notAwaiting }
            guard !note.isEmpty, note.count <= 2_000 else { throw CommunityPlanProblem.noteNeeded }
            (latest.state, latest.returnNote) = (.drafting, note)
            try await latest.save(on: db)
            return "plan OSL: wersja \(latest.version) zwrócona do poprawy"
        }
    }

    @Sendable static func newVersion(_ request: Request) async throws -> Response {
        let staff = try request.require(.manageCommunityPlan)
        let reason = TextInput.clean(try request.content.decode(NoteBody.self).reason, multiline: true)
        let now = request.clock.now()
        let response = try await step(request, staff, done: "new-version") { plan, latest, db in
            guard latest.state == .approved else { throw CommunityPlanProblem.draftExists }
            guard !reason.isEmpty, reason.count <= 2_000 else { throw CommunityPlanProblem.reasonNeeded }
            let next = try CommunityPlanVersion(
                organisationID: staff.organisationID, planID: try plan.requireID(), version: latest.version + 1,
                content: try latest.content(), reason: reason, by: staff.userName, now: now)
            try await next.create(on: db)
            plan.latestVersion = next.version
            return "plan OSL: rozpoczęto wersję \(next.version)"
        }
        guard response.status == .seeOther, let id = request.parameters.get("planID", as: UUID.self) else { return response }
        return request.redirect(to: SiteRoute.communityPlanEdit.url(id, query: "done=new-version"), redirectType: .normal)
    }

    // MARK: Consultation

    /// Sends the newest version to consultation with the Community I engine: a draft round whose
    /// document has a section per part of the plan and a paragraph per aim and action, so
    /// residents can comment on one action.
    @Sendable static func consult(_ request: Request) async throws -> Response {
        let staff = try request.require(.manageCommunityPlan)
        guard staff.allows(.manageConsultations) else {
            throw Abort(.forbidden, reason: "Konsultacje przygotowuje osoba z uprawnieniem do konsultacji społecznych.")
        }
        let plan = try await plan(request, staff)
        if let existing = try await plan.consultationRoundID.asyncFlatMap({
            try await ConsultationRound.find($0, in: staff.organisationID, on: request.db)
        }) {
            return request.redirect(to: SiteRoute.consultationRound.url(try existing.requireID()), redirectType: .normal)
        }
        let latest = try await version(plan, plan.latestVersion, on: request.db)
        let content = try latest.content()
        let names = try await names(staff.organisationID, on: request.db)
        var form = ConsultationRoundForm()
        form.subject = "Projekt planu: \(content.title) (wersja \(latest.version))"
        form.aim =
            "Poznanie opinii mieszkańców, organizacji i grup nieformalnych o planie organizowania społeczności lokalnej przed jego zatwierdzeniem."
        let areas = content.areas.joined(separator: ", ")
        form.scope = areas.count <= 300 ? areas : "obszary wymienione w planie (\(content.areas.count))"
        form.documentTitle = content.title
        form.document = CommunityPlanDocument.markdown(content, names: names)
        let day = today(request)
        (form.firstDay, form.lastDay, form.coordinator) = (day.adding(days: 7).iso, day.adding(days: 21).iso, staff.userName)
        guard case .success(let valid) = form.validate() else {
            return try await render(
                request, staff, plan,
                problem: "Plan jest za długi albo niepełny na konsultacje: uzupełnij obszary i skróć opisy działań.",
                status: .unprocessableEntity)
        }
        let round = try await ConsultationService.create(
            form, valid, actor: AuditActor(staff, request), now: request.clock.now(), on: request.db)
        try await request.db.writeTransaction { db in
            let plan = try await locked(try plan.requireID(), on: db)
            plan.consultationRoundID = try round.requireID()
            try await touch(plan, staff, request, on: db)
            try await request.auditChange(
                .update, .communityPlan, recordID: try plan.requireID(),
                detail: "plan OSL: wersja \(latest.version) skierowana do konsultacji", on: db)
        }
        return request.redirect(
            to: SiteRoute.consultationRound.url(try round.requireID(), query: "done=created"), redirectType: .normal)
    }
}

/// Why a step of the plan's life was refused, in words for the page.
enum CommunityPlanProblem: Error {
    case stale
    case notDraft
    case notAwaiting
    case draftExists
    case incomplete([String])
    case noteNeeded
    case reasonNeeded

    var message: String {
        switch self {
        case .stale: "Ktoś zmienił plan w międzyczasie. Odśwież stronę i spróbuj jeszcze raz."
        case .notDraft: "Tę wersję już przekazano do zatwierdzenia albo zatwierdzono: zmiany wymagają nowej wersji."
        case .notAwaiting: "Ta wersja nie czeka na zatwierdzenie."
        case .draftExists: "Nowa wersja jest już w opracowaniu: zmień ją zamiast zaczynać kolejną."
        case .incomplete(let missing): "Plan nie jest gotowy do zatwierdzenia. " + missing.joined(separator: " ")
        case .noteNeeded: "Napisz, co trzeba poprawić (najwyżej 2000 znaków): uwaga trafi do autora planu."
        case .reasonNeeded: "Napisz, dlaczego plan się zmienia (najwyżej 2000 znaków): powód trafi do tabeli zmian."
        }
    }
}

import Fluent
import OpenCUSCore
import Vapor

/// The diagnosis of needs and potential for staff: prepared in sections with typed and
/// OpenCUS's own figures, recommendations linked to the programme's services, sent to
/// consultation through the same engine, adopted (the five-year clock starts) and published.
enum DiagnosisController {
    static func context(_ request: Request) async throws -> (StaffContext, Organisation) {
        let staff = try request.require(.manageDiagnosis)
        guard let organisation = try await Organisation.find(staff.organisationID, on: request.db) else {
            throw Abort(.notFound)
        }
        return (staff, organisation)
    }

    static func diagnosis(_ request: Request, _ staff: StaffContext) async throws -> Diagnosis {
        guard let id = request.parameters.get("diagnosisID", as: UUID.self),
            let diagnosis = try await Diagnosis.find(id, in: staff.organisationID, on: request.db)
        else { throw Abort(.notFound) }
        return diagnosis
    }

    static func today(_ request: Request) -> CalendarDay { CalendarDay(request.clock.now(), in: WallClock.warsaw) }

    static func audit(
        _ request: Request, _ staff: StaffContext, _ id: UUID, _ action: AuditAction, _ detail: String, on db: any Database
    )
        async throws
    {
        try await Audit.append(
            AuditEvent(
                actor: AuditActor(staff, request), organisationID: staff.organisationID, action: action,
                recordType: .diagnosis, recordID: id, detail: detail),
            at: request.clock.now(), on: db)
    }

    // MARK: List

    struct CreateForm: Content {
        var title: String?
        var dataYear: String?
    }

    @Sendable static func list(_ request: Request) async throws -> Response {
        let (staff, _) = try await context(request)
        var form = DiagnosisTextsForm()
        form.dataYear = String(today(request).year - 1)
        return try await renderList(request, staff, form: form, errors: FieldErrors())
    }

    static func renderList(
        _ request: Request, _ staff: StaffContext, form: DiagnosisTextsForm, errors: FieldErrors, status: HTTPStatus = .ok
    ) async throws -> Response {
        let diagnoses = try await Diagnosis.scoped(to: staff.organisationID, on: request.db).sort(\.$createdAt, .descending)
            .sort(\.$dataYear, .descending).all()
        return try await request.render(
            "diagnosis/list",
            try DiagnosisListPage.make(
                diagnoses, clock: try await Diagnosis.clock(staff.organisationID, today: today(request), on: request.db),
                form: form, errors: errors,
                layout: try await request.layout(title: "Diagnoza potrzeb i potencjału", section: "diagnosis")),
            status: status)
    }

    @Sendable static func create(_ request: Request) async throws -> Response {
        let (staff, _) = try await context(request)
        let form = try request.content.decode(DiagnosisTextsForm.self)
        switch form.validate(today: today(request)) {
        case .failure(let errors):
            return try await renderList(request, staff, form: form, errors: errors, status: .unprocessableEntity)
        case .success(let (title, year)):
            let now = request.clock.now()
            let diagnosis = Diagnosis(
                organisationID: staff.organisationID, title: title, dataYear: year, status: .inPreparation, adoptedByAct: "",
                situation: "", needs: "", resources: "", voice: "", conclusions: "", revision: 1, updatedBy: staff.userName,
                updatedAt: now, createdAt: now)
            try await request.db.writeTransaction { db in
                try await diagnosis.create(on: db)
                try await audit(request, staff, try diagnosis.requireID(), .create, "diagnoza: utworzono", on: db)
            }
            return request.redirect(
                to: SiteRoute.diagnosisPage.url(try diagnosis.requireID(), query: "done=created"), redirectType: .normal)
        }
    }

    // MARK: One diagnosis

    static func render(
        _ request: Request, _ staff: StaffContext, _ organisation: Organisation, _ diagnosis: Diagnosis,
        texts: DiagnosisTextsForm? = nil, textErrors: FieldErrors = FieldErrors(), statusForm: DiagnosisStatusForm? = nil,
        statusErrors: FieldErrors = FieldErrors(), indicator: DiagnosisIndicatorForm = DiagnosisIndicatorForm(),
        indicatorErrors: FieldErrors = FieldErrors(), recommendation: RecommendationForm = RecommendationForm(),
        recommendationErrors: FieldErrors = FieldErrors(), conflict: String? = nil, status: HTTPStatus = .ok
    ) async throws -> Response {
        let data = try await DiagnosisPage.Data.load(diagnosis, organisationID: staff.organisationID, on: request.db)
        let done = request.query[String.self, at: "done"]
        return try await request.render(
            "diagnosis/page",
            try DiagnosisPage.make(
                diagnosis, organisation: organisation, data: data, today: today(request),
                texts: texts ?? DiagnosisTextsForm(diagnosis),
                textErrors: textErrors, statusForm: statusForm, statusErrors: statusErrors, indicator: indicator,
                indicatorErrors: indicatorErrors, recommendation: recommendation, recommendationErrors: recommendationErrors,
                notice: status == .ok ? done.flatMap { DiagnosisPage.notices[$0] } : nil, conflict: conflict,
                layout: try await request.layout(title: diagnosis.title, section: "diagnosis")),
            status: status)
    }

    @Sendable static func page(_ request: Request) async throws -> Response {
        let (staff, organisation) = try await context(request)
        return try await render(request, staff, organisation, try await diagnosis(request, staff))
    }

    static func done(_ diagnosis: Diagnosis, _ what: String, fragment: String? = nil) throws -> String {
        SiteRoute.diagnosisPage.url(try diagnosis.requireID(), query: "done=\(what)", fragment: fragment)
    }

    @Sendable static func saveTexts(_ request: Request) async throws -> Response {
        let (staff, organisation) = try await context(request)
        let diagnosis = try await diagnosis(request, staff)
        let form = try request.content.decode(DiagnosisTextsForm.self)
        let title: String
        let year: Int
        switch form.validate(today: today(request)) {
        case .failure(let errors):
            return try await render(
                request, staff, organisation, diagnosis, texts: form, textErrors: errors, status: .unprocessableEntity)
        case .success(let valid): (title, year) = valid
        }
        let id = try diagnosis.requireID()
        do {
            try await request.db.writeTransaction { db in
                try await db.lockForUpdate(Diagnosis.self, id: id)
                guard let current = try await Diagnosis.find(id, in: staff.organisationID, on: db) else { throw Abort(.notFound) }
                guard String(current.revision) == form.revision else {
                    throw ConsultationError.changed(by: current.updatedBy, at: current.updatedAt)
                }
                current.title = title
                current.dataYear = year
                for section in DiagnosisSection.allCases { current.setText(section, form.text(section)) }
                current.revision += 1
                current.updatedBy = staff.userName
                current.updatedAt = request.clock.now()
                try await current.update(on: db)
                try await audit(request, staff, id, .update, "diagnoza: zapisano tekst", on: db)
            }
        } catch ConsultationError.changed(let by, let at) {
            return try await render(
                request, staff, organisation, diagnosis, texts: form,
                conflict:
                    "\(by) zapisał(a) diagnozę \(WarsawTime.format(at)), gdy ten formularz był otwarty. Twój tekst jest poniżej, nic nie zapisano: skopiuj swoje zmiany, otwórz diagnozę ponownie i nanieś je.",
                status: .conflict)
        }
        return request.redirect(to: try done(diagnosis, "saved"), redirectType: .normal)
    }

    @Sendable static func changeStatus(_ request: Request) async throws -> Response {
        let (staff, organisation) = try await context(request)
        let diagnosis = try await diagnosis(request, staff)
        let form = try request.content.decode(DiagnosisStatusForm.self)
        switch form.validate(today: today(request)) {
        case .failure(let errors):
            return try await render(
                request, staff, organisation, diagnosis, statusForm: form, statusErrors: errors, status: .unprocessableEntity)
        case .success(let (status, adoptedOn, act)):
            let before = diagnosis.status
            diagnosis.status = status
            diagnosis.adoptedOn = adoptedOn
            diagnosis.adoptedByAct = act
            if status == .published && diagnosis.publishedAt == nil { diagnosis.publishedAt = request.clock.now() }
            if status != .published { diagnosis.publishedAt = nil }
            diagnosis.revision += 1
            diagnosis.updatedBy = staff.userName
            diagnosis.updatedAt = request.clock.now()
            try await request.db.writeTransaction { db in
                try await diagnosis.update(on: db)
                try await audit(
                    request, staff, try diagnosis.requireID(), .update,
                    "diagnoza: \(before.polishName) → \(status.polishName)", on: db)
            }
            return request.redirect(to: try done(diagnosis, "status"), redirectType: .normal)
        }
    }

    @Sendable static func addIndicator(_ request: Request) async throws -> Response {
        let (staff, organisation) = try await context(request)
        let diagnosis = try await diagnosis(request, staff)
        let form = try request.content.decode(DiagnosisIndicatorForm.self)
        switch form.validate(today: today(request)) {
        case .failure(let errors):
            return try await render(
                request, staff, organisation, diagnosis, indicator: form, indicatorErrors: errors, status: .unprocessableEntity)
        case .success(let valid):
            let row = DiagnosisIndicator(
                organisationID: staff.organisationID, diagnosisID: try diagnosis.requireID(), section: valid.section,
                name: valid.name,
                value: valid.value, unit: valid.unit, source: valid.source, year: valid.year, createdAt: request.clock.now())
            try await request.db.writeTransaction { db in
                try await row.create(on: db)
                try await audit(request, staff, try diagnosis.requireID(), .update, "diagnoza: dodano wskaźnik", on: db)
            }
            return request.redirect(to: try done(diagnosis, "indicator", fragment: "wskazniki"), redirectType: .normal)
        }
    }

    static func indicator(_ request: Request, _ staff: StaffContext, _ diagnosis: Diagnosis) async throws -> DiagnosisIndicator {
        guard let id = request.parameters.get("indicatorID", as: UUID.self),
            let row = try await DiagnosisIndicator.find(id, in: staff.organisationID, on: request.db),
            row.$diagnosis.id == diagnosis.id
        else { throw Abort(.notFound) }
        return row
    }

    @Sendable static func deleteIndicator(_ request: Request) async throws -> Response {
        let (staff, _) = try await context(request)
        let diagnosis = try await diagnosis(request, staff)
        let row = try await indicator(request, staff, diagnosis)
        try await request.db.writeTransaction { db in
            try await row.delete(on: db)
            try await audit(request, staff, try diagnosis.requireID(), .update, "diagnoza: usunięto wskaźnik", on: db)
        }
        return request.redirect(to: try done(diagnosis, "indicator-deleted", fragment: "wskazniki"), redirectType: .normal)
    }

    static let confirmDeleteIndicator: Confirmation.Describe = { request in
        let (staff, _) = try await context(request)
        let diagnosis = try await diagnosis(request, staff)
        let row = try await indicator(request, staff, diagnosis)
        return Confirmation(
            question: "Usunąć wskaźnik „\(row.name)”?",
            consequence:
                "Wskaźnik (\(row.value) \(row.unit), \(row.source), \(row.year)) zniknie z diagnozy. Możesz go później wpisać ponownie.",
            confirmLabel: "Tak, usuń wskaźnik", cancelURL: SiteRoute.diagnosisPage.url(try diagnosis.requireID()))
    }

    @Sendable static func addRecommendation(_ request: Request) async throws -> Response {
        let (staff, organisation) = try await context(request)
        let diagnosis = try await diagnosis(request, staff)
        let form = try request.content.decode(RecommendationForm.self)
        let known = Set(try await ServiceDefinition.scoped(to: staff.organisationID, on: request.db).all().compactMap(\.id))
        switch form.validate(known: known) {
        case .failure(let errors):
            return try await render(
                request, staff, organisation, diagnosis, recommendation: form, recommendationErrors: errors,
                status: .unprocessableEntity)
        case .success(let (text, services)):
            let diagnosisID = try diagnosis.requireID()
            try await request.db.writeTransaction { db in
                try await db.lockForUpdate(Diagnosis.self, id: diagnosisID)
                let last = try await DiagnosisRecommendation.query(on: db).filter(\.$diagnosis.$id == diagnosisID).max(\.$number)
                let row = DiagnosisRecommendation(
                    organisationID: staff.organisationID, diagnosisID: diagnosisID, number: (last ?? 0) + 1, text: text,
                    createdAt: request.clock.now())
                try await row.create(on: db)
                for service in services {
                    try await DiagnosisRecommendationService(
                        organisationID: staff.organisationID, recommendationID: try row.requireID(), serviceID: service
                    ).create(on: db)
                }
                try await audit(request, staff, diagnosisID, .update, "diagnoza: dodano rekomendację nr \(row.number)", on: db)
            }
            return request.redirect(to: try done(diagnosis, "recommendation", fragment: "rekomendacje"), redirectType: .normal)
        }
    }

    static func recommendation(_ request: Request, _ staff: StaffContext, _ diagnosis: Diagnosis) async throws
        -> DiagnosisRecommendation
    {
        guard let id = request.parameters.get("recommendationID", as: UUID.self),
            let row = try await DiagnosisRecommendation.find(id, in: staff.organisationID, on: request.db),
            row.$diagnosis.id == diagnosis.id
        else { throw Abort(.notFound) }
        return row
    }

    @Sendable static func deleteRecommendation(_ request: Request) async throws -> Response {
        let (staff, _) = try await context(request)
        let diagnosis = try await diagnosis(request, staff)
        let row = try await recommendation(request, staff, diagnosis)
        try await request.db.writeTransaction { db in
            try await DiagnosisRecommendationService.query(on: db).filter(\.$recommendation.$id == row.requireID()).delete()
            try await row.delete(on: db)
            try await audit(
                request, staff, try diagnosis.requireID(), .update, "diagnoza: usunięto rekomendację nr \(row.number)", on: db)
        }
        return request.redirect(
            to: try done(diagnosis, "recommendation-deleted", fragment: "rekomendacje"), redirectType: .normal)
    }

    static let confirmDeleteRecommendation: Confirmation.Describe = { request in
        let (staff, _) = try await context(request)
        let diagnosis = try await diagnosis(request, staff)
        let row = try await recommendation(request, staff, diagnosis)
        return Confirmation(
            question: "Usunąć rekomendację nr \(row.number)?",
            consequence:
                "Rekomendacja i jej powiązania z usługami programu znikną z diagnozy. Numery pozostałych się nie zmienią.",
            confirmLabel: "Tak, usuń rekomendację", cancelURL: SiteRoute.diagnosisPage.url(try diagnosis.requireID()))
    }

    /// A draft consultation round with the diagnosis's text as its document (sections become
    /// sections, recommendations a numbered list), opened for staff to complete and announce.
    @Sendable static func sendToConsultation(_ request: Request) async throws -> Response {
        let (staff, _) = try await context(request)
        let diagnosis = try await diagnosis(request, staff)
        if let existing = diagnosis.consultationRoundID,
            try await ConsultationRound.find(existing, in: staff.organisationID, on: request.db) != nil
        {
            return request.redirect(to: SiteRoute.consultationRound.url(existing), redirectType: .normal)
        }
        let recommendations = try await DiagnosisRecommendation.scoped(to: staff.organisationID, on: request.db)
            .filter(\.$diagnosis.$id == diagnosis.requireID()).sort(\.$number).all()
        let document = DiagnosisPage.consultedDocument(diagnosis, recommendations: recommendations)
        let today = today(request)
        var form = ConsultationRoundForm()
        form.subject = "Projekt dokumentu: \(diagnosis.title)"
        form.aim =
            "Poznanie opinii mieszkańców i ich organizacji o projekcie diagnozy potrzeb i potencjału, zanim stanie się podstawą programu usług społecznych."
        form.scope = "cała gmina"
        form.documentTitle = diagnosis.title
        form.document = document
        form.firstDay = today.adding(days: 7).iso
        form.lastDay = today.adding(days: 27).iso
        form.coordinator = staff.userName
        guard case .success(let valid) = form.validate() else {
            throw Abort(.unprocessableEntity, reason: "Tekst diagnozy jest za długi na jedne konsultacje. Skróć go lub podziel.")
        }
        guard staff.allows(.manageConsultations) else {
            throw Abort(.forbidden, reason: "Konsultacje przygotowuje osoba z uprawnieniem do konsultacji społecznych.")
        }
        let round = try await ConsultationService.create(
            form, valid, actor: AuditActor(staff, request), now: request.clock.now(), on: request.db)
        diagnosis.consultationRoundID = try round.requireID()
        try await diagnosis.update(on: request.db)
        return request.redirect(
            to: SiteRoute.consultationRound.url(try round.requireID(), query: "done=created"), redirectType: .normal)
    }

    // MARK: Public

    @Sendable static func publicPage(_ request: Request) async throws -> Response {
        let organisation = try await PublicCatalogueController.organisation(request)
        guard let id = request.parameters.get("diagnosisID", as: UUID.self),
            let diagnosis = try await Diagnosis.find(id, in: try organisation.requireID(), on: request.db),
            diagnosis.status == .published
        else { throw Abort(.notFound, reason: "Nie ma takiej opublikowanej diagnozy.") }
        let data = try await DiagnosisPage.Data.load(diagnosis, organisationID: try organisation.requireID(), on: request.db)
        return try await request.render(
            "diagnosis/public",
            try DiagnosisPublicPage.make(
                diagnosis, organisation: organisation, data: data,
                layout: try await request.layout(title: diagnosis.title, section: "services").branded(organisation)))
    }
}

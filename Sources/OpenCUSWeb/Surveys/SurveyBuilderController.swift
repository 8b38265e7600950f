import Fluent
import OpenCUSCore
import Vapor

/// Staff build a resident survey: its settings (links to a diagnosis or a consultation, the
/// contact question, quotas), sections and questions with conditions — while it is a draft —
/// then open and close it. Every change is audited and checked against the revision the form
/// was opened at, so two people editing at once never overwrite each other silently.
enum SurveyBuilderController {
    static func context(_ request: Request) throws -> StaffContext { try request.require(.manageConsultations) }

    static func survey(_ request: Request, _ staff: StaffContext) async throws -> Survey {
        guard let id = request.parameters.get("surveyID", as: UUID.self),
            let survey = try await Survey.find(id, in: staff.organisationID, on: request.db)
        else { throw Abort(.notFound) }
        return survey
    }

    static func done(_ survey: Survey, _ what: String, fragment: String? = nil) throws -> Response {
        Response(
            status: .seeOther,
            headers: [
                "Location": SiteRoute.residentSurveyPage.url(try survey.requireID(), query: "done=\(what)", fragment: fragment)
            ])
    }

    // MARK: List

    struct CreateForm: Content {
        var title: String?
    }

    @Sendable static func list(_ request: Request) async throws -> Response {
        let staff = try context(request)
        return try await renderList(request, staff, form: CreateForm(), errors: FieldErrors())
    }

    static func renderList(
        _ request: Request, _ staff: StaffContext, form: CreateForm, errors: FieldErrors, status: HTTPStatus = .ok
    ) async throws -> Response {
        let surveys = try await Survey.scoped(to: staff.organisationID, on: request.db).sort(\.$createdAt, .descending).all()
        var counts: [UUID: Int] = [:]
        for survey in surveys {
            counts[try survey.requireID()] = try await SurveyResponse.query(on: request.db)
                .filter(\.$survey.$id == survey.requireID()).filter(\.$number != nil).count()
        }
        return try await request.render(
            "surveys/list",
            try SurveyListPage.make(
                surveys, counts: counts, title: form.title ?? "", errors: errors,
                layout: try await request.layout(title: "Ankiety dla mieszkańców", section: "surveys")),
            status: status)
    }

    @Sendable static func create(_ request: Request) async throws -> Response {
        let staff = try context(request)
        let form = try request.content.decode(CreateForm.self)
        let title = TextInput.clean(form.title)
        guard !title.isEmpty, title.count <= 300 else {
            return try await renderList(
                request, staff, form: form,
                errors: FieldErrors("title", title.isEmpty ? "Wpisz tytuł ankiety." : "Najwyżej 300 znaków."),
                status: .unprocessableEntity)
        }
        let now = request.clock.now()
        let survey = Survey(
            organisationID: staff.organisationID, title: title, intro: "", status: .draft,
            definition: QuestionnaireDefinition(sections: [QuestionnaireSection(key: "s1", title: "Pytania", questions: [])]),
            asksContact: false, clientSalt: SecureToken.make(), revision: 1, updatedBy: staff.userName, updatedAt: now,
            createdAt: now)
        try await request.db.writeTransaction { db in
            try await survey.create(on: db)
            try await request.auditChange(
                .create, .survey, recordID: try survey.requireID(), detail: "ankieta: utworzono", on: db)
        }
        return try done(survey, "created")
    }

    // MARK: The builder page

    struct Forms {
        var settings: SurveySettingsForm?
        var settingsErrors = FieldErrors()
        var section = QuestionnaireSectionForm()
        var sectionErrors = FieldErrors()
        var question = QuestionForm()
        var questionErrors = FieldErrors()
        var statusErrors = FieldErrors()
        /// An existing section's form sent back with its errors (its key, what was typed).
        var sectionEdit: (key: String, form: QuestionnaireSectionForm, errors: FieldErrors)?
    }

    static func render(
        _ request: Request, _ staff: StaffContext, _ survey: Survey, forms: Forms = Forms(), status: HTTPStatus = .ok
    )
        async throws -> Response
    {
        let organisation = try await Organisation.find(staff.organisationID, on: request.db)
        let diagnoses = try await Diagnosis.scoped(to: staff.organisationID, on: request.db).sort(\.$createdAt, .descending).all()
        let rounds = try await ConsultationRound.scoped(to: staff.organisationID, on: request.db)
            .sort(\.$createdAt, .descending).all()
        let answered = try await SurveyResponse.query(on: request.db).filter(\.$survey.$id == survey.requireID())
            .filter(\.$number != nil).count()
        let done = status == .ok ? request.query[String.self, at: "done"].flatMap { SurveyBuilderPage.notices[$0] } : nil
        return try await request.render(
            "surveys/builder",
            try SurveyBuilderPage.make(
                survey, organisationSlug: organisation?.slug ?? "", answered: answered, diagnoses: diagnoses, rounds: rounds,
                forms: forms, notice: done, layout: try await request.layout(title: survey.title, section: "surveys")),
            status: status)
    }

    @Sendable static func page(_ request: Request) async throws -> Response {
        let staff = try context(request)
        return try await render(request, staff, try await survey(request, staff))
    }

    // MARK: Settings

    @Sendable static func saveSettings(_ request: Request) async throws -> Response {
        let staff = try context(request)
        let survey = try await survey(request, staff)
        let form = try request.content.decode(SurveySettingsForm.self)
        let diagnoses = try await Diagnosis.scoped(to: staff.organisationID, on: request.db).all().compactMap(\.id)
        let rounds = try await ConsultationRound.scoped(to: staff.organisationID, on: request.db).all().compactMap(\.id)
        switch form.validate(definition: survey.definition, diagnoses: diagnoses, rounds: rounds) {
        case .failure(let errors):
            return try await render(
                request, staff, survey, forms: Forms(settings: form, settingsErrors: errors), status: .unprocessableEntity)
        case .success(let valid):
            return try await change(request, staff, survey, revision: form.revision, draftOnly: false, what: "settings") {
                current in
                current.title = valid.title
                current.intro = valid.intro
                if current.status == .draft { current.asksContact = valid.asksContact }
                current.diagnosisID = valid.diagnosisID
                current.consultationRoundID = valid.roundID
                current.quotas = valid.quotas
                return "ankieta: zmieniono ustawienia"
            } onConflict: {
                Forms(settings: form, settingsErrors: FieldErrors("title", $0))
            }
        }
    }

    /// Applies a change to the survey under its lock, if nobody saved it since `revision` and (for
    /// the questionnaire) while it is a draft; audits it; answers with the builder page.
    static func change(
        _ request: Request, _ staff: StaffContext, _ survey: Survey, revision: String?, draftOnly: Bool, what: String,
        fragment: String? = nil, apply: @escaping @Sendable (Survey) throws -> String,
        onConflict: (String) -> Forms
    ) async throws -> Response {
        let id = try survey.requireID()
        do {
            try await request.db.writeTransaction { db in
                let current = try await SurveyService.locked(id, organisationID: staff.organisationID, on: db)
                guard String(current.revision) == revision else {
                    throw SurveyError.changed(by: current.updatedBy, at: current.updatedAt)
                }
                if draftOnly && current.status != .draft {
                    throw SurveyError.notOpen(
                        "Ankieta jest już otwarta — pytań nie można zmieniać, żeby numeracja zgadzała się z wypełnionymi ankietami."
                    )
                }
                let detail = try apply(current)
                current.revision += 1
                current.updatedBy = staff.userName
                current.updatedAt = request.clock.now()
                try await current.save(on: db)
                try await request.auditChange(.update, .survey, recordID: id, detail: detail, on: db)
            }
        } catch SurveyError.changed(let by, let at) {
            return try await render(
                request, staff, try await self.survey(request, staff),
                forms: onConflict(
                    "\(by) zapisał(a) zmiany w ankiecie \(WarsawTime.format(at)), gdy ten formularz był otwarty. Nic nie zapisano: odśwież stronę i wprowadź zmianę jeszcze raz."
                ),
                status: .conflict)
        } catch SurveyError.notOpen(let message) {
            // The questionnaire's forms are gone from an open survey's page: the message goes on top.
            return try await render(
                request, staff, try await self.survey(request, staff), forms: Forms(statusErrors: FieldErrors("form", message)),
                status: .conflict)
        }
        return try done(survey, what, fragment: fragment)
    }

    // MARK: Sections and questions

    struct SectionBody: Content {
        var title: String?
        var condition: [String]?
        var revision: String?
    }

    @Sendable static func addSection(_ request: Request) async throws -> Response {
        let staff = try context(request)
        let survey = try await survey(request, staff)
        let body = try request.content.decode(SectionBody.self)
        let form = QuestionnaireSectionForm(title: body.title, condition: body.condition)
        var definition = survey.definition
        switch form.validate(key: definition.nextSectionKey, in: definition) {
        case .failure(let errors):
            return try await render(
                request, staff, survey, forms: Forms(section: form, sectionErrors: errors), status: .unprocessableEntity)
        case .success(let section):
            definition.sections.append(section)
            let updated = definition
            return try await change(
                request, staff, survey, revision: body.revision, draftOnly: true, what: "section", fragment: "pytania"
            ) { current in
                current.definition = updated
                return "ankieta: dodano część „\(section.title)”"
            } onConflict: {
                Forms(section: form, sectionErrors: FieldErrors("sectionTitle", $0))
            }
        }
    }

    @Sendable static func saveSection(_ request: Request) async throws -> Response {
        let staff = try context(request)
        let survey = try await survey(request, staff)
        let key = request.parameters.get("sectionKey") ?? ""
        var definition = survey.definition
        guard definition.sections.contains(where: { $0.key == key }) else { throw Abort(.notFound) }
        let body = try request.content.decode(SectionBody.self)
        let form = QuestionnaireSectionForm(title: body.title, condition: body.condition)
        switch form.validate(key: key, in: definition) {
        case .failure(let errors):
            return try await render(
                request, staff, survey, forms: Forms(sectionEdit: (key, form, errors)), status: .unprocessableEntity)
        case .success(let section):
            definition.replace(section)
            let updated = definition
            return try await change(
                request, staff, survey, revision: body.revision, draftOnly: true, what: "section-saved", fragment: key
            ) { current in
                current.definition = updated
                return "ankieta: zmieniono część „\(section.title)”"
            } onConflict: {
                Forms(sectionEdit: (key, form, FieldErrors("sectionTitle", $0)))
            }
        }
    }

    @Sendable static func deleteSection(_ request: Request) async throws -> Response {
        let staff = try context(request)
        let survey = try await survey(request, staff)
        let key = request.parameters.get("sectionKey") ?? ""
        var definition = survey.definition
        guard let section = definition.sections.first(where: { $0.key == key }) else { throw Abort(.notFound) }
        let revision = try? request.content.get(String.self, at: "revision")
        guard section.questions.isEmpty, definition.sections.count > 1 else {
            return try await render(
                request, staff, survey,
                forms: Forms(
                    statusErrors: FieldErrors(
                        "form", "Usunąć można tylko pustą część (i nie ostatnią). Najpierw usuń albo przenieś jej pytania.")),
                status: .unprocessableEntity)
        }
        definition.sections.removeAll { $0.key == key }
        let updated = definition
        return try await change(request, staff, survey, revision: revision, draftOnly: true, what: "section-deleted") {
            current in
            current.definition = updated
            return "ankieta: usunięto część „\(section.title)”"
        } onConflict: {
            Forms(statusErrors: FieldErrors("form", $0))
        }
    }

    struct QuestionBody: Content {
        var section: String?
        var text: String?
        var kind: String?
        var required: String?
        var options: String?
        var allowsOther: String?
        var statements: String?
        var condition: [String]?
        var revision: String?

        var form: QuestionForm {
            QuestionForm(
                section: section, text: text, kind: kind, required: required, options: options, allowsOther: allowsOther,
                statements: statements, condition: condition)
        }
    }

    @Sendable static func addQuestion(_ request: Request) async throws -> Response {
        let staff = try context(request)
        let survey = try await survey(request, staff)
        let body = try request.content.decode(QuestionBody.self)
        var definition = survey.definition
        switch body.form.validate(key: definition.nextQuestionKey, in: definition) {
        case .failure(let errors):
            return try await render(
                request, staff, survey, forms: Forms(question: body.form, questionErrors: errors), status: .unprocessableEntity)
        case .success(let (section, question)):
            definition.put(question, inSection: section)
            let updated = definition
            return try await change(
                request, staff, survey, revision: body.revision, draftOnly: true, what: "question", fragment: "pytania"
            ) { current in
                current.definition = updated
                return "ankieta: dodano pytanie \(updated.number(of: question.key) ?? "")"
            } onConflict: {
                Forms(question: body.form, questionErrors: FieldErrors("text", $0))
            }
        }
    }

    static func questionKey(_ request: Request, in definition: QuestionnaireDefinition) throws -> (
        key: String, section: String, question: QuestionDefinition
    ) {
        let key = request.parameters.get("questionKey") ?? ""
        guard let found = definition.numbered.first(where: { $0.question.key == key }) else { throw Abort(.notFound) }
        return (key, found.section.key, found.question)
    }

    @Sendable static func questionPage(_ request: Request) async throws -> Response {
        let staff = try context(request)
        let survey = try await survey(request, staff)
        let (_, section, question) = try questionKey(request, in: survey.definition)
        return try await renderQuestion(
            request, survey, question, form: QuestionForm(question, section: section, in: survey.definition),
            errors: FieldErrors())
    }

    static func renderQuestion(
        _ request: Request, _ survey: Survey, _ question: QuestionDefinition, form: QuestionForm, errors: FieldErrors,
        status: HTTPStatus = .ok
    ) async throws -> Response {
        try await request.render(
            "surveys/question",
            try SurveyQuestionPage.make(
                survey, question, form: form, errors: errors,
                layout: try await request.layout(
                    title: "Pytanie \(survey.definition.number(of: question.key) ?? "")", section: "surveys")),
            status: status)
    }

    @Sendable static func saveQuestion(_ request: Request) async throws -> Response {
        let staff = try context(request)
        let survey = try await survey(request, staff)
        let (key, _, question) = try questionKey(request, in: survey.definition)
        let body = try request.content.decode(QuestionBody.self)
        var definition = survey.definition
        switch body.form.validate(key: key, in: definition) {
        case .failure(let errors):
            return try await renderQuestion(
                request, survey, question, form: body.form, errors: errors, status: .unprocessableEntity)
        case .success(let (section, edited)):
            definition.put(edited, inSection: section)
            if let problem = definition.problems.first {
                return try await renderQuestion(
                    request, survey, question, form: body.form,
                    errors: FieldErrors(
                        "options", problem + " Zmień najpierw warunek pytania, które zależy od tego (albo przywróć odpowiedź)."),
                    status: .unprocessableEntity)
            }
            let updated = definition
            let number = updated.number(of: key) ?? ""
            let id = try survey.requireID()
            do {
                try await request.db.writeTransaction { db in
                    let current = try await SurveyService.locked(id, organisationID: staff.organisationID, on: db)
                    guard String(current.revision) == body.revision else {
                        throw SurveyError.changed(by: current.updatedBy, at: current.updatedAt)
                    }
                    guard current.status == .draft else {
                        throw SurveyError.notOpen("Ankieta jest już otwarta — pytań nie można zmieniać.")
                    }
                    current.definition = updated
                    current.revision += 1
                    current.updatedBy = staff.userName
                    current.updatedAt = request.clock.now()
                    try await current.save(on: db)
                    try await request.auditChange(
                        .update, .survey, recordID: id, detail: "ankieta: zmieniono pytanie \(number)", on: db)
                }
            } catch SurveyError.changed(let by, let at) {
                return try await renderQuestion(
                    request, survey, question, form: body.form,
                    errors: FieldErrors(
                        "text",
                        "\(by) zapisał(a) zmiany w ankiecie \(WarsawTime.format(at)), gdy ten formularz był otwarty. Nic nie zapisano: otwórz pytanie jeszcze raz i wprowadź zmianę."
                    ),
                    status: .conflict)
            } catch SurveyError.notOpen(let message) {
                return try await renderQuestion(
                    request, survey, question, form: body.form, errors: FieldErrors("text", message), status: .conflict)
            }
            return try done(survey, "question-saved", fragment: key)
        }
    }

    @Sendable static func moveQuestion(_ request: Request) async throws -> Response {
        let staff = try context(request)
        let survey = try await survey(request, staff)
        let (key, _, _) = try questionKey(request, in: survey.definition)
        let up = (try? request.content.get(String.self, at: "direction")) == "up"
        let revision = try? request.content.get(String.self, at: "revision")
        var definition = survey.definition
        definition.move(question: key, up: up)
        guard definition.problems.isEmpty else {
            return try await render(
                request, staff, survey,
                forms: Forms(
                    statusErrors: FieldErrors(
                        "form", "Nie przeniesiono: pytanie z warunkiem musi stać po pytaniu, od którego zależy.")),
                status: .unprocessableEntity)
        }
        let updated = definition
        return try await change(request, staff, survey, revision: revision, draftOnly: true, what: "moved", fragment: key) {
            current in
            current.definition = updated
            return "ankieta: przeniesiono pytanie na \(updated.number(of: key) ?? "")"
        } onConflict: {
            Forms(statusErrors: FieldErrors("form", $0))
        }
    }

    @Sendable static func deleteQuestion(_ request: Request) async throws -> Response {
        let staff = try context(request)
        let survey = try await survey(request, staff)
        let (key, _, question) = try questionKey(request, in: survey.definition)
        let revision = try? request.content.get(String.self, at: "revision")
        let dependents = survey.definition.dependents(of: key)
        guard dependents.isEmpty else {
            return try await render(
                request, staff, survey,
                forms: Forms(
                    statusErrors: FieldErrors(
                        "form",
                        "Nie usunięto: od tego pytania zależą pytania \(dependents.joined(separator: ", ")). Najpierw zmień ich warunki."
                    )),
                status: .unprocessableEntity)
        }
        var definition = survey.definition
        let number = definition.number(of: key) ?? ""
        definition.remove(question: key)
        if definition.quotaQuestions.allSatisfy({ $0.question.key != survey.quotas?.question }) && survey.quotas != nil {
            return try await render(
                request, staff, survey,
                forms: Forms(
                    statusErrors: FieldErrors(
                        "form", "Nie usunięto: to pytanie ma limity odpowiedzi. Najpierw usuń limity w ustawieniach.")),
                status: .unprocessableEntity)
        }
        let updated = definition
        return try await change(request, staff, survey, revision: revision, draftOnly: true, what: "question-deleted") {
            current in
            current.definition = updated
            return "ankieta: usunięto pytanie \(number) „\(question.text.prefix(60))”"
        } onConflict: {
            Forms(statusErrors: FieldErrors("form", $0))
        }
    }

    @Sendable static func confirmDeleteQuestion(_ request: Request) async throws -> Confirmation? {
        let staff = try context(request)
        let survey = try await survey(request, staff)
        let (key, _, question) = try questionKey(request, in: survey.definition)
        guard survey.status == .draft, survey.definition.dependents(of: key).isEmpty else { return nil }
        return Confirmation(
            question: "Usunąć pytanie \(survey.definition.number(of: key) ?? "")?",
            consequence: "Pytanie „\(question.text)” zniknie z ankiety; numery dalszych pytań przesuną się.",
            confirmLabel: "Tak, usuń pytanie", cancelURL: SiteRoute.residentSurveyPage.url(try survey.requireID(), fragment: key))
    }

    @Sendable static func confirmDeleteSection(_ request: Request) async throws -> Confirmation? {
        let staff = try context(request)
        let survey = try await survey(request, staff)
        let key = request.parameters.get("sectionKey") ?? ""
        guard survey.status == .draft, let section = survey.definition.sections.first(where: { $0.key == key }),
            section.questions.isEmpty, survey.definition.sections.count > 1
        else { return nil }
        return Confirmation(
            question: "Usunąć część „\(section.title)”?", consequence: "Część nie ma pytań; zniknie z ankiety.",
            confirmLabel: "Tak, usuń część",
            cancelURL: SiteRoute.residentSurveyPage.url(try survey.requireID(), fragment: "pytania"))
    }

    // MARK: Opening and closing

    @Sendable static func open(_ request: Request) async throws -> Response {
        let staff = try context(request)
        let survey = try await survey(request, staff)
        let revision = try? request.content.get(String.self, at: "revision")
        let definition = survey.definition
        let problems = definition.numbered.isEmpty ? ["Dodaj co najmniej jedno pytanie."] : definition.problems
        guard problems.isEmpty else {
            return try await render(
                request, staff, survey, forms: Forms(statusErrors: FieldErrors("form", problems.joined(separator: " "))),
                status: .unprocessableEntity)
        }
        return try await change(request, staff, survey, revision: revision, draftOnly: true, what: "opened") { current in
            current.status = .open
            return "ankieta: otwarto zbieranie odpowiedzi"
        } onConflict: {
            Forms(statusErrors: FieldErrors("form", $0))
        }
    }

    @Sendable static func close(_ request: Request) async throws -> Response {
        let staff = try context(request)
        let survey = try await survey(request, staff)
        guard survey.status == .open else { return try done(survey, "closed") }
        let id = try survey.requireID()
        try await request.db.writeTransaction { db in
            let current = try await SurveyService.locked(id, organisationID: staff.organisationID, on: db)
            guard current.status == .open else { return }
            current.status = .closed
            current.closedAt = request.clock.now()
            current.revision += 1
            current.updatedBy = staff.userName
            current.updatedAt = request.clock.now()
            try await current.save(on: db)
            try await SurveyService.close(current, on: db)
            try await request.auditChange(
                .update, .survey, recordID: id, detail: "ankieta: zamknięto zbieranie odpowiedzi", on: db)
        }
        return try done(survey, "closed")
    }

    @Sendable static func confirmOpen(_ request: Request) async throws -> Confirmation? {
        let staff = try context(request)
        let survey = try await survey(request, staff)
        guard survey.status == .draft, !survey.definition.numbered.isEmpty, survey.definition.problems.isEmpty else { return nil }
        return Confirmation(
            question: "Otworzyć ankietę „\(survey.title)”?",
            consequence:
                "Ankieta stanie się publiczna i zacznie przyjmować odpowiedzi w internecie i na papierze. Pytań nie będzie już można zmieniać ani przestawiać.",
            confirmLabel: "Tak, otwieram ankietę", cancelURL: SiteRoute.residentSurveyPage.url(try survey.requireID()))
    }

    @Sendable static func confirmClose(_ request: Request) async throws -> Confirmation? {
        let staff = try context(request)
        let survey = try await survey(request, staff)
        guard survey.status == .open else { return nil }
        return Confirmation(
            question: "Zamknąć ankietę „\(survey.title)”?",
            consequence:
                "Ankieta przestanie przyjmować odpowiedzi w internecie. Niedokończone ankiety zapisane przez mieszkańców zostaną usunięte, a ich osobiste linki przestaną działać. Ankiety papierowe nadal można wpisać.",
            confirmLabel: "Tak, zamykam ankietę", cancelURL: SiteRoute.residentSurveyPage.url(try survey.requireID()))
    }
}

import Fluent
import OpenCUSCore
import SQLKit
import Vapor

/// The evaluation survey: the organiser defines it, participants answer through their link
/// (one answer per registration), results show counts, averages and distributions as SVG
/// charts with the same numbers in tables, and a CSV export. Answers carry no registration.
enum SurveyController {
    static func survey(_ eventID: UUID, on db: any Database) async throws -> EventSurvey? {
        try await EventSurvey.query(on: db).filter(\.$event.$id == eventID).first()
    }

    static func answerCount(_ eventID: UUID, on db: any Database) async throws -> Int {
        try await SurveyAnswer.query(on: db).filter(\.$event.$id == eventID).count()
    }

    struct NewQuestion: Content {
        var text: String?
        var kind: String?
        var options: String?
        var required: String?
    }

    static func renderPage(
        _ request: Request, event: Event, newQuestion: NewQuestion = NewQuestion(), errors: FieldErrors = FieldErrors(),
        status: HTTPStatus = .ok
    ) async throws -> Response {
        let survey = try await survey(event.requireID(), on: request.db)
        let answers = try await answerCount(event.requireID(), on: request.db)
        let page = try Page.make(
            event, survey: survey, answers: answers, newQuestion: newQuestion, errors: errors,
            notice: request.query[String.self, at: "ok"] != nil ? "Zapisano ankietę." : nil,
            layout: try await request.layout(title: "Ankieta: \(event.displayTitle)", section: "events-admin"))
        return try await request.render("survey/admin", page, status: status)
    }

    @Sendable static func page(_ request: Request) async throws -> Response {
        let (_, event) = try await EventAdminController.ownEvent(request)
        return try await renderPage(request, event: event)
    }

    static func ensure(_ event: Event, on db: any Database) async throws -> EventSurvey {
        if let existing = try await survey(event.requireID(), on: db) { return existing }
        let survey = EventSurvey(
            organisationID: event.$organisation.id,
            eventID: try event.requireID(),
            intro: "",
            questions: [],
            open: false
        )
        try await survey.create(on: db)
        return survey
    }

    struct SaveForm: Content {
        var intro: String?
        var open: String?
    }

    @Sendable static func save(_ request: Request) async throws -> Response {
        let (_, event) = try await EventAdminController.ownEvent(request)
        let form = try request.content.decode(SaveForm.self)
        let survey = try await ensure(event, on: request.db)
        let open = form.open == "on"
        if open && survey.questions.isEmpty {
            return try await renderPage(
                request, event: event, errors: FieldErrors("open", "Dodaj co najmniej jedno pytanie, zanim otworzysz ankietę."),
                status: .unprocessableEntity)
        }
        survey.intro = String(TextInput.clean(form.intro, multiline: true).prefix(2000))
        survey.open = open
        try await survey.save(on: request.db)
        return request.redirect(to: SiteRoute.surveyPage.url(try event.requireID(), query: "ok=1"), redirectType: .normal)
    }

    @Sendable static func addQuestion(_ request: Request) async throws -> Response {
        let (_, event) = try await EventAdminController.ownEvent(request)
        let form = try request.content.decode(NewQuestion.self)
        if try await answerCount(event.requireID(), on: request.db) > 0 {
            return try await renderPage(
                request, event: event, newQuestion: form,
                errors: FieldErrors(
                    "text", "Ankieta ma już odpowiedzi: jej pytań nie można zmieniać, bo wyniki przestałyby być porównywalne."),
                status: .conflict)
        }
        let survey = try await ensure(event, on: request.db)
        let next = (survey.questions.compactMap { Int($0.id.dropFirst()) }.max() ?? 0) + 1
        switch SurveyQuestion.validate(
            kind: form.kind, text: form.text, options: form.options, required: form.required == "on", id: "q\(next)")
        {
        case .failure(let errors):
            return try await renderPage(request, event: event, newQuestion: form, errors: errors, status: .unprocessableEntity)
        case .success(let question):
            guard survey.questions.count < 30 else {
                return try await renderPage(
                    request, event: event, newQuestion: form, errors: FieldErrors("text", "Ankieta może mieć najwyżej 30 pytań."),
                    status: .unprocessableEntity)
            }
            survey.questions = survey.questions + [question]
            try await survey.save(on: request.db)
            return request.redirect(
                to: SiteRoute.surveyPage.url(try event.requireID(), query: "ok=1", fragment: "pytania"), redirectType: .normal)
        }
    }

    @Sendable static func deleteQuestion(_ request: Request) async throws -> Response {
        let (_, event) = try await EventAdminController.ownEvent(request)
        guard let survey = try await survey(event.requireID(), on: request.db), let id = request.parameters.get("questionID"),
            survey.questions.contains(where: { $0.id == id })
        else { throw Abort(.notFound) }
        if try await answerCount(event.requireID(), on: request.db) > 0 {
            throw Abort(.conflict, reason: "Ankieta ma już odpowiedzi: jej pytań nie można usuwać.")
        }
        survey.questions = survey.questions.filter { $0.id != id }
        if survey.questions.isEmpty { survey.open = false }
        try await survey.save(on: request.db)
        return request.redirect(
            to: SiteRoute.surveyPage.url(try event.requireID(), query: "ok=1", fragment: "pytania"), redirectType: .normal)
    }

    // MARK: Results

    static func computed(_ event: Event, on db: any Database) async throws -> ([SurveyQuestion], [SurveyAnswers], [SurveyResult])
    {
        let questions = try await survey(event.requireID(), on: db)?.questions ?? []
        let answers = try await SurveyAnswer.query(on: db).filter(\.$event.$id == event.requireID()).all().map(\.answers)
        return (questions, answers, SurveyResult.compute(questions, answers: answers))
    }

    @Sendable static func results(_ request: Request) async throws -> Response {
        let (_, event) = try await EventAdminController.ownEvent(request)
        let (_, answers, results) = try await computed(event, on: request.db)
        let page = try ResultsPage.make(
            event, responses: answers.count, results: results,
            layout: try await request.layout(title: "Wyniki ankiety: \(event.displayTitle)", section: "events-admin"))
        return try await request.render("survey/results", page)
    }

    /// One row per set of answers (no names, no times): Polish Excel CSV.
    @Sendable static func resultsCSV(_ request: Request) async throws -> Response {
        let (_, event) = try await EventAdminController.ownEvent(request)
        let (questions, answers, _) = try await computed(event, on: request.db)
        var lines = [(["Lp."] + questions.map(\.text)).map(CSV.cell).joined(separator: ";")]
        for (index, a) in answers.enumerated() {
            let cells = questions.map { q -> String in
                let values = a.values[q.id] ?? []
                switch q.kind {
                case .single, .multiple:
                    return values.compactMap { Int($0).flatMap { q.options.indices.contains($0) ? q.options[$0] : nil } }.joined(
                        separator: ", ")
                default: return values.joined(separator: ", ")
                }
            }
            lines.append(([String(index + 1)] + cells).map(CSV.cell).joined(separator: ";"))
        }
        return CSV.response(lines: lines, filename: "ankieta-\(event.slug).csv")
    }

    // MARK: Participant

    /// Stores the answers and the fact of answering in one transaction; the unique index on the
    /// submission makes a second (or a concurrent double) submit write nothing.
    static func submit(_ answers: SurveyAnswers, registration: Registration, on db: any Database) async throws -> Bool {
        try await db.writeTransaction { db in
            let inserted = try await db.sql().insert(into: SurveySubmission.schema)
                .columns("id", "organisation_id", "event_id", "registration_id")
                .values(
                    SQLBind(UUID()), SQLBind(registration.$organisation.id), SQLBind(registration.$event.id),
                    SQLBind(try registration.requireID())
                )
                .ignoringConflicts(with: ["registration_id"]).returning("id").first()
            guard inserted != nil else { return false }
            let row = SurveyAnswer(
                organisationID: registration.$organisation.id,
                eventID: registration.$event.id,
                answersJSON: String(data: try JSONEncoder().encode(answers), encoding: .utf8) ?? "{}"
            )
            try await row.create(on: db)
            return true
        }
    }
}

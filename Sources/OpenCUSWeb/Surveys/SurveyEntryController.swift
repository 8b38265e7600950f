import Fluent
import OpenCUSCore
import Vapor

/// The paper side of a survey: the printable questionnaire (numbered as on screen, options
/// numbered for typing in) and the staff screen that types a filled one in with the keyboard only.
enum SurveyEntryController {
    static func renderPaper(_ request: Request, _ survey: Survey, organisation: Organisation, isPublic: Bool) async throws
        -> Response
    {
        var layout = try await request.layout(
            title: "\(survey.title) — wersja do druku", section: isPublic ? "consultations" : "surveys")
        if isPublic { layout = layout.branded(organisation) }
        return try await request.render(
            "surveys/paper",
            SurveyPaperPage(
                layout: layout, title: survey.title, organisationName: organisation.name,
                intro: survey.intro.components(separatedBy: "\n\n").filter { !$0.isEmpty },
                questionnaire: QuestionnaireView.make(survey.definition, fields: [:], errors: FieldErrors()),
                asksContact: survey.asksContact, isDraft: survey.status == .draft,
                backURL: isPublic
                    ? SiteRoute.publicSurvey.url(organisation.slug, try survey.requireID())
                    : SiteRoute.residentSurveyPage.url(try survey.requireID())))
    }

    @Sendable static func paper(_ request: Request) async throws -> Response {
        let staff = try SurveyBuilderController.context(request)
        let survey = try await SurveyBuilderController.survey(request, staff)
        guard let organisation = try await Organisation.find(staff.organisationID, on: request.db) else { throw Abort(.notFound) }
        return try await renderPaper(request, survey, organisation: organisation, isPublic: false)
    }

    static func renderEntry(
        _ request: Request, _ survey: Survey, codes: [String: [String]], errors: FieldErrors, entered: Int?,
        status: HTTPStatus = .ok
    ) async throws -> Response {
        let paperCount = try await SurveyResponse.query(on: request.db).filter(\.$survey.$id == survey.requireID())
            .filter(\.$channel == .paper).filter(\.$number != nil).count()
        return try await request.render(
            "surveys/entry",
            SurveyEntryPage(
                layout: try await request.layout(title: "Wpisz ankietę papierową: \(survey.title)", section: "surveys"),
                surveyID: try survey.requireID(), title: survey.title, isDraft: survey.status == .draft,
                questionnaire: QuestionnaireView.make(survey.definition, fields: codes, errors: errors), errors: errors,
                entered: entered, paperCount: paperCount,
                firstKey: survey.definition.numbered.first?.question.key),
            status: status)
    }

    @Sendable static func entryForm(_ request: Request) async throws -> Response {
        let staff = try SurveyBuilderController.context(request)
        let survey = try await SurveyBuilderController.survey(request, staff)
        return try await renderEntry(
            request, survey, codes: [:], errors: FieldErrors(), entered: request.query[Int.self, at: "wpisano"])
    }

    @Sendable static func enter(_ request: Request) async throws -> Response {
        let staff = try SurveyBuilderController.context(request)
        let survey = try await SurveyBuilderController.survey(request, staff)
        var codes = request.formFieldMap
        codes.removeValue(forKey: "csrf_token")
        let definition = survey.definition
        let today = CalendarDay(request.clock.now(), in: WallClock.warsaw)
        let response: QuestionnaireResponse
        switch PaperEntry.fields(codes, definition: definition)
            .flatMap({ QuestionnaireResponse.read($0, definition: definition, today: today, requireAnswers: false) })
        {
        case .failure(let errors):
            return try await renderEntry(
                request, survey, codes: codes, errors: errors, entered: nil, status: .unprocessableEntity)
        case .success(let read): response = read
        }
        guard !response.answers.isEmpty else {
            return try await renderEntry(
                request, survey, codes: codes,
                errors: FieldErrors(
                    definition.numbered.first?.question.key ?? "form", "Ankieta jest pusta — wpisz co najmniej jedną odpowiedź."),
                entered: nil, status: .unprocessableEntity)
        }
        do {
            let number = try await SurveyService.enterPaper(
                try survey.requireID(), staff: staff, response: response, request: request)
            return request.redirect(
                to: SiteRoute.residentSurveyEntry.url(try survey.requireID(), query: "wpisano=\(number)"), redirectType: .normal)
        } catch SurveyError.notOpen(let message) {
            return try await renderEntry(
                request, survey, codes: codes, errors: FieldErrors(definition.numbered.first?.question.key ?? "form", message),
                entered: nil, status: .conflict)
        }
    }
}

/// The printable questionnaire (`surveys/paper.leaf`).
struct SurveyPaperPage: Encodable, Sendable {
    let layout: Layout
    let title: String
    let organisationName: String
    let intro: [String]
    let questionnaire: QuestionnaireView
    let asksContact: Bool
    let isDraft: Bool
    let backURL: String
}

/// The staff entry screen for paper questionnaires (`surveys/entry.leaf`).
struct SurveyEntryPage: Encodable, Sendable {
    let layout: Layout
    let surveyID: UUID
    let title: String
    let isDraft: Bool
    let questionnaire: QuestionnaireView
    let errors: FieldErrors
    let entered: Int?
    let paperCount: Int
    /// The field the cursor starts in, so the next questionnaire is typed without the mouse.
    let firstKey: String?
}

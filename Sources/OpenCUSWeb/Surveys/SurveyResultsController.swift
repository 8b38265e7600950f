import Fluent
import OpenCUSCore
import Vapor

/// A survey's results for staff: counts and percentages with charts and the same numbers in
/// tables, a cross-tabulation by one chosen question, the CSV export (one row per
/// questionnaire, no contact data), and the text answers with tags to group them. Counts from
/// 1 to 4 are hidden and so are cross-tab groups of fewer than 5 questionnaires.
enum SurveyResultsController {
    static func submitted(_ survey: Survey, on db: any Database) async throws -> [SurveyResponse] {
        try await SurveyResponse.query(on: db).filter(\.$survey.$id == survey.requireID()).filter(\.$number != nil)
            .sort(\.$number).all()
    }

    @Sendable static func results(_ request: Request) async throws -> Response {
        let staff = try SurveyBuilderController.context(request)
        let survey = try await SurveyBuilderController.survey(request, staff)
        let responses = try await submitted(survey, on: request.db)
        let definition = survey.definition
        let answers = responses.map(\.answers)
        let rule = try await InsightSettings.of(staff.organisationID, on: request.db).rule
        let by = request.query[String.self, at: "by"] ?? ""
        let of = request.query[String.self, at: "of"] ?? ""
        let question = { (key: String) in definition.numbered.first { $0.question.key == key }?.question }
        var crossTab: CrossTab?
        var crossError: String?
        if !by.isEmpty || !of.isEmpty {
            if let byQuestion = question(by), let ofQuestion = question(of),
                let computed = CrossTab.compute(by: byQuestion, of: ofQuestion, responses: answers, rule: rule)
            {
                crossTab = computed
            } else {
                crossError = "Wybierz dwa różne pytania z wyborem lub skalą."
            }
        }
        var quotaCounts: [String: Int] = [:]
        if let quotas = survey.quotas { quotaCounts = try await SurveyService.quotaCounts(survey, quotas, on: request.db) }
        return try await request.render(
            "surveys/results",
            try SurveyResultsPage.make(
                survey, responses: responses, tallies: QuestionTally.compute(definition, responses: answers, rule: rule), by: by,
                of: of, crossTab: crossTab, crossError: crossError, quotaCounts: quotaCounts, rule: rule,
                layout: try await request.layout(title: "Wyniki: \(survey.title)", section: "surveys")),
            status: crossError == nil ? .ok : .unprocessableEntity)
    }

    @Sendable static func csv(_ request: Request) async throws -> Response {
        let staff = try SurveyBuilderController.context(request)
        let survey = try await SurveyBuilderController.survey(request, staff)
        let responses = try await submitted(survey, on: request.db)
        let table = QuestionnaireExport.table(
            survey.definition,
            rows: responses.compactMap { response in
                guard let number = response.number, let day = response.submittedOn else { return nil }
                return QuestionnaireExport.Row(
                    number: number, channel: response.channel.polishName, day: day, answers: response.answers)
            })
        try await request.audit(
            .export, .survey, recordID: try survey.requireID(),
            detail: "ankieta: eksport CSV (\(responses.count) ankiet, bez danych kontaktowych)")
        return CSV.response(
            lines: table.map { $0.map(CSV.cell).joined(separator: ";") },
            filename: "ankieta-\(survey.id!.uuidString.prefix(8)).csv")
    }

    // MARK: Text answers

    /// The text fields of a questionnaire: text questions and the "other" of choice questions.
    static func textFields(_ definition: QuestionnaireDefinition) -> [(field: String, label: String)] {
        definition.numbered.flatMap { number, _, question -> [(String, String)] in
            if question.kind == .text { return [(question.key, "\(number) \(question.text)")] }
            if question.allowsOther { return [("\(question.key)-other", "\(number) \(question.text) — „Inne”")] }
            return []
        }
    }

    static func text(_ answer: QuestionAnswer?, field: String) -> String? {
        switch answer {
        case .text(let text)? where !field.hasSuffix("-other"): text
        case .choice(_, let other?)? where field.hasSuffix("-other"): other
        case .choices(_, let other?)? where field.hasSuffix("-other"): other
        default: nil
        }
    }

    @Sendable static func texts(_ request: Request) async throws -> Response {
        let staff = try SurveyBuilderController.context(request)
        let survey = try await SurveyBuilderController.survey(request, staff)
        return try await renderTexts(request, survey, field: request.query[String.self, at: "pole"], tagError: nil)
    }

    static func renderTexts(
        _ request: Request, _ survey: Survey, field: String?, tagError: (UUID, String)?, status: HTTPStatus = .ok
    ) async throws -> Response {
        let fields = textFields(survey.definition)
        let chosen = field.flatMap { key in fields.first { $0.field == key } } ?? fields.first
        let responses = try await submitted(survey, on: request.db)
        let tags = try await SurveyTextTag.query(on: request.db).filter(\.$survey.$id == survey.requireID()).all()
        try await request.audit(.view, .survey, recordID: try survey.requireID(), detail: "ankieta: odpowiedzi tekstowe")
        return try await request.render(
            "surveys/texts",
            try SurveyTextsPage.make(
                survey, fields: fields, chosen: chosen, responses: responses, tags: tags, tagError: tagError,
                layout: try await request.layout(title: "Odpowiedzi tekstowe: \(survey.title)", section: "surveys")),
            status: status)
    }

    struct TagForm: Content {
        var response: String?
        var field: String?
        var tag: String?
    }

    @Sendable static func tag(_ request: Request) async throws -> Response {
        let staff = try SurveyBuilderController.context(request)
        let survey = try await SurveyBuilderController.survey(request, staff)
        let form = try request.content.decode(TagForm.self)
        let field = TextInput.clean(form.field)
        guard let responseID = form.response.flatMap(UUID.init(uuidString:)),
            let response = try await SurveyResponse.find(responseID, in: staff.organisationID, on: request.db),
            response.$survey.id == survey.id, textFields(survey.definition).contains(where: { $0.field == field }),
            text(response.answers[field.replacingOccurrences(of: "-other", with: "")], field: field) != nil
        else { throw Abort(.notFound) }
        let tag = TextInput.clean(form.tag)
        guard tag.count <= 60 else {
            return try await renderTexts(
                request, survey, field: field, tagError: (responseID, "Etykieta może mieć najwyżej 60 znaków."),
                status: .unprocessableEntity)
        }
        let surveyID = try survey.requireID()
        try await request.db.writeTransaction { db in
            try await SurveyTextTag.query(on: db).filter(\.$response.$id == responseID).filter(\.$field == field).delete()
            if !tag.isEmpty {
                try await SurveyTextTag(
                    organisationID: staff.organisationID, surveyID: surveyID, responseID: responseID, field: field, tag: tag
                ).create(on: db)
            }
            try await request.auditChange(
                .update, .survey, recordID: surveyID,
                detail:
                    "ankieta: etykieta odpowiedzi \(field) w ankiecie nr \(response.number ?? 0): \(tag.isEmpty ? "usunięta" : tag)",
                on: db)
        }
        return request.redirect(
            to: SiteRoute.residentSurveyTexts.url(surveyID, query: "pole=\(field)", fragment: "a-\(responseID.uuidString)"),
            redirectType: .normal)
    }
}

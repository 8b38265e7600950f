import Fluent
import OpenCUSCore
import Vapor

extension Request {
    /// Every field of a urlencoded form by name, repeated names (multiple choice) kept in order.
    var formFieldMap: [String: [String]] {
        Confirmation.formFields(of: self).reduce(into: [:]) { $0[$1.name, default: []].append($1.value) }
    }
}

/// Residents fill a survey: no account, anonymous unless the survey asks for contact; they may
/// save what they typed and come back through a personal link; conditions show or hide
/// questions (in the browser, and again on the server, which ignores hidden answers).
enum PublicSurveyController {
    static let missing = "Nie ma takiej ankiety. Sprawdź adres albo wejdź na stronę konsultacji centrum."

    static func publicSurvey(_ request: Request) async throws -> (Survey, Organisation) {
        let organisation = try await PublicCatalogueController.organisation(request)
        guard let id = request.parameters.get("surveyID", as: UUID.self),
            let survey = try await Survey.find(id, in: organisation.requireID(), on: request.db), survey.status != .draft
        else { throw Abort(.notFound, reason: missing) }
        return (survey, organisation)
    }

    static func render(
        _ request: Request, _ survey: Survey, _ organisation: Organisation, fields: [String: [String]], errors: FieldErrors,
        resumeToken: String? = nil, saved: Bool = false, status: HTTPStatus = .ok
    ) async throws -> Response {
        let surveyID = try survey.requireID()
        let resumeURL = resumeToken.map {
            request.config.baseURL.absoluteString + SiteRoute.publicSurveyResume.url(organisation.slug, surveyID, $0)
        }
        return try await request.render(
            "surveys/public",
            try PublicSurveyPage.make(
                survey, organisation: organisation, fields: fields, errors: errors, resumeToken: resumeToken,
                resumeURL: resumeURL, saved: saved,
                layout: try await request.layout(title: survey.title, section: "consultations").branded(organisation)),
            status: status)
    }

    @Sendable static func page(_ request: Request) async throws -> Response {
        let (survey, organisation) = try await publicSurvey(request)
        return try await render(request, survey, organisation, fields: [:], errors: FieldErrors())
    }

    @Sendable static func resume(_ request: Request) async throws -> Response {
        let (survey, organisation) = try await publicSurvey(request)
        let token = request.parameters.get("token") ?? ""
        guard survey.status == .open,
            let draft = try await SurveyService.draft(try survey.requireID(), token: token, on: request.db)
        else {
            return try await request.render(
                "surveys/link-used",
                PublicSurveyLinkPage(
                    layout: try await request.layout(title: "Link do ankiety nie działa", section: "consultations")
                        .branded(organisation),
                    surveyTitle: survey.title,
                    surveyURL: survey.status == .open
                        ? SiteRoute.publicSurvey.url(organisation.slug, try survey.requireID()) : nil),
                status: .notFound)
        }
        return try await render(
            request, survey, organisation, fields: draft.draftFields, errors: FieldErrors(), resumeToken: token,
            saved: request.query[String.self, at: "zapisano"] == "1")
    }

    @Sendable static func submit(_ request: Request) async throws -> Response {
        let (survey, organisation) = try await publicSurvey(request)
        let surveyID = try survey.requireID()
        let organisationID = try organisation.requireID()
        var fields = request.formFieldMap
        let token = fields.removeValue(forKey: "resume")?.first.flatMap { $0.isEmpty ? nil : $0 }
        let action = fields.removeValue(forKey: "action")?.first
        fields.removeValue(forKey: "csrf_token")
        if !(fields["website"]?.first ?? "").isEmpty {
            // A filled honeypot: the answer a person gets, nothing stored.
            request.logger.info("Survey honeypot filled", metadata: ["survey_id": "\(surveyID)"])
            return request.redirect(to: SiteRoute.publicSurveyThanks.url(organisation.slug, surveyID), redirectType: .normal)
        }
        fields.removeValue(forKey: "website")
        let now = request.clock.now()
        guard survey.status == .open else {
            return try await render(
                request, survey, organisation, fields: fields,
                errors: FieldErrors(
                    "form", "Ankieta jest już zamknięta — odpowiedzi nie przyjmujemy. Dziękujemy za chęć udziału."),
                status: .conflict)
        }
        do {
            if action == "save" {
                let kept = fields.filter { $0.key.hasPrefix("q") || $0.key.hasPrefix("contact") }
                guard Survey.encode(kept).utf8.count <= SurveyService.maximumDraftBytes else {
                    return try await render(
                        request, survey, organisation, fields: fields,
                        errors: FieldErrors("form", "Odpowiedzi są za długie, żeby je zapisać. Skróć najdłuższe odpowiedzi."),
                        resumeToken: token, status: .payloadTooLarge)
                }
                let saved = try await SurveyService.saveDraft(
                    surveyID, organisationID: organisationID, fields: kept, resumeToken: token, now: now, on: request.db)
                return request.redirect(
                    to: SiteRoute.publicSurveyResume.url(organisation.slug, surveyID, saved, query: "zapisano=1"),
                    redirectType: .normal)
            }
            var errors = FieldErrors()
            var contact: SurveyContact?
            if survey.asksContact {
                switch SurveyContact.read(fields) {
                case .success(let read): contact = read
                case .failure(let problems): errors = problems
                }
            }
            switch QuestionnaireResponse.read(
                fields, definition: survey.definition, today: CalendarDay(now, in: WallClock.warsaw))
            {
            case .failure(let problems):
                for (field, message) in problems.ordered { errors.add(field, message) }
            case .success(let response) where errors.isEmpty:
                _ = try await SurveyService.submitOnline(
                    surveyID, organisationID: organisationID, response: response, contact: contact, resumeToken: token,
                    client: ClientAddress.limitKey(ClientAddress.of(request)), now: now, on: request.db)
                return request.redirect(to: SiteRoute.publicSurveyThanks.url(organisation.slug, surveyID), redirectType: .normal)
            case .success: break
            }
            return try await render(
                request, survey, organisation, fields: fields, errors: errors, resumeToken: token, status: .unprocessableEntity)
        } catch SurveyError.notOpen(let message) {
            return try await render(
                request, survey, organisation, fields: fields, errors: FieldErrors("form", message), status: .conflict)
        } catch SurveyError.quotaReached(let value) {
            return try await render(
                request, survey, organisation, fields: fields,
                errors: FieldErrors(
                    survey.quotas?.question ?? "form",
                    "Mamy już wystarczająco wiele odpowiedzi od osób, które wybrały „\(value)”. Dziękujemy — Twoja ankieta nie zostanie zapisana."
                ),
                resumeToken: token, status: .conflict)
        } catch SurveyError.tooManyFromOneClient {
            return try await render(
                request, survey, organisation, fields: fields,
                errors: FieldErrors(
                    "form",
                    "Z tej sieci wpłynęło już \(SurveyService.answersPerClient) ankiet. Kolejną możesz wypełnić na papierze w centrum."
                ),
                status: .tooManyRequests)
        } catch SurveyError.linkUsed {
            return try await render(
                request, survey, organisation, fields: fields,
                errors: FieldErrors(
                    "form",
                    "Ten osobisty link już nie działa (ankieta została wysłana). Możesz wysłać odpowiedzi jako nową ankietę."),
                status: .conflict)
        }
    }

    @Sendable static func thanks(_ request: Request) async throws -> Response {
        let (survey, organisation) = try await publicSurvey(request)
        return try await request.render(
            "surveys/thanks",
            PublicSurveyLinkPage(
                layout: try await request.layout(title: "Dziękujemy za wypełnienie ankiety", section: "consultations")
                    .branded(organisation),
                surveyTitle: survey.title,
                surveyURL: SiteRoute.publicConsultations.url(organisation.slug)))
    }

    @Sendable static func paper(_ request: Request) async throws -> Response {
        let (survey, organisation) = try await publicSurvey(request)
        return try await SurveyEntryController.renderPaper(request, survey, organisation: organisation, isPublic: true)
    }
}

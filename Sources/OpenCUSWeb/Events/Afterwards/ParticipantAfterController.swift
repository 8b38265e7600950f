import Fluent
import OpenCUSCore
import Vapor

/// What a participant opens from the thank-you e-mail (magic link): their certificate
/// (print-ready, with a PESEL form when the organiser requires it) and the survey.
enum ParticipantAfterController {
    static func resolve(_ request: Request) async throws -> (Registration, Event)? {
        guard let token = request.parameters.get("token"),
            let registration = try await RegistrationService.registration(forToken: token, on: request.db),
            registration.anonymisedAt == nil,
            let event = try await Event.find(registration.$event.id, on: request.db)
        else { return nil }
        return (registration, event)
    }

    /// Pages behind a personal link are never kept by a shared cache or the back button.
    static func private_(_ response: Response) -> Response {
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    static func notYet(_ request: Request, heading: String, message: String, status: HTTPStatus = .ok) async throws -> Response {
        let page = NotYetPage(
            layout: try await request.layout(title: heading, section: "events"), heading: heading, message: message)
        return private_(try await request.render("survey/message", page, status: status))
    }

    @Sendable static func certificate(_ request: Request) async throws -> Response {
        guard let (registration, event) = try await resolve(request) else {
            return try await SelfServiceController.invalid(request)
        }
        guard let c = try await Certificate.query(on: request.db).filter(\.$registration.$id == registration.requireID()).first()
        else {
            return try await notYet(
                request, heading: "Zaświadczenie",
                message:
                    "Organizator nie wydał jeszcze Twojego zaświadczenia o udziale w wydarzeniu „\(event.displayTitle)”. Otrzymasz e-mail, gdy będzie gotowe."
            )
        }
        let loaded = try await CertificateController.PrintPage.load(event, certificates: [c], on: request.db)
        if loaded.settings?.requirePesel == true && c.pesel == nil {
            return try await renderPesel(request, event: event, value: "", error: nil)
        }
        let page = try CertificateController.PrintPage.make(
            loaded, event: event, certificates: [c],
            backURL: SiteRoute.selfServiceShow.url(request.parameters.get("token") ?? ""),
            backLabel: "Twoje zgłoszenie")
        return private_(try await request.view.render("certificates/print", page).encodeResponse(for: request))
    }

    static func renderPesel(_ request: Request, event: Event, value: String, error: String?, status: HTTPStatus = .ok)
        async throws -> Response
    {
        let page = PeselPage(
            layout: try await request.layout(title: "PESEL na zaświadczeniu", section: "events"),
            token: request.parameters.get("token") ?? "",
            title: event.displayTitle, value: value, error: error)
        return private_(try await request.render("certificates/pesel", page, status: status))
    }

    struct PeselForm: Content {
        var pesel: String?
    }

    @Sendable static func savePesel(_ request: Request) async throws -> Response {
        guard let (registration, event) = try await resolve(request) else {
            return try await SelfServiceController.invalid(request)
        }
        guard let c = try await Certificate.query(on: request.db).filter(\.$registration.$id == registration.requireID()).first(),
            try await CertificateController.settings(event, on: request.db)?.requirePesel == true
        else { throw Abort(.notFound) }
        let raw = TextInput.clean(try request.content.decode(PeselForm.self).pesel)
        switch PESEL.parse(raw) {
        case .failure(let problem):
            return try await renderPesel(
                request, event: event, value: String(raw.prefix(20)), error: problem.polishMessage, status: .unprocessableEntity)
        case .success(let pesel):
            c.pesel = pesel.value
            try await c.save(on: request.db)
            return request.redirect(
                to: SiteRoute.participantCertificate.url(request.parameters.get("token") ?? ""), redirectType: .normal)
        }
    }

    // MARK: Survey

    static func renderSurvey(
        _ request: Request, event: Event, survey: EventSurvey, form: [String: [String]] = [:],
        errors: FieldErrors = FieldErrors(),
        status: HTTPStatus = .ok
    ) async throws -> Response {
        let page = SurveyPage.make(
            survey, eventTitle: event.displayTitle, token: request.parameters.get("token") ?? "", form: form, errors: errors,
            layout: try await request.layout(title: "Ankieta ewaluacyjna", section: "events"))
        return private_(try await request.render("survey/form", page, status: status))
    }

    static let closedMessage = "Ankieta dla tego wydarzenia nie jest otwarta albo jest przeznaczona tylko dla jego uczestników."

    /// The open survey this registration may answer; nil when there is none for them (closed,
    /// or the registration is not a confirmed participant's).
    static func openSurvey(for registration: Registration, event: Event, on db: any Database) async throws -> EventSurvey? {
        guard registration.state == .confirmed, let survey = try await SurveyController.survey(event.requireID(), on: db),
            survey.open
        else { return nil }
        return survey
    }

    @Sendable static func surveyForm(_ request: Request) async throws -> Response {
        guard let (registration, event) = try await resolve(request) else {
            return try await SelfServiceController.invalid(request)
        }
        guard let survey = try await openSurvey(for: registration, event: event, on: request.db) else {
            return try await notYet(request, heading: "Ankieta ewaluacyjna", message: closedMessage)
        }
        if try await SurveySubmission.query(on: request.db).filter(\.$registration.$id == registration.requireID()).count() > 0 {
            return try await notYet(
                request, heading: "Ankieta ewaluacyjna",
                message: request.query[String.self, at: "done"] == "1"
                    ? "Dziękujemy za wypełnienie ankiety. Odpowiedzi są anonimowe."
                    : "Dziękujemy – Twoja odpowiedź została już zapisana. Każda osoba może wypełnić ankietę raz.")
        }
        return try await renderSurvey(request, event: event, survey: survey)
    }

    @Sendable static func submitSurvey(_ request: Request) async throws -> Response {
        guard let (registration, event) = try await resolve(request) else {
            return try await SelfServiceController.invalid(request)
        }
        guard let survey = try await openSurvey(for: registration, event: event, on: request.db) else {
            return try await notYet(request, heading: "Ankieta ewaluacyjna", message: closedMessage, status: .conflict)
        }
        var form: [String: [String]] = [:]
        for q in survey.questions {
            if let many = try? request.content.get([String].self, at: q.fieldName) {
                form[q.fieldName] = many
            } else if let one = try? request.content.get(String.self, at: q.fieldName) {
                form[q.fieldName] = [one]
            }
        }
        switch SurveyAnswers.validate(form, questions: survey.questions) {
        case .failure(let errors):
            return try await renderSurvey(
                request, event: event, survey: survey, form: form, errors: errors, status: .unprocessableEntity)
        case .success(let answers):
            guard try await SurveyController.submit(answers, registration: registration, on: request.db) else {
                return try await notYet(
                    request, heading: "Ankieta ewaluacyjna",
                    message: "Twoja odpowiedź została już wcześniej zapisana – nie zmieniliśmy jej.", status: .conflict)
            }
            return request.redirect(
                to: SiteRoute.participantSurveyForm.url(request.parameters.get("token") ?? "", query: "done=1"),
                redirectType: .normal)
        }
    }
}

import Fluent
import OpenCUSCore
import Vapor

/// A resident applies without an account and follows the application through a personal link.
enum PublicApplicationController {

    static func catalogue(_ request: Request) async throws -> Catalogue {
        let organisation = try await PublicCatalogueController.organisation(request)
        guard let catalogue = try await Catalogue.load(organisation, on: request.db) else {
            throw Abort(.notFound, reason: "\(organisation.name) nie przyjmuje jeszcze wniosków przez OpenCUS.")
        }
        return catalogue
    }

    static func render(
        _ request: Request, _ catalogue: Catalogue, form: ApplicationForm, errors: FieldErrors, status: HTTPStatus = .ok
    ) async throws -> Response {
        try await request.render(
            "services/apply",
            ApplyPage(
                layout: try await request.layout(title: "Wniosek o usługi społeczne", section: "services").branded(
                    catalogue.organisation),
                organisationSlug: catalogue.organisation.slug, organisationName: catalogue.organisation.name,
                office: OfficeContact(catalogue.organisation),
                view: .make(
                    catalogue, settings: try await EffectiveIntakeSettings.load(catalogue.organisation, on: request.db),
                    form: form, errors: errors)), status: status)
    }

    @Sendable static func form(_ request: Request) async throws -> Response {
        let catalogue = try await catalogue(request)
        var form = ApplicationForm()
        if let preselected = request.query[String.self, at: "service"] { form.services = [preselected] }
        return try await render(request, catalogue, form: form, errors: FieldErrors())
    }

    @Sendable static func submit(_ request: Request) async throws -> Response {
        let catalogue = try await catalogue(request)
        let form = try ApplicationFormView.decode(request)
        let now = request.clock.now()
        switch form.validate(
            services: try ApplicationFormView.rules(catalogue), gminaCity: catalogue.organisation.city ?? "",
            today: CalendarDay(now, in: WallClock.warsaw))
        {
        case .failure(let errors):
            return try await render(request, catalogue, form: form, errors: errors, status: .unprocessableEntity)
        case .success(let valid):
            let submitted: IntakeService.Submitted
            do {
                submitted = try await IntakeService.submit(
                    form, valid: valid, channel: .online, organisation: catalogue.organisation, staff: nil, now: now,
                    baseURL: request.config.baseURL,
                    clauseVersionShown: ApplicationFormView.clauseVersion(request), on: request.db)
            } catch IntakeError.clauseChanged {
                var f = form
                f.consentRodo = false
                return try await render(
                    request, catalogue, form: f, errors: ApplicationFormView.clauseChanged(), status: .conflict)
            }
            // The receipt is opened with the application's own tracking token (the one the
            // e-mail carries): the page may then name the services applied for, and a guessed
            // application number shows nothing.
            return request.redirect(
                to: SiteRoute.publicApplicationDone.url(
                    catalogue.organisation.slug, query: "t=\(submitted.token)&emailed=\(valid.email != nil ? 1 : 0)"),
                redirectType: .normal)
        }
    }

    @Sendable static func done(_ request: Request) async throws -> Response {
        let organisation = try await PublicCatalogueController.organisation(request)
        let token = request.query[String.self, at: "t"] ?? ""
        guard let application = try await IntakeService.application(forToken: token, now: request.clock.now(), on: request.db),
            application.$organisation.id == organisation.id
        else {
            throw Abort(.notFound, reason: "Ten link jest nieważny. O stan wniosku zapytaj w centrum, podając jego numer.")
        }
        let services = try await RequestedService.query(on: request.db).filter(\.$application.$id == application.requireID())
            .with(\.$service).sort(\.$receivedAt).all().map(\.service.name)
        let response = try await request.render(
            "services/apply-done",
            DonePage.make(
                application, organisation: organisation, services: services, token: token,
                emailed: request.query[String.self, at: "emailed"] == "1", baseURL: request.config.baseURL,
                layout: try await request.layout(title: "Wniosek przyjęty", section: "services").branded(organisation)))
        // The page holds the personal tracking link: never kept by a cache.
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    static func renderTracking(
        _ request: Request, token: String, application: ServiceApplication, notice: String? = nil, error: String? = nil,
        status: HTTPStatus = .ok
    ) async throws -> Response {
        let organisation = try await Organisation.find(application.$organisation.id, on: request.db)
        let requested = try await RequestedService.query(on: request.db).filter(\.$application.$id == application.requireID())
            .with(
                \.$service
            ).all()
        let reservePositions = try await TrackingPage.reservePositions(requested, on: request.db)
        var layout = try await request.layout(title: "Wniosek \(application.number)", section: "services")
        if let organisation { layout = layout.branded(organisation) }
        return try await request.render(
            "services/tracking",
            try TrackingPage.make(
                application, organisation: organisation, requested: requested, reservePositions: reservePositions,
                token: token, notice: notice, error: error, layout: layout),
            status: status)
    }

    @Sendable static func tracking(_ request: Request) async throws -> Response {
        let token = request.parameters.get("token") ?? ""
        guard let application = try await IntakeService.application(forToken: token, now: request.clock.now(), on: request.db)
        else {
            throw Abort(
                .notFound, reason: "Ten link jest nieważny lub wygasł. O stan wniosku zapytaj w centrum, podając jego numer.")
        }
        let notice = request.query[String.self, at: "done"] == "withdrawn" ? "Wycofano wniosek o tę usługę." : nil
        return try await renderTracking(request, token: token, application: application, notice: notice)
    }

    @Sendable static func withdraw(_ request: Request) async throws -> Response {
        let token = request.parameters.get("token") ?? ""
        guard let application = try await IntakeService.application(forToken: token, now: request.clock.now(), on: request.db),
            let id = request.parameters.get("requestedID", as: UUID.self)
        else { throw Abort(.notFound, reason: "Ten link jest nieważny lub wygasł.") }
        do {
            try await IntakeService.withdraw(id, application: application, now: request.clock.now(), on: request.db)
        } catch IntakeError.wrongState(let message) {
            return try await renderTracking(request, token: token, application: application, error: message, status: .conflict)
        }
        // Post/redirect/get: refreshing the page after a withdrawal repeats nothing.
        return request.redirect(
            to: SiteRoute.publicApplicationTracking.url(token, query: "done=withdrawn"), redirectType: .normal)
    }
}

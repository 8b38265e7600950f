import Fluent
import OpenCUSCore
import Vapor

/// What a registrant can do with the link from their e-mail: see the registration, change
/// answers and workshops, take an offered seat, download a personal calendar file, cancel.
/// An unknown, forged or expired link gets a clear page and changes nothing.
enum SelfServiceController {

    static func resolve(_ request: Request) async throws -> (Registration, RegistrationContext)? {
        guard let token = request.parameters.get("token"),
            let registration = try await RegistrationService.registration(forToken: token, on: request.db),
            let event = try await Event.find(registration.$event.id, on: request.db),
            let context = try await RegistrationContext.load(event, on: request.db)
        else { return nil }
        return (registration, context)
    }

    static func invalid(_ request: Request) async throws -> Response {
        let page = InvalidPage(layout: try await request.layout(title: "Link nie działa", section: "events"))
        let response = try await request.render("registration/invalid-link", page, status: .notFound)
        return response
    }

    static func render(
        _ request: Request, registration: Registration, context: RegistrationContext, notice: String? = nil, error: String? = nil,
        form: ParticipantForm? = nil, errors: FieldErrors = FieldErrors(), status: HTTPStatus = .ok
    ) async throws -> Response {
        let rows = try await RegistrationService.workshopRows(registration, on: request.db)
        let canModify = registration.state.isActive && context.canModify(now: request.clock.now())
        let counts = try await RegistrationService.counts(context, on: request.db)
        let current = form ?? editable(registration, rows: rows, context: context)
        var page = Page(
            layout: try await request.layout(title: "Twoje zgłoszenie", section: "events"),
            token: request.parameters.get("token") ?? "",
            eventTitle: context.event.displayTitle, eventSlug: context.event.slug,
            dates: EventViews.dates(context.event.startDay, context.event.endDay), place: EventViews.place(context.event),
            state: registration.state.rawValue, stateName: registration.state.polishName, name: registration.fullName,
            email: registration.email,
            workshops: rows.compactMap { row in
                context.alternatives[row.$entry.id].map { Page.Workshop(title: $0.title, placement: row.placement.polishName) }
            },
            canModify: canModify, isActive: registration.state.isActive,
            offerUntil: registration.state == .offered ? registration.offerExpiresAt.map(WarsawTime.format) : nil,
            reason: registration.reason, notice: notice, error: error,
            form: canModify
                ? RegistrationFormView.make(
                    context: context, form: current, errors: errors, counts: counts,
                    rooms: try await PublicRegistrationController.rooms(context, on: request.db))
                : nil)
        page.hasCertificate =
            try await Certificate.query(on: request.db).filter(\.$registration.$id == registration.requireID()).count() > 0
        page.surveyOpen =
            try await ParticipantAfterController.openSurvey(for: registration, event: context.event, on: request.db) != nil
        if registration.state == .confirmed, let code = registration.checkinCode, let qr = try? QRCode(code) {
            page.checkIn = .init(code: code, path: qr.svgPath, side: qr.viewBoxSide)
        }
        let response = try await request.render("registration/self-service", page, status: status)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    /// The stored registration as a form, for editing.
    static func editable(_ r: Registration, rows: [RegistrationWorkshop], context: RegistrationContext) -> ParticipantForm {
        var f = ParticipantForm()
        f.firstName = r.firstName
        f.lastName = r.lastName
        f.email = r.email
        f.phone = r.phone ?? ""
        f.institution = r.institution
        f.institutionType = r.institutionType?.rawValue ?? ""
        f.position = r.position ?? ""
        f.voivodeship = r.voivodeship?.rawValue ?? ""
        f.dietary = r.dietary ?? ""
        let access = RegistrationService.decodeAccessibility(r.accessibility)
        f.accessibility = access.needs.map(\.rawValue)
        f.accessibilityOther = access.other
        f.dinner = r.dinner.map { $0 ? "yes" : "no" } ?? ""
        for (id, values) in RegistrationService.decodeAnswers(r.answers) { f.answers["q-" + id] = values }
        for rule in context.workshops {
            f.workshops[rule.fieldName] = rows.filter { rule.alternatives.contains($0.$entry.id) }.map { $0.$entry.id.uuidString }
        }
        f.consentRodo = true
        f.consentImage = r.consentImage
        f.consentList = r.consentList
        return f
    }

    @Sendable static func show(_ request: Request) async throws -> Response {
        guard let (registration, context) = try await resolve(request) else { return try await invalid(request) }
        let notices = [
            "saved": "Zapisano zmiany.", "cancelled": "Zgłoszenie zostało anulowane. Wysłaliśmy potwierdzenie e-mailem.",
            "accepted": "Przyjęto miejsce – Twój udział jest potwierdzony.",
        ]
        return try await render(
            request, registration: registration, context: context,
            notice: request.query[String.self, at: "ok"].flatMap { notices[$0] })
    }

    @Sendable static func update(_ request: Request) async throws -> Response {
        guard let (registration, context) = try await resolve(request) else { return try await invalid(request) }
        guard registration.state.isActive, context.canModify(now: request.clock.now()) else {
            return try await render(
                request, registration: registration, context: context,
                error: "Zmiany nie są już możliwe. Skontaktuj się z organizatorem.", status: .conflict)
        }
        var form = try ParticipantForm.decode(request).cleaned()
        form.email = registration.email
        form.consentRodo = true
        do {
            try await RegistrationService.updateDetails(
                try registration.requireID(), form: form, actor: .participant, context: context, on: request.db,
                environment: PublicRegistrationController.environment(request))
        } catch RegistrationError.invalid(let errors) {
            return try await render(
                request, registration: registration, context: context, form: form, errors: errors, status: .unprocessableEntity)
        } catch RegistrationError.workshopFull(let title) {
            var errors = FieldErrors()
            errors.add("workshops", "Warsztat „\(title)” nie ma już wolnych miejsc. Wybierz inny.")
            return try await render(
                request, registration: registration, context: context, form: form, errors: errors, status: .conflict)
        } catch RegistrationError.wrongState(let message) {
            return try await render(request, registration: registration, context: context, error: message, status: .conflict)
        }
        return request.redirect(
            to: SiteRoute.selfServiceShow.url(request.parameters.get("token")!, query: "ok=saved"), redirectType: .normal)
    }

    @Sendable static func cancel(_ request: Request) async throws -> Response {
        guard let (registration, context) = try await resolve(request) else { return try await invalid(request) }
        guard registration.state.isActive, context.canModify(now: request.clock.now()) else {
            return try await render(
                request, registration: registration, context: context,
                error: "Tego zgłoszenia nie można już anulować przez stronę. Skontaktuj się z organizatorem.", status: .conflict)
        }
        try await RegistrationService.cancel(
            try registration.requireID(), reason: "Anulowane przez uczestnika.", actor: .participant, context: context,
            on: request.db,
            environment: PublicRegistrationController.environment(request))
        return request.redirect(
            to: SiteRoute.selfServiceShow.url(request.parameters.get("token")!, query: "ok=cancelled"), redirectType: .normal)
    }

    @Sendable static func acceptOffer(_ request: Request) async throws -> Response {
        guard let (registration, context) = try await resolve(request) else { return try await invalid(request) }
        do {
            try await RegistrationService.acceptOffer(
                try registration.requireID(), context: context, on: request.db,
                environment: PublicRegistrationController.environment(request)
            )
        } catch RegistrationError.wrongState(let message) {
            return try await render(request, registration: registration, context: context, error: message, status: .conflict)
        }
        return request.redirect(
            to: SiteRoute.selfServiceShow.url(request.parameters.get("token")!, query: "ok=accepted"), redirectType: .normal)
    }

    @Sendable static func calendar(_ request: Request) async throws -> Response {
        guard let (registration, context) = try await resolve(request) else { return try await invalid(request) }
        let rows = try await RegistrationService.workshopRows(registration, on: request.db)
        let text = try RegistrationMailer.personalCalendar(
            registration, workshops: rows, context: context, baseURL: request.config.baseURL, now: request.clock.now())
        return Response(
            status: .ok,
            headers: [
                "Content-Type": "text/calendar; charset=utf-8",
                "Content-Disposition": "attachment; filename=\"\(context.event.slug).ics\"", "Cache-Control": "no-store",
            ],
            body: .init(string: text))
    }
}

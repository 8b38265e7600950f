import Fluent
import OpenCUSCore
import Vapor

/// The registration form, its result, the self-service page behind the magic link and the
/// "send me my link again" form.
enum PublicRegistrationController {

    static func environment(_ request: Request) -> RegistrationService.Environment {
        .init(now: request.clock.now(), baseURL: request.config.baseURL)
    }

    static func context(_ request: Request) async throws -> RegistrationContext {
        let event = try await PublicEventsController.publicEvent(slug: request.parameters.get("slug"), on: request.db)
        guard
            let context = try await RegistrationContext.load(
                event, on: request.db, cache: request.application.opencus.registrationContexts),
            context.settings.enabled
        else { throw Abort(.notFound) }
        return context
    }

    static func rooms(_ context: RegistrationContext, on db: any Database) async throws -> [UUID: String] {
        let rooms = try await EventRoom.query(on: db).filter(\.$event.$id == context.eventID).all()
        return Dictionary(uniqueKeysWithValues: try rooms.map { (try $0.requireID(), $0.name) })
    }

    static func renderForm(
        _ request: Request, context: RegistrationContext, form: ParticipantForm, errors: FieldErrors, duplicate: Bool = false,
        status: HTTPStatus = .ok
    ) async throws -> Response {
        let event = context.event
        let counts = try await RegistrationService.counts(context, on: request.db)
        let reason = context.availability(now: request.clock.now()).polishReason()
        let page = FormPage(
            layout: try await request.layout(title: "Rejestracja: \(event.displayTitle)", section: "events"),
            slug: event.slug, title: event.displayTitle, dates: EventViews.dates(event.startDay, event.endDay),
            place: EventViews.place(event),
            closedReason: reason,
            seatsLeft: counts.eventSeatsLeft.map {
                $0 > 0
                    ? PolishPlural.placesLeft($0).capitalizedFirst + "."
                    : "Wszystkie miejsca są zajęte – możesz zapisać się na listę rezerwową."
            },
            mode: context.settings.mode == .approval
                ? "Zgłoszenia zatwierdza organizator; po decyzji dostaniesz e-mail."
                : "Po wysłaniu formularza od razu dostaniesz potwierdzenie e-mailem.",
            form: reason == nil
                ? RegistrationFormView.make(
                    context: context, form: form, errors: errors, counts: counts, rooms: try await rooms(context, on: request.db))
                : nil,
            duplicate: duplicate)
        return try await request.render("registration/form", page, status: status)
    }

    @Sendable static func showForm(_ request: Request) async throws -> Response {
        let context = try await context(request)
        return try await renderForm(request, context: context, form: ParticipantForm(), errors: FieldErrors())
    }

    @Sendable static func submit(_ request: Request) async throws -> Response {
        let context = try await context(request)
        let form = try ParticipantForm.decode(request)
        // The consent is to the clause the person read: the version the form showed must be the
        // one in force now (the organiser may have changed it meanwhile), and a missing or
        // invented version is not consent to anything.
        let shown = (try? request.content.get(String.self, at: "consentVersion")).flatMap { Int($0) }
        guard shown == context.consent.version else {
            var errors = FieldErrors()
            errors.add(
                "consentRodo",
                "Klauzula informacyjna RODO zmieniła się, gdy wypełniałeś(-aś) formularz. Przeczytaj jej aktualną treść i potwierdź ponownie — wpisane dane zostały zachowane."
            )
            var kept = form.cleaned()
            kept.consentRodo = false
            return try await renderForm(request, context: context, form: kept, errors: errors, status: .conflict)
        }
        do {
            let created = try await RegistrationService.register(
                form, source: .online, actor: .participant, context: context, on: request.db, environment: environment(request))
            request.logger.info(
                "Registration created",
                metadata: [
                    "registration_id": "\(created.registration.id?.uuidString ?? "?")", "state": "\(created.state.rawValue)",
                ])
            return request.redirect(
                to: SiteRoute.publicRegistrationDone.url(context.event.slug, query: "state=\(created.state.rawValue)"),
                redirectType: .normal)
        } catch RegistrationError.invalid(let errors) {
            return try await renderForm(
                request, context: context, form: form.cleaned(), errors: errors, status: .unprocessableEntity)
        } catch RegistrationError.duplicate {
            return try await renderForm(
                request, context: context, form: form.cleaned(), errors: FieldErrors(), duplicate: true, status: .conflict)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            return try await renderForm(
                request, context: context, form: form.cleaned(), errors: FieldErrors(), duplicate: true, status: .conflict)
        } catch RegistrationError.closed(let reason) {
            var errors = FieldErrors()
            errors.add("form", reason)
            return try await renderForm(request, context: context, form: form.cleaned(), errors: errors, status: .conflict)
        }
    }

    @Sendable static func done(_ request: Request) async throws -> Response {
        let context = try await context(request)
        let state = request.query[String.self, at: "state"].flatMap(RegistrationState.init(rawValue:)) ?? .pending
        let page = ResultPage.make(
            state, event: context.event, layout: try await request.layout(title: ResultPage.heading(state), section: "events"))
        return try await request.render("registration/done", page)
    }

    // MARK: Send my link again

    struct ResendForm: Content {
        var email: String?
    }

    @Sendable static func showResend(_ request: Request) async throws -> Response {
        let context = try await context(request)
        let page = ResendPage(
            layout: try await request.layout(title: "Wyślij link do zgłoszenia", section: "events"), slug: context.event.slug,
            title: context.event.displayTitle, sent: request.query[String.self, at: "sent"] == "1", email: "", error: nil)
        return try await request.render("registration/resend", page)
    }

    /// Always answers the same way, whether or not the address is registered, so that the
    /// form cannot be used to find out who takes part.
    @Sendable static func resend(_ request: Request) async throws -> Response {
        let context = try await context(request)
        let raw = TextInput.clean(try request.content.decode(ResendForm.self).email)
        guard let email = EmailAddress(raw) else {
            let page = ResendPage(
                layout: try await request.layout(title: "Wyślij link do zgłoszenia", section: "events"), slug: context.event.slug,
                title: context.event.displayTitle, sent: false, email: raw,
                error: "To nie jest poprawny adres e-mail. Przykład: jan.kowalski@gmina.pl")
            return try await request.render("registration/resend", page, status: .unprocessableEntity)
        }
        let env = environment(request)
        if let registration = try await Registration.query(on: request.db).filter(\.$event.$id == context.eventID)
            .filter(\.$activeEmail == email.value).first()
        {
            try await request.db.writeTransaction { db in
                let token = try await RegistrationService.issueToken(registration, now: env.now, on: db)
                let change = UUID()
                try await RegistrationMailer.enqueue(
                    .link, registration: registration, context: context, token: token, changeID: change, on: db, environment: env)
            }
        }
        return request.redirect(
            to: SiteRoute.publicRegistrationShowResend.url(context.event.slug, query: "sent=1"), redirectType: .normal)
    }
}

import Fluent
import OpenCUSCore
import Vapor

extension RegistrationAdminController {

    static func renderDetail(
        _ request: Request, context: RegistrationContext, registrationID: UUID, error: String? = nil, status: HTTPStatus = .ok
    ) async throws -> Response {
        let registration = try await RegistrationService.load(registrationID, context: context, on: request.db)
        try await request.audit(
            .view, .registration, recordID: registrationID, subjects: [AuditSubject(type: .registration, id: registrationID)])
        let rows = try await RegistrationService.workshopRows(registration, on: request.db)
        let changes = try await RegistrationChange.query(on: request.db).filter(\.$registration.$id == registrationID).sort(\.$at)
            .all()
        let consentVersion = try await ConsentText.find(registration.$consentText.id, on: request.db)?.version ?? 0
        let page = try DetailPage.make(
            registration, context: context, workshops: rows, changes: changes, consentVersion: consentVersion,
            layout: try await request.layout(title: registration.fullName, section: "events-admin"),
            notice: request.query[String.self, at: "ok"] == "1" ? "Zapisano." : nil, error: error)
        return try await request.render("registration/admin-detail", page, status: status)
    }

    @Sendable static func detail(_ request: Request) async throws -> Response {
        let (_, context) = try await requireContext(request)
        guard let id = request.parameters.get("registrationID", as: UUID.self) else { throw Abort(.notFound) }
        return try await renderDetail(request, context: context, registrationID: id)
    }

    // MARK: Edit details and answers

    static func renderEdit(
        _ request: Request, context: RegistrationContext, registration: Registration, form: ParticipantForm? = nil,
        errors: FieldErrors = FieldErrors(),
        status: HTTPStatus = .ok
    ) async throws -> Response {
        try await request.audit(
            .view, .registration, recordID: registration.id,
            subjects: [AuditSubject(type: .registration, id: try registration.requireID())],
            detail: "formularz poprawiania")
        let rows = try await RegistrationService.workshopRows(registration, on: request.db)
        let current = form ?? SelfServiceController.editable(registration, rows: rows, context: context)
        let counts = try await RegistrationService.counts(context, on: request.db)
        let page = EditPage(
            layout: try await request.layout(title: "Popraw zgłoszenie", section: "events-admin"), eventID: context.eventID,
            registrationID: try registration.requireID(),
            name: registration.fullName, email: registration.email,
            form: RegistrationFormView.make(
                context: context, form: current, errors: errors, counts: counts,
                rooms: try await PublicRegistrationController.rooms(context, on: request.db)))
        return try await request.render("registration/admin-edit", page, status: status)
    }

    @Sendable static func editForm(_ request: Request) async throws -> Response {
        let (_, context) = try await requireContext(request)
        guard let id = request.parameters.get("registrationID", as: UUID.self) else { throw Abort(.notFound) }
        let registration = try await RegistrationService.load(id, context: context, on: request.db)
        guard registration.state.isActive else {
            return try await renderDetail(
                request, context: context, registrationID: id, error: "Zamkniętego zgłoszenia nie można poprawiać.",
                status: .conflict)
        }
        return try await renderEdit(request, context: context, registration: registration)
    }

    /// The organiser corrects what a participant typed (or answers for them); same validation,
    /// option limits and workshop places as the participant's own change.
    @Sendable static func saveEdit(_ request: Request) async throws -> Response {
        let (staff, context) = try await requireContext(request)
        guard let id = request.parameters.get("registrationID", as: UUID.self) else { throw Abort(.notFound) }
        let registration = try await RegistrationService.load(id, context: context, on: request.db)
        let form = try ParticipantForm.decode(request).cleaned()
        do {
            try await RegistrationService.updateDetails(
                id, form: form, actor: actor(staff, request), context: context, on: request.db, environment: environment(request))
        } catch RegistrationError.invalid(let errors) {
            return try await renderEdit(
                request, context: context, registration: registration, form: form, errors: errors, status: .unprocessableEntity)
        } catch RegistrationError.workshopFull(let title) {
            var errors = FieldErrors()
            errors.add("form", "Warsztat „\(title)” nie ma wolnych miejsc. Wybierz inny albo najpierw zwolnij miejsce.")
            return try await renderEdit(
                request, context: context, registration: registration, form: form, errors: errors, status: .conflict)
        } catch RegistrationError.wrongState(let message) {
            return try await renderDetail(request, context: context, registrationID: id, error: message, status: .conflict)
        }
        return request.redirect(to: SiteRoute.registrationsDetail.url(context.eventID, id, query: "ok=1"), redirectType: .normal)
    }

    struct ReasonForm: Content {
        var reason: String?
    }

    static func act(
        _ request: Request, _ work: (StaffContext, RegistrationContext, UUID) async throws -> Void
    ) async throws -> Response {
        let (staff, context) = try await requireContext(request)
        guard let id = request.parameters.get("registrationID", as: UUID.self) else { throw Abort(.notFound) }
        _ = try await RegistrationService.load(id, context: context, on: request.db)
        do {
            try await work(staff, context, id)
        } catch RegistrationError.wrongState(let message) {
            return try await renderDetail(request, context: context, registrationID: id, error: message, status: .conflict)
        } catch RegistrationError.workshopFull(let title) {
            return try await renderDetail(
                request, context: context, registrationID: id, error: "Warsztat „\(title)” nie ma wolnych miejsc.",
                status: .conflict)
        } catch RegistrationError.invalid(let errors) {
            return try await renderDetail(
                request, context: context, registrationID: id, error: errors.messages.values.sorted().joined(separator: " "),
                status: .unprocessableEntity)
        }
        return request.redirect(to: SiteRoute.registrationsDetail.url(context.eventID, id, query: "ok=1"), redirectType: .normal)
    }

    @Sendable static func accept(_ request: Request) async throws -> Response {
        try await act(request) { staff, context, id in
            try await RegistrationService.accept(
                id, actor: actor(staff, request), context: context, on: request.db, environment: environment(request))
        }
    }

    @Sendable static func reject(_ request: Request) async throws -> Response {
        let reason = TextInput.clean(try request.content.decode(ReasonForm.self).reason, multiline: true)
        guard !reason.isEmpty, reason.count <= 2_000 else {
            let (_, context) = try await requireContext(request)
            return try await renderDetail(
                request, context: context, registrationID: request.parameters.get("registrationID", as: UUID.self)!,
                error: "Podaj uzasadnienie odmowy (najwyżej 2000 znaków) – trafi do wiadomości dla zgłaszającego.",
                status: .unprocessableEntity)
        }
        return try await act(request) { staff, context, id in
            try await RegistrationService.reject(
                id, reason: reason, actor: actor(staff, request), context: context, on: request.db,
                environment: environment(request))
        }
    }

    @Sendable static func cancel(_ request: Request) async throws -> Response {
        let reason = String(TextInput.clean(try request.content.decode(ReasonForm.self).reason, multiline: true).prefix(2_000))
        return try await act(request) { staff, context, id in
            try await RegistrationService.cancel(
                id, reason: reason.isEmpty ? "Anulowane przez organizatora." : reason, actor: actor(staff, request),
                context: context, on: request.db, environment: environment(request))
        }
    }

    struct WorkshopsForm: Content {
        var workshops: [String]?
    }

    @Sendable static func moveWorkshops(_ request: Request) async throws -> Response {
        let chosen = (try request.content.decode(WorkshopsForm.self).workshops ?? []).compactMap(UUID.init(uuidString:))
        return try await act(request) { staff, context, id in
            try await RegistrationService.changeWorkshops(
                id, to: chosen, actor: actor(staff, request), context: context, on: request.db, environment: environment(request))
        }
    }

    // MARK: Manual entry

    static func renderManual(
        _ request: Request, context: RegistrationContext, form: ParticipantForm, source: String, errors: FieldErrors,
        duplicate: Bool = false,
        status: HTTPStatus = .ok
    ) async throws -> Response {
        let counts = try await RegistrationService.counts(context, on: request.db)
        let page = ManualPage(
            layout: try await request.layout(title: "Wpisz zgłoszenie", section: "events-admin"), eventID: context.eventID,
            title: context.event.displayTitle,
            form: RegistrationFormView.make(
                context: context, form: form, errors: errors, counts: counts,
                rooms: try await PublicRegistrationController.rooms(context, on: request.db)),
            sources: [RegistrationSource.email, .paper].map {
                .init(value: $0.rawValue, label: $0.polishName, selected: $0.rawValue == source)
            },
            duplicate: duplicate)
        return try await request.render("registration/admin-manual", page, status: status)
    }

    @Sendable static func newManual(_ request: Request) async throws -> Response {
        let (_, context) = try await requireContext(request)
        return try await renderManual(request, context: context, form: ParticipantForm(), source: "email", errors: FieldErrors())
    }

    struct SourceForm: Content {
        var source: String?
    }

    /// Forms received by e-mail or on paper: the same rules (capacity, one per e-mail), marked
    /// with their source; accepted by the act of typing them in.
    @Sendable static func createManual(_ request: Request) async throws -> Response {
        let (staff, context) = try await requireContext(request)
        let form = try ParticipantForm.decode(request)
        let sourceRaw = try request.content.decode(SourceForm.self).source ?? ""
        guard let source = RegistrationSource(rawValue: sourceRaw), source == .email || source == .paper else {
            var errors = FieldErrors()
            errors.add("source", "Wybierz, skąd pochodzi zgłoszenie.")
            return try await renderManual(
                request, context: context, form: form.cleaned(), source: sourceRaw, errors: errors, status: .unprocessableEntity)
        }
        do {
            let created = try await RegistrationService.register(
                form, source: source, actor: actor(staff, request), context: context, on: request.db,
                environment: environment(request))
            return request.redirect(
                to: SiteRoute.registrationsDetail.url(context.eventID, try created.registration.requireID(), query: "ok=1"),
                redirectType: .normal)
        } catch RegistrationError.invalid(let errors) {
            return try await renderManual(
                request, context: context, form: form.cleaned(), source: sourceRaw, errors: errors, status: .unprocessableEntity)
        } catch RegistrationError.duplicate {
            return try await renderManual(
                request, context: context, form: form.cleaned(), source: sourceRaw, errors: FieldErrors(), duplicate: true,
                status: .conflict)
        } catch RegistrationError.closed(let reason) {
            var errors = FieldErrors()
            errors.add("form", reason)
            return try await renderManual(
                request, context: context, form: form.cleaned(), source: sourceRaw, errors: errors, status: .conflict)
        }
    }
}

import Fluent
import OpenCUSCore
import Vapor

extension RegistrationAdminController {

    static func renderMail(
        _ request: Request, context: RegistrationContext, subject: String = "", body: String = "",
        errors: FieldErrors = FieldErrors(),
        notice: String? = nil, status: HTTPStatus = .ok
    ) async throws -> Response {
        let filters = Filters(request)
        let recipients = try await filtered(context, filters, on: request.db).filter { $0.0.state.isActive }.count
        let page = MailPage(
            layout: try await request.layout(title: "Wiadomość do uczestników", section: "events-admin"),
            eventID: context.eventID, title: context.event.displayTitle,
            filterQuery: filters.queryString, recipients: recipients,
            recipientsText: PolishPlural(one: "osoba", few: "osoby", many: "osób").phrase(recipients),
            nonce: SecureToken.make(), subject: subject, body: body, errors: errors, notice: notice)
        return try await request.render("registration/admin-mail", page, status: status)
    }

    @Sendable static func mailForm(_ request: Request) async throws -> Response {
        let (_, context) = try await requireContext(request)
        let notice = request.query[String.self, at: "sent"].map {
            "Wiadomość trafiła do kolejki: \(PolishPlural.message.phrase(Int($0) ?? 0))."
        }
        return try await renderMail(request, context: context, notice: notice)
    }

    struct BulkForm: Content {
        var subject: String?
        var body: String?
        /// Random per rendered form: resubmitting the same form re-uses the same idempotency keys.
        var nonce: String?
    }

    /// One message per active registrant matching the filters, through the outbox. The
    /// idempotency key is (form nonce, registration): a double submit or a retry after a
    /// restart queues nothing twice.
    @Sendable static func sendMail(_ request: Request) async throws -> Response {
        let (staff, context) = try await requireContext(request)
        let form = try request.content.decode(BulkForm.self)
        let subject = TextInput.clean(form.subject)
        let body = TextInput.clean(form.body, multiline: true)
        var errors = FieldErrors()
        if subject.isEmpty || subject.count > 200 { errors.add("subject", "Podaj temat (najwyżej 200 znaków).") }
        if body.isEmpty || body.count > 20_000 { errors.add("body", "Wpisz treść wiadomości (najwyżej 20 000 znaków).") }
        guard let nonce = form.nonce, nonce.count >= 20, nonce.count <= 64 else { throw Abort(.badRequest) }
        guard errors.isEmpty else {
            return try await renderMail(
                request, context: context, subject: subject, body: body, errors: errors, status: .unprocessableEntity)
        }
        let recipients = try await filtered(context, Filters(request), on: request.db).map(\.0).filter(\.state.isActive)
        let now = request.clock.now()
        let actor = AuditActor(staff, request)
        let queued = try await request.db.writeTransaction { db -> Int in
            try await Audit.append(
                AuditEvent(
                    actor: actor, organisationID: context.organisationID, action: .message, recordType: .registrationList,
                    recordID: context.eventID,
                    subjects: recipients.map { AuditSubject(type: .registration, id: try $0.requireID()) },
                    detail: "wiadomość do: \(PolishPlural.person.phrase(recipients.count))"),
                at: now, on: db)
            var queued = 0
            for registration in recipients {
                guard let address = EmailAddress(registration.email) else { continue }
                let personal = MailTemplate(subject: subject, body: body).render([
                    "imie": registration.firstName, "nazwisko": registration.lastName,
                    "wydarzenie": context.event.displayTitle,
                ])
                if try await Outbox.enqueue(
                    OutgoingMail(
                        to: MailAddress(name: registration.fullName, email: address), subject: personal.subject,
                        textBody: personal.body),
                    idempotencyKey: "bulk-\(nonce.sha256Hex.prefix(24))-\(try registration.requireID().uuidString.lowercased())",
                    organisationID: context.organisationID, on: db, now: now) != nil
                {
                    queued += 1
                }
            }
            return queued
        }
        request.logger.info(
            "Bulk mail queued", metadata: ["event_id": "\(context.eventID)", "queued": "\(queued)", "user_id": "\(staff.userID)"])
        return request.redirect(
            to: SiteRoute.registrationsMailForm.url(context.eventID, query: "sent=\(queued)"), redirectType: .normal)
    }

    // MARK: Templates

    @Sendable static func templates(_ request: Request) async throws -> Response {
        let (_, event, _) = try await own(request)
        return try await renderTemplates(
            request, event: event, notice: request.query[String.self, at: "ok"] == "1" ? "Zapisano szablon." : nil)
    }

    static func renderTemplates(
        _ request: Request, event: Event, notice: String? = nil, error: String? = nil, status: HTTPStatus = .ok
    ) async throws -> Response {
        let overrides = try await MailTemplateOverride.query(on: request.db).filter(\.$event.$id == event.requireID()).all()
        let page = TemplatesPage(
            layout: try await request.layout(title: "Szablony wiadomości", section: "events-admin"),
            eventID: try event.requireID(),
            title: event.displayTitle,
            items: RegistrationMailKind.allCases.map { kind in
                let custom = overrides.first { $0.kind == kind.rawValue }
                let template = custom.map { MailTemplate(subject: $0.subject, body: $0.body) } ?? MailTemplate.standard(kind)
                return .init(
                    kind: kind.rawValue, name: kind.polishName, subject: template.subject, body: template.body,
                    customised: custom != nil)
            },
            placeholders: MailTemplate.placeholders.map { "{{\($0)}}" }, notice: notice, error: error)
        return try await request.render("registration/admin-templates", page, status: status)
    }

    struct TemplateForm: Content {
        var kind: String?
        var subject: String?
        var body: String?
        var reset: String?
    }

    @Sendable static func saveTemplate(_ request: Request) async throws -> Response {
        let (_, event, _) = try await own(request)
        let form = try request.content.decode(TemplateForm.self)
        guard let kind = form.kind.flatMap(RegistrationMailKind.init(rawValue:)) else {
            throw Abort(.badRequest, reason: "Nieznany szablon.")
        }
        let existing = try await MailTemplateOverride.query(on: request.db).filter(\.$event.$id == event.requireID()).filter(
            \.$kind == kind.rawValue
        ).first()
        if form.reset != nil {
            try await existing?.delete(on: request.db)
            try await RegistrationSettings.touch(event.requireID(), on: request.db)
            return request.redirect(
                to: SiteRoute.registrationsTemplates.url(try event.requireID(), query: "ok=1"), redirectType: .normal)
        }
        let subject = TextInput.clean(form.subject)
        let body = TextInput.clean(form.body, multiline: true)
        guard !subject.isEmpty, subject.count <= 200, !body.isEmpty, body.count <= 20_000 else {
            return try await renderTemplates(
                request, event: event,
                error: "Szablon „\(kind.polishName)”: temat (do 200 znaków) i treść (do 20 000 znaków) są wymagane.",
                status: .unprocessableEntity)
        }
        if [.confirmed, .offered, .promoted, .workshopPlace, .received, .link].contains(kind) && !body.contains("{{link}}") {
            return try await renderTemplates(
                request, event: event,
                error:
                    "Szablon „\(kind.polishName)” musi zawierać {{link}} – bez niego uczestnik nie dotrze do swojego zgłoszenia.",
                status: .unprocessableEntity)
        }
        let row = existing ?? MailTemplateOverride()
        row.$organisation.id = event.$organisation.id
        row.$event.id = try event.requireID()
        row.kind = kind.rawValue
        row.subject = subject
        row.body = body
        try await row.save(on: request.db)
        try await RegistrationSettings.touch(event.requireID(), on: request.db)
        return request.redirect(
            to: SiteRoute.registrationsTemplates.url(try event.requireID(), query: "ok=1"), redirectType: .normal)
    }
}

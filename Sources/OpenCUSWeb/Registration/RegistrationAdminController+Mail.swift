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
        let recipients = try await recipients(context, filters, on: request.db)
        try await request.audit(
            .list, .registrationList, recordID: context.eventID,
            subjects: recipients.map { AuditSubject(type: .registration, id: try $0.requireID()) },
            detail: "odbiorcy wiadomości: \(recipients.count)")
        let page = MailPage(
            layout: try await request.layout(title: "Wiadomość do uczestników", section: "events-admin"),
            eventID: context.eventID, title: context.event.displayTitle,
            filterQuery: filters.queryString, filterText: filters.polish(context),
            recipients: recipients.count,
            recipientsText: PolishPlural.person.phrase(recipients.count),
            recipientNames: recipients.map { "\($0.fullName) <\($0.email)>" },
            replyTo: replyTo(context, organiser: try await Organisation.find(context.organisationID, on: request.db)).map {
                "\($0.name ?? "") <\($0.email.value)>"
            },
            nonce: SecureToken.make(), subject: subject, body: body, errors: errors, notice: notice)
        return try await request.render("registration/admin-mail", page, status: status)
    }

    @Sendable static func mailForm(_ request: Request) async throws -> Response {
        let (_, context) = try await requireContext(request)
        var notice = request.query[String.self, at: "sent"].map {
            "Wiadomość trafiła do kolejki: \(PolishPlural.message.phrase(Int($0) ?? 0))."
        }
        if let address = request.query[String.self, at: "test"] {
            notice = "Kopię testową wysłano na Twój adres \(address). Odbiorcom nie wysłano nic."
        }
        return try await renderMail(request, context: context, notice: notice)
    }

    struct BulkForm: Content {
        var subject: String?
        var body: String?
        /// Random per rendered form: resubmitting the same form re-uses the same idempotency keys.
        var nonce: String?
        /// "Send me a test copy": only to the signed-in organiser.
        var test: String?
    }

    static func bulkErrors(_ form: BulkForm) -> FieldErrors {
        var errors = FieldErrors()
        let subject = TextInput.clean(form.subject)
        let body = TextInput.clean(form.body, multiline: true)
        if subject.isEmpty || subject.count > 200 { errors.add("subject", "Podaj temat (najwyżej 200 znaków).") }
        if body.isEmpty || body.count > 20_000 { errors.add("body", "Wpisz treść wiadomości (najwyżej 20 000 znaków).") }
        return errors
    }

    /// The active registrations the filters select: who a message to "everyone shown" reaches.
    static func recipients(_ context: RegistrationContext, _ filters: Filters, on db: any Database) async throws
        -> [Registration]
    {
        try await filtered(context, filters, on: db).map(\.0).filter(\.state.isActive)
    }

    /// Answers go to the event's contact person, or else to the organisation's address.
    static func replyTo(_ context: RegistrationContext, organiser: Organisation?) -> MailAddress? {
        if let address = context.event.contactEmail.flatMap(EmailAddress.init) {
            return MailAddress(name: context.event.contactName, email: address)
        }
        return organiser?.email.flatMap(EmailAddress.init).map { MailAddress(name: organiser?.name, email: $0) }
    }

    /// One message per active registrant matching the filters, through the outbox. The
    /// idempotency key is (form nonce, registration): a double submit or a retry after a
    /// restart queues nothing twice. The filters travel in the form's address and come back
    /// in the redirect, so the page after sending still names the same people.
    @Sendable static func sendMail(_ request: Request) async throws -> Response {
        let (staff, context) = try await requireContext(request)
        let form = try request.content.decode(BulkForm.self)
        let subject = TextInput.clean(form.subject)
        let body = TextInput.clean(form.body, multiline: true)
        let errors = bulkErrors(form)
        guard let nonce = form.nonce, nonce.count >= 20, nonce.count <= 64 else { throw Abort(.badRequest) }
        guard errors.isEmpty else {
            return try await renderMail(
                request, context: context, subject: subject, body: body, errors: errors, status: .unprocessableEntity)
        }
        let filters = Filters(request)
        let organiser = try await Organisation.find(context.organisationID, on: request.db)
        let now = request.clock.now()
        @Sendable func mail(to address: MailAddress, firstName: String, lastName: String, test: Bool) -> OutgoingMail {
            let personal = MailTemplate(subject: subject, body: body).render([
                "imie": firstName, "nazwisko": lastName, "wydarzenie": context.event.displayTitle,
            ])
            return OutgoingMail(
                to: address, subject: (test ? "[KOPIA TESTOWA] " : "") + personal.subject, textBody: personal.body,
                senderName: organiser?.name, replyTo: replyTo(context, organiser: organiser))
        }
        if form.test != nil {
            guard let user = try await User.find(staff.userID, on: request.db), let address = EmailAddress(user.email) else {
                throw Abort(.notFound)
            }
            try await request.db.writeTransaction { db in
                _ = try await Outbox.enqueue(
                    mail(to: MailAddress(name: user.name, email: address), firstName: "Jan", lastName: "Przykładowy", test: true),
                    idempotencyKey: "bulk-test-\(UUID().uuidString.lowercased())", organisationID: context.organisationID,
                    on: db, now: now)
            }
            let query = [
                filters.queryString.nilIfEmpty,
                "test=" + (address.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""),
            ]
            return request.redirect(
                to: SiteRoute.registrationsMailForm.url(context.eventID, query: query.compactMap { $0 }.joined(separator: "&")),
                redirectType: .normal)
        }
        let recipients = try await recipients(context, filters, on: request.db)
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
                if try await Outbox.enqueue(
                    mail(
                        to: MailAddress(name: registration.fullName, email: address), firstName: registration.firstName,
                        lastName: registration.lastName, test: false),
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
        let query = [filters.queryString.nilIfEmpty, "sent=\(queued)"].compactMap { $0 }.joined(separator: "&")
        return request.redirect(to: SiteRoute.registrationsMailForm.url(context.eventID, query: query), redirectType: .normal)
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
        let page = try TemplatesPage.make(
            event, overrides: overrides, notice: notice, error: error,
            layout: try await request.layout(title: "Szablony wiadomości", section: "events-admin"))
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

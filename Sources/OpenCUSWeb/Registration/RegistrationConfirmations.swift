import Fluent
import OpenCUSCore
import Vapor

/// The questions asked before a registration is cancelled or rejected, and before a message
/// goes to many participants (`Confirmation`, named in the route table).
enum RegistrationConfirmations {
    @Sendable static func cancelByOrganiser(_ request: Request) async throws -> Confirmation? {
        let (_, context) = try await RegistrationAdminController.requireContext(request)
        guard let id = request.parameters.get("registrationID", as: UUID.self) else { throw Abort(.notFound) }
        let registration = try await RegistrationService.load(id, context: context, on: request.db)
        guard registration.state.isActive else { return nil }
        return Confirmation(
            question: "Anulować zgłoszenie: \(registration.fullName)?",
            consequence:
                "Zgłoszenie na „\(context.event.displayTitle)” zostanie anulowane, a uczestnik dostanie o tym wiadomość e-mail."
                + (registration.state.holdsSeat
                    ? " Zwolnione miejsce przejdzie na pierwszą osobę z listy rezerwowej, jeśli ktoś czeka." : ""),
            confirmLabel: "Tak, anuluj zgłoszenie",
            cancelURL: SiteRoute.registrationsDetail.url(context.eventID, id))
    }

    @Sendable static func reject(_ request: Request) async throws -> Confirmation? {
        let reason = TextInput.clean(
            try request.content.decode(RegistrationAdminController.ReasonForm.self).reason, multiline: true)
        // Without a reason the handler answers with its message next to the field.
        guard !reason.isEmpty, reason.count <= 2_000 else { return nil }
        let (_, context) = try await RegistrationAdminController.requireContext(request)
        guard let id = request.parameters.get("registrationID", as: UUID.self) else { throw Abort(.notFound) }
        let registration = try await RegistrationService.load(id, context: context, on: request.db)
        return Confirmation(
            question: "Odrzucić zgłoszenie: \(registration.fullName)?",
            consequence:
                "Zgłaszający dostanie wiadomość e-mail z odmową i tym uzasadnieniem: „\(reason)”. Odrzuconego zgłoszenia nie można przywrócić; osoba może zgłosić się ponownie, jeśli rejestracja jest otwarta.",
            confirmLabel: "Tak, odrzuć zgłoszenie",
            cancelURL: SiteRoute.registrationsDetail.url(context.eventID, id))
    }

    @Sendable static func cancelByParticipant(_ request: Request) async throws -> Confirmation? {
        guard let (registration, context) = try await SelfServiceController.resolve(request),
            registration.state.isActive, context.canModify(now: request.clock.now())
        else { return nil }
        return Confirmation(
            question: "Anulować Twoje zgłoszenie na „\(context.event.displayTitle)”?",
            consequence: (registration.state.holdsSeat
                ? "Twoje miejsce zostanie zwolnione i przekazane kolejnej osobie. "
                : "Twoje zgłoszenie zostanie usunięte z listy. ")
                + "Tego nie można cofnąć: aby wziąć udział, trzeba będzie zgłosić się ponownie, jeśli będą wolne miejsca.",
            confirmLabel: "Tak, anuluj moje zgłoszenie",
            cancelURL: SiteRoute.selfServiceShow.url(request.parameters.get("token") ?? ""))
    }

    /// A message to everyone the filter selects: says how many and lists them. A test copy to
    /// oneself is not a mass action and is sent without asking.
    @Sendable static func bulkMail(_ request: Request) async throws -> Confirmation? {
        let form = try request.content.decode(RegistrationAdminController.BulkForm.self)
        guard form.test == nil, RegistrationAdminController.bulkErrors(form).isEmpty else { return nil }
        let (_, context) = try await RegistrationAdminController.requireContext(request)
        let filters = RegistrationAdminController.Filters(request)
        let recipients = try await RegistrationAdminController.recipients(context, filters, on: request.db)
        guard !recipients.isEmpty else { return nil }
        return Confirmation(
            question: "Wysłać wiadomość do \(PolishPlural.personGenitive.phrase(recipients.count))?",
            consequence:
                "Temat: „\(TextInput.clean(form.subject))”. Odbiorcy: \(filters.polish(context)). "
                + "Każdy dostanie osobną wiadomość; wysłanej nie da się cofnąć.",
            affected: recipients.map { "\($0.fullName) <\($0.email)>" },
            confirmLabel: "Tak, wyślij do \(PolishPlural.personGenitive.phrase(recipients.count))",
            cancelURL: SiteRoute.registrationsMailForm.url(context.eventID, query: filters.queryString.nilIfEmpty))
    }
}

import Fluent
import Foundation
import OpenCUSCore

/// Builds registration e-mails from the templates (the event's own, or the standard Polish
/// ones) and queues them in the outbox inside the caller's transaction.
enum RegistrationMailer {
    /// The event's own template (loaded with the context, outside the lock) or the standard one.
    static func template(_ kind: RegistrationMailKind, context: RegistrationContext) -> MailTemplate {
        context.templates[kind.rawValue] ?? MailTemplate.standard(kind)
    }

    static func enqueue(
        _ kind: RegistrationMailKind, registration: Registration, context: RegistrationContext, token: String?, changeID: UUID,
        reason: String? = nil, idempotencyKey: String? = nil, workshops known: [RegistrationWorkshop]? = nil, on db: any Database,
        environment: RegistrationService.Environment
    ) async throws {
        let rows: [RegistrationWorkshop]
        if let known { rows = known } else { rows = try await RegistrationService.workshopRows(registration, on: db) }
        let workshopLines = rows.compactMap { row -> String? in
            guard let entry = context.alternatives[row.$entry.id] else { return nil }
            return "Warsztat: \(entry.title) (\(row.placement.polishName))"
        }
        let link = token.map { environment.baseURL.absoluteString + SiteRoute.selfServiceShow.url($0) } ?? ""
        let values: [String: String] = [
            "imie": registration.firstName, "nazwisko": registration.lastName, "wydarzenie": context.event.displayTitle,
            "termin": EventViews.dates(context.event.startDay, context.event.endDay), "miejsce": EventViews.place(context.event),
            "link": link, "warsztaty": workshopLines.isEmpty ? "" : workshopLines.joined(separator: "\n") + "\n",
            "powod": reason ?? registration.reason ?? "",
            "odpowiedz_do": registration.offerExpiresAt.map(WarsawTime.format) ?? "",
        ]
        var mail = template(kind, context: context).render(values)
        var attachments: [MailAttachment] = []
        if kind == .confirmed || kind == .promoted || kind == .workshopPlace || kind == .reminder {
            attachments.append(
                MailAttachment(
                    filename: "\(context.event.slug).ics", contentType: "text/calendar; charset=utf-8; method=PUBLISH",
                    data: Array(
                        try personalCalendar(
                            registration, workshops: rows, context: context, baseURL: environment.baseURL, now: environment.now
                        ).utf8)))
            // The desk's code, as text and as a QR code, whatever the organiser's template says.
            if registration.state == .confirmed, let code = registration.checkinCode, let qr = try? QRCode(code) {
                mail.body +=
                    "\n\nKod do recepcji: \(code). Pokaż przy wejściu kod QR z załącznika albo podaj ten kod osobie w recepcji."
                attachments.append(
                    MailAttachment(
                        filename: "kod-recepcji-\(code).png", contentType: "image/png", data: MonochromePNG.encode(qr)))
            }
        }
        guard let address = EmailAddress(registration.email) else { return }
        try await Outbox.enqueue(
            OutgoingMail(
                to: MailAddress(name: registration.fullName, email: address), subject: mail.subject, textBody: mail.body,
                attachments: attachments),
            idempotencyKey: idempotencyKey ?? "registration-\(changeID.uuidString.lowercased())-\(kind.rawValue)",
            organisationID: registration.$organisation.id, on: db, now: environment.now)
    }

    /// The event for the person's calendar plus the workshops they have a place in.
    static func personalCalendar(
        _ registration: Registration, workshops: [RegistrationWorkshop], context: RegistrationContext, baseURL: URL, now: Date
    ) throws -> String {
        let event = context.event
        let host = baseURL.host ?? "opencus"
        var items = [
            CalendarEvent(
                uid: "event-\(try event.requireID().uuidString.lowercased())@\(host)",
                when: .days(first: event.startDay, last: event.endDay),
                summary: event.displayTitle, location: EventViews.place(event),
                url: baseURL.absoluteString + SiteRoute.publicEventPage.url(event.slug),
                cancelled: event.status == .cancelled)
        ]
        for row in workshops where row.placement == .assigned {
            guard let entry = context.alternatives[row.$entry.id] else { continue }
            items.append(
                CalendarEvent(
                    uid:
                        "entry-\(try entry.requireID().uuidString.lowercased())-\(try registration.requireID().uuidString.lowercased())@\(host)",
                    when: .timed(start: entry.startsAt, end: entry.endsAt), summary: "\(entry.title) – \(event.displayTitle)",
                    location: EventViews.place(event)))
        }
        return ICalendar.document(items, stamp: now, name: event.displayTitle)
    }
}

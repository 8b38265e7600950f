import Fluent
import OpenCUSCore
import Vapor

/// The thank-you e-mail after the event, to everyone marked present: links to their
/// certificate (when issued) and to the survey (when open). Queued in the outbox with the key
/// `thanks-{registration}`, so a second click (or two organisers at once) sends nobody a
/// second mail; the key also lets anonymisation find and remove the message.
enum ThanksMailer {
    struct Outcome: Sendable, Equatable {
        var queued = 0
        var alreadySent = 0
    }

    static func key(_ registrationID: UUID) -> String { "thanks-\(registrationID.uuidString.lowercased())" }

    static func send(_ event: Event, baseURL: URL, now: Date, on db: any Database) async throws -> Outcome {
        let present = Set(
            try await EventAttendance.query(on: db).filter(\.$event.$id == event.requireID()).all().map { $0.$registration.id })
        guard !present.isEmpty else { return Outcome() }
        let people = try await Registration.query(on: db).filter(\.$id ~~ Array(present)).filter(\.$state == .confirmed).filter(
            \.$anonymisedAt == nil
        ).all()
        let certificates = Set(
            try await Certificate.query(on: db).filter(\.$event.$id == event.requireID()).all().map { $0.$registration.id })
        let surveyOpen = try await SurveyController.survey(event.requireID(), on: db)?.open ?? false
        let sent = Set(
            try await OutboxMessage.query(on: db).filter(\.$idempotencyKey ~~ people.map { key(try $0.requireID()) }).all().map(
                \.idempotencyKey))
        let organisers = try await AttendanceListController.organisers(event, on: db)
        // One transaction for the whole round: either every mail is queued or none is.
        return try await db.writeTransaction { db in
            var outcome = Outcome()
            for person in people {
                guard !sent.contains(key(try person.requireID())) else { outcome.alreadySent += 1; continue }
                // Stored addresses were validated at registration; anonymised ones are filtered above.
                guard let address = EmailAddress(person.email) else { continue }
                let token = try await RegistrationService.issueToken(person, now: now, on: db)
                var lines = [
                    "Dzień dobry,", "",
                    "dziękujemy za udział w wydarzeniu „\(event.displayTitle)” (\(EventViews.dates(event.startDay, event.endDay))).",
                ]
                if certificates.contains(try person.requireID()) {
                    lines += [
                        "", "Zaświadczenie o udziale (do wydruku lub zapisania jako PDF):",
                        baseURL.absoluteString + SiteRoute.participantCertificate.url(token),
                    ]
                }
                if surveyOpen {
                    lines += [
                        "", "Prosimy o wypełnienie krótkiej, anonimowej ankiety ewaluacyjnej:",
                        baseURL.absoluteString + SiteRoute.participantSurveyForm.url(token),
                    ]
                }
                lines += ["", "Z wyrazami szacunku", organisers.isEmpty ? "Organizatorzy" : organisers.joined(separator: ", ")]
                let queued = try await Outbox.enqueue(
                    OutgoingMail(
                        to: MailAddress(name: person.fullName, email: address),
                        subject: "Dziękujemy za udział: \(event.displayTitle)",
                        textBody: lines.joined(separator: "\n")),
                    idempotencyKey: key(try person.requireID()), organisationID: event.$organisation.id, on: db, now: now)
                if queued != nil { outcome.queued += 1 } else { outcome.alreadySent += 1 }
            }
            return outcome
        }
    }

    @Sendable static func thanks(_ request: Request) async throws -> Response {
        let (_, event) = try await EventAdminController.ownEvent(request)
        let today = CalendarDay(request.clock.now(), in: WallClock.warsaw)
        guard event.endDay < today else {
            throw Abort(.conflict, reason: "Podziękowania można wysłać po zakończeniu wydarzenia (po \(event.endDay.polish)).")
        }
        let outcome = try await send(event, baseURL: request.config.baseURL, now: request.clock.now(), on: request.db)
        try await request.audit(
            .message, .registrationList, recordID: event.id,
            detail: "podziękowania: \(outcome.queued), wcześniej: \(outcome.alreadySent)")
        return request.redirect(
            to: SiteRoute.eventOverview.url(
                try event.requireID(), query: "thanks=\(outcome.queued)&before=\(outcome.alreadySent)"),
            redirectType: .normal)
    }
}

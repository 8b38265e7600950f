import Fluent
import Foundation
import OpenCUSCore
import Vapor

/// Announcements of new consultations to residents who asked for them: double opt-in (the
/// first mail only asks to confirm), an unsubscribe link in every mail, all mail through the
/// outbox in the transaction that causes it.
enum ConsultationSubscriptions {
    /// Asks for a subscription. The answer never tells whether the address was already known.
    static func request(
        _ address: EmailAddress, organisation: Organisation, baseURL: URL, now: Date, on db: any Database
    ) async throws {
        let organisationID = try organisation.requireID()
        try await db.writeTransaction { db in
            // One request per organisation at a time: the same address sent twice at once makes
            // one row, not a unique-constraint failure.
            try await db.lockForUpdate(Organisation.self, id: organisationID)
            // Unconfirmed requests older than the link's life are personal data with no purpose.
            try await ConsultationSubscriber.scoped(to: organisationID, on: db).filter(\.$confirmedAt == nil)
                .filter(\.$requestedAt < now.addingTimeInterval(-Double(ConsultationSubscribeForm.confirmationDays) * 86_400))
                .delete()
            let existing = try await ConsultationSubscriber.scoped(to: organisationID, on: db).filter(\.$email == address.value)
                .first()
            if let existing, existing.isActive { return }
            let token = SecureToken.make()
            let subscriber =
                existing
                ?? ConsultationSubscriber(
                    organisationID: organisationID, email: address.value, confirmTokenHash: "",
                    unsubscribeKey: SecureToken.make(),
                    requestedAt: now)
            subscriber.confirmTokenHash = token.sha256Hex
            subscriber.requestedAt = now
            subscriber.confirmedAt = nil
            subscriber.unsubscribedAt = nil
            try await subscriber.save(on: db)
            let link = baseURL.absoluteString + SiteRoute.consultationSubscription.url(organisation.slug, token)
            _ = try await Outbox.enqueue(
                OutgoingMail(
                    to: MailAddress(name: nil, email: address),
                    subject: "Potwierdź powiadomienia o konsultacjach — \(organisation.name)",
                    textBody: """
                        Dzień dobry,

                        ktoś (zapewne Ty) poprosił o powiadomienia o nowych konsultacjach społecznych \(organisation.name) na ten adres.

                        Aby je włączyć, otwórz link i potwierdź (link jest ważny \(ConsultationSubscribeForm.confirmationDays) dni):
                        \(link)

                        Jeśli to nie Ty, zignoruj tę wiadomość — nie wyślemy nic więcej.
                        """, senderName: organisation.name),
                idempotencyKey: "consultation-subscribe:\(try subscriber.requireID()):\(token.sha256Hex.prefix(16))",
                organisationID: organisationID, on: db, now: now)
        }
    }

    enum Lookup: Sendable {
        case found(ConsultationSubscriber)
        case expired
        case unknown
    }

    static func byConfirmToken(_ token: String, organisationID: UUID, now: Date, on db: any Database) async throws -> Lookup {
        guard token.count <= 100,
            let subscriber = try await ConsultationSubscriber.scoped(to: organisationID, on: db)
                .filter(\.$confirmTokenHash == token.sha256Hex).first()
        else { return .unknown }
        if subscriber.confirmedAt == nil,
            now.timeIntervalSince(subscriber.requestedAt) > Double(ConsultationSubscribeForm.confirmationDays) * 86_400
        {
            return .expired
        }
        return .found(subscriber)
    }

    static func byUnsubscribeKey(_ key: String, organisationID: UUID, on db: any Database) async throws -> ConsultationSubscriber?
    {
        guard key.count <= 100 else { return nil }
        return try await ConsultationSubscriber.scoped(to: organisationID, on: db).filter(\.$unsubscribeKey == key).first()
    }

    /// In the announcing transaction: one mail per active subscriber, each with its own
    /// unsubscribe link; the idempotency key makes a repeated announcement send nothing twice.
    static func announce(
        _ round: ConsultationRound, organisation: Organisation, baseURL: URL, now: Date, on db: any Database
    ) async throws -> Int {
        let organisationID = try organisation.requireID()
        let roundID = try round.requireID()
        let subscribers = try await ConsultationSubscriber.scoped(to: organisationID, on: db).filter(\.$confirmedAt != nil)
            .filter(\.$unsubscribedAt == nil).all()
        let page = baseURL.absoluteString + SiteRoute.publicConsultation.url(organisation.slug, roundID)
        var ways: [String] = []
        if round.online { ways.append("formularz na stronie konsultacji") }
        if let place = round.paperPlace { ways.append("formularz papierowy: \(place)") }
        if let email = round.email { ways.append("e-mail: \(email)") }
        if let day = round.meetingDay {
            ways.append("spotkanie \(day.polish), godz. \(round.meetingTime ?? ""), \(round.meetingPlace ?? "")")
        }
        for subscriber in subscribers {
            guard let address = EmailAddress(subscriber.email) else { continue }
            let unsubscribe =
                baseURL.absoluteString + SiteRoute.consultationUnsubscribe.url(organisation.slug, subscriber.unsubscribeKey)
            _ = try await Outbox.enqueue(
                OutgoingMail(
                    to: MailAddress(name: nil, email: address), subject: "Nowe konsultacje: \(round.subject)",
                    textBody: """
                        Dzień dobry,

                        \(organisation.name) zaprasza do udziału w konsultacjach społecznych:
                        \(round.subject)

                        Termin: od \(round.firstDay.polish) do \(round.lastDay.polish).
                        Jak wziąć udział: \(ways.joined(separator: "; ")).

                        Dokument i formularz uwag: \(page)

                        Nie chcesz więcej takich wiadomości? Wypisz się: \(unsubscribe)
                        """, senderName: organisation.name),
                idempotencyKey: "consultation-announce:\(roundID):\(try subscriber.requireID())", organisationID: organisationID,
                on: db, now: now)
        }
        return subscribers.count
    }
}

import Fluent
import Foundation
import OpenCUSCore
import SQLKit
import Vapor

/// Removes what identifies a person from their registrations while keeping what statistics
/// need (state, institution type, voivodeship, accessibility categories, choice answers,
/// workshop places, the change log's states, consent records without names). Used on a data
/// subject's request (RODO art. 17) and by the retention job; both write one audit record.
enum Anonymiser {
    static let placeholderFirstName = "Osoba"
    static let placeholderLastName = "zanonimizowana"

    /// Why a registration may not be anonymised now, or nil.
    static func hold(_ registration: Registration, event: Event, fundedMonths: Int, now: Date) -> String? {
        guard registration.anonymisedAt == nil else { return nil }
        let today = CalendarDay(now, in: WallClock.warsaw)
        if registration.state.isActive, event.endDay >= today {
            return
                "Zgłoszenie na nadchodzące wydarzenie „\(event.displayTitle)” jest aktywne. Najpierw je anuluj (osoba może to zrobić sama przez link z e-maila)."
        }
        if event.isFunded, !RetentionRules.isDue(closedOn: event.endDay, months: fundedMonths, now: now) {
            let due = RetentionRules.dueDay(closedOn: event.endDay, months: fundedMonths)
            return
                "Wydarzenie „\(event.displayTitle)” jest finansowane z projektu (\(event.fundingProject ?? event.fundingProgramme ?? "")): dokumentację uczestników trzeba przechowywać do \(due.polish) (reguła retencji organizacji; RODO art. 17 ust. 3 lit. b)."
        }
        return nil
    }

    /// Anonymises the given registrations of one organisation in one transaction; returns how
    /// many were changed (already anonymised ones are skipped, so running twice changes nothing).
    @discardableResult
    static func anonymise(
        _ registrationIDs: [UUID], organisationID: UUID, actor: AuditActor, reason: String, now: Date, on db: any Database
    ) async throws -> Int {
        guard !registrationIDs.isEmpty else { return 0 }
        return try await db.writeTransaction { db in
            let registrations = try await Registration.query(on: db).filter(\.$organisation.$id == organisationID)
                .filter(\.$id ~~ registrationIDs).filter(\.$anonymisedAt == nil).all()
            guard !registrations.isEmpty else { return 0 }
            let sql = try db.sql()
            let ids = try registrations.map { try $0.requireID() }
            for registration in registrations {
                let email = registration.email
                registration.firstName = placeholderFirstName
                registration.lastName = placeholderLastName
                registration.email =
                    "anonim-\(try registration.requireID().uuidString.lowercased().prefix(12))@anonymised.invalid"
                registration.activeEmail = nil
                registration.phone = nil
                // The report's "institutions represented" keeps counting this one (ReportNumbers).
                registration.institutionKey = ReportNumbers.institutionKey(registration.institution)
                registration.institution = ""
                registration.position = nil
                registration.dietary = nil
                registration.reason = nil
                registration.accessibility = registration.accessibility.flatMap { keepCategories($0) }
                registration.answers = keepChoices(registration.answers)
                registration.anonymisedAt = now
                try await registration.update(on: db)
                // Mail about this registration holds the name and address; delivered or not, it
                // goes. Its idempotency keys name the registration or one of its change rows
                // (mail about the person's other registrations stays).
                struct Message: Decodable {
                    let id: UUID
                    let idempotency_key: String
                }
                let changeIDs = try await RegistrationChange.query(on: db).filter(\.$registration.$id == registration.requireID())
                    .all()
                    .compactMap { $0.id?.uuidString.lowercased() }
                let registrationKey = try registration.requireID().uuidString.lowercased()
                let messages = try await sql.raw(
                    """
                    SELECT id, idempotency_key FROM outbox_messages WHERE recipient = \(bind: email) AND organisation_id = \(bind: organisationID)
                    """
                ).all(decoding: Message.self)
                    .filter { message in
                        message.idempotency_key.contains(registrationKey)
                            || changeIDs.contains { message.idempotency_key.contains($0) }
                    }
                    .map(\.id)
                if !messages.isEmpty {
                    try await sql.delete(from: "outbox_attachments").where("message_id", .in, SQLBind.group(messages)).run()
                    try await sql.delete(from: "outbox_messages").where("id", .in, SQLBind.group(messages)).run()
                }
            }
            try await sql.delete(from: RegistrationToken.schema).where("registration_id", .in, SQLBind.group(ids)).run()
            // The certificate register keeps number, date and event; the PESEL goes with the name.
            try await sql.update(Certificate.schema).set("pesel", to: SQLLiteral.null).where(
                "registration_id", .in, SQLBind.group(ids)
            ).run()
            try await sql.update(RegistrationChange.schema).set("note", to: SQLLiteral.null).where(
                "registration_id", .in, SQLBind.group(ids)
            ).run()
            try await Audit.eraseValues(of: ids, at: now, on: db)
            try await Audit.append(
                AuditEvent(
                    actor: actor, organisationID: organisationID, action: .anonymise, recordType: .registration,
                    recordID: ids.count == 1 ? ids[0] : nil, subjects: ids.map { AuditSubject(type: .registration, id: $0) },
                    detail: "zgłoszeń: \(ids.count); \(reason)"),
                at: now, on: db)
            return registrations.count
        }
    }

    /// Accessibility needs are stored as "categories|free text"; the categories stay (counts of
    /// interpreters needed), the text goes.
    static func keepCategories(_ stored: String) -> String? {
        let categories = stored.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        return categories.isEmpty ? nil : categories + "|"
    }

    /// Only option ids (`o1`…) and yes/no survive: free text, numbers and dates may identify.
    static func keepChoices(_ json: String) -> String {
        let decoded = RegistrationService.decodeAnswers(json)
        var kept: [String: [String]] = [:]
        for (key, values) in decoded {
            let choices = values.filter {
                $0 == "yes" || $0 == "no" || $0.range(of: #"^o[0-9]+$"#, options: .regularExpression) != nil
            }
            if !choices.isEmpty { kept[key] = choices }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? encoder.encode(kept)).flatMap { String(data: $0, encoding: .utf8) } ?? "{}"
    }
}

extension Event {
    /// Events with a funding attribution (an EU project) keep participant records longer.
    var isFunded: Bool { !(fundingProject ?? "").isEmpty || !(fundingProgramme ?? "").isEmpty }
}

import Fluent
import Foundation
import OpenCUSCore
import SQLKit
import Vapor

enum IntakeError: Error, Equatable {
    case invalid(FieldErrors)
    /// No free place: the caller offers the reserve list instead.
    case full(Availability)
    case wrongState(String)
    /// The RODO clause changed between showing the form and sending it: the person must read the new one.
    case clauseChanged
}

/// The only code that changes applications, outcomes, enrolments and decisions. Each operation
/// is one write transaction; capacity is checked under the service's lock (PostgreSQL: the
/// service definition row `FOR UPDATE`; SQLite: `BEGIN IMMEDIATE`), so two coordinators can
/// never both take the last place; register numbers are issued under the organisation's lock.
enum IntakeService {
    static func event(_ application: ServiceApplication, _ what: String, actor: String, now: Date, on db: any Database)
        async throws
    {
        let e = ApplicationEvent(
            organisationID: application.$organisation.id,
            applicationID: try application.requireID(),
            at: now,
            actor: actor,
            what: what
        )
        try await e.create(on: db)
    }

    static func audit(
        _ actor: AuditActor?, organisationID: UUID, _ action: AuditAction, person: UUID, record: UUID?, detail: String,
        changes: [AuditChange] = [], now: Date, on db: any Database
    ) async throws {
        guard let actor else { return }
        try await Audit.append(
            AuditEvent(
                actor: actor, organisationID: organisationID, action: action, recordType: .application, recordID: record,
                subjects: [AuditSubject(type: .person, id: person)], detail: detail, changes: changes),
            at: now, on: db)
    }

    static func mail(
        _ person: Person, subject: String, body: String, key: String, organisationID: UUID, now: Date, on db: any Database
    ) async throws {
        guard let address = EmailAddress(person.email) else { return }
        _ = try await Outbox.enqueue(
            OutgoingMail(to: MailAddress(name: person.fullName, email: address), subject: subject, textBody: body),
            idempotencyKey: key, organisationID: organisationID, on: db, now: now)
    }

    // MARK: Submission

    struct Submitted: Sendable {
        let application: ServiceApplication
        let token: String
    }

    /// Receipt time is the server's clock, never the client's.
    static func submit(
        _ form: ApplicationForm, valid: ApplicationForm.Valid, channel: ApplicationChannel, organisation: Organisation,
        staff: AuditActor?,
        now: Date, baseURL: URL, clauseVersionShown: Int? = nil, on db: any Database
    ) async throws -> Submitted {
        let organisationID = try organisation.requireID()
        return try await db.writeTransaction { db in
            try await db.lockForUpdate(Organisation.self, id: organisationID)
            let settings = try await EffectiveIntakeSettings.load(organisation, on: db)
            if let shown = clauseVersionShown, shown != settings.rodoVersion { throw IntakeError.clauseChanged }
            var person = try await valid.pesel.asyncFlatMap { pesel in
                try await Person.scoped(to: organisationID, on: db).filter(\.$pesel == pesel.value).first()
            }
            if person == nil {
                let p = Person(
                    organisationID: organisationID,
                    firstName: form.firstName,
                    lastName: form.lastName,
                    pesel: valid.pesel?.value,
                    birthDate: valid.birthDate,
                    street: form.street,
                    postcode: form.postcode,
                    city: form.city,
                    phone: form.phone,
                    email: valid.email?.value ?? "",
                    communicationNeeds: form.communicationNeeds,
                    accessibilityNeeds: form.accessibilityNeeds,
                    createdAt: now
                )
                // Same name and birth date as someone already registered: flagged, never merged.
                p.possibleDuplicateOf = try await Person.scoped(to: organisationID, on: db)
                    .filter(\.$lastName == form.lastName).filter(\.$firstName == form.firstName).filter(
                        \.$birthDate == valid.birthDate
                    )
                    .first()?.id
                person = p
            }
            let p = person!
            p.street = form.street
            p.postcode = form.postcode
            p.city = form.city
            p.phone = form.phone
            p.email = valid.email?.value ?? ""
            p.communicationNeeds = form.communicationNeeds
            p.accessibilityNeeds = form.accessibilityNeeds
            try await p.save(on: db)

            let year = CalendarDay(now, in: WallClock.warsaw).year
            let count = try await ServiceApplication.scoped(to: organisationID, on: db).filter(\.$number ~~ "/\(year)/").count()
            let application = ServiceApplication(
                organisationID: organisationID,
                number: "W/\(year)/" + String(format: "%04d", count + 1),
                personID: try p.requireID(),
                applicantRole: valid.role,
                // A person applying for themselves has no representative, whatever the hidden fields held.
                representativeName: valid.role == .person ? "" : form.representativeName,
                representativeBasis: valid.role == .person ? "" : form.representativeBasis,
                representativeContact: valid.role == .person ? "" : form.representativeContact,
                channel: channel,
                receivedAt: now,
                situation: form.situation,
                consentTextVersion: settings.rodoVersion,
                consentAt: now,
                assessmentDue: settings.rules.assessmentDue(received: CalendarDay(now, in: WallClock.warsaw)),
                closed: false
            )
            try await application.create(on: db)
            for id in valid.services {
                let r = RequestedService(
                    organisationID: organisationID,
                    applicationID: try application.requireID(),
                    serviceID: UUID(uuidString: id)!,
                    outcome: .requested,
                    receivedAt: now,
                    criteriaMet: "[]",
                    note: ""
                )
                try await r.create(on: db)
            }
            let consent = ConsentRecord(
                organisationID: organisationID,
                subjectType: "application",
                subjectID: try application.requireID(),
                purpose: .rodoClause,
                givenAt: now,
                givenBy: staff.map { "pracownik: \($0.name) (w imieniu osoby)" }
                    ?? (valid.role == .person
                        ? "osoba, której dane dotyczą" : "\(valid.role.polishName): \(form.representativeName)")
            )
            try await consent.create(on: db)
            try await event(
                application, "Wniosek złożony (\(channel.polishName))", actor: staff?.name ?? "wnioskodawca", now: now, on: db)
            let token = SecureToken.make()
            let t = ApplicationToken(
                organisationID: organisationID,
                applicationID: try application.requireID(),
                tokenHash: token.sha256Hex,
                expiresAt: now.addingTimeInterval(400 * 86_400)
            )
            try await t.create(on: db)
            let link = baseURL.appendingPathComponent("s/\(token)").absoluteString
            try await mail(
                p, subject: "Wniosek nr \(application.number) — potwierdzenie przyjęcia",
                body: """
                    Dzień dobry,

                    \(organisation.name) przyjęło wniosek nr \(application.number) o usługi społeczne. Koordynator skontaktuje się, aby umówić rozmowę o potrzebach.

                    Stan wniosku i miejsce na liście rezerwowej można sprawdzić tutaj (link jest osobisty, nie przekazuj go innym):
                    \(link)
                    """,
                key: "application-\(try application.requireID().uuidString.lowercased())-received",
                organisationID: organisationID, now: now,
                on: db)
            try await audit(
                staff, organisationID: organisationID, .create, person: try p.requireID(), record: application.id,
                detail: "wniosek \(application.number)", now: now, on: db)
            return Submitted(application: application, token: token)
        }
    }
}

extension Optional {
    func asyncFlatMap<U>(_ transform: (Wrapped) async throws -> U?) async rethrows -> U? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}

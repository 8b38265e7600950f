import Fluent
import Foundation
import OpenCUSCore
import SQLKit

/// The only code that writes certificates. Numbers come from the organisation's counter for
/// the year, taken inside the same write transaction as the certificate row: the counter's
/// `UPDATE … RETURNING` locks its row on PostgreSQL (SQLite: `BEGIN IMMEDIATE`), so concurrent
/// issues queue, and a failed issue rolls the counter back with it — no repeats, no gaps.
enum CertificateService {
    struct Eligible: Sendable {
        let registration: Registration
        let daysPresent: [CalendarDay]
    }

    /// Confirmed registrations marked present on at least one day.
    static func eligible(_ eventID: UUID, on db: any Database) async throws -> [Eligible] {
        let marks = try await EventAttendance.query(on: db).filter(\.$event.$id == eventID).all()
        let days = Dictionary(grouping: marks, by: { $0.$registration.id }).mapValues { $0.map(\.day).sorted() }
        guard !days.isEmpty else { return [] }
        let people = try await Registration.query(on: db).filter(\.$event.$id == eventID).filter(\.$id ~~ Array(days.keys)).all()
        return try AttendanceListController.sorted(people).map {
            Eligible(registration: $0, daysPresent: days[try $0.requireID()] ?? [])
        }
    }

    static func programme(_ event: Event, on db: any Database) async throws -> [ProgrammeHours.Item] {
        try await AgendaEntry.query(on: db).filter(\.$event.$id == event.requireID()).all().map {
            ProgrammeHours.Item(
                id: try $0.requireID(), start: $0.startsAt, end: $0.endsAt,
                countable: !$0.type.isBreak && $0.type != .registration,
                group: $0.$parallelGroup.id)
        }
    }

    /// Programme minutes for one participant (their workshop counts for its block).
    static func programmeMinutes(_ event: Event, attended: Set<UUID>, on db: any Database) async throws -> Int {
        ProgrammeHours.minutes(try await programme(event, on: db), attended: attended)
    }

    /// Who may receive a certificate: confirmed, present, not anonymised (of `registrationIDs`, or all).
    static func candidates(_ event: Event, registrationIDs: [UUID]?, on db: any Database) async throws -> [Eligible] {
        try await eligible(event.requireID(), on: db).filter {
            registrationIDs?.contains(try $0.registration.requireID()) ?? true
        }
        .filter { $0.registration.state == .confirmed && $0.registration.anonymisedAt == nil }
    }

    /// The days each registration was marked present.
    static func daysPresent(_ registrationIDs: [UUID], on db: any Database) async throws -> [UUID: [CalendarDay]] {
        guard !registrationIDs.isEmpty else { return [:] }
        let marks = try await EventAttendance.query(on: db).filter(\.$registration.$id ~~ registrationIDs).all()
        return Dictionary(grouping: marks, by: { $0.$registration.id }).mapValues { $0.map(\.day) }
    }

    /// How many certificates "issue all" would issue now.
    static func waiting(_ event: Event, on db: any Database) async throws -> Int {
        let existing = Set(
            try await Certificate.query(on: db).filter(\.$event.$id == event.requireID()).all().map { $0.$registration.id })
        return try await candidates(event, registrationIDs: nil, on: db).filter {
            !existing.contains(try $0.registration.requireID())
        }.count
    }

    /// Issues certificates to those of `registrationIDs` (nil: everyone present) who have none
    /// yet; returns how many were issued.
    static func issue(
        _ event: Event, registrationIDs: [UUID]?, settings: CertificateSettings, actor: String, now: Date, on db: any Database
    ) async throws -> Int {
        let today = CalendarDay(now, in: WallClock.warsaw)
        let candidates = try await candidates(event, registrationIDs: registrationIDs, on: db)
        guard !candidates.isEmpty else { return 0 }
        let workshops = try await RegistrationWorkshop.query(on: db).filter(\.$event.$id == event.requireID()).filter(
            \.$placement == .assigned
        ).all()
        let programme = try await programme(event, on: db)
        let chosen = Dictionary(grouping: workshops, by: { $0.$registration.id })
        var minutes: [UUID: Int] = [:]
        for c in candidates {
            let attended = Set((chosen[try c.registration.requireID()] ?? []).map { $0.$entry.id })
            minutes[try c.registration.requireID()] = certifiedMinutes(
                event, programme: programme, attended: attended, daysPresent: c.daysPresent, settings: settings)
        }
        let minutesByRegistration = minutes
        return try await db.writeTransaction { db in
            try await db.lockForUpdate(Event.self, id: event.requireID())
            let existing = Set(
                try await Certificate.query(on: db).filter(\.$event.$id == event.requireID()).all().map { $0.$registration.id })
            var issued = 0
            for c in candidates where !existing.contains(try c.registration.requireID()) {
                let sequence = try await nextSequence(event.$organisation.id, year: today.year, on: db)
                let certificate = Certificate(
                    organisationID: event.$organisation.id,
                    eventID: try event.requireID(),
                    registrationID: try c.registration.requireID(),
                    year: today.year,
                    sequence: sequence,
                    number: CertificateNumber(sequence: sequence, year: today.year, code: settings.registerCode).text,
                    issuedOn: today,
                    issuedBy: actor,
                    hoursMinutes: minutesByRegistration[try c.registration.requireID()] ?? 0,
                    reissueCount: 0
                )
                try await certificate.create(on: db)
                issued += 1
            }
            return issued
        }
    }

    static func certifiedMinutes(
        _ event: Event, programme: [ProgrammeHours.Item], attended: Set<UUID>, daysPresent: [CalendarDay],
        settings: CertificateSettings
    ) -> Int {
        ProgrammeHours.certified(
            programme, attended: attended, daysPresent: Set(daysPresent),
            eventDays: event.startDay.days(until: event.endDay) + 1, manualMinutes: settings.hoursMinutes,
            timeZone: WallClock.warsaw)
    }

    /// What the certificate of `registrationID` would state today (attendance may have been corrected).
    static func currentMinutes(_ event: Event, registrationID: UUID, settings: CertificateSettings, on db: any Database)
        async throws -> Int
    {
        let days = try await EventAttendance.query(on: db).filter(\.$registration.$id == registrationID).all().map(\.day)
        let attended = try await RegistrationWorkshop.query(on: db).filter(\.$registration.$id == registrationID)
            .filter(\.$placement == .assigned).all().map { $0.$entry.id }
        return certifiedMinutes(
            event, programme: try await programme(event, on: db), attended: Set(attended), daysPresent: days,
            settings: settings)
    }

    /// Takes the next number of the organisation's register for `year`.
    static func nextSequence(_ organisationID: UUID, year: Int, on db: any Database) async throws -> Int {
        let sql = try db.sql()
        try await sql.insert(into: CertificateCounter.schema).columns("id", "organisation_id", "year", "last_sequence")
            .values(SQLBind(UUID()), SQLBind(organisationID), SQLBind(year), SQLBind(0))
            .ignoringConflicts(with: ["organisation_id", "year"]).run()
        struct Row: Decodable { let last_sequence: Int }
        guard
            let row = try await sql.raw(
                """
                UPDATE certificate_counters SET last_sequence = last_sequence + 1
                WHERE organisation_id = \(bind: organisationID) AND year = \(bind: year) RETURNING last_sequence
                """
            ).first(decoding: Row.self)
        else { throw CertificateError.counter }
        return row.last_sequence
    }

    /// A corrected copy: same number, the reissue is recorded (who, when, why). The hours are
    /// counted again from the attendance as it is now; a change is written into the reason.
    static func reissue(
        _ certificate: Certificate, event: Event, settings: CertificateSettings?, reason: String, actor: String, now: Date,
        on db: any Database
    ) async throws {
        var reason = reason
        if let settings {
            let minutes = try await currentMinutes(
                event, registrationID: certificate.$registration.id, settings: settings, on: db)
            if minutes != certificate.hoursMinutes {
                reason +=
                    " (wymiar zmieniony z \(ProgrammeHours.polish(minutes: certificate.hoursMinutes)) na \(ProgrammeHours.polish(minutes: minutes)) według listy obecności)"
                certificate.hoursMinutes = minutes
            }
        }
        let finalReason = reason
        try await db.writeTransaction { db in
            certificate.reissueCount += 1
            certificate.lastReissuedOn = CalendarDay(now, in: WallClock.warsaw)
            try await certificate.update(on: db)
            let row = CertificateReissue(
                organisationID: certificate.$organisation.id,
                certificateID: try certificate.requireID(),
                at: now,
                actor: actor,
                reason: finalReason
            )
            try await row.create(on: db)
        }
    }

    enum CertificateError: Error { case counter }
}

import Fluent
import Foundation
import OpenCUSCore
import SQLKit
import Vapor

/// The only code that changes registrations. Every operation runs in one write transaction
/// that first takes the event's lock, reads the counts, decides with `Allocation`, writes the
/// outcome, the change log and the e-mails (outbox) — so two people can never take the last seat.
///
/// The lock: on SQLite, `BEGIN IMMEDIATE` (one writer at a time for the whole database); on
/// PostgreSQL, `SELECT … FOR UPDATE` on the event row, which serialises registrations of one
/// event across connections and app instances while other events proceed in parallel.
enum RegistrationService {
    struct Environment: Sendable {
        let now: Date
        let baseURL: URL
    }

    // MARK: Counting

    /// Seats taken, read with the event's capacity as it is now (not as the request loaded it:
    /// an organiser may have just lowered it), in two plain SQL queries — this runs inside the
    /// event lock, where every statement counts.
    static func counts(_ context: RegistrationContext, on db: any Database) async throws -> SeatCounts {
        try await countsAndCheck(context, email: nil, on: db).counts
    }

    struct LockedState {
        var counts: SeatCounts
        /// Active registrations with this e-mail (0 or 1).
        var sameEmail: Int
        var nextSequence: Int64
    }

    static func countsAndCheck(_ context: RegistrationContext, email: String?, on db: any Database) async throws -> LockedState {
        struct Row: Decodable {
            let capacity: Int?
            let taken: Int
            let same_email: Int
            let next_sequence: Int64
        }
        let sql = try db.sql()
        let row = try await sql.raw(
            """
            SELECT s.capacity AS capacity,
              (SELECT COUNT(*) FROM registrations r WHERE r.event_id = \(bind: context.eventID)
                 AND r.state IN (\(bind: RegistrationState.confirmed.rawValue), \(bind: RegistrationState.offered.rawValue))) AS taken,
              (SELECT COUNT(*) FROM registrations r WHERE r.event_id = \(bind: context.eventID) AND r.active_email = \(bind: email ?? "")) AS same_email,
              (SELECT COALESCE(MAX(r.sequence), 0) + 1 FROM registrations r WHERE r.event_id = \(bind: context.eventID)) AS next_sequence
            FROM event_registration_settings s WHERE s.event_id = \(bind: context.eventID)
            """
        ).first(decoding: Row.self)
        struct Workshop: Decodable {
            let entry_id: UUID
            let taken: Int
        }
        let rows =
            context.workshops.isEmpty
            ? []
            : try await sql.raw(
                """
                SELECT entry_id, COUNT(*) AS taken FROM registration_workshops
                WHERE event_id = \(bind: context.eventID) AND placement = \(bind: WorkshopPlacement.assigned.rawValue)
                GROUP BY entry_id
                """
            ).all(decoding: Workshop.self)
        var capacity: [UUID: Int] = [:]
        for (id, entry) in context.alternatives { if let c = entry.capacity { capacity[id] = c } }
        return LockedState(
            counts: SeatCounts(
                eventCapacity: row.map { $0.capacity } ?? context.settings.capacity, eventTaken: row?.taken ?? 0,
                workshopCapacity: capacity,
                workshopTaken: Dictionary(uniqueKeysWithValues: rows.map { ($0.entry_id, $0.taken) })),
            sameEmail: row?.same_email ?? 0, nextSequence: row?.next_sequence ?? 1)
    }

    /// How many active registrations chose each limited option (for per-option limits).
    static func optionTaken(_ context: RegistrationContext, on db: any Database) async throws -> [String: Int] {
        let limited = context.questions.map(\.question).flatMap(\.options).filter { $0.limit != nil }
        guard !limited.isEmpty else { return [:] }
        let answers = try await Registration.query(on: db).filter(\.$event.$id == context.eventID)
            .filter(\.$state ~~ RegistrationState.allCases.filter(\.isActive)).all().map(\.answers)
        var taken: [String: Int] = [:]
        for json in answers {
            let decoded = (try? JSONDecoder().decode([String: [String]].self, from: Data(json.utf8))) ?? [:]
            for values in decoded.values {
                for value in values where limited.contains(where: { $0.id == value }) { taken[value, default: 0] += 1 }
            }
        }
        return taken
    }

    // MARK: Register

    struct Created: Sendable {
        let registration: Registration
        let token: String
        let state: RegistrationState
    }

    static func register(
        _ form: ParticipantForm, source: RegistrationSource, actor: RegistrationActor, context: RegistrationContext,
        on db: any Database, environment: Environment, enforceWindow: Bool = true
    ) async throws -> Created {
        if enforceWindow, source == .online || source == .api,
            let reason = context.availability(now: environment.now).polishReason()
        {
            throw RegistrationError.closed(reason)
        }
        return try await db.writeTransaction { db in
            try await db.lockForUpdate(Event.self, id: context.eventID)
            let cleaned = form.cleaned()
            let valid: ValidParticipant
            switch cleaned.validate(context.rules(optionTaken: try await optionTaken(context, on: db))) {
            case .success(let v): valid = v
            case .failure(let errors): throw RegistrationError.invalid(errors)
            }
            let locked = try await countsAndCheck(context, email: valid.email.value, on: db)
            if locked.sameEmail > 0 { throw RegistrationError.duplicate }
            let counts = locked.counts
            var outcome = Allocation.admit(mode: context.settings.mode, counts: counts, workshops: valid.workshops)
            if outcome.state == .waitlisted && !context.settings.waitlistEnabled {
                throw RegistrationError.closed("Wszystkie miejsca są zajęte, a organizator nie prowadzi listy rezerwowej.")
            }
            if source != .online && source != .api && outcome.state == .pending {
                // A form typed in by the organiser is accepted by that very act.
                outcome = Allocation.admit(mode: .automatic, counts: counts, workshops: valid.workshops)
            }
            if source == .onSite && outcome.state != .confirmed {
                // A walk-in either gets a seat now or goes home: a waiting list at the desk helps nobody.
                throw RegistrationError.closed(
                    "Brak wolnego miejsca dla osoby bez zgłoszenia (lub na wybranym warsztacie). Zwolnij miejsce albo zwiększ limit w ustawieniach rejestracji."
                )
            }
            let sequence = locked.nextSequence
            let registration = Registration(
                organisationID: context.organisationID,
                eventID: context.eventID,
                state: outcome.state,
                source: source,
                firstName: cleaned.firstName,
                lastName: cleaned.lastName,
                email: valid.email.value,
                activeEmail: valid.email.value,
                institution: cleaned.institution,
                answers: encodeAnswers(valid.answers),
                consentTextID: try context.consent.requireID(),
                consentRodoAt: environment.now,
                consentImage: cleaned.consentImage,
                consentList: cleaned.consentList,
                sequence: sequence,
                checkinCode: CheckInCode.make(sequence: sequence),
                createdAt: environment.now
            )
            // The optional details, mapped as an edit maps them.
            assignDetails(registration, form: cleaned, valid: valid)
            try await insert(registration, on: db)
            try await Consents.given(
                [.rodoClause] + (registration.consentImage ? [.image] : [])
                    + (registration.consentList ? [.participantList] : []),
                registration: registration, textVersionID: context.consent.id,
                by: source == .online || source == .api ? Consents.by(.participant) : Consents.by(actor), now: environment.now,
                on: db)
            var rows: [RegistrationWorkshop] = []
            for (index, entryID) in valid.workshops.enumerated() {
                rows.append(
                    try await addWorkshop(
                        registration, entryID, placement: outcome.workshops[entryID] ?? .requested,
                        sequence: sequence * 100 + Int64(index), on: db))
            }
            let change = try await log(
                registration, from: nil, to: outcome.state, actor: actor, note: "Źródło: \(source.polishName)",
                now: environment.now, on: db)
            let token = try await issueToken(registration, now: environment.now, on: db)
            let kind: RegistrationMailKind =
                outcome.state == .confirmed ? .confirmed : (outcome.state == .pending ? .received : .waitlisted)
            try await RegistrationMailer.enqueue(
                kind, registration: registration, context: context, token: token, changeID: change, workshops: rows,
                on: db, environment: environment)
            return Created(registration: registration, token: token, state: outcome.state)
        }
    }
}

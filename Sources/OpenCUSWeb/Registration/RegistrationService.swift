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
            let registration = Registration()
            registration.$organisation.id = context.organisationID
            registration.$event.id = context.eventID
            registration.state = outcome.state
            registration.source = source
            registration.email = valid.email.value
            registration.activeEmail = valid.email.value
            assignDetails(registration, form: cleaned, valid: valid)
            registration.$consentText.id = context.consent.id!
            registration.consentRodoAt = environment.now
            registration.sequence = sequence
            registration.createdAt = environment.now
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

    // MARK: Transitions

    /// Approval mode: the organiser accepts; the person gets a seat, or the waiting list.
    static func accept(
        _ registrationID: UUID, actor: RegistrationActor, context: RegistrationContext, on db: any Database,
        environment: Environment
    ) async throws {
        try await db.writeTransaction { db in
            try await db.lockForUpdate(Event.self, id: context.eventID)
            let registration = try await load(registrationID, context: context, on: db)
            guard registration.state == .pending else {
                throw RegistrationError.wrongState("Zgłoszenie nie czeka już na akceptację.")
            }
            let choices = try await workshopRows(registration, on: db)
            let outcome = Allocation.admit(
                mode: .automatic, counts: try await counts(context, on: db), workshops: choices.map { $0.$entry.id })
            try await apply(outcome, to: registration, choices: choices, on: db)
            let change = try await log(
                registration, from: .pending, to: outcome.state, actor: actor, note: nil, now: environment.now, on: db)
            try await RegistrationMailer.enqueue(
                outcome.state == .confirmed ? .confirmed : .waitlisted, registration: registration, context: context,
                token: try await issueToken(registration, now: environment.now, on: db), changeID: change, on: db,
                environment: environment)
        }
    }

    static func reject(
        _ registrationID: UUID, reason: String, actor: RegistrationActor, context: RegistrationContext, on db: any Database,
        environment: Environment
    ) async throws {
        try await end(
            registrationID, as: .rejected, reason: reason, actor: actor, context: context, on: db, environment: environment)
    }

    static func cancel(
        _ registrationID: UUID, reason: String?, actor: RegistrationActor, context: RegistrationContext, on db: any Database,
        environment: Environment
    ) async throws {
        try await end(
            registrationID, as: .cancelled, reason: reason, actor: actor, context: context, on: db, environment: environment)
    }

    /// Ends a registration (rejected or cancelled), frees its seat and workshop places, and
    /// promotes the next people in line — all in one locked transaction.
    private static func end(
        _ registrationID: UUID, as state: RegistrationState, reason: String?, actor: RegistrationActor,
        context: RegistrationContext,
        on db: any Database, environment: Environment
    ) async throws {
        try await db.writeTransaction { db in
            try await db.lockForUpdate(Event.self, id: context.eventID)
            let registration = try await load(registrationID, context: context, on: db)
            guard registration.state.isActive else { throw RegistrationError.wrongState("To zgłoszenie jest już zamknięte.") }
            let previous = registration.state
            registration.state = state
            registration.activeEmail = nil
            registration.offerExpiresAt = nil
            registration.reason = reason?.nilIfEmpty
            try await registration.update(on: db)
            try await RegistrationWorkshop.query(on: db).filter(\.$registration.$id == registrationID).delete()
            let change = try await log(
                registration, from: previous, to: state, actor: actor, note: reason, now: environment.now, on: db)
            try await RegistrationMailer.enqueue(
                state == .rejected ? .rejected : .cancelled, registration: registration, context: context, token: nil,
                changeID: change,
                on: db, environment: environment)
            try await promote(context, on: db, environment: environment)
        }
    }

    /// The person accepts a seat offered to them.
    static func acceptOffer(_ registrationID: UUID, context: RegistrationContext, on db: any Database, environment: Environment)
        async throws
    {
        try await db.writeTransaction { db in
            try await db.lockForUpdate(Event.self, id: context.eventID)
            let registration = try await load(registrationID, context: context, on: db)
            guard registration.state == .offered, let expires = registration.offerExpiresAt, expires > environment.now else {
                throw RegistrationError.wrongState("Ta propozycja miejsca nie jest już aktualna.")
            }
            // The offered seat is already counted as taken: confirm it, place workshops.
            var counts = try await counts(context, on: db)
            counts.eventTaken -= 1
            let choices = try await workshopRows(registration, on: db)
            let outcome = Allocation.admit(mode: .automatic, counts: counts, workshops: choices.map { $0.$entry.id })
            try await apply(outcome, to: registration, choices: choices, on: db)
            let change = try await log(
                registration, from: .offered, to: .confirmed, actor: .participant, note: "Przyjęto zaproponowane miejsce",
                now: environment.now, on: db)
            try await RegistrationMailer.enqueue(
                .confirmed, registration: registration, context: context,
                token: try await issueToken(registration, now: environment.now, on: db),
                changeID: change, on: db, environment: environment)
        }
    }

    /// Offers past their time go to the next person (run by the background job).
    static func expireOffers(_ context: RegistrationContext, on db: any Database, environment: Environment) async throws -> Int {
        try await db.writeTransaction { db in
            try await db.lockForUpdate(Event.self, id: context.eventID)
            let expired = try await Registration.query(on: db).filter(\.$event.$id == context.eventID).filter(
                \.$state == .offered
            )
            .filter(\.$offerExpiresAt < environment.now).all()
            for registration in expired {
                registration.state = .cancelled
                registration.activeEmail = nil
                registration.offerExpiresAt = nil
                registration.reason = "Propozycja miejsca wygasła."
                try await registration.update(on: db)
                try await RegistrationWorkshop.query(on: db).filter(\.$registration.$id == registration.id!).delete()
                let change = try await log(
                    registration, from: .offered, to: .cancelled, actor: .system, note: "Propozycja miejsca wygasła",
                    now: environment.now, on: db)
                try await RegistrationMailer.enqueue(
                    .cancelled, registration: registration, context: context, token: nil, changeID: change, on: db,
                    environment: environment)
            }
            if !expired.isEmpty { try await promote(context, on: db, environment: environment) }
            return expired.count
        }
    }

    /// Fills free seats from the waiting list (first come, first served) and free workshop
    /// places from the workshops' waiting lists. Must run inside the locked transaction.
    static func promote(_ context: RegistrationContext, on db: any Database, environment: Environment) async throws {
        var counts = try await counts(context, on: db)
        let waiting = try await Registration.query(on: db).filter(\.$event.$id == context.eventID).filter(\.$state == .waitlisted)
            .sort(\.$sequence).all()
        for registration in waiting.prefix(Allocation.promotable(counts: counts, waiting: waiting.count)) {
            if context.settings.promotionMode == .offer {
                registration.state = .offered
                registration.offerExpiresAt = environment.now.addingTimeInterval(TimeInterval(context.settings.offerHours) * 3600)
                try await registration.update(on: db)
                counts.eventTaken += 1
                let change = try await log(
                    registration, from: .waitlisted, to: .offered, actor: .system, note: nil, now: environment.now, on: db)
                try await RegistrationMailer.enqueue(
                    .offered, registration: registration, context: context,
                    token: try await issueToken(registration, now: environment.now, on: db),
                    changeID: change, on: db, environment: environment)
            } else {
                let choices = try await workshopRows(registration, on: db)
                let outcome = Allocation.admit(mode: .automatic, counts: counts, workshops: choices.map { $0.$entry.id })
                try await apply(outcome, to: registration, choices: choices, on: db)
                counts.eventTaken += 1
                for (id, placement) in outcome.workshops where placement == .assigned {
                    counts.workshopTaken[id, default: 0] += 1
                }
                let change = try await log(
                    registration, from: .waitlisted, to: .confirmed, actor: .system, note: "Przeniesiono z listy rezerwowej",
                    now: environment.now, on: db)
                try await RegistrationMailer.enqueue(
                    .promoted, registration: registration, context: context,
                    token: try await issueToken(registration, now: environment.now, on: db),
                    changeID: change, on: db, environment: environment)
            }
        }
        // Workshop waiting lists (people who hold a seat but waited for a full workshop).
        for (entryID, _) in context.alternatives {
            guard var free = counts.workshopPlacesLeft(entryID), free > 0 else { continue }
            let queue = try await RegistrationWorkshop.query(on: db).filter(\.$entry.$id == entryID).filter(
                \.$placement == .waiting
            )
            .sort(\.$sequence).all()
            for row in queue where free > 0 {
                row.placement = .assigned
                try await row.update(on: db)
                free -= 1
                counts.workshopTaken[entryID, default: 0] += 1
                // Told by e-mail like a promotion to the event, and logged.
                guard let registration = try await Registration.find(row.$registration.id, on: db) else { continue }
                let title = context.alternatives[entryID]?.title ?? ""
                let change = try await log(
                    registration, from: registration.state, to: registration.state, actor: .system,
                    note: "Przydzielono miejsce w warsztacie „\(title)” (z listy rezerwowej warsztatu)", now: environment.now,
                    on: db)
                try await RegistrationMailer.enqueue(
                    .workshopPlace, registration: registration, context: context,
                    token: try await issueToken(registration, now: environment.now, on: db),
                    changeID: change, on: db, environment: environment)
            }
        }
    }

    /// The person (or the organiser) changes workshop choices; new places only where free.
    static func changeWorkshops(
        _ registrationID: UUID, to chosen: [UUID], actor: RegistrationActor, context: RegistrationContext, on db: any Database,
        environment: Environment
    ) async throws {
        try await db.writeTransaction { db in
            try await db.lockForUpdate(Event.self, id: context.eventID)
            let registration = try await load(registrationID, context: context, on: db)
            guard registration.state.isActive else { throw RegistrationError.wrongState("To zgłoszenie jest zamknięte.") }
            if chosen.contains(where: { context.alternatives[$0] == nil }) {
                var errors = FieldErrors()
                errors.add("workshops", "Wybrano warsztat, który nie należy do tego wydarzenia.")
                throw RegistrationError.invalid(errors)
            }
            var check = FieldErrors()
            for rule in context.workshops { rule.check(chosen.filter { rule.alternatives.contains($0) }, into: &check) }
            guard check.isEmpty else { throw RegistrationError.invalid(check) }
            if try await replaceWorkshops(registration, with: chosen, context: context, on: db) {
                _ = try await log(
                    registration, from: registration.state, to: registration.state, actor: actor,
                    note: "Zmiana warsztatów: " + chosen.compactMap { context.alternatives[$0]?.title }.joined(separator: "; "),
                    now: environment.now, on: db)
                try await promote(context, on: db, environment: environment)
            }
        }
    }

    /// Changes a registration's details and answers (the person through their link, or the
    /// organiser), validated with the event's rules inside the event lock, so that option limits
    /// and workshop places hold under concurrency. The e-mail and the consent to the clause stay
    /// as given at registration. Logged with the names of the changed fields.
    static func updateDetails(
        _ registrationID: UUID, form input: ParticipantForm, actor: RegistrationActor, context: RegistrationContext,
        on db: any Database, environment: Environment
    ) async throws {
        try await db.writeTransaction { db in
            try await db.lockForUpdate(Event.self, id: context.eventID)
            let registration = try await load(registrationID, context: context, on: db)
            guard registration.state.isActive else { throw RegistrationError.wrongState("To zgłoszenie jest zamknięte.") }
            var form = input.cleaned()
            form.email = registration.email
            form.consentRodo = true
            var rules = context.rules(optionTaken: try await optionTaken(context, on: db))
            // The person's own choices do not count against option limits when they keep them.
            for values in decodeAnswers(registration.answers).values { for v in values { rules.optionTaken[v, default: 1] -= 1 } }
            let valid: ValidParticipant
            switch form.validate(rules) {
            case .success(let v): valid = v
            case .failure(let errors): throw RegistrationError.invalid(errors)
            }
            let workshopsChanged = try await replaceWorkshops(registration, with: valid.workshops, context: context, on: db)
            let before = registration.changeSnapshot
            let consentsBefore = [ConsentPurpose.image: registration.consentImage, .participantList: registration.consentList]
            assignDetails(registration, form: form, valid: valid)
            let after = registration.changeSnapshot
            // A consent switched off is a withdrawal (the list and the report stop using it);
            // switched on again, a new consent.
            for (purpose, was) in consentsBefore {
                let isGiven = purpose == .image ? registration.consentImage : registration.consentList
                if was && !isGiven {
                    try await Consents.withdrawn(
                        purpose, registrationID: registration.id!, by: Consents.by(actor), now: environment.now, on: db)
                }
                if !was && isGiven {
                    try await Consents.given(
                        [purpose], registration: registration, textVersionID: nil, by: Consents.by(actor), now: environment.now,
                        on: db)
                }
            }
            var changed = before.keys.sorted().filter { before[$0] != after[$0] }
            if workshopsChanged { changed.append("warsztaty") }
            guard !changed.isEmpty else { return }
            try await registration.update(on: db)
            // Field names only: the log is read by staff, and old values of personal data stay out of it.
            _ = try await log(
                registration, from: registration.state, to: registration.state, actor: actor,
                note: "Zmiana danych: " + changed.joined(separator: ", "), now: environment.now,
                changes: changed.map {
                    AuditChange(field: $0, old: before[$0], new: after[$0], sensitive: Registration.sensitiveFields.contains($0))
                },
                on: db)
            if workshopsChanged { try await promote(context, on: db, environment: environment) }
        }
    }

    /// The details a participant (or the organiser for them) may change, from a validated form.
    private static func assignDetails(_ r: Registration, form: ParticipantForm, valid: ValidParticipant) {
        r.firstName = form.firstName
        r.lastName = form.lastName
        r.phone = form.phone.nilIfEmpty
        r.institution = form.institution
        r.institutionType = valid.institutionType
        r.position = form.position.nilIfEmpty
        r.voivodeship = valid.voivodeship
        r.dietary = form.dietary.nilIfEmpty
        r.accessibility = encodeAccessibility(valid.accessibility, other: form.accessibilityOther)
        r.dinner = valid.dinner
        r.answers = encodeAnswers(valid.answers)
        r.consentImage = form.consentImage
        r.consentList = form.consentList
    }

    /// Replaces the workshop choices inside a locked transaction; a new place only where one is
    /// free (for someone holding a seat). Returns whether anything changed.
    private static func replaceWorkshops(
        _ registration: Registration, with chosen: [UUID], context: RegistrationContext, on db: any Database
    ) async throws -> Bool {
        let current = try await workshopRows(registration, on: db)
        let kept = Set(current.map { $0.$entry.id }).intersection(chosen)
        let added = chosen.filter { !kept.contains($0) }
        let removed = current.filter { !chosen.contains($0.$entry.id) }
        guard !added.isEmpty || !removed.isEmpty else { return false }
        let counts = try await counts(context, on: db)
        let holdsSeat = registration.state == .confirmed
        for id in added where holdsSeat && !counts.workshopFree(id) {
            throw RegistrationError.workshopFull(context.alternatives[id]?.title ?? "")
        }
        for row in removed { try await row.delete(on: db) }
        let sequence = try await nextSequence(context.eventID, on: db)
        for (index, id) in added.enumerated() {
            try await addWorkshop(
                registration, id, placement: holdsSeat ? .assigned : .requested, sequence: sequence * 100 + Int64(index), on: db)
        }
        return true
    }

    /// The new registration as one plain SQL insert (see `issueToken` for why not Fluent).
    private static func insert(_ r: Registration, on db: any Database) async throws {
        let id = UUID()
        try await db.sql().insert(into: Registration.schema)
            .columns(
                "id", "organisation_id", "event_id", "state", "source", "first_name", "last_name", "email", "active_email",
                "phone",
                "institution", "institution_type", "position", "voivodeship", "dietary", "accessibility", "dinner", "answers",
                "consent_text_id", "consent_rodo_at", "consent_image", "consent_list", "sequence", "created_at"
            )
            .values(
                SQLBind(id), SQLBind(r.$organisation.id), SQLBind(r.$event.id), SQLBind(r.state.rawValue),
                SQLBind(r.source.rawValue),
                SQLBind(r.firstName), SQLBind(r.lastName), SQLBind(r.email), SQLBind(r.activeEmail), SQLBind(r.phone),
                SQLBind(r.institution), SQLBind(r.institutionType?.rawValue), SQLBind(r.position),
                SQLBind(r.voivodeship?.rawValue),
                SQLBind(r.dietary), SQLBind(r.accessibility), SQLBind(r.dinner), SQLBind(r.answers),
                SQLBind(r.$consentText.id), SQLBind(r.consentRodoAt), SQLBind(r.consentImage), SQLBind(r.consentList),
                SQLBind(r.sequence),
                SQLBind(r.createdAt)
            )
            .run()
        r.id = id
        r.$id.exists = true
    }

    // MARK: Tokens

    /// A fresh magic-link token for this registration (earlier ones stay valid).
    static func issueToken(_ registration: Registration, now: Date, on db: any Database) async throws -> String {
        let token = SecureToken.make()
        // Plain SQL inserts for the rows written inside the event lock: a Fluent `create`
        // reflects over the model on every call (measured ~0.2 ms each in the lock).
        try await db.sql().insert(into: RegistrationToken.schema)
            .columns("id", "organisation_id", "registration_id", "token_hash", "created_at")
            .values(
                SQLBind(UUID()), SQLBind(registration.$organisation.id), SQLBind(registration.id!), SQLBind(token.sha256Hex),
                SQLBind(now)
            )
            .run()
        return token
    }

    /// The registration a magic link opens, or nil for an unknown or forged token.
    static func registration(forToken token: String, on db: any Database) async throws -> Registration? {
        guard token.count >= 32, token.count <= 64 else { return nil }
        guard
            let row = try await RegistrationToken.query(on: db).filter(\.$tokenHash == token.sha256Hex).with(\.$registration)
                .first()
        else {
            return nil
        }
        return row.registration
    }

    // MARK: Helpers

    static func load(_ id: UUID, context: RegistrationContext, on db: any Database) async throws -> Registration {
        guard
            let registration = try await Registration.query(on: db).filter(\.$id == id).filter(\.$event.$id == context.eventID)
                .first()
        else {
            throw Abort(.notFound)
        }
        return registration
    }

    static func workshopRows(_ registration: Registration, on db: any Database) async throws -> [RegistrationWorkshop] {
        try await RegistrationWorkshop.query(on: db).filter(\.$registration.$id == registration.id!).sort(\.$sequence).all()
    }

    private static func apply(
        _ outcome: Allocation.Outcome, to registration: Registration, choices: [RegistrationWorkshop], on db: any Database
    ) async throws {
        registration.state = outcome.state
        registration.offerExpiresAt = nil
        try await registration.update(on: db)
        for row in choices {
            let placement = outcome.workshops[row.$entry.id] ?? .requested
            if row.placement != placement {
                row.placement = placement
                try await row.update(on: db)
            }
        }
    }

    @discardableResult
    private static func addWorkshop(
        _ registration: Registration, _ entryID: UUID, placement: WorkshopPlacement, sequence: Int64, on db: any Database
    ) async throws
        -> RegistrationWorkshop
    {
        let row = RegistrationWorkshop()
        row.id = UUID()
        row.$organisation.id = registration.$organisation.id
        row.$registration.id = registration.id!
        row.$event.id = registration.$event.id
        row.$entry.id = entryID
        row.placement = placement
        row.sequence = sequence
        try await db.sql().insert(into: RegistrationWorkshop.schema)
            .columns("id", "organisation_id", "registration_id", "event_id", "entry_id", "placement", "sequence")
            .values(
                SQLBind(row.id!), SQLBind(row.$organisation.id), SQLBind(row.$registration.id), SQLBind(row.$event.id),
                SQLBind(entryID),
                SQLBind(placement.rawValue), SQLBind(sequence)
            )
            .run()
        row.$id.exists = true
        return row
    }

    private static func nextSequence(_ eventID: UUID, on db: any Database) async throws -> Int64 {
        struct Row: Decodable { let next: Int64? }
        let row = try await db.sql().raw("SELECT MAX(sequence) + 1 AS next FROM registrations WHERE event_id = \(bind: eventID)")
            .first(decoding: Row.self)
        return row?.next ?? 1
    }

    /// Writes the registration's change log row and, for a staff member's change, the audit
    /// record, in the caller's transaction. The note can hold a reason typed by staff (personal
    /// data), so the audit keeps it as a masked value, not in its detail line.
    @discardableResult
    static func log(
        _ registration: Registration, from: RegistrationState?, to: RegistrationState, actor: RegistrationActor, note: String?,
        now: Date,
        changes: [AuditChange] = [], on db: any Database
    ) async throws -> UUID {
        let id = UUID()
        try await db.sql().insert(into: RegistrationChange.schema)
            .columns("id", "organisation_id", "registration_id", "at", "actor", "actor_user_id", "from_state", "to_state", "note")
            .values(
                SQLBind(id), SQLBind(registration.$organisation.id), SQLBind(registration.id!), SQLBind(now), SQLBind(actor.name),
                SQLBind(actor.userID), SQLBind(from?.rawValue), SQLBind(to.rawValue), SQLBind(note)
            )
            .run()
        if case .staff(let staff) = actor {
            var all = changes
            if from != to {
                all.insert(AuditChange(field: "stan", old: from?.polishName, new: to.polishName, sensitive: false), at: 0)
            }
            if let note, !note.isEmpty, changes.isEmpty {
                all.append(AuditChange(field: "uwaga", old: nil, new: note, sensitive: true))
            }
            try await Audit.append(
                AuditEvent(
                    actor: staff, organisationID: registration.$organisation.id, action: from == nil ? .create : .update,
                    recordType: .registration, recordID: registration.id,
                    subjects: [AuditSubject(type: .registration, id: registration.id!)],
                    detail: from == to ? "zmiana danych zgłoszenia" : "stan: \(from?.polishName ?? "—") → \(to.polishName)",
                    changes: all),
                at: now, on: db)
        }
        return id
    }

    static func encodeAnswers(_ answers: [UUID: [String]]) -> String {
        let keyed = Dictionary(uniqueKeysWithValues: answers.map { ($0.key.uuidString.lowercased(), $0.value) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? encoder.encode(keyed)).flatMap { String(data: $0, encoding: .utf8) } ?? "{}"
    }

    static func decodeAnswers(_ json: String) -> [String: [String]] {
        (try? JSONDecoder().decode([String: [String]].self, from: Data(json.utf8))) ?? [:]
    }

    static func encodeAccessibility(_ needs: [AccessibilityNeed], other: String) -> String? {
        if needs.isEmpty && other.isEmpty { return nil }
        return needs.map(\.rawValue).joined(separator: ",") + (other.isEmpty ? "" : "|" + other)
    }

    static func decodeAccessibility(_ text: String?) -> (needs: [AccessibilityNeed], other: String) {
        guard let text else { return ([], "") }
        let parts = text.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)
        let needs = parts.first.map { $0.split(separator: ",").compactMap { AccessibilityNeed(rawValue: String($0)) } } ?? []
        return (needs, parts.count > 1 ? String(parts[1]) : "")
    }
}

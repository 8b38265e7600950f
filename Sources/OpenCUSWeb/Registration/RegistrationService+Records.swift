import Fluent
import Foundation
import OpenCUSCore
import SQLKit
import Vapor

/// The rows behind a registration: the insert, magic-link tokens, workshop rows, the change log,
/// and the encodings of answers and accessibility needs.
extension RegistrationService {
    /// The new registration as one plain SQL insert (see `issueToken` for why not Fluent).
    static func insert(_ r: Registration, on db: any Database) async throws {
        let id = UUID()
        try await db.sql().insert(into: Registration.schema)
            .columns(
                "id", "organisation_id", "event_id", "state", "source", "first_name", "last_name", "email", "active_email",
                "phone",
                "institution", "institution_type", "position", "voivodeship", "dietary", "accessibility", "dinner", "answers",
                "consent_text_id", "consent_rodo_at", "consent_image", "consent_list", "sequence", "created_at",
                "checkin_code"
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
                SQLBind(r.createdAt), SQLBind(r.checkinCode)
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
                SQLBind(UUID()), SQLBind(registration.$organisation.id), SQLBind(try registration.requireID()),
                SQLBind(token.sha256Hex),
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
        try await RegistrationWorkshop.query(on: db).filter(\.$registration.$id == registration.requireID()).sort(\.$sequence)
            .all()
    }

    static func apply(
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
    static func addWorkshop(
        _ registration: Registration, _ entryID: UUID, placement: WorkshopPlacement, sequence: Int64, on db: any Database
    ) async throws
        -> RegistrationWorkshop
    {
        let row = RegistrationWorkshop(
            id: UUID(),
            organisationID: registration.$organisation.id,
            registrationID: try registration.requireID(),
            eventID: registration.$event.id,
            entryID: entryID,
            placement: placement,
            sequence: sequence
        )
        try await db.sql().insert(into: RegistrationWorkshop.schema)
            .columns("id", "organisation_id", "registration_id", "event_id", "entry_id", "placement", "sequence")
            .values(
                SQLBind(try row.requireID()), SQLBind(row.$organisation.id), SQLBind(row.$registration.id),
                SQLBind(row.$event.id),
                SQLBind(entryID),
                SQLBind(placement.rawValue), SQLBind(sequence)
            )
            .run()
        row.$id.exists = true
        return row
    }

    static func nextSequence(_ eventID: UUID, on db: any Database) async throws -> Int64 {
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
                SQLBind(id), SQLBind(registration.$organisation.id), SQLBind(try registration.requireID()), SQLBind(now),
                SQLBind(actor.name),
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
                    subjects: [AuditSubject(type: .registration, id: try registration.requireID())],
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

import Fluent
import Foundation
import OpenCUSCore
import SQLKit
import Vapor

/// Who did something, as the audit trail records it.
struct AuditActor: Sendable {
    let userID: UUID?
    let name: String
    let organisationID: UUID?
    /// Role raw values, comma-separated, sorted.
    let roles: String
    let address: String?

    init(userID: UUID?, name: String, organisationID: UUID?, roles: Set<Role>, address: String?) {
        self.userID = userID
        self.name = name
        self.organisationID = organisationID
        self.roles = roles.map(\.rawValue).sorted().joined(separator: ",")
        self.address = address
    }

    init(_ staff: StaffContext, _ request: Request) {
        self.init(
            userID: staff.userID, name: staff.userName, organisationID: staff.organisationID, roles: staff.roles,
            address: LoginThrottleStore.clientAddress(request))
    }

    static let system = AuditActor(userID: nil, name: "system", organisationID: nil, roles: [], address: nil)
}

/// One changed field. Sensitive values (health, accessibility needs, free texts) are masked in
/// the audit view; every value is erased when its person is anonymised.
struct AuditChange: Sendable {
    let field: String
    let old: String?
    let new: String?
    let sensitive: Bool
}

struct AuditSubject: Sendable, Hashable {
    let type: AuditRecordType
    let id: UUID

    var key: String { "\(type.rawValue):\(id.uuidString.lowercased())" }
}

struct AuditEvent: Sendable {
    var actor: AuditActor
    /// The chain and tenant: the organisation whose data this is (nil: the system chain, e.g.
    /// a failed login that belongs to no organisation).
    var organisationID: UUID?
    var action: AuditAction
    var recordType: AuditRecordType
    var recordID: UUID?
    var subjects: [AuditSubject] = []
    /// Short text without personal data ("stan: oczekujące → potwierdzone", "wierszy: 12").
    var detail: String = ""
    var changes: [AuditChange] = []
}

/// Appends to the audit trail. Writes are audited inside the transaction of the change they
/// describe (`append(_:on:)` with the transaction's database); reads in a short transaction of
/// their own (`record(_:on:)`), before the page is sent.
enum Audit {
    /// Rows of one chain are numbered and linked; the head row is locked while appending, so
    /// two appends never take the same number (PostgreSQL: `FOR UPDATE`; SQLite: the caller's
    /// `BEGIN IMMEDIATE` already excludes other writers).
    static func append(_ event: AuditEvent, at now: Date, on db: any Database) async throws {
        let sql = try db.sql()
        let chain = event.organisationID?.uuidString.lowercased() ?? "system"
        struct Head: Decodable {
            let last_sequence: Int64
            let last_hash: String
        }
        let lock = db.isSQLite ? "" : " FOR UPDATE"
        var head = try await sql.raw("SELECT last_sequence, last_hash FROM audit_heads WHERE chain = \(bind: chain)\(unsafeRaw: lock)")
            .first(decoding: Head.self)
        if head == nil {
            try await sql.raw("""
                INSERT INTO audit_heads (chain, last_sequence, last_hash, anchor_hash)
                VALUES (\(bind: chain), 0, \(bind: AuditChain.genesis), \(bind: AuditChain.genesis)) ON CONFLICT (chain) DO NOTHING
                """).run()
            head = try await sql.raw("SELECT last_sequence, last_hash FROM audit_heads WHERE chain = \(bind: chain)\(unsafeRaw: lock)")
                .first(decoding: Head.self)
        }
        guard let head else { throw Abort(.internalServerError) }
        let id = UUID()
        let salt = id.uuidString.lowercased()
        // Whole milliseconds, so that what is hashed survives the round trip through either database.
        let occurredAt = Date(timeIntervalSince1970: (now.timeIntervalSince1970 * 1000).rounded() / 1000)
        let subjects = Array(Set(event.subjects)).sorted { $0.key < $1.key }
        let entry = AuditEntry(
            chain: chain, sequence: head.last_sequence + 1, occurredAt: occurredAt, actorUserID: event.actor.userID,
            actorName: event.actor.name, actorRoles: event.actor.roles, action: event.action.rawValue, recordType: event.recordType.rawValue,
            recordID: event.recordID?.uuidString.lowercased(), subjects: subjects.map(\.key), address: event.actor.address,
            detail: event.detail,
            valueDigests: event.changes.map { AuditChain.valueDigest(field: $0.field, old: $0.old, new: $0.new, salt: salt) })
        let hash = AuditChain.hash(entry, previous: head.last_hash)
        try await sql.insert(into: "audit_records")
            .columns(
                "id", "chain", "sequence", "organisation_id", "occurred_at", "actor_user_id", "actor_name", "actor_roles", "action",
                "record_type", "record_id", "subjects", "address", "detail", "value_digests", "previous_hash", "hash")
            .values(
                SQLBind(id), SQLBind(chain), SQLBind(entry.sequence), SQLBind(event.organisationID), SQLBind(occurredAt),
                SQLBind(event.actor.userID), SQLBind(event.actor.name), SQLBind(entry.actorRoles), SQLBind(entry.action),
                SQLBind(entry.recordType), SQLBind(entry.recordID), SQLBind(entry.subjects.joined(separator: ",")),
                SQLBind(entry.address), SQLBind(entry.detail), SQLBind(entry.valueDigests.joined(separator: ",")),
                SQLBind(head.last_hash), SQLBind(hash))
            .run()
        if !subjects.isEmpty {
            var insert = sql.insert(into: "audit_subjects").columns("audit_id", "organisation_id", "subject_type", "subject_id", "occurred_at")
            for subject in subjects {
                insert = insert.values(
                    SQLBind(id), SQLBind(event.organisationID), SQLBind(subject.type.rawValue), SQLBind(subject.id.uuidString.lowercased()),
                    SQLBind(occurredAt))
            }
            try await insert.run()
        }
        if !event.changes.isEmpty {
            // Values belong to the record's one subject when there is exactly one (so that
            // anonymising that person can erase them).
            let owner = subjects.count == 1 ? subjects[0].id.uuidString.lowercased() : nil
            var insert = sql.insert(into: "audit_values").columns("audit_id", "position", "subject_id", "field", "old_value", "new_value", "sensitive")
            for (position, change) in event.changes.enumerated() {
                insert = insert.values(
                    SQLBind(id), SQLBind(position), SQLBind(owner), SQLBind(change.field), SQLBind(change.old), SQLBind(change.new),
                    SQLBind(change.sensitive))
            }
            try await insert.run()
        }
        try await sql.raw("UPDATE audit_heads SET last_sequence = \(bind: entry.sequence), last_hash = \(bind: hash) WHERE chain = \(bind: chain)")
            .run()
    }

    /// A read (or anything not tied to a data change) in a transaction of its own.
    static func record(_ event: AuditEvent, at now: Date, on db: any Database) async throws {
        try await db.writeTransaction { try await append(event, at: now, on: $0) }
    }

    /// Erases the stored values of the given subjects (anonymisation). The records and their
    /// digests stay, so the chain still verifies.
    static func eraseValues(of subjectIDs: [UUID], at now: Date, on db: any Database) async throws {
        guard !subjectIDs.isEmpty else { return }
        let ids = subjectIDs.map { $0.uuidString.lowercased() }
        for chunk in stride(from: 0, to: ids.count, by: 500).map({ Array(ids[$0..<min($0 + 500, ids.count)]) }) {
            try await db.sql().update("audit_values")
                .set("old_value", to: SQLLiteral.null).set("new_value", to: SQLLiteral.null).set("erased_at", to: SQLBind(now))
                .where("subject_id", .in, SQLBind.group(chunk))
                .run()
        }
    }
}

extension Request {
    /// Records a staff read of personal data (or any staff action without its own transaction).
    func audit(
        _ action: AuditAction, _ recordType: AuditRecordType, recordID: UUID? = nil, subjects: [AuditSubject] = [], detail: String = ""
    ) async throws {
        let staff = try requireStaff()
        try await Audit.record(
            AuditEvent(
                actor: AuditActor(staff, self), organisationID: staff.organisationID, action: action, recordType: recordType,
                recordID: recordID, subjects: subjects, detail: detail),
            at: clock.now(), on: db)
    }
}

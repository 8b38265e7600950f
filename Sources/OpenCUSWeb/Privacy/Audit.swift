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
            address: ClientAddress.of(request))
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

/// An audit record before it has its place in the chain: what `Audit.append` writes at once and
/// what a read leaves in `audit_pending` for `AuditChainer`.
struct PreparedAudit: Sendable {
    let id: UUID
    let organisationID: UUID?
    /// Whole milliseconds, so that what is hashed survives the round trip through either database.
    let occurredAt: Date
    let actorUserID: UUID?
    let actorName: String
    let actorRoles: String
    let address: String?
    let action: String
    let recordType: String
    let recordID: String?
    /// `type:id` keys (`AuditSubject.key`), unique and sorted.
    let subjects: [String]
    let detail: String
    let changes: [AuditChange]

    var chain: String { Audit.chain(of: organisationID) }

    init(_ event: AuditEvent, at now: Date, id: UUID = UUID()) {
        self.init(
            id: id, organisationID: event.organisationID, occurredAt: now, actorUserID: event.actor.userID,
            actorName: event.actor.name,
            actorRoles: event.actor.roles, address: event.actor.address, action: event.action.rawValue,
            recordType: event.recordType.rawValue,
            recordID: event.recordID?.uuidString.lowercased(), subjects: event.subjects.map(\.key), detail: event.detail,
            changes: event.changes)
    }

    init(
        id: UUID, organisationID: UUID?, occurredAt: Date, actorUserID: UUID?, actorName: String, actorRoles: String,
        address: String?, action: String,
        recordType: String, recordID: String?, subjects: [String], detail: String, changes: [AuditChange]
    ) {
        self.id = id
        self.organisationID = organisationID
        self.occurredAt = Date(timeIntervalSince1970: (occurredAt.timeIntervalSince1970 * 1000).rounded() / 1000)
        self.actorUserID = actorUserID
        self.actorName = actorName
        self.actorRoles = actorRoles
        self.address = address
        self.action = action
        self.recordType = recordType
        self.recordID = recordID
        self.subjects = Array(Set(subjects)).sorted()
        self.detail = detail
        self.changes = changes
    }
}

/// Appends to the audit trail. A change is audited inside the transaction of the change it
/// describes (`append(_:at:on:)` with the transaction's database). A read (or a staff action
/// without a transaction of its own) is `record(_:at:in:)`: committed before the page is sent,
/// through `AuditQueue`'s group commit, and chained by `AuditChainer` within seconds, so that
/// concurrent reads never wait for the chain's head.
enum Audit {
    static func chain(of organisationID: UUID?) -> String { organisationID?.uuidString.lowercased() ?? "system" }

    static func append(_ event: AuditEvent, at now: Date, on db: any Database) async throws {
        let record = PreparedAudit(event, at: now)
        let head = try await lockHead(record.chain, on: db)
        try await write([record], after: head, on: db)
    }

    /// A read, in the organisation's chain within seconds (see `AuditQueue`, `AuditChainer`).
    /// Values of changed fields belong to a change and its transaction, never here.
    static func record(_ event: AuditEvent, at now: Date, in app: Application) async throws {
        precondition(event.changes.isEmpty, "a change is audited with Audit.append inside its own transaction")
        try await app.auditQueue.commit(PreparedAudit(event, at: now))
    }

    struct Head: Decodable, Sendable {
        let last_sequence: Int64
        let last_hash: String
    }

    /// Locks the chain's head row until the transaction ends (created on the chain's first
    /// record), so that two writers never take the same number.
    static func lockHead(_ chain: String, on db: any Database) async throws -> Head {
        let sql = try db.sql()
        try await db.lockForUpdate(table: "audit_heads", column: "chain", equals: chain)
        if let head = try await sql.raw("SELECT last_sequence, last_hash FROM audit_heads WHERE chain = \(bind: chain)").first(
            decoding: Head.self)
        {
            return head
        }
        try await sql.raw(
            """
            INSERT INTO audit_heads (chain, last_sequence, last_hash, anchor_hash)
            VALUES (\(bind: chain), 0, \(bind: AuditChain.genesis), \(bind: AuditChain.genesis)) ON CONFLICT (chain) DO NOTHING
            """
        ).run()
        try await db.lockForUpdate(table: "audit_heads", column: "chain", equals: chain)
        guard
            let head = try await sql.raw("SELECT last_sequence, last_hash FROM audit_heads WHERE chain = \(bind: chain)").first(
                decoding: Head.self)
        else { throw Abort(.internalServerError) }
        return head
    }

    /// Numbers, hashes and stores records of one chain after `head` (locked by the caller in
    /// this transaction), in the order given, and moves the head.
    static func write(_ records: [PreparedAudit], after head: Head, on db: any Database) async throws {
        guard let chain = records.first?.chain else { return }
        precondition(records.allSatisfy { $0.chain == chain }, "one chain per write")
        let sql = try db.sql()
        var sequence = head.last_sequence
        var previous = head.last_hash
        var recordRows: [[any SQLExpression]] = []
        var subjectRows: [[any SQLExpression]] = []
        var valueRows: [[any SQLExpression]] = []
        for record in records {
            sequence += 1
            let salt = record.id.uuidString.lowercased()
            let entry = AuditEntry(
                chain: chain, sequence: sequence, occurredAt: record.occurredAt, actorUserID: record.actorUserID,
                actorName: record.actorName,
                actorRoles: record.actorRoles, action: record.action, recordType: record.recordType, recordID: record.recordID,
                subjects: record.subjects, address: record.address, detail: record.detail,
                valueDigests: record.changes.map { AuditChain.valueDigest(field: $0.field, old: $0.old, new: $0.new, salt: salt) }
            )
            let hash = AuditChain.hash(entry, previous: previous)
            recordRows.append([
                SQLBind(record.id), SQLBind(chain), SQLBind(sequence), SQLBind(record.organisationID), SQLBind(record.occurredAt),
                SQLBind(record.actorUserID), SQLBind(record.actorName), SQLBind(record.actorRoles), SQLBind(record.action),
                SQLBind(record.recordType), SQLBind(record.recordID), SQLBind(record.subjects.joined(separator: ",")),
                SQLBind(record.address), SQLBind(record.detail), SQLBind(entry.valueDigests.joined(separator: ",")),
                SQLBind(previous), SQLBind(hash),
            ])
            for key in record.subjects {
                guard let colon = key.lastIndex(of: ":") else { continue }
                subjectRows.append([
                    SQLBind(record.id), SQLBind(record.organisationID), SQLBind(String(key[..<colon])),
                    SQLBind(String(key[key.index(after: colon)...])),
                    SQLBind(record.occurredAt),
                ])
            }
            // Values belong to the record's one subject when there is exactly one (so that
            // anonymising that person can erase them).
            let owner = record.subjects.count == 1 ? record.subjects[0].split(separator: ":").last.map(String.init) : nil
            for (position, change) in record.changes.enumerated() {
                valueRows.append([
                    SQLBind(record.id), SQLBind(position), SQLBind(owner), SQLBind(change.field), SQLBind(change.old),
                    SQLBind(change.new),
                    SQLBind(change.sensitive),
                ])
            }
            previous = hash
        }
        try await insert(
            into: "audit_records",
            columns: [
                "id", "chain", "sequence", "organisation_id", "occurred_at", "actor_user_id", "actor_name", "actor_roles",
                "action",
                "record_type", "record_id", "subjects", "address", "detail", "value_digests", "previous_hash", "hash",
            ], rows: recordRows, on: sql)
        try await insert(
            into: "audit_subjects", columns: ["audit_id", "organisation_id", "subject_type", "subject_id", "occurred_at"],
            rows: subjectRows, on: sql)
        try await insert(
            into: "audit_values",
            columns: ["audit_id", "position", "subject_id", "field", "old_value", "new_value", "sensitive"], rows: valueRows,
            on: sql)
        try await sql.raw(
            "UPDATE audit_heads SET last_sequence = \(bind: sequence), last_hash = \(bind: previous) WHERE chain = \(bind: chain)"
        ).run()
    }

    /// Multi-row inserts in chunks that stay under both databases' limits on bound values.
    static func insert(into table: String, columns: [String], rows: [[any SQLExpression]], on sql: any SQLDatabase) async throws {
        let perStatement = max(1, 8_000 / max(1, columns.count))
        for start in stride(from: 0, to: rows.count, by: perStatement) {
            var insert = sql.insert(into: table).columns(columns)
            for row in rows[start..<min(start + perStatement, rows.count)] { insert = insert.values(row) }
            try await insert.run()
        }
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
    /// Records a staff change inside the transaction that makes it (so neither lands alone).
    func auditChange(
        _ action: AuditAction, _ recordType: AuditRecordType, recordID: UUID, detail: String, on db: any Database
    ) async throws {
        let staff = try requireStaff()
        try await Audit.append(
            AuditEvent(
                actor: AuditActor(staff, self), organisationID: staff.organisationID, action: action, recordType: recordType,
                recordID: recordID, detail: detail),
            at: clock.now(), on: db)
    }

    /// Records a staff read of personal data (or any staff action without its own transaction).
    func audit(
        _ action: AuditAction, _ recordType: AuditRecordType, recordID: UUID? = nil, subjects: [AuditSubject] = [],
        detail: String = ""
    ) async throws {
        let staff = try requireStaff()
        try await Audit.record(
            AuditEvent(
                actor: AuditActor(staff, self), organisationID: staff.organisationID, action: action, recordType: recordType,
                recordID: recordID, subjects: subjects, detail: detail),
            at: clock.now(), in: application)
    }
}

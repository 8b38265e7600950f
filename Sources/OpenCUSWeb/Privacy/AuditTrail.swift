import Fluent
import Foundation
import OpenCUSCore
import SQLKit
import Vapor

/// Reading the audit trail: filtered pages for the director and the DPO, and the chain check.
enum AuditTrail {
    struct Row: Decodable, Sendable {
        let id: UUID
        let chain: String
        /// nil: a read committed and waiting for `AuditChainer` (seconds), not yet numbered.
        let sequence: Int64?
        let organisation_id: UUID?
        let occurred_at: Date
        let actor_user_id: UUID?
        let actor_name: String
        let actor_roles: String
        let action: String
        let record_type: String
        let record_id: String?
        let subjects: String
        let address: String?
        let detail: String
        let value_digests: String
        let previous_hash: String
        let hash: String

        /// `type:id` keys, as stored joined by commas.
        var subjectKeys: [String] { subjects.isEmpty ? [] : subjects.split(separator: ",").map(String.init) }

        /// The hashed form of a chained row (`sequence` as stored in `audit_records`).
        func entry(sequence: Int64) -> AuditEntry {
            AuditEntry(
                chain: chain, sequence: sequence, occurredAt: occurred_at, actorUserID: actor_user_id, actorName: actor_name,
                actorRoles: actor_roles,
                action: action, recordType: record_type, recordID: record_id,
                subjects: subjectKeys, address: address,
                detail: detail,
                valueDigests: value_digests.isEmpty ? [] : value_digests.split(separator: ",").map(String.init))
        }
    }

    struct Value: Decodable, Sendable {
        let audit_id: UUID
        let position: Int
        let field: String
        let old_value: String?
        let new_value: String?
        let sensitive: Bool
        let erased_at: Date?
    }

    struct Filter: Sendable {
        var subjectID: UUID?
        var actorUserID: UUID?
        var recordID: UUID?
        var action: AuditAction?
        var from: CalendarDay?
        var to: CalendarDay?
    }

    static let columns = """
        r.id, r.chain, r.sequence, r.organisation_id, r.occurred_at, r.actor_user_id, r.actor_name, r.actor_roles, r.action,
        r.record_type, r.record_id, r.subjects, r.address, r.detail, r.value_digests, r.previous_hash, r.hash
        """

    /// The pending reads in the shape of `columns`.
    static let pendingColumns = """
        r.id, r.chain, NULL AS sequence, r.organisation_id, r.occurred_at, r.actor_user_id, r.actor_name, r.actor_roles, r.action,
        r.record_type, r.record_id, r.subjects, r.address, r.detail, '' AS value_digests, '' AS previous_hash, '' AS hash
        """

    /// Newest first, at most `limit` rows, only the organisation's own: the chain and the reads
    /// committed but not yet chained, so that nothing on record is missing from a page.
    static func search(_ filter: Filter, organisationID: UUID, limit: Int, on db: any Database) async throws -> [Row] {
        var chained = SQLQueryString(
            "SELECT \(unsafeRaw: columns) FROM audit_records r WHERE r.organisation_id = \(bind: organisationID)")
        var pending = SQLQueryString(
            "SELECT \(unsafeRaw: pendingColumns) FROM audit_pending r WHERE r.organisation_id = \(bind: organisationID)")
        if let subject = filter.subjectID {
            chained.appendInterpolation(unsafeRaw: " AND r.id IN (SELECT s.audit_id FROM audit_subjects s WHERE s.subject_id = ")
            chained.appendInterpolation(bind: subject.uuidString.lowercased())
            chained.appendInterpolation(unsafeRaw: ")")
            // Keys are `type:id`, joined by commas; the pending table holds seconds of reads.
            pending.appendInterpolation(unsafeRaw: " AND r.subjects LIKE ")
            pending.appendInterpolation(bind: "%:" + subject.uuidString.lowercased() + "%")
        }
        sharedConditions(filter, into: &chained)
        sharedConditions(filter, into: &pending)
        let limit = max(1, min(limit, 100_000))
        let query: SQLQueryString = """
            SELECT * FROM (\(chained) UNION ALL \(pending)) r ORDER BY r.occurred_at DESC, r.sequence DESC LIMIT \(unsafeRaw: String(limit))
            """
        return try await db.sql().raw(query).all(decoding: Row.self)
    }

    /// The filter's conditions that read the same on both tables.
    static func sharedConditions(_ filter: Filter, into query: inout SQLQueryString) {
        if let actor = filter.actorUserID {
            query.appendInterpolation(unsafeRaw: " AND r.actor_user_id = ")
            query.appendInterpolation(bind: actor)
        }
        if let record = filter.recordID {
            query.appendInterpolation(unsafeRaw: " AND r.record_id = ")
            query.appendInterpolation(bind: record.uuidString.lowercased())
        }
        if let action = filter.action {
            query.appendInterpolation(unsafeRaw: " AND r.action = ")
            query.appendInterpolation(bind: action.rawValue)
        }
        if let from = filter.from, let start = from.startOfDayInWarsaw {
            query.appendInterpolation(unsafeRaw: " AND r.occurred_at >= ")
            query.appendInterpolation(bind: start)
        }
        if let to = filter.to, let end = to.adding(days: 1).startOfDayInWarsaw {
            query.appendInterpolation(unsafeRaw: " AND r.occurred_at < ")
            query.appendInterpolation(bind: end)
        }
    }

    static func values(for ids: [UUID], on db: any Database) async throws -> [UUID: [Value]] {
        guard !ids.isEmpty else { return [:] }
        var all: [Value] = []
        for start in stride(from: 0, to: ids.count, by: 500) {
            let chunk = Array(ids[start..<min(start + 500, ids.count)])
            all += try await db.sql().select().columns(
                "audit_id", "position", "field", "old_value", "new_value", "sensitive", "erased_at"
            )
            .from("audit_values").where("audit_id", .in, SQLBind.group(chunk)).all(decoding: Value.self)
        }
        return Dictionary(grouping: all, by: \.audit_id).mapValues { $0.sorted { $0.position < $1.position } }
    }

    // MARK: Verification

    struct ChainResult: Sendable {
        let chain: String
        let rows: Int
        let problem: String?
    }

    /// Checks every chain: content hashes, links, numbering, and that the newest row is the one
    /// the head names (rows cut off the end would otherwise go unnoticed).
    static func verify(on db: any Database) async throws -> [ChainResult] {
        struct Head: Decodable {
            let chain: String
            let last_sequence: Int64
            let last_hash: String
            let anchor_hash: String
        }
        let heads = try await db.sql().raw("SELECT chain, last_sequence, last_hash, anchor_hash FROM audit_heads ORDER BY chain")
            .all(decoding: Head.self)
        var results: [ChainResult] = []
        for head in heads {
            var expectedPrevious = head.anchor_hash
            var lastSequence: Int64?
            var lastHash = head.anchor_hash
            var count = 0
            var problem: String?
            batches: while true {
                let after = lastSequence ?? -1
                let rows = try await db.sql().raw(
                    """
                    SELECT \(unsafeRaw: columns) FROM audit_records r WHERE r.chain = \(bind: head.chain) AND r.sequence > \(bind: after)
                    ORDER BY r.sequence LIMIT 1000
                    """
                ).all(decoding: Row.self)
                if rows.isEmpty { break }
                // Rows of `audit_records` always have their number (the column is NOT NULL).
                let numbered = rows.compactMap { row in row.sequence.map { (row: row, sequence: $0) } }
                let triples = numbered.map {
                    (entry: $0.row.entry(sequence: $0.sequence), previousHash: $0.row.previous_hash, hash: $0.row.hash)
                }
                if let last = lastSequence, let first = numbered.first, first.sequence != last + 1 {
                    problem = "przerwa w numeracji po wpisie \(last) (następny: \(first.sequence)) — usunięto wpisy"
                    break batches
                }
                if let broken = AuditChain.verify(triples, anchor: expectedPrevious) {
                    problem = describe(broken)
                    break batches
                }
                count += rows.count
                lastSequence = numbered.last?.sequence
                lastHash = numbered.last?.row.hash ?? lastHash
                expectedPrevious = lastHash
            }
            if problem == nil, count > 0 || head.last_sequence > 0 {
                if lastHash != head.last_hash || (lastSequence ?? 0) != head.last_sequence {
                    problem =
                        "ostatni wpis (\(lastSequence.map(String.init) ?? "brak")) nie zgadza się z nagłówkiem łańcucha (\(head.last_sequence)) — usunięto najnowsze wpisy"
                }
            }
            results.append(ChainResult(chain: head.chain, rows: count, problem: problem))
        }
        return results
    }

    static func describe(_ broken: AuditChain.Break) -> String {
        switch broken {
        case .contentChanged(let sequence): "wpis \(sequence): treść nie zgadza się ze skrótem — wpis zmieniono"
        case .linkBroken(let sequence):
            "wpis \(sequence): nie wskazuje na poprzedni wpis — wpis usunięto, dodano lub przestawiono"
        case .gap(let after, let found): "przerwa w numeracji po wpisie \(after) (następny: \(found)) — usunięto wpisy"
        }
    }
}

extension CalendarDay {
    /// Midnight in Warsaw at the start of this day.
    var startOfDayInWarsaw: Date? {
        guard case .exact(let instant) = WallClock.resolve(day: self, time: TimeOfDay(hour: 0, minute: 0)!) else { return nil }
        return instant
    }
}

/// `opencus audit verify`: checks the hash chains and names the first broken link.
struct AuditCommandGroup: AsyncCommandGroup {
    var help: String { "Audit trail tools." }
    var commands: [String: any AnyAsyncCommand] { ["verify": AuditVerifyCommand()] }
}

struct AuditVerifyCommand: AsyncCommand {
    struct Signature: CommandSignature {}
    var help: String { "Verify the audit trail's hash chains; exits non-zero at the first broken link." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await Startup.refuseIfMigrationsPending(app)
        let results = try await AuditTrail.verify(on: app.db)
        var broken = 0
        for result in results {
            if let problem = result.problem {
                broken += 1
                context.console.error("chain \(result.chain): BROKEN after \(result.rows) good row(s): \(problem)")
            } else {
                context.console.print("chain \(result.chain): ok, \(result.rows) row(s)")
            }
        }
        let pending = try await AuditPending.count(on: app.db)
        if pending > 0 {
            context.console.print(
                "\(pending) read(s) committed and waiting to be chained (a running server chains them within seconds).")
        }
        context.console.print(
            broken == 0 ? "Audit trail verified: \(results.count) chain(s) intact." : "Audit trail BROKEN in \(broken) chain(s).")
        if broken > 0 { throw AuditChainBroken(chains: broken) }
    }
}

struct AuditChainBroken: Error, CustomStringConvertible {
    let chains: Int
    var description: String { "audit trail broken in \(chains) chain(s)" }
}

import Crypto
import Foundation

/// One audit record in the form that is hashed. The chain makes the trail tamper-evident: each
/// record's hash covers its own content and the previous record's hash, so changing, removing
/// or inserting a row anywhere breaks every later link (`AuditChain.verify`).
///
/// Changed values are not hashed themselves but through their digests (`valueDigest`), and are
/// stored apart from the record: when a person is anonymised (RODO art. 17) the values can be
/// erased while the chain still verifies.
public struct AuditEntry: Sendable, Equatable {
    public var chain: String
    public var sequence: Int64
    public var occurredAt: Date
    public var actorUserID: UUID?
    /// The name as it was when the record was written (accounts can be renamed later).
    public var actorName: String
    public var actorRoles: String
    public var action: String
    public var recordType: String
    public var recordID: String?
    public var subjects: [String]
    public var address: String?
    public var detail: String
    public var valueDigests: [String]

    public init(
        chain: String, sequence: Int64, occurredAt: Date, actorUserID: UUID?, actorName: String, actorRoles: String,
        action: String, recordType: String,
        recordID: String?, subjects: [String], address: String?, detail: String, valueDigests: [String]
    ) {
        self.chain = chain
        self.sequence = sequence
        self.occurredAt = occurredAt
        self.actorUserID = actorUserID
        self.actorName = actorName
        self.actorRoles = actorRoles
        self.action = action
        self.recordType = recordType
        self.recordID = recordID
        self.subjects = subjects
        self.address = address
        self.detail = detail
        self.valueDigests = valueDigests
    }

    /// A line-per-field text with escaped separators: unambiguous, stable across databases
    /// (times in whole milliseconds, which both SQLite and PostgreSQL store exactly).
    public var canonical: String {
        let millis = Int64((occurredAt.timeIntervalSince1970 * 1000).rounded())
        let fields: [String] = [
            chain, String(sequence), String(millis), actorUserID?.uuidString.lowercased() ?? "", actorName, actorRoles, action,
            recordType,
            recordID ?? "", subjects.joined(separator: ","), address ?? "", detail, valueDigests.joined(separator: ","),
        ]
        return fields.map { $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\n", with: "\\n") }
            .joined(separator: "\n")
    }
}

public enum AuditChain {
    /// The hash before the first record of every chain.
    public static let genesis = String(repeating: "0", count: 64)

    public static func hash(_ entry: AuditEntry, previous: String) -> String {
        hex(SHA256.hash(data: Data((previous + "\n" + entry.canonical).utf8)))
    }

    /// Digest of one changed field (name, old value, new value), with the record's id as salt
    /// so equal values in different records do not share a digest.
    public static func valueDigest(field: String, old: String?, new: String?, salt: String) -> String {
        let text = [salt, field, old ?? "\u{0}", new ?? "\u{0}"].joined(separator: "\u{1F}")
        return hex(SHA256.hash(data: Data(text.utf8)))
    }

    public enum Break: Sendable, Equatable {
        /// The stored hash does not match the content: the row was changed.
        case contentChanged(sequence: Int64)
        /// The row does not point at the row before it: a row was removed, inserted or reordered.
        case linkBroken(sequence: Int64)
        /// Sequence numbers skip: a row was removed.
        case gap(after: Int64, found: Int64)
    }

    /// Checks one chain in sequence order. `anchor` is the previous hash of the first row that
    /// is still kept (rows older than the retention period are removed whole, oldest first).
    public static func verify(_ rows: [(entry: AuditEntry, previousHash: String, hash: String)], anchor: String? = nil) -> Break?
    {
        var expectedPrevious = anchor ?? rows.first?.previousHash ?? genesis
        var lastSequence: Int64?
        for row in rows {
            if let last = lastSequence, row.entry.sequence != last + 1 { return .gap(after: last, found: row.entry.sequence) }
            if row.previousHash != expectedPrevious { return .linkBroken(sequence: row.entry.sequence) }
            if hash(row.entry, previous: row.previousHash) != row.hash { return .contentChanged(sequence: row.entry.sequence) }
            expectedPrevious = row.hash
            lastSequence = row.entry.sequence
        }
        return nil
    }

    static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        digest.map { String(format: "%02x", $0) }.joined()
    }
}

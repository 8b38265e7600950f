import Fluent
import Foundation
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// Group commit of read audits. A staff read must be on record before its page is sent, but it
/// changes nothing, so it need not wait for the chain's head (which every change of the
/// organisation also takes): `commit` adds the record to the next batch and returns once the
/// batch is committed to `audit_pending`. While one batch is being written the next one
/// gathers, so concurrent reads share a transaction instead of queuing for one each (on SQLite
/// every transaction waits for the file's one writer).
///
/// Nothing is lost when the process dies: a record is in the database before its page leaves,
/// and `AuditChainer` (in the background, at start-up and at shutdown) moves it into its chain.
actor AuditQueue {
    private let database: @Sendable () -> (any Database)?
    private var waiting: [(record: PreparedAudit, done: CheckedContinuation<Void, any Error>)] = []
    private var writing = false
    /// Whether this process has stored any read (so that shutdown has something to chain).
    private(set) var hasCommitted = false
    /// Records per transaction (each a multi-row insert of 13 values a row).
    static let batchLimit = 500

    init(database: @escaping @Sendable () -> (any Database)?) {
        self.database = database
    }

    func commit(_ record: PreparedAudit) async throws {
        try await withCheckedThrowingContinuation { (done: CheckedContinuation<Void, any Error>) in
            waiting.append((record, done))
            if !writing {
                writing = true
                Task { await self.drain() }
            }
        }
    }

    private func drain() async {
        while !waiting.isEmpty {
            let batch = Array(waiting.prefix(Self.batchLimit))
            waiting.removeFirst(batch.count)
            do {
                guard let db = database() else { throw DatabasesClosed() }
                try await AuditPending.insert(batch.map(\.record), on: db)
                hasCommitted = true
                for item in batch { item.done.resume() }
            } catch {
                for item in batch { item.done.resume(throwing: error) }
            }
        }
        writing = false
    }
}

struct DatabasesClosed: Error, CustomStringConvertible {
    var description: String { "the databases are already shut down" }
}

/// The table of committed read audits not yet in their chain.
enum AuditPending {
    static let columns = [
        "id", "chain", "organisation_id", "occurred_at", "actor_user_id", "actor_name", "actor_roles", "action", "record_type",
        "record_id",
        "subjects", "address", "detail",
    ]

    static func insert(_ records: [PreparedAudit], on db: any Database) async throws {
        guard !records.isEmpty else { return }
        try await db.writeTransaction { db in
            try await Audit.insert(
                into: "audit_pending", columns: columns,
                rows: records.map { r in
                    [
                        SQLBind(r.id), SQLBind(r.chain), SQLBind(r.organisationID), SQLBind(r.occurredAt), SQLBind(r.actorUserID),
                        SQLBind(r.actorName),
                        SQLBind(r.actorRoles), SQLBind(r.action), SQLBind(r.recordType), SQLBind(r.recordID),
                        SQLBind(r.subjects.joined(separator: ",")),
                        SQLBind(r.address), SQLBind(r.detail),
                    ]
                }, on: try db.sql())
        }
    }

    static func count(on db: any Database) async throws -> Int {
        struct Count: Decodable { let n: Int }
        return try await db.sql().raw("SELECT COUNT(*) AS n FROM audit_pending").first(decoding: Count.self)?.n ?? 0
    }
}

extension PreparedAudit {
    /// A pending read as `AuditTrail` reads it (reads carry no changed values).
    init(pending row: AuditTrail.Row) {
        self.init(
            id: row.id, organisationID: row.organisation_id, occurredAt: row.occurred_at, actorUserID: row.actor_user_id,
            actorName: row.actor_name, actorRoles: row.actor_roles, address: row.address, action: row.action,
            recordType: row.record_type,
            recordID: row.record_id, subjects: row.subjectKeys, detail: row.detail, changes: [])
    }
}

/// Moves committed read audits into their chains, oldest first.
enum AuditChainer {
    static let batch = 500

    /// Chains everything pending now; returns how many records it chained. Safe to run from
    /// several instances at once: each chain's batch is taken under the chain's head lock, and
    /// a record leaves `audit_pending` in the transaction that writes it into the chain.
    @discardableResult
    static func run(on db: any Database) async throws -> Int {
        struct Chain: Decodable { let chain: String }
        let chains = try await db.sql().raw("SELECT DISTINCT chain FROM audit_pending ORDER BY chain").all(decoding: Chain.self)
        var total = 0
        for chain in chains.map(\.chain) {
            while true {
                let moved = try await db.writeTransaction { db in
                    let head = try await Audit.lockHead(chain, on: db)
                    // The same shape as the chained rows (`AuditTrail.Row`, not yet numbered).
                    let rows = try await db.sql().raw(
                        """
                        SELECT \(unsafeRaw: AuditTrail.pendingColumns) FROM audit_pending r
                        WHERE r.chain = \(bind: chain) ORDER BY r.occurred_at, r.id LIMIT \(unsafeRaw: String(batch))
                        """
                    ).all(decoding: AuditTrail.Row.self)
                    guard !rows.isEmpty else { return 0 }
                    try await Audit.write(rows.map(PreparedAudit.init(pending:)), after: head, on: db)
                    try await db.sql().delete(from: "audit_pending").where("id", .in, SQLBind.group(rows.map(\.id))).run()
                    return rows.count
                }
                total += moved
                if moved < batch { break }
            }
        }
        return total
    }
}

/// The background step that keeps the chains current: every `interval` while serving, once at
/// start-up (what a killed process left) and once at shutdown, after the last request.
final class AuditChainerLoop: Sendable {
    private let task = NIOLockedValueBox<Task<Void, Never>?>(nil)
    private let started = NIOLockedValueBox(false)

    /// Whether this process served with the background step (a command such as `migrate`
    /// never does).
    var wasStarted: Bool { started.withLockedValue { $0 } }

    func start(app: Application, interval: TimeInterval) {
        let logger = app.logger
        started.withLockedValue { $0 = true }
        task.withLockedValue { existing in
            guard existing == nil else { return }
            existing = Task {
                while !Task.isCancelled {
                    do {
                        try await AuditChainer.run(on: app.db)
                    } catch {
                        logger.error("Audit chaining failed", metadata: ["error_type": "\(type(of: error))"])
                    }
                    try? await Task.sleep(for: .milliseconds(Int(interval * 1000)))
                }
            }
        }
    }

    func stop() async {
        let running = task.withLockedValue { value -> Task<Void, Never>? in
            defer { value = nil }
            return value
        }
        running?.cancel()
        await running?.value
    }
}

extension Application {
    private struct AuditQueueKey: StorageKey {
        typealias Value = AuditQueue
    }

    private struct AuditChainerKey: StorageKey {
        typealias Value = AuditChainerLoop
    }

    /// Created in `configure` (storage is not safe to fill from concurrent requests).
    var auditQueue: AuditQueue {
        guard let queue = storage[AuditQueueKey.self] else { fatalError("configure(_:) sets up the audit queue") }
        return queue
    }

    var auditChainer: AuditChainerLoop {
        guard let loop = storage[AuditChainerKey.self] else { fatalError("configure(_:) sets up the audit chainer") }
        return loop
    }

    /// The default database, or nil once the databases are shut down (`db` would trap).
    var openDatabase: (any Database)? {
        databases.database(logger: logger, on: eventLoopGroup.any())
    }

    func setUpAuditQueue() {
        storage[AuditQueueKey.self] = AuditQueue(database: { [unowned self] in self.openDatabase })
        storage[AuditChainerKey.self] = AuditChainerLoop()
    }
}

/// At shutdown (after the HTTP server stopped taking requests, before the databases close):
/// stops the background step and chains what is left — only in a process that served or stored
/// reads, so that commands (`migrate`, `demo`, a `serve` refused for pending migrations) neither
/// write nor report a failure about a table they never used.
struct AuditChainerLifecycle: LifecycleHandler {
    enum FinalPass: Equatable {
        case skipped
        case chained(Int)
        case failed
    }

    func shutdownAsync(_ application: Application) async {
        _ = await Self.finalPass(application)
    }

    static func finalPass(_ application: Application) async -> FinalPass {
        await application.auditChainer.stop()
        let storedReads = await application.auditQueue.hasCommitted
        guard application.auditChainer.wasStarted || storedReads else { return .skipped }
        guard let db = application.openDatabase else {
            application.logger.warning(
                "Databases closed before the audit chainer's last pass; reads stay pending until the next start")
            return .failed
        }
        do {
            return .chained(try await AuditChainer.run(on: db))
        } catch {
            application.logger.error(
                "Audit chaining at shutdown failed; the records stay pending until the next start",
                metadata: [
                    "error_type": "\(type(of: error))"
                ])
            return .failed
        }
    }
}

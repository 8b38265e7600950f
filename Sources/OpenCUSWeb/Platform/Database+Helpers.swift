import Fluent
import FluentSQLiteDriver
import NIOConcurrencyHelpers
import SQLKit
import Vapor

struct NotAnSQLDatabase: Error, CustomStringConvertible {
    var description: String { "OpenCUS needs an SQL database (SQLite or PostgreSQL)" }
}

extension Database {
    /// Both supported drivers are SQL databases; this only fails if someone plugs in another driver.
    func sql() throws -> any SQLDatabase {
        guard let sql = self as? any SQLDatabase else { throw NotAnSQLDatabase() }
        return sql
    }

    var isSQLite: Bool { (self as? any SQLDatabase)?.dialect.name == "sqlite" }

    /// Locks one row until the end of the current `writeTransaction`, so that whoever locks the
    /// same row next waits for the commit: the one way OpenCUS serialises work on a thing (an
    /// event's seats, a service's places, an organisation's numbering, an audit chain's head).
    /// PostgreSQL: `SELECT … FOR UPDATE` (other rows and other instances proceed). SQLite: nothing
    /// to do, `BEGIN IMMEDIATE` already excludes every other writer of the file.
    func lockForUpdate(table: String, column: String = "id", equals value: some Encodable & Sendable) async throws {
        guard !isSQLite else { return }
        try await sql().raw("SELECT \(ident: column) FROM \(ident: table) WHERE \(ident: column) = \(bind: value) FOR UPDATE")
            .run()
    }

    /// `lockForUpdate(table:column:equals:)` for a model's row.
    func lockForUpdate<M: Model>(_: M.Type, id: M.IDValue) async throws where M.IDValue: Encodable & Sendable {
        try await lockForUpdate(table: M.schema, equals: id)
    }

    /// A transaction for read-then-write work (check capacity, then insert).
    ///
    /// SQLite's default deferred `BEGIN` takes the write lock only at the first write; two
    /// connections that both read first then fail with SQLITE_BUSY (measured on this stack: ~48%
    /// of such requests failed at 32 concurrent clients, in both journal modes). `BEGIN IMMEDIATE` takes the
    /// write lock up front, so concurrent writers queue instead. PostgreSQL uses its normal
    /// transaction; callers there rely on row locks or conditional updates.
    @discardableResult
    func writeTransaction<T: Sendable>(_ work: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        guard isSQLite else {
            return try await transaction { try await work($0) }
        }
        // Writers of this process queue here, without holding a thread, instead of inside
        // SQLite: sqlite-nio's busy handler retries in a tight loop on a blocking-pool thread,
        // which burns a core and, when every pool thread spins, starves the connection that
        // holds the lock (a hang observed with parallel test apps). The gate is the database
        // file's own (see SQLiteWriteGate), so writers to other files never wait here.
        guard let gate = (context.configuration as? GatedSQLiteConfiguration)?.gate else {
            throw UngatedSQLiteDatabase()
        }
        return try await gate.serialised {
            try await withConnection { connection in
                let sql = try connection.sql()
                try await sql.raw("BEGIN IMMEDIATE").run()
                do {
                    let result = try await work(connection)
                    try await sql.raw("COMMIT").run()
                    return result
                } catch {
                    try? await sql.raw("ROLLBACK").run()
                    throw error
                }
            }
        }
    }
}

struct UngatedSQLiteDatabase: Error, CustomStringConvertible {
    var description: String { "an SQLite database must be set up with DatabaseConfigurationFactory.gatedSQLite(path:)" }
}

extension DatabaseConfigurationFactory {
    /// The embedded SQLite database in `path`, with the write gate of that file.
    static func gatedSQLite(path: String) -> Self {
        let base = DatabaseConfigurationFactory.sqlite(.file(path), sqlLogLevel: .trace)
        let gate = SQLiteWriteGate.forFile(path)
        return .init { GatedSQLiteConfiguration(base: base.make(), gate: gate) }
    }
}

/// Fluent's SQLite configuration with the gate of its file, so that `writeTransaction` finds the
/// gate from any `Database` of that configuration (`context.configuration`).
struct GatedSQLiteConfiguration: DatabaseConfiguration {
    var base: any DatabaseConfiguration
    let gate: SQLiteWriteGate

    var middleware: [any AnyModelMiddleware] {
        get { base.middleware }
        set { base.middleware = newValue }
    }

    func makeDriver(for databases: Databases) -> any DatabaseDriver { base.makeDriver(for: databases) }
}

/// A first-come, first-served async mutex for the SQLite write transactions of one database file.
/// Waiting suspends the task; no thread is blocked.
///
/// There is one gate per file, not per process: applications on different files (every test has
/// its own) never wait for each other, and two applications of one process on the same file (a
/// test's `sibling()`) share the gate, as SQLite's own lock would otherwise spin between them.
actor SQLiteWriteGate {
    private static let gates = NIOLockedValueBox<[String: SQLiteWriteGate]>([:])

    /// The gate of the database file at `path` (the same gate for every spelling of the path).
    static func forFile(_ path: String) -> SQLiteWriteGate {
        let key = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
        return gates.withLockedValue { gates in
            if let gate = gates[key] { return gate }
            let gate = SQLiteWriteGate()
            gates[key] = gate
            return gate
        }
    }

    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func serialised<T: Sendable>(_ work: @Sendable () async throws -> T) async throws -> T {
        await acquire()
        defer { release() }
        return try await work()
    }

    private func acquire() async {
        if !busy {
            busy = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    private func release() {
        if waiting.isEmpty {
            busy = false
        } else {
            // Ownership passes straight to the next waiter; `busy` stays true.
            waiting.removeFirst().resume()
        }
    }
}

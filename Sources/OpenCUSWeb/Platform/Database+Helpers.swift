import Fluent
import FluentSQLiteDriver
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

    /// A transaction for read-then-write work (check capacity, then insert).
    ///
    /// SQLite's default deferred `BEGIN` takes the write lock only at the first write; two
    /// connections that both read first then fail with SQLITE_BUSY (measured: ~48% of such
    /// requests under load, see shared/reference/stack-notes.md P4). `BEGIN IMMEDIATE` takes the
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
        // holds the lock (a hang observed with parallel test apps).
        return try await SQLiteWriteGate.shared.serialised {
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

/// A first-come, first-served async mutex for SQLite write transactions in this process.
/// Waiting suspends the task; no thread is blocked.
actor SQLiteWriteGate {
    static let shared = SQLiteWriteGate()

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

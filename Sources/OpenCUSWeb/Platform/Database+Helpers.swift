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
        return try await withConnection { connection in
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

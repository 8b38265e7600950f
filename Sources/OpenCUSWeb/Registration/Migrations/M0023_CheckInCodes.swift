import Fluent
import Foundation
import OpenCUSCore
import SQLKit

/// Each registration gets its check-in code (`CheckInCode`); those made before get theirs here.
struct M0023_CheckInCodes: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("registrations").field("checkin_code", .string).update()
        try await Self.backfill(on: database)
        try await database.sql().create(index: "uq_registrations_checkin_code").unique().on("registrations")
            .column("event_id").column("checkin_code").run()
    }

    /// Gives every registration without a code its code.
    static func backfill(on database: any Database) async throws {
        struct Row: Decodable {
            let id: UUID
            let sequence: Int64
        }
        let sql = try database.sql()
        for row in try await sql.raw("SELECT id, sequence FROM registrations WHERE checkin_code IS NULL").all(decoding: Row.self)
        {
            try await sql.raw(
                "UPDATE registrations SET checkin_code = \(bind: CheckInCode.make(sequence: row.sequence)) WHERE id = \(bind: row.id)"
            ).run()
        }
    }

    func revert(on database: any Database) async throws {
        try await database.sql().drop(index: "uq_registrations_checkin_code").run()
        try await database.schema("registrations").deleteField("checkin_code").update()
    }
}

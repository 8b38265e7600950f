import Fluent
import SQLKit

/// Browsers a staff member has logged in from (see `KnownDevices`).
struct M0021_KnownDevices: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("known_devices")
            .id()
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("token_hash", .string, .required)
            .field("created_at", .datetime, .required)
            .field("last_used_at", .datetime, .required)
            .unique(on: "token_hash", name: "uq_known_devices_token_hash")
            .create()
        try await database.sql().create(index: "idx_known_devices_user").on("known_devices").column("user_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("known_devices").delete()
    }
}

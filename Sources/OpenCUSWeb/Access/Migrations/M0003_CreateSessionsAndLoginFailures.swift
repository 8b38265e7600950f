import Fluent
import SQLKit

struct M0003_CreateSessionsAndLoginFailures: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("staff_sessions")
            .id()
            .field("token_hash", .string, .required)
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("organisation_id", .uuid, .references("organisations", "id", onDelete: .setNull))
            .field("csrf_token", .string, .required)
            .field("created_at", .datetime, .required)
            .field("last_seen_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .unique(on: "token_hash", name: "uq_staff_sessions_token_hash")
            .create()
        try await database.sql().create(index: "idx_staff_sessions_user")
            .on("staff_sessions").column("user_id").run()
        try await database.schema("login_failures")
            .id()
            .field("scope", .string, .required)
            .field("key_hash", .string, .required)
            .field("failed_at", .datetime, .required)
            .create()
        try await database.sql().create(index: "idx_login_failures_key")
            .on("login_failures").column("scope").column("key_hash").column("failed_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("login_failures").delete()
        try await database.schema("staff_sessions").delete()
    }
}

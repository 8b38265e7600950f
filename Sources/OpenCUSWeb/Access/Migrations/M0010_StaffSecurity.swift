import Fluent
import SQLKit

/// Staff security: TOTP second factor with recovery codes, one-time password-reset links,
/// a readable label per session, and an organisation-wide "second factor required" switch.
struct M0010_StaffSecurity: AsyncMigration {
    func prepare(on database: any Database) async throws {
        // One column per ALTER TABLE: SQLite adds only one at a time.
        try await database.schema("users").field("totp_secret", .string).update()
        try await database.schema("users").field("totp_last_step", .int64).update()
        try await database.schema("users").field("totp_enabled_at", .datetime).update()
        try await database.schema("users").field("password_changed_at", .datetime).update()
        try await database.schema("organisations")
            .field("require_two_factor", .bool, .required, .sql(.default(false)))
            .update()
        try await database.schema("staff_sessions")
            .field("device", .string)
            .update()
        try await database.schema("recovery_codes")
            .id()
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("code_hash", .string, .required)
            .field("used_at", .datetime)
            .create()
        try await database.sql().create(index: "idx_recovery_codes_user").on("recovery_codes").column("user_id").run()
        try await database.schema("password_reset_tokens")
            .id()
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("token_hash", .string, .required)
            .field("created_by", .uuid)
            .field("created_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .field("used_at", .datetime)
            .unique(on: "token_hash", name: "uq_password_reset_tokens_hash")
            .create()
        try await database.schema("login_challenges")
            .id()
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("token_hash", .string, .required)
            .field("next_path", .string)
            .field("attempts", .int, .required)
            .field("expires_at", .datetime, .required)
            .unique(on: "token_hash", name: "uq_login_challenges_hash")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("login_challenges").delete()
        try await database.schema("password_reset_tokens").delete()
        try await database.schema("recovery_codes").delete()
        try await database.schema("staff_sessions").deleteField("device").update()
        try await database.schema("organisations").deleteField("require_two_factor").update()
        for field in ["totp_secret", "totp_last_step", "totp_enabled_at", "password_changed_at"] {
            try await database.schema("users").deleteField(.string(field)).update()
        }
    }
}

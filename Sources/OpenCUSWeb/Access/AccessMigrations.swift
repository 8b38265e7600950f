import Fluent
import SQLKit

// Numbered, append-only: never edit a migration that has landed; add a new one.

struct M0001_CreateOrganisations: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("organisations")
            .id()
            .field("slug", .string, .required)
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("voivodeship", .string)
            .field("street", .string)
            .field("postcode", .string)
            .field("city", .string)
            .field("email", .string)
            .field("phone", .string)
            .field("website", .string)
            .field("is_operator", .bool, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "slug", name: "uq_organisations_slug")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("organisations").delete()
    }
}

struct M0002_CreateUsersAndMemberships: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("users")
            .id()
            .field("email", .string, .required)
            .field("name", .string, .required)
            .field("password_hash", .string, .required)
            .field("is_active", .bool, .required)
            .field("last_login_at", .datetime)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "email", name: "uq_users_email")
            .create()
        try await database.schema("memberships")
            .id()
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("organisation_id", .uuid, .required, .references("organisations", "id", onDelete: .cascade))
            .field("role", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "user_id", "organisation_id", "role", name: "uq_memberships_user_org_role")
            .create()
        try await database.sql().create(index: "idx_memberships_organisation")
            .on("memberships").column("organisation_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("memberships").delete()
        try await database.schema("users").delete()
    }
}

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

import Fluent
import SQLKit

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

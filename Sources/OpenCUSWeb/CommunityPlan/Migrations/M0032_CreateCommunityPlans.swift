import Fluent
import SQLKit

/// The community organising plan: the plan, its versions (content as JSON, like IPUS), the
/// records of what its actions did (counted people, an optional photo) and the measured values
/// of its aims' indicators.
struct M0032_CreateCommunityPlans: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("community_plans")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id", onDelete: .cascade))
            .field("title", .string, .required)
            .field("latest_version", .int, .required)
            .field("approved_version", .int)
            .field("consultation_round_id", .uuid)
            .field("revision", .int, .required)
            .field("updated_by", .string, .required)
            .field("updated_at", .datetime, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema("community_plan_versions")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id", onDelete: .cascade))
            .field("plan_id", .uuid, .required, .references("community_plans", "id", onDelete: .cascade))
            .field("version", .int, .required)
            .field("state", .string, .required)
            .field("content", .string, .required)
            .field("reason", .string, .required)
            .field("created_by", .string, .required)
            .field("created_at", .datetime, .required)
            .field("submitted_at", .datetime)
            .field("approved_by_user_id", .uuid)
            .field("approved_by", .string)
            .field("approved_on", .string)
            .field("return_note", .string, .required)
            .unique(on: "plan_id", "version")
            .create()
        try await database.schema("community_plan_records")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id", onDelete: .cascade))
            .field("plan_id", .uuid, .required, .references("community_plans", "id", onDelete: .cascade))
            .field("action_key", .string, .required)
            .field("action_title", .string, .required)
            .field("day", .string, .required)
            .field("participants", .int, .required)
            .field("volunteers", .int, .required)
            .field("notes", .string, .required)
            .field("photo_key", .string)
            .field("photo_type", .string)
            .field("photo_alt", .string)
            .field("photo_consent_by", .string)
            .field("created_by", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema("community_plan_measurements")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id", onDelete: .cascade))
            .field("plan_id", .uuid, .required, .references("community_plans", "id", onDelete: .cascade))
            .field("aim_key", .string, .required)
            .field("day", .string, .required)
            .field("value", .int, .required)
            .field("note", .string, .required)
            .field("created_by", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.sql().create(index: "idx_community_plans_org").on("community_plans").column("organisation_id").run()
        try await database.sql().create(index: "idx_community_plan_records_plan").on("community_plan_records")
            .column("plan_id").column("day").run()
        try await database.sql().create(index: "idx_community_plan_measurements_plan").on("community_plan_measurements")
            .column("plan_id").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["community_plan_measurements", "community_plan_records", "community_plan_versions", "community_plans"] {
            try await database.schema(table).delete()
        }
    }
}

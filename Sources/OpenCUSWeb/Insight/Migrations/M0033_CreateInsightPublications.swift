import Fluent
import SQLKit

/// The insight layer's own tables: each organisation's settings (its small-number threshold,
/// what it shares with its ROPS, whether it publishes the programme's monitoring page), the
/// published aggregate table others read instead of its rows, and the day a requested service
/// went onto the reserve list (its stay on the list was lost when the outcome changed).
struct M0033_CreateInsightPublications: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("insight_settings")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id", onDelete: .cascade))
            .field("threshold", .int, .required)
            .field("share_with_region", .bool, .required)
            .field("shared_codes", .string, .required)
            .field("publish_monitoring", .bool, .required)
            .field("residents", .int)
            .field("residents_source", .string, .required)
            .field("updated_by", .string, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "organisation_id")
            .create()
        try await database.schema("insight_publications")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("month", .string, .required)
            .field("payload", .string, .required)
            .field("published_at", .datetime, .required)
            .unique(on: "organisation_id", "kind", "month")
            .create()
        try await database.schema("application_services").field("reserve_entered_at", .datetime).update()
        // The requests on the list now entered it when their outcome was given; for those that
        // already left it the day is not known (the indicators count them as not waiting).
        try await database.sql().update("application_services").set("reserve_entered_at", to: SQLIdentifier("outcome_at"))
            .where("outcome", .equal, "reserve").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("application_services").deleteField("reserve_entered_at").update()
        try await database.schema("insight_publications").delete()
        try await database.schema("insight_settings").delete()
    }
}

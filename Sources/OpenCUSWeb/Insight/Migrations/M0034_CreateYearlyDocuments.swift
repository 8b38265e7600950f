import Fluent

/// The yearly documents (activity report, programme evaluation, OZPS helper): one per kind and
/// year per organisation; the content as JSON; a number once finalised. And the indicators'
/// snapshot: every indicator over twelve months, computed in the background, read by the
/// dashboard.
struct M0034_CreateYearlyDocuments: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("yearly_documents")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("year", .int, .required)
            .field("content", .string, .required)
            .field("revision", .int, .required)
            .field("data_as_of", .datetime, .required)
            .field("number", .string)
            .field("finalised_at", .datetime)
            .field("finalised_by", .string)
            .field("updated_by", .string, .required)
            .field("updated_at", .datetime, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "organisation_id", "kind", "year")
            .create()
        try await database.schema("insight_snapshots")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id", onDelete: .cascade))
            .field("computed_at", .datetime, .required)
            .field("took_ms", .int, .required)
            .field("payload", .string, .required)
            .unique(on: "organisation_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("insight_snapshots").delete()
        try await database.schema("yearly_documents").delete()
    }
}

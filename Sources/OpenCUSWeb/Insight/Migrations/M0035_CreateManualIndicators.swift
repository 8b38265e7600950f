import Fluent

/// A centre's own indicators ("WŁ-01"…) and their monthly values, each with its source and who
/// typed it; one value per indicator and month.
struct M0035_CreateManualIndicators: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("manual_indicators")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id", onDelete: .cascade))
            .field("number", .int, .required)
            .field("name", .string, .required)
            .field("description", .string, .required)
            .field("unit", .string, .required)
            .field("direction", .string, .required)
            .field("target", .double)
            .field("counts_people", .bool, .required)
            .field("created_by", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "organisation_id", "number")
            .create()
        try await database.schema("manual_indicator_values")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id", onDelete: .cascade))
            .field("indicator_id", .uuid, .required, .references("manual_indicators", "id", onDelete: .cascade))
            .field("month", .string, .required)
            .field("value", .double, .required)
            .field("source", .string, .required)
            .field("entered_by", .string, .required)
            .field("entered_at", .datetime, .required)
            .unique(on: "indicator_id", "month")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("manual_indicator_values").delete()
        try await database.schema("manual_indicators").delete()
    }
}

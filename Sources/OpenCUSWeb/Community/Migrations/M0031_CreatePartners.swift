import Fluent
import SQLKit

/// The centre's partners in the community, and the partner an activity is run with (a plain
/// column: SQLite cannot add a column with a foreign key to an existing table).
struct M0031_CreatePartners: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("partners")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("locality", .string, .required)
            .field("contact_person", .string, .required)
            .field("phone", .string, .required)
            .field("email", .string, .required)
            .field("contribution", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema("activities")
            .field("partner_id", .uuid)
            .update()
        try await database.sql().create(index: "idx_partners_org").on("partners").column("organisation_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("activities").deleteField("partner_id").update()
        try await database.schema("partners").delete()
    }
}

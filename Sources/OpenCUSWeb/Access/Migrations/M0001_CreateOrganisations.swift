import Fluent
import SQLKit

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

import Fluent

/// What an organisation says about itself on its public pages: office hours, its logo (a file in
/// the uploads folder, by key and type) and its accent colour ("#rrggbb", checked for contrast).
struct M0024_OrganisationProfile: AsyncMigration {
    // One column per statement: SQLite adds a single column per ALTER TABLE.
    static let columns = ["office_hours", "accent_colour", "logo_key", "logo_type"]

    func prepare(on database: any Database) async throws {
        for column in Self.columns {
            try await database.schema("organisations").field(.string(column), .string).update()
        }
    }

    func revert(on database: any Database) async throws {
        for column in Self.columns.reversed() {
            try await database.schema("organisations").deleteField(.string(column)).update()
        }
    }
}

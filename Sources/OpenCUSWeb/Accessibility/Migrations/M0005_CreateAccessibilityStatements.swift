import Fluent
import Foundation
import OpenCUSCore

struct M0005_CreateAccessibilityStatements: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("accessibility_statements")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id", onDelete: .cascade))
            .field("entity_name", .string, .required)
            .field("published_on", .string, .required)
            .field("updated_on", .string, .required)
            .field("prepared_on", .string, .required)
            .field("reviewed_on", .string, .required)
            .field("status", .string, .required)
            .field("non_compliance", .string, .required)
            .field("exemptions", .string, .required)
            .field("assessment", .string, .required)
            .field("contact_name", .string, .required)
            .field("contact_email", .string, .required)
            .field("contact_phone", .string, .required)
            .field("procedure", .string, .required)
            .field("architecture", .string, .required)
            .field("mobile_apps", .string, .required)
            .field("shortcuts", .string, .required)
            .field("updated_by_user_id", .uuid, .references("users", "id", onDelete: .setNull))
            .field("updated_at", .datetime)
            .unique(on: "organisation_id", name: "uq_accessibility_statements_organisation")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("accessibility_statements").delete()
    }
}

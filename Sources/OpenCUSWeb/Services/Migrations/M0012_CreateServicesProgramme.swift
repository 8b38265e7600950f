import Fluent
import Foundation
import OpenCUSCore
import SQLKit

struct M0012_CreateServicesProgramme: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("service_programmes")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id", onDelete: .cascade))
            .field("version", .int, .required)
            .field("title", .string, .required)
            .field("period_start", .string, .required)
            .field("period_end", .string, .required)
            .field("resolution_number", .string)
            .field("resolution_date", .string)
            .field("journal_reference", .string)
            .field("summary", .string, .required)
            .field("state", .string, .required)
            .field("in_force_at", .datetime)
            .field("expired_at", .datetime)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "organisation_id", "version", name: "uq_service_programmes_org_version")
            .create()
        try await database.schema("service_definitions")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id", onDelete: .cascade))
            .field("programme_id", .uuid, .required, .references("service_programmes", "id", onDelete: .cascade))
            .field("position", .int, .required)
            .field("name", .string, .required)
            .field("area", .string, .required)
            .field("description", .string, .required)
            .field("for_whom", .string, .required)
            .field("criteria", .string, .required)
            .field("age_min", .int)
            .field("age_max", .int)
            .field("residence_required", .bool, .required)
            .field("places", .int)
            .field("priority_criteria", .string, .required)
            .field("fee_kind", .string, .required)
            .field("fee_grosze", .int)
            .field("fee_unit", .string)
            .field("fee_exemptions", .string, .required)
            .field("delivery_route", .string, .required)
            .field("provider_organisation_id", .uuid, .references("organisations", "id", onDelete: .setNull))
            .field("place", .string, .required)
            .field("schedule", .string, .required)
            .field("documents", .string, .required)
            .field("how_to_apply", .string, .required)
            .field("ipus_eligible", .bool, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .create()
        let sql = try database.sql()
        try await sql.create(index: "idx_service_programmes_org_state").on("service_programmes").column("organisation_id").column(
            "state"
        ).run()
        try await sql.create(index: "idx_service_definitions_programme").on("service_definitions").column("programme_id").column(
            "position"
        ).run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("service_definitions").delete()
        try await database.schema("service_programmes").delete()
    }
}

import Fluent
import Foundation
import OpenCUSCore
import SQLKit

struct M0014_Casework: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("intake_settings")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id", onDelete: .cascade))
            .field("assessment_days", .int, .required)
            .field("ipus_days", .int, .required)
            .field("appeal_days", .int, .required)
            .field("appeal_body", .string, .required)
            .field("rodo_clause", .string, .required)
            .field("rodo_version", .int, .required)
            .field("updated_at", .datetime, .required)
            .field("updated_by", .string, .required)
            .unique(on: "organisation_id", name: "uq_intake_settings_org")
            .create()
        try await database.schema("application_clause_versions")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id", onDelete: .cascade))
            .field("version", .int, .required)
            .field("text", .string, .required)
            .field("adopted_at", .datetime, .required)
            .unique(on: "organisation_id", "version", name: "uq_application_clause_versions")
            .create()
        try await database.schema("needs_assessments")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id", onDelete: .cascade))
            .field("application_id", .uuid, .required, .references("service_applications", "id", onDelete: .cascade))
            .field("scheduled_on", .string)
            .field("place", .string, .required)
            .field("place_note", .string, .required)
            .field("done_on", .string)
            .field("findings", .string, .required)
            .field("ipus_needed", .bool, .required)
            .field("ipus_due", .string)
            .field("coordinator", .string, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "application_id", name: "uq_needs_assessments_application")
            .create()
        // SQLite: one column per ALTER TABLE.
        for (table, column, type) in [
            ("application_services", "routed_to", DatabaseSchema.DataType.string),
            ("application_services", "routing_consent_at", .datetime),
            ("refusal_decisions", "appeal_lodged_on", .string),
            ("refusal_decisions", "appeal_result", .string),
            ("refusal_decisions", "appeal_result_on", .string),
        ] {
            try await database.schema(table).field(
                .definition(name: .key(FieldKey(stringLiteral: column)), dataType: type, constraints: [])
            ).update()
        }
        let sql = try database.sql()
        // The intake dashboard's lists (open outcomes of one organisation) and the person search.
        try await sql.create(index: "idx_application_services_org_outcome").on("application_services").column("organisation_id")
            .column("outcome")
            .column("application_id").column("received_at").run()
        try await sql.create(index: "idx_persons_org_pesel_lookup").on("persons").column("organisation_id").column("pesel").run()
        try await sql.create(index: "idx_enrolments_person").on("enrolments").column("person_id").run()
        try await sql.create(index: "idx_needs_assessments_ipus").on("needs_assessments").column("organisation_id").column(
            "ipus_needed"
        ).column("ipus_due").run()
        try await sql.create(index: "idx_service_applications_person").on("service_applications").column("person_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("needs_assessments").delete()
        try await database.schema("application_clause_versions").delete()
        try await database.schema("intake_settings").delete()
    }
}

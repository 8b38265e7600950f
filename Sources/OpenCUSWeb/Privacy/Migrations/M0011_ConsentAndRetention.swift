import Fluent
import SQLKit

/// Consent records (purpose, text version, given/withdrawn and by whom), retention rules per
/// organisation and record type, and the anonymisation mark on registrations.
struct M0011_ConsentAndRetention: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("consent_records")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id", onDelete: .cascade))
            .field("subject_type", .string, .required)
            .field("subject_id", .uuid, .required)
            .field("purpose", .string, .required)
            .field("text_version_id", .uuid)
            .field("given_at", .datetime, .required)
            .field("given_by", .string, .required)
            .field("withdrawn_at", .datetime)
            .field("withdrawn_by", .string)
            .create()
        try await database.sql().create(index: "idx_consent_records_subject").on("consent_records").column("subject_id").run()
        try await database.schema("retention_rules")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id", onDelete: .cascade))
            .field("record_type", .string, .required)
            .field("months", .int, .required)
            .field("updated_at", .datetime)
            .unique(on: "organisation_id", "record_type", name: "uq_retention_rules_org_type")
            .create()
        try await database.schema("registrations")
            .field("anonymised_at", .datetime)
            .update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("registrations").deleteField("anonymised_at").update()
        try await database.schema("retention_rules").delete()
        try await database.schema("consent_records").delete()
    }
}

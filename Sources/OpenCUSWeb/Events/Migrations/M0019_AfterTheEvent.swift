import Fluent
import Foundation
import OpenCUSCore
import SQLKit

/// Everything the event's afterlife adds to the schema: attendance, certificates and their
/// register, the report with its gallery, the evaluation survey, the per-event retention
/// period and the institution key that keeps report numbers after anonymisation.
struct M0019_AfterTheEvent: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = try database.sql()
        func owned(_ name: String) -> SchemaBuilder {
            database.schema(name).id()
                .field("organisation_id", .uuid, .required, .references("organisations", "id", onDelete: .cascade))
        }
        try await owned("event_attendance")
            .field("event_id", .uuid, .required, .references("events", "id", onDelete: .cascade))
            .field("registration_id", .uuid, .required, .references("registrations", "id", onDelete: .cascade))
            .field("day", .string, .required)
            .field("marked_at", .datetime, .required)
            .field("marked_by", .string, .required)
            .unique(on: "registration_id", "day", name: "uq_event_attendance_day")
            .create()
        try await sql.create(index: "idx_event_attendance_event_day").on("event_attendance").column("event_id").column("day")
            .run()

        try await owned("event_certificate_settings")
            .field("event_id", .uuid, .required, .references("events", "id", onDelete: .cascade))
            .field("register_code", .string, .required)
            .field("hours_minutes", .int)
            .field("signatory_name", .string, .required)
            .field("signatory_function", .string, .required)
            .field("issue_place", .string, .required)
            .field("topics", .string, .required)
            .field("require_pesel", .bool, .required)
            .unique(on: "event_id", name: "uq_event_certificate_settings_event")
            .create()
        try await owned("certificate_counters")
            .field("year", .int, .required)
            .field("last_sequence", .int, .required)
            .unique(on: "organisation_id", "year", name: "uq_certificate_counters_year")
            .create()
        try await owned("certificates")
            .field("event_id", .uuid, .required, .references("events", "id", onDelete: .restrict))
            .field("registration_id", .uuid, .required, .references("registrations", "id", onDelete: .restrict))
            .field("year", .int, .required)
            .field("sequence", .int, .required)
            .field("number", .string, .required)
            .field("issued_on", .string, .required)
            .field("issued_by", .string, .required)
            .field("hours_minutes", .int, .required)
            .field("pesel", .string)
            .field("reissue_count", .int, .required)
            .field("last_reissued_on", .string)
            .unique(on: "organisation_id", "year", "sequence", name: "uq_certificates_register")
            .unique(on: "registration_id", name: "uq_certificates_registration")
            .create()
        try await sql.create(index: "idx_certificates_event").on("certificates").column("event_id").run()
        try await owned("certificate_reissues")
            .field("certificate_id", .uuid, .required, .references("certificates", "id", onDelete: .cascade))
            .field("at", .datetime, .required)
            .field("actor", .string, .required)
            .field("reason", .string, .required)
            .create()

        try await owned("event_reports")
            .field("event_id", .uuid, .required, .references("events", "id", onDelete: .cascade))
            .field("summary", .string, .required)
            .field("published_at", .datetime)
            .field("consent_checked_at", .datetime)
            .field("consent_checked_by", .string)
            .field("updated_at", .datetime)
            .unique(on: "event_id", name: "uq_event_reports_event")
            .create()
        try await owned("event_photos")
            .field("event_id", .uuid, .required, .references("events", "id", onDelete: .cascade))
            .field("storage_key", .string, .required)
            .field("content_type", .string, .required)
            .field("size", .int, .required)
            .field("alt", .string, .required)
            .field("caption", .string, .required)
            .field("position", .int, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await sql.create(index: "idx_event_photos_event").on("event_photos").column("event_id").column("position").run()

        try await owned("event_surveys")
            .field("event_id", .uuid, .required, .references("events", "id", onDelete: .cascade))
            .field("intro", .string, .required)
            .field("questions", .string, .required)
            .field("open", .bool, .required)
            .field("updated_at", .datetime)
            .unique(on: "event_id", name: "uq_event_surveys_event")
            .create()
        try await owned("survey_submissions")
            .field("event_id", .uuid, .required, .references("events", "id", onDelete: .cascade))
            .field("registration_id", .uuid, .required, .references("registrations", "id", onDelete: .cascade))
            .unique(on: "registration_id", name: "uq_survey_submissions_registration")
            .create()
        try await owned("survey_answers")
            .field("event_id", .uuid, .required, .references("events", "id", onDelete: .cascade))
            .field("answers", .string, .required)
            .create()
        try await sql.create(index: "idx_survey_answers_event").on("survey_answers").column("event_id").run()

        try await database.schema("events").field("retention_months", .int).update()
        try await database.schema("event_attachments").field("in_report", .bool, .required, .sql(.default(false))).update()
        try await database.schema("registrations").field("institution_key", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("registrations").deleteField("institution_key").update()
        try await database.schema("event_attachments").deleteField("in_report").update()
        try await database.schema("events").deleteField("retention_months").update()
        for table in [
            "survey_answers", "survey_submissions", "event_surveys", "event_photos", "event_reports", "certificate_reissues",
            "certificates",
            "certificate_counters", "event_certificate_settings", "event_attendance",
        ] {
            try await database.schema(table).delete()
        }
    }
}

import Fluent
import Foundation
import OpenCUSCore
import SQLKit

struct M0018_CreateDeliveries: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("delivery_records")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id", onDelete: .cascade))
            .field("enrolment_id", .uuid, .required, .references("enrolments", "id", onDelete: .cascade))
            .field("service_id", .uuid, .required, .references("service_definitions", "id"))
            .field("provider_organisation_id", .uuid)
            .field("on_day", .string, .required)
            .field("minutes", .int)
            .field("units", .int)
            .field("attendance", .string, .required)
            .field("note", .string, .required)
            .field("recorded_by", .string, .required)
            .field("recorded_at", .datetime, .required)
            // One record per person and day: a second entry for the same day corrects the first.
            .unique(on: "enrolment_id", "on_day", name: "uq_delivery_records_enrolment_day")
            .create()
        // An exemption from the programme's fee, granted per enrolment (percent, and why).
        try await database.schema("enrolments").field("fee_exemption_percent", .int, .required, .sql(.default(0))).update()
        try await database.schema("enrolments").field("fee_exemption_basis", .string, .required, .sql(.default(""))).update()
        let sql = try database.sql()
        try await sql.create(index: "idx_delivery_records_org_day").on("delivery_records").column("organisation_id").column(
            "on_day"
        ).run()
        try await sql.create(index: "idx_delivery_records_provider_day").on("delivery_records").column("provider_organisation_id")
            .column("on_day").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("delivery_records").delete()
        try await database.schema("enrolments").deleteField("fee_exemption_basis").update()
        try await database.schema("enrolments").deleteField("fee_exemption_percent").update()
    }
}

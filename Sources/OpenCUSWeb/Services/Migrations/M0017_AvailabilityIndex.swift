import Fluent
import Foundation
import OpenCUSCore
import SQLKit

/// The availability counts read the reserve list and its open offers in one pass over this
/// covering index instead of visiting every reserve row for `offered_at` (measured in
/// docs/benchmarks.md).
struct M0017_AvailabilityIndex: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = try database.sql()
        try await sql.drop(index: "idx_application_services_service").run()
        try await sql.create(index: "idx_application_services_service_offer").on("application_services").column("service_id")
            .column("outcome")
            .column("offered_at").run()
        // The dashboard's counters join every open application to its due day and assessment:
        // with these both joins are answered from the index (PostgreSQL: no heap visits).
        try await sql.create(index: "idx_service_applications_id_due").on("service_applications").column("id").column(
            "assessment_due"
        ).run()
        try await sql.create(index: "idx_needs_assessments_application_done").on("needs_assessments").column("application_id")
            .column("done_on").column("id").run()
    }

    func revert(on database: any Database) async throws {
        let sql = try database.sql()
        try await sql.drop(index: "idx_needs_assessments_application_done").run()
        try await sql.drop(index: "idx_service_applications_id_due").run()
        try await sql.drop(index: "idx_application_services_service_offer").run()
        try await sql.create(index: "idx_application_services_service").on("application_services").column("service_id").column(
            "outcome"
        ).run()
    }
}

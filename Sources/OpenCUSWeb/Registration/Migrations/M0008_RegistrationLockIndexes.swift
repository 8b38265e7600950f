import Fluent
import SQLKit
import Foundation
import OpenCUSCore

/// Indexes for the statements that run inside the event lock (measured with the registration
/// benchmark): seats per workshop by event, and the next arrival number.
struct M0008_RegistrationLockIndexes: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = try database.sql()
        try await sql.create(index: "idx_registration_workshops_event").on("registration_workshops").column("event_id").column(
            "placement"
        ).column("entry_id").run()
        try await sql.create(index: "idx_registrations_event_sequence").on("registrations").column("event_id").column("sequence")
            .run()
    }

    func revert(on database: any Database) async throws {
        let sql = try database.sql()
        try await sql.drop(index: "idx_registrations_event_sequence").run()
        try await sql.drop(index: "idx_registration_workshops_event").run()
    }
}

import Fluent
import SQLKit

/// Residents told about new consultations (double opt-in).
struct M0026_ConsultationSubscribers: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("consultation_subscribers")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id", onDelete: .cascade))
            .field("email", .string, .required)
            .field("confirm_token_hash", .string, .required)
            .field("unsubscribe_key", .string, .required)
            .field("requested_at", .datetime, .required)
            .field("confirmed_at", .datetime)
            .field("unsubscribed_at", .datetime)
            .unique(on: "organisation_id", "email", name: "uq_consultation_subscribers_email")
            .unique(on: "unsubscribe_key", name: "uq_consultation_subscribers_key")
            .create()
        try await database.sql().create(index: "idx_consultation_subscribers_token").on("consultation_subscribers")
            .column("confirm_token_hash").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("consultation_subscribers").delete()
    }
}

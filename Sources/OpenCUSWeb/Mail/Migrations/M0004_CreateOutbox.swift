import Fluent
import SQLKit

struct M0004_CreateOutbox: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("outbox_messages")
            .id()
            .field("organisation_id", .uuid, .references("organisations", "id", onDelete: .cascade))
            .field("idempotency_key", .string, .required)
            .field("recipient", .string, .required)
            .field("recipient_name", .string)
            .field("subject", .string, .required)
            .field("text_body", .string, .required)
            .field("html_body", .string)
            .field("state", .string, .required)
            .field("attempts", .int, .required)
            .field("next_attempt_at", .datetime, .required)
            .field("locked_until", .datetime)
            .field("last_error", .string)
            .field("created_at", .datetime, .required)
            .field("sent_at", .datetime)
            .unique(on: "idempotency_key", name: "uq_outbox_messages_idempotency_key")
            .create()
        let sql = try database.sql()
        try await sql.create(index: "idx_outbox_messages_due").on("outbox_messages")
            .column("state").column("next_attempt_at").run()
        try await sql.create(index: "idx_outbox_messages_organisation").on("outbox_messages")
            .column("organisation_id").column("created_at").run()
        try await database.schema("outbox_attachments")
            .id()
            .field("message_id", .uuid, .required, .references("outbox_messages", "id", onDelete: .cascade))
            .field("position", .int, .required)
            .field("filename", .string, .required)
            .field("content_type", .string, .required)
            .field("data", .data, .required)
            .create()
        try await sql.create(index: "idx_outbox_attachments_message").on("outbox_attachments")
            .column("message_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("outbox_attachments").delete()
        try await database.schema("outbox_messages").delete()
    }
}

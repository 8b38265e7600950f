import Fluent

/// Mail sent for an organisation names it as the sender and can carry a Reply-To (the event's
/// contact person), so answers to an organiser's message reach the organiser.
struct M0022_OutboxSenderAndReplyTo: AsyncMigration {
    // One column per statement: SQLite's ALTER TABLE adds one at a time.
    func prepare(on database: any Database) async throws {
        try await database.schema("outbox_messages").field("sender_name", .string).update()
        try await database.schema("outbox_messages").field("reply_to", .string).update()
        try await database.schema("outbox_messages").field("reply_to_name", .string).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("outbox_messages").deleteField("reply_to_name").update()
        try await database.schema("outbox_messages").deleteField("reply_to").update()
        try await database.schema("outbox_messages").deleteField("sender_name").update()
    }
}

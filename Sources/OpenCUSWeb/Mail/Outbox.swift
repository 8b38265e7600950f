import Fluent
import Foundation
import OpenCUSCore
import SQLKit

/// An e-mail a feature wants to send. Features never talk to a transport: they call
/// `Outbox.enqueue` inside the transaction that makes the change the mail is about.
struct OutgoingMail: Sendable {
    var to: MailAddress
    var subject: String
    var textBody: String
    var htmlBody: String?
    var attachments: [MailAttachment] = []
    /// See `OutboxMessage.senderName`.
    var senderName: String? = nil
    var replyTo: MailAddress? = nil
}

enum Outbox {
    /// Queues `mail` unless a message with the same idempotency key is already queued (a
    /// double-clicked form or a retried request then sends one mail, not two).
    /// Returns the new message id, or nil when the key was already used.
    ///
    /// Call it with the `Database` of the surrounding transaction.
    @discardableResult
    static func enqueue(
        _ mail: OutgoingMail, idempotencyKey: String, organisationID: UUID?, on database: any Database, now: Date
    ) async throws -> UUID? {
        let sql = try database.sql()
        let id = UUID()
        // ON CONFLICT DO NOTHING works the same on SQLite and PostgreSQL and, unlike catching a
        // unique-constraint error, does not abort a surrounding PostgreSQL transaction.
        let inserted = try await sql.insert(into: OutboxMessage.schema)
            .columns(
                "id", "organisation_id", "idempotency_key", "recipient", "recipient_name", "subject", "text_body",
                "html_body", "state", "attempts", "next_attempt_at", "created_at", "sender_name", "reply_to", "reply_to_name"
            )
            .values(
                SQLBind(id), SQLBind(organisationID), SQLBind(idempotencyKey), SQLBind(mail.to.email.value),
                SQLBind(mail.to.name), SQLBind(mail.subject), SQLBind(mail.textBody), SQLBind(mail.htmlBody),
                SQLBind(OutboxMessage.State.pending.rawValue), SQLBind(0), SQLBind(now), SQLBind(now),
                SQLBind(mail.senderName), SQLBind(mail.replyTo?.email.value), SQLBind(mail.replyTo?.name)
            )
            .ignoringConflicts(with: ["idempotency_key"])
            .returning("id")
            .first()
        guard inserted != nil else { return nil }
        for (position, attachment) in mail.attachments.enumerated() {
            try await sql.insert(into: OutboxAttachment.schema)
                .columns("id", "message_id", "position", "filename", "content_type", "data")
                .values(
                    SQLBind(UUID()), SQLBind(id), SQLBind(position), SQLBind(attachment.filename),
                    SQLBind(attachment.contentType),
                    SQLBind(Data(attachment.data))
                )
                .run()
        }
        return id
    }
}

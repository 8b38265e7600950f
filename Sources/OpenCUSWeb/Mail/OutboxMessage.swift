import Fluent
import Foundation

/// One e-mail waiting for, or done with, delivery. Written in the same transaction as the change
/// that causes it, so a mail is never promised without the change and never lost after it.
final class OutboxMessage: Model, @unchecked Sendable {
    static let schema = "outbox_messages"

    enum State: String, Codable, Sendable, CaseIterable {
        /// Waiting for its `next_attempt_at`.
        case pending
        /// Claimed by a worker until `locked_until`; if that passes, the worker died and the message is reclaimed.
        case sending
        case sent
        /// Gave up after the retry limit; an administrator can retry it.
        case failed

        var polishName: String {
            switch self {
            case .pending: "oczekuje"
            case .sending: "wysyłanie"
            case .sent: "wysłana"
            case .failed: "błąd – wstrzymana"
            }
        }
    }

    @ID(key: .id) var id: UUID?
    /// Nil for system mail that belongs to no tenant.
    @OptionalParent(key: "organisation_id") var organisation: Organisation?
    @Field(key: "idempotency_key") var idempotencyKey: String
    @Field(key: "recipient") var recipient: String
    @OptionalField(key: "recipient_name") var recipientName: String?
    @Field(key: "subject") var subject: String
    @Field(key: "text_body") var textBody: String
    @OptionalField(key: "html_body") var htmlBody: String?
    @Field(key: "state") var state: State
    @Field(key: "attempts") var attempts: Int
    @Field(key: "next_attempt_at") var nextAttemptAt: Date
    @OptionalField(key: "locked_until") var lockedUntil: Date?
    @OptionalField(key: "last_error") var lastError: String?
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "sent_at") var sentAt: Date?
    /// The organisation's name shown as the sender (the address stays the instance's own, so
    /// that SPF and DMARC of the organisation's domain are never broken).
    @OptionalField(key: "sender_name") var senderName: String?
    @OptionalField(key: "reply_to") var replyTo: String?
    @OptionalField(key: "reply_to_name") var replyToName: String?
    @Children(for: \.$message) var attachments: [OutboxAttachment]

    init() {}

    init(
        id: UUID? = nil,
        organisationID: UUID? = nil,
        idempotencyKey: String,
        recipient: String,
        recipientName: String? = nil,
        subject: String,
        textBody: String,
        htmlBody: String? = nil,
        state: State,
        attempts: Int,
        nextAttemptAt: Date,
        lockedUntil: Date? = nil,
        lastError: String? = nil,
        createdAt: Date,
        sentAt: Date? = nil,
        senderName: String? = nil,
        replyTo: String? = nil,
        replyToName: String? = nil
    ) {
        self.id = id
        self.$organisation.id = organisationID
        self.idempotencyKey = idempotencyKey
        self.recipient = recipient
        self.recipientName = recipientName
        self.subject = subject
        self.textBody = textBody
        self.htmlBody = htmlBody
        self.state = state
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.lockedUntil = lockedUntil
        self.lastError = lastError
        self.createdAt = createdAt
        self.sentAt = sentAt
        self.senderName = senderName
        self.replyTo = replyTo
        self.replyToName = replyToName
    }
}

final class OutboxAttachment: Model, @unchecked Sendable {
    static let schema = "outbox_attachments"

    @ID(key: .id) var id: UUID?
    @Parent(key: "message_id") var message: OutboxMessage
    @Field(key: "position") var position: Int
    @Field(key: "filename") var filename: String
    @Field(key: "content_type") var contentType: String
    @Field(key: "data") var data: Data

    init() {}

    init(
        id: UUID? = nil,
        messageID: UUID,
        position: Int,
        filename: String,
        contentType: String,
        data: Data
    ) {
        self.id = id
        self.$message.id = messageID
        self.position = position
        self.filename = filename
        self.contentType = contentType
        self.data = data
    }
}

import Foundation

public struct MailAddress: Sendable, Hashable, Codable {
    public let name: String?
    public let email: EmailAddress

    public init(name: String? = nil, email: EmailAddress) {
        self.name = name
        self.email = email
    }
}

public struct MailAttachment: Sendable, Hashable, Codable {
    public let filename: String
    public let contentType: String
    public let data: [UInt8]

    public init(filename: String, contentType: String, data: [UInt8]) {
        self.filename = filename
        self.contentType = contentType
        self.data = data
    }
}

/// One e-mail ready to be rendered as an RFC 5322 message.
public struct MailMessage: Sendable, Hashable {
    public var from: MailAddress
    public var to: MailAddress
    public var subject: String
    public var textBody: String
    public var htmlBody: String?
    public var attachments: [MailAttachment]
    /// Without angle brackets, e.g. `outbox-<uuid>@opencus.example`. Derived from the outbox
    /// idempotency key so that a rare resend after a crash can be recognised as the same message.
    public var messageID: String
    public var date: Date
    /// Where answers go when that is not the sender (an event's contact person).
    public var replyTo: MailAddress?

    public init(
        from: MailAddress, to: MailAddress, subject: String, textBody: String, htmlBody: String? = nil,
        attachments: [MailAttachment] = [], messageID: String, date: Date, replyTo: MailAddress? = nil
    ) {
        self.replyTo = replyTo
        self.from = from
        self.to = to
        self.subject = subject
        self.textBody = textBody
        self.htmlBody = htmlBody
        self.attachments = attachments
        self.messageID = messageID
        self.date = date
    }
}

import Fluent
import Foundation
import Logging
import OpenCUSCore
import SQLKit

/// Delivers queued mail. Several workers (one per app instance, or none where
/// `OPENCUS_MAIL_WORKER=off`) may run against one database:
/// - a message is claimed by a single conditional UPDATE, so two workers never send the same one;
/// - a claim is a lease (`locked_until`): if the process dies while sending, the message becomes
///   due again when the lease ends, so nothing is lost;
/// - it is marked sent right after the transport accepts it. The only window for a duplicate is
///   a crash between those two steps; the stable Message-ID lets mail systems drop such a copy.
struct OutboxWorker: Sendable {
    let database: any Database
    let transport: any MailTransport
    let from: MailAddress
    let messageIDDomain: String
    let retry: RetryPolicy
    let clock: AppClock
    let logger: Logger
    var batchSize = 20
    var lease: TimeInterval = 300

    struct BatchResult: Sendable, Equatable {
        var sent = 0
        var retried = 0
        var failed = 0
        var skipped = 0
    }

    /// Sends what is due. `shouldStop` is checked between messages (never during one), so a
    /// graceful stop leaves every message either sent or still queued.
    func runOnce(shouldStop: @Sendable () -> Bool = { false }) async throws -> BatchResult {
        let sql = try database.sql()
        let now = clock.now()
        let due = try await sql.select().column("id").from(OutboxMessage.schema)
            .where { group in
                group.where("state", .equal, OutboxMessage.State.pending.rawValue)
                    .where("next_attempt_at", .lessThanOrEqual, now)
            }
            .orWhere { group in
                group.where("state", .equal, OutboxMessage.State.sending.rawValue)
                    .where("locked_until", .lessThan, now)
            }
            .orderBy("next_attempt_at")
            .limit(batchSize)
            .all(decoding: IDRow.self)

        var result = BatchResult()
        for row in due {
            if shouldStop() || Task.isCancelled { break }
            guard try await claim(row.id) else {
                result.skipped += 1
                continue
            }
            switch try await deliver(row.id) {
            case .sent: result.sent += 1
            case .retried: result.retried += 1
            case .failed: result.failed += 1
            }
        }
        return result
    }

    private struct IDRow: Decodable { var id: UUID }

    private func claim(_ id: UUID) async throws -> Bool {
        let now = clock.now()
        let claimed = try await database.sql().update(OutboxMessage.schema)
            .set("state", to: OutboxMessage.State.sending.rawValue)
            .set("locked_until", to: now.addingTimeInterval(lease))
            .set(SQLIdentifier("attempts"), to: SQLRaw("attempts + 1"))
            .where("id", .equal, id)
            .where { group in
                group.where { pending in
                    pending.where("state", .equal, OutboxMessage.State.pending.rawValue)
                        .where("next_attempt_at", .lessThanOrEqual, now)
                }
                .orWhere { stale in
                    stale.where("state", .equal, OutboxMessage.State.sending.rawValue)
                        .where("locked_until", .lessThan, now)
                }
            }
            .returning("id")
            .first()
        return claimed != nil
    }

    private enum Outcome { case sent, retried, failed }

    private func deliver(_ id: UUID) async throws -> Outcome {
        guard let message = try await OutboxMessage.query(on: database).filter(\.$id == id).with(\.$attachments).first(),
            let recipient = EmailAddress(message.recipient)
        else {
            try await markFailed(id, attempts: Int.max, error: "Nieprawidłowy adres odbiorcy.")
            return .failed
        }
        let mail = MailMessage(
            from: message.senderName.map { MailAddress(name: $0, email: from.email) } ?? from,
            to: MailAddress(name: message.recipientName, email: recipient),
            subject: message.subject,
            textBody: message.textBody,
            htmlBody: message.htmlBody,
            attachments: message.attachments.sorted { $0.position < $1.position }.map {
                MailAttachment(filename: $0.filename, contentType: $0.contentType, data: Array($0.data))
            },
            messageID: "\(message.idempotencyKey.sha256Hex.prefix(32))@\(messageIDDomain)",
            date: message.createdAt,
            replyTo: message.replyTo.flatMap(EmailAddress.init).map { MailAddress(name: message.replyToName, email: $0) })
        let rendered = MIMEComposer.render(mail, boundarySeed: id.uuidString)
        do {
            try await transport.deliver(mail, rendered: rendered)
        } catch {
            let permanent = (error as? any PermanentDeliveryFailure)?.isPermanent ?? false
            let summary = (error as? any PermanentDeliveryFailure)?.logSummary ?? String(describing: type(of: error))
            logger.warning(
                "Mail delivery failed", metadata: ["outbox_id": "\(id)", "attempt": "\(message.attempts)", "error": "\(summary)"])
            let text = String(String(describing: error).prefix(1000))
            if permanent {
                try await markFailed(id, attempts: message.attempts, error: text)
                return .failed
            }
            switch retry.decision(afterFailedAttempts: message.attempts) {
            case .giveUp:
                try await markFailed(id, attempts: message.attempts, error: text)
                return .failed
            case .retry(let delay):
                try await database.sql().update(OutboxMessage.schema)
                    .set("state", to: OutboxMessage.State.pending.rawValue)
                    .set("next_attempt_at", to: clock.now().addingTimeInterval(delay))
                    .set("locked_until", to: SQLLiteral.null)
                    .set("last_error", to: text)
                    .where("id", .equal, id)
                    .run()
                return .retried
            }
        }
        try await database.sql().update(OutboxMessage.schema)
            .set("state", to: OutboxMessage.State.sent.rawValue)
            .set("sent_at", to: clock.now())
            .set("locked_until", to: SQLLiteral.null)
            .set("last_error", to: SQLLiteral.null)
            .where("id", .equal, id)
            .run()
        logger.info("Mail delivered", metadata: ["outbox_id": "\(id)"])
        return .sent
    }

    private func markFailed(_ id: UUID, attempts: Int, error: String) async throws {
        try await database.sql().update(OutboxMessage.schema)
            .set("state", to: OutboxMessage.State.failed.rawValue)
            .set("locked_until", to: SQLLiteral.null)
            .set("last_error", to: error)
            .where("id", .equal, id)
            .run()
    }
}

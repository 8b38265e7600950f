import Fluent
import OpenCUSCore
import Vapor

/// The page models of `OutboxController` (what its templates receive).
extension OutboxController {
    struct ListPage: Encodable, Sendable {
        struct Row: Encodable, Sendable {
            let id: UUID
            let recipient: String
            let subject: String
            let state: String
            let stateName: String
            let attempts: Int
            let createdAt: String
        }
        struct Filter: Encodable, Sendable {
            let value: String
            let label: String
            let count: Int
            let selected: Bool
        }
        let layout: Layout
        let rows: [Row]
        let filters: [Filter]
        let summary: String
        let page: Int
        let previousPage: Int?
        let nextPage: Int?
        let stateQuery: String
    }

    struct DetailPage: Encodable, Sendable {
        let layout: Layout
        let id: UUID
        let recipient: String
        let subject: String
        let state: String
        let stateName: String
        let attempts: Int
        let createdAt: String
        let sentAt: String?
        let nextAttemptAt: String?
        let lastError: String?
        let textBody: String
        let attachments: [String]
        let canRetry: Bool
        let notice: String?
    }
}

extension OutboxController.ListPage {
    /// One page of messages, newest first, with a filter per state and its count (`nil`: all).
    static func make(
        _ messages: [OutboxMessage], total: Int, counts: [OutboxMessage.State?: Int], state: OutboxMessage.State?, page: Int,
        pageSize: Int, layout: Layout
    ) throws -> OutboxController.ListPage {
        let filters =
            [Filter(value: "", label: "Wszystkie", count: counts[nil] ?? 0, selected: state == nil)]
            + OutboxMessage.State.allCases.map {
                Filter(
                    value: $0.rawValue, label: $0.polishName.capitalizedFirst, count: counts[$0] ?? 0, selected: state == $0)
            }
        return OutboxController.ListPage(
            layout: layout,
            rows: try messages.map {
                Row(
                    id: try $0.requireID(), recipient: $0.recipient, subject: $0.subject, state: $0.state.rawValue,
                    stateName: $0.state.polishName, attempts: $0.attempts, createdAt: WarsawTime.format($0.createdAt))
            },
            filters: filters, summary: PolishPlural.message.phrase(total), page: page,
            previousPage: page > 1 ? page - 1 : nil, nextPage: page * pageSize < total ? page + 1 : nil,
            stateQuery: state?.rawValue ?? "")
    }
}

extension OutboxController.DetailPage {
    /// One message with its attachments listed by name, type and size; retry only for a failed one.
    static func make(
        _ message: OutboxMessage, attachments: [OutboxAttachment], canRetry: Bool, notice: String?, layout: Layout
    ) throws -> OutboxController.DetailPage {
        OutboxController.DetailPage(
            layout: layout,
            id: try message.requireID(),
            recipient: message.recipientName.map { "\($0) <\(message.recipient)>" } ?? message.recipient,
            subject: message.subject,
            state: message.state.rawValue,
            stateName: message.state.polishName,
            attempts: message.attempts,
            createdAt: WarsawTime.format(message.createdAt),
            sentAt: message.sentAt.map(WarsawTime.format),
            nextAttemptAt: message.state == .pending ? WarsawTime.format(message.nextAttemptAt) : nil,
            lastError: message.lastError,
            textBody: message.textBody,
            attachments: attachments.map {
                "\($0.filename) (\($0.contentType), \(ByteCountFormatter.string(fromByteCount: Int64($0.data.count), countStyle: .file)))"
            },
            canRetry: canRetry && message.state == .failed,
            notice: notice)
    }
}

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

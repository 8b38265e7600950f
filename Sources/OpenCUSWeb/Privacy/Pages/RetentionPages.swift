import Fluent
import OpenCUSCore
import Vapor

/// The page models of `RetentionController` (what its templates receive).
extension RetentionController {
    struct Page: Encodable, Sendable {
        struct Rule: Encodable, Sendable {
            let key: String
            let name: String
            let basis: String
            let months: String
            let defaultMonths: Int
            let minimum: Int
            let action: String
            let custom: Bool
            let error: String?
        }
        let layout: Layout
        let rules: [Rule]
        let events: [RetentionJob.EventDue]
        let registrations: Int
        let persons: Int
        let auditRecords: Int
        let auditCutoff: String
        let notice: String?
        let hasErrors: Bool
    }
}

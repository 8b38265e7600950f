import Fluent
import OpenCUSCore
import Vapor

/// The page models of `AuditController` (what its templates receive).
extension AuditController {
    struct Page: Encodable, Sendable {
        struct Row: Encodable, Sendable {
            let at: String
            let actor: String
            let roles: String
            let action: String
            let record: String
            let subjects: Int
            let address: String
            let detail: String
            let changes: [Change]
        }
        struct Change: Encodable, Sendable {
            let field: String
            let old: String
            let new: String
        }
        let layout: Layout
        let rows: [Row]
        let actions: [SelectOption]
        let staff: [SelectOption]
        let subject: String
        let record: String
        let from: String
        let to: String
        let errors: FieldErrors
        let summary: String
        let exportQuery: String
        let limit: Int
    }
}

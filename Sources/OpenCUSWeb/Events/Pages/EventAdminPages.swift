import Fluent
import OpenCUSCore
import Vapor

/// The page models of `EventAdminController` (what its templates receive).
extension EventAdminController {
    struct ListPage: Encodable, Sendable {
        struct Row: Encodable, Sendable {
            let id: UUID
            let title: String
            let dates: String
            let status: String
            let statusName: String
        }
        let layout: Layout
        let rows: [Row]
    }

    struct FormPage: Encodable, Sendable {
        typealias Option = SelectOption
        let layout: Layout
        let action: String
        let heading: String
        let form: EventForm
        let errors: FieldErrors
        let errorCount: String?
        let kinds: [Option]
        let voivodeships: [Option]
        let cancelURL: String
    }
}

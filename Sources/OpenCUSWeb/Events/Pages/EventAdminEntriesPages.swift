import Fluent
import OpenCUSCore
import Vapor

/// The page models of `EventAdminController` (what its templates receive).
extension EventAdminController {
    struct EntryPage: Encodable, Sendable {
        typealias Option = SelectOption
        struct PersonRow: Encodable, Sendable {
            let index: Int
            let people: [Option]
            let roles: [Option]
        }
        let layout: Layout
        let eventID: UUID
        let eventTitle: String
        let action: String
        let heading: String
        let form: EntryForm
        let errors: FieldErrors
        let errorCount: String?
        let days: [Option]
        let types: [Option]
        let rooms: [Option]
        let groups: [Option]
        let personRows: [PersonRow]
        let directory: [Option]
    }
}

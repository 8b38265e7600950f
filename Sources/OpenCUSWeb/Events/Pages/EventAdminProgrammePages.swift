import Fluent
import OpenCUSCore
import Vapor

/// The page models of `EventAdminController` (what its templates receive).
extension EventAdminController {
    struct PersonPage: Encodable, Sendable {
        typealias Option = SelectOption
        let layout: Layout
        let eventID: UUID
        let eventTitle: String
        let personID: UUID
        let form: PersonValues
        let errors: FieldErrors
        let images: [Option]
    }
}

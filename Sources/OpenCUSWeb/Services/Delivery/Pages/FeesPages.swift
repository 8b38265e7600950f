import Fluent
import OpenCUSCore
import Vapor

/// The page models of `FeesController` (what its templates receive).
extension FeesController {
    struct Page: Encodable, Sendable {
        let layout: Layout
        let month: String
        let monthValue: String
        let previous: String
        let next: String
        let rows: [Row]
        let total: String
        let errors: FieldErrors
        let errorList: [String]
        let notice: String?
    }
}

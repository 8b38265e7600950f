import Fluent
import OpenCUSCore
import Vapor

/// The page models of `ProviderController` (what its templates receive).
extension ProviderController {
    struct Page: Encodable, Sendable {
        struct Row: Encodable, Sendable {
            let enrolmentID: UUID
            let name: String
            let phone: String
            let email: String
            let service: String
            let commissionedBy: String
            let start: String
            let needs: String
        }
        let layout: Layout
        let rows: [Row]
    }
}

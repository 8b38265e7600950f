import Fluent
import OpenCUSCore
import Vapor

/// The page models of `DeliveryController` (what its templates receive).
extension DeliveryController {
    struct SummaryPage: Encodable, Sendable {
        struct Service: Encodable, Sendable {
            let id: UUID
            let name: String
        }
        let layout: Layout
        let month: String
        let monthValue: String
        let previous: String
        let next: String
        let rows: [SummaryRow]
        let services: [Service]
        let people: [PersonRow]
        let today: String
    }

    struct EnrolmentPage: Encodable, Sendable {
        let layout: Layout
        let id: UUID
        let person: String
        let service: String
        let period: String
        let needs: String
        let records: [RecordRow]
        let form: Typed
        let attendances: [SelectOption]
        let errors: FieldErrors
        let hasErrors: Bool
        let notice: String?
    }

    struct SessionPage: Encodable, Sendable {
        let layout: Layout
        let serviceID: UUID
        let service: String
        let day: String
        let minutes: String
        let rows: [SessionRow]
        let errors: FieldErrors
        let hasErrors: Bool
        /// Records already stored for this day: the form shows them and saving corrects them.
        let recorded: Int
        let recordedText: String
        let notice: String?
    }
}

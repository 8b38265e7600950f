import Fluent
import OpenCUSCore
import Vapor

/// The page models of `PublicApplicationController` (what its templates receive).
extension PublicApplicationController {
    struct ApplyPage: Encodable, Sendable {
        let layout: Layout
        let organisationSlug: String
        let organisationName: String
        let office: OfficeContact
        let view: ApplicationFormView
    }

    struct DonePage: Encodable, Sendable {
        let layout: Layout
        let organisationSlug: String
        let number: String
        let received: String
        let assessmentDue: String
        let emailed: Bool
        let office: OfficeContact
        /// What was applied for, in the order asked.
        let services: [String]
        let trackingURL: String
        let trackingPath: String
    }

    struct TrackingPage: Encodable, Sendable {
        struct Row: Encodable, Sendable {
            let id: UUID
            let name: String
            let status: String
            let canWithdraw: Bool
        }
        let layout: Layout
        let token: String
        let number: String
        let organisationName: String
        /// The CUS's own office, so that the resident knows whom to call (not the instance's operator).
        let office: OfficeContact?
        let received: String
        let services: [Row]
        let notice: String?
        let error: String?
    }
}

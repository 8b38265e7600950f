import Fluent
import OpenCUSCore
import Vapor

/// The page models of `PublicRegistrationController` (what its templates receive).
extension PublicRegistrationController {
    struct FormPage: Encodable, Sendable {
        let layout: Layout
        let slug: String
        let title: String
        let dates: String
        let place: String
        let closedReason: String?
        let seatsLeft: String?
        let mode: String
        let form: RegistrationFormView?
        let duplicate: Bool
        let showEmail = true
        let showConsentClause = true
    }

    struct ResultPage: Encodable, Sendable {
        let layout: Layout
        let slug: String
        let title: String
        let heading: String
        let message: String
        let email: String
    }

    struct ResendPage: Encodable, Sendable {
        let layout: Layout
        let slug: String
        let title: String
        let sent: Bool
        let email: String
        let error: String?
    }
}

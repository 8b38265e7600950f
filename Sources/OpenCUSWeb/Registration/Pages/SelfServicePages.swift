import Fluent
import OpenCUSCore
import Vapor

/// The page models of `SelfServiceController` (what its templates receive).
extension SelfServiceController {
    struct InvalidPage: Encodable, Sendable {
        let layout: Layout
    }

    struct Page: Encodable, Sendable {
        struct Workshop: Encodable, Sendable {
            let title: String
            let placement: String
        }
        let layout: Layout
        let token: String
        let eventTitle: String
        let eventSlug: String
        let dates: String
        let place: String
        let state: String
        let stateName: String
        let name: String
        let email: String
        let workshops: [Workshop]
        let canModify: Bool
        let isActive: Bool
        let offerUntil: String?
        let reason: String?
        let notice: String?
        let error: String?
        let form: RegistrationFormView?
        let showEmail = false
        let showConsentClause = false
        /// After the event: the certificate (once issued) and the open survey.
        var hasCertificate = false
        var surveyOpen = false
        /// A confirmed participant's desk code, with its QR code as an SVG path.
        var checkIn: CheckIn?

        struct CheckIn: Encodable, Sendable {
            let code: String
            let path: String
            let side: Int
        }
    }
}

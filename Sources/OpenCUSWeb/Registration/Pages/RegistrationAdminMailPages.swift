import Fluent
import OpenCUSCore
import Vapor

/// The page models of `RegistrationAdminController` (what its templates receive).
extension RegistrationAdminController {
    struct MailPage: Encodable, Sendable {
        let layout: Layout
        let eventID: UUID
        let title: String
        let filterQuery: String
        /// "wszystkie aktywne zgłoszenia" or "stan: potwierdzone; warsztat: …".
        let filterText: String
        let recipients: Int
        let recipientsText: String
        let recipientNames: [String]
        let replyTo: String?
        let nonce: String
        let subject: String
        let body: String
        let errors: FieldErrors
        let notice: String?
    }

    struct TemplatesPage: Encodable, Sendable {
        struct Item: Encodable, Sendable {
            let kind: String
            let name: String
            let subject: String
            let body: String
            let customised: Bool
        }
        let layout: Layout
        let eventID: UUID
        let title: String
        let items: [Item]
        let placeholders: [String]
        let notice: String?
        let error: String?
    }
}

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

extension RegistrationAdminController.TemplatesPage {
    /// Every kind of message with the event's own text where the organiser changed it, else the standard one.
    static func make(_ event: Event, overrides: [MailTemplateOverride], notice: String?, error: String?, layout: Layout) throws
        -> RegistrationAdminController.TemplatesPage
    {
        RegistrationAdminController.TemplatesPage(
            layout: layout, eventID: try event.requireID(), title: event.displayTitle,
            items: RegistrationMailKind.allCases.map { kind in
                let custom = overrides.first { $0.kind == kind.rawValue }
                let template = custom.map { MailTemplate(subject: $0.subject, body: $0.body) } ?? MailTemplate.standard(kind)
                return Item(
                    kind: kind.rawValue, name: kind.polishName, subject: template.subject, body: template.body,
                    customised: custom != nil)
            },
            placeholders: MailTemplate.placeholders.map { "{{\($0)}}" }, notice: notice, error: error)
    }
}

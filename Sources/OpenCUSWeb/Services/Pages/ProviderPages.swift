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

extension ProviderController.Page {
    /// The provider's people: each active enrolment it delivers, with what the provider needs to
    /// know (contact, service, who commissioned it, communication and accessibility needs).
    static func make(_ enrolments: [Enrolment], layout: Layout) throws -> ProviderController.Page {
        ProviderController.Page(
            layout: layout,
            rows: try enrolments.map { e in
                Row(
                    enrolmentID: try e.requireID(), name: e.person.fullName, phone: e.person.phone.nilIfEmpty ?? "—",
                    email: e.person.email.nilIfEmpty ?? "—", service: e.service.name, commissionedBy: e.organisation.name,
                    start: e.startDay.polish, needs: e.person.deliveryNeeds.nilIfEmpty ?? "—")
            })
    }
}

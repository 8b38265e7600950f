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

extension PublicApplicationController.DonePage {
    /// The receipt: number, when it was received, what was applied for, and the personal tracking link.
    static func make(
        _ application: ServiceApplication, organisation: Organisation, services: [String], token: String, emailed: Bool,
        baseURL: URL, layout: Layout
    ) -> PublicApplicationController.DonePage {
        let path = SiteRoute.publicApplicationTracking.url(token)
        return PublicApplicationController.DonePage(
            layout: layout, organisationSlug: organisation.slug, number: application.number,
            received: WarsawTime.format(application.receivedAt), assessmentDue: application.assessmentDue.polish,
            emailed: emailed, office: OfficeContact(organisation), services: services,
            trackingURL: baseURL.absoluteString + path, trackingPath: path)
    }
}

extension PublicApplicationController.TrackingPage {
    /// The place in its service's queue of each requested service on a reserve list.
    static func reservePositions(_ requested: [RequestedService], on db: any Database) async throws -> [UUID: Int] {
        var positions: [UUID: Int] = [:]
        for r in requested where r.outcome == .reserve {
            positions[try r.requireID()] = try await IntakeService.reservePositions(r.service, on: db)[r.requireID()]
        }
        return positions
    }

    /// Each requested service with its state in the resident's words; a reserve-list place is numbered.
    static func make(
        _ application: ServiceApplication, organisation: Organisation?, requested: [RequestedService],
        reservePositions: [UUID: Int], token: String, notice: String?, error: String?, layout: Layout
    ) throws -> PublicApplicationController.TrackingPage {
        PublicApplicationController.TrackingPage(
            layout: layout, token: token, number: application.number, organisationName: organisation?.name ?? "",
            office: organisation.map(OfficeContact.init), received: WarsawTime.format(application.receivedAt),
            services: try requested.map { r in
                let id = try r.requireID()
                let status =
                    r.outcome != .reserve
                    ? r.outcome.polishName
                    : r.offeredAt != nil
                        ? "zwolniło się miejsce — czeka na potwierdzenie przez koordynatora"
                        : "lista rezerwowa, miejsce \(reservePositions[id] ?? 0)"
                return Row(id: id, name: r.service.name, status: status, canWithdraw: r.outcome.isOpen)
            },
            notice: notice, error: error)
    }
}

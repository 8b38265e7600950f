import Fluent
import OpenCUSCore
import Vapor

/// The page models of `PanelController` (what its templates receive).
extension PanelController {
    struct DashboardPage: Encodable, Sendable {
        struct Link: Encodable, Sendable {
            let href: String
            let label: String
            let description: String
        }
        let layout: Layout
        let userName: String
        let organisationName: String
        let roles: [String]
        let organisations: [StaffContext.OrganisationChoice]
        let currentOrganisationID: UUID
        /// "Na dziś" (`TodayCards`).
        let today: [TodayCard]
        let todayDate: String
        let links: [Link]
    }

    struct MembersPage: Encodable, Sendable {
        struct Member: Encodable, Sendable {
            let id: UUID
            let name: String
            let email: String
            let roles: String
            let isActive: Bool
            let twoFactor: Bool
        }
        let layout: Layout
        let organisationName: String
        let members: [Member]
        let summary: String
        let canResetPasswords: Bool
        let canManageSecurity: Bool
        let requireTwoFactor: Bool
        let notice: String?
    }
}

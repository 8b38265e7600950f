import Fluent
import OpenCUSCore
import Vapor

/// The page models of `RegistrationAdminController` (what its templates receive).
extension RegistrationAdminController {
    struct DetailPage: Encodable, Sendable {
        struct Line: Encodable, Sendable {
            let label: String
            let value: String
        }
        struct Change: Encodable, Sendable {
            let at: String
            let actor: String
            let change: String
            let note: String?
        }
        typealias Option = SelectOption
        let layout: Layout
        let eventID: UUID
        let registrationID: UUID
        let title: String
        let name: String
        let state: String
        let stateName: String
        let lines: [Line]
        let history: [Change]
        let canAccept: Bool
        let isActive: Bool
        let workshopOptions: [Option]
        let hasWorkshops: Bool
        let notice: String?
        let error: String?
    }

    struct EditPage: Encodable, Sendable {
        let layout: Layout
        let eventID: UUID
        let registrationID: UUID
        let name: String
        let email: String
        let form: RegistrationFormView
        let showEmail = false
        let showConsentClause = false
    }

    struct ManualPage: Encodable, Sendable {
        typealias Option = SelectOption
        let layout: Layout
        let eventID: UUID
        let title: String
        let form: RegistrationFormView
        let sources: [Option]
        let duplicate: Bool
        let showEmail = true
        let showConsentClause = true
    }
}

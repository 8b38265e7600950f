import Fluent
import OpenCUSCore
import Vapor

/// The page models of `PrivacyController` (what its templates receive).
extension PrivacyController {
    struct SubjectPage: Encodable, Sendable {
        struct Item: Encodable, Sendable {
            let id: UUID
            let event: String
            let dates: String
            let state: String
            let created: String
            let anonymised: Bool
            let hold: String?
        }
        struct ConsentRow: Encodable, Sendable {
            let registrationID: String
            let purpose: String
            let version: String
            let given: String
            let givenBy: String
            let withdrawn: String
        }
        struct Seen: Encodable, Sendable {
            let at: String
            let actor: String
            let action: String
            let detail: String
        }
        let layout: Layout
        let email: String
        let searched: Bool
        let items: [Item]
        let consents: [ConsentRow]
        let seen: [Seen]
        let holds: [String]
        let canAnonymise: Bool
        let error: String?
        let notice: String?
    }

    struct ExportPage: Encodable, Sendable {
        let layout: Layout
        let export: Export
    }
}

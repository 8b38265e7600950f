import Fluent
import OpenCUSCore
import Vapor

/// The page models of `RegistrationAdminController` (what its templates receive).
extension RegistrationAdminController {
    struct ListPage: Encodable, Sendable {
        struct Row: Encodable, Sendable {
            let id: UUID
            let name: String
            let email: String
            let institution: String
            let state: String
            let stateName: String
            let workshops: String
            let source: String
            let created: String
        }
        struct Counter: Encodable, Sendable {
            let label: String
            let value: String
        }
        typealias Option = SelectOption
        let layout: Layout
        let eventID: UUID
        let title: String
        let counters: [Counter]
        let workshopCounters: [Counter]
        let rows: [Row]
        let states: [Option]
        let workshops: [Option]
        let institutionTypes: [Option]
        let voivodeships: [Option]
        let query: String
        let filterQuery: String
        /// The filters again, as hidden fields of the export form (the CSV is what the list shows).
        let filterFields: [Confirmation.Page.Field]
        let exportColumns: [ExportColumn]
        let exportPresets: [Option]
        let availability: String
        let summary: String

        struct ExportColumn: Encodable, Sendable {
            let key: String
            let label: String
            let checked: Bool
        }
    }

    struct SettingsPage: Encodable, Sendable {
        struct Question: Encodable, Sendable {
            let id: UUID
            let label: String
            let kind: String
            let required: Bool
            let options: String
        }
        typealias Option = SelectOption
        let layout: Layout
        let eventID: UUID
        let title: String
        let form: RegistrationSettingsForm
        let errors: FieldErrors
        let questions: [Question]
        let kinds: [Option]
        /// What was typed into the new-question form (kept when it is refused).
        let question: QuestionForm
        let consentVersion: Int?
        let notice: String?
        let publicURL: String
    }
}

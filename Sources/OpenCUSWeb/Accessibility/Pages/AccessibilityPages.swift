import Fluent
import OpenCUSCore
import Vapor

/// The page models of `AccessibilityController` (what its templates receive).
extension AccessibilityController {
    struct PublicPage: Encodable, Sendable {
        struct Statement: Encodable, Sendable {
            let entityName: String
            let siteURL: String
            let publishedOn: String
            let updatedOn: String
            let preparedOn: String
            let reviewedOn: String
            let statusText: String
            let nonCompliance: [TextBlock]
            let exemptions: [TextBlock]
            let assessment: [TextBlock]
            let contactName: String
            let contactEmail: String
            let contactPhone: String
            let procedure: [TextBlock]
            let architecture: [TextBlock]
            let mobileApps: [TextBlock]
            let shortcuts: [TextBlock]
        }
        let layout: Layout
        let statement: Statement?
    }

    struct EditPage: Encodable, Sendable {
        struct StatusOption: Encodable, Sendable {
            let value: String
            let label: String
            let selected: Bool
        }
        let layout: Layout
        let form: StatementForm
        let errors: FieldErrors
        let errorCount: String?
        let statusOptions: [StatusOption]
        let overdueWarning: String?
        let saved: Bool
    }
}

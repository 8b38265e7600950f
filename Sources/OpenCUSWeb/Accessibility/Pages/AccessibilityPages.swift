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
        let statusOptions: [StatusOption]
        let overdueWarning: String?
        let saved: Bool
    }
}

extension AccessibilityController.PublicPage {
    /// The operator's statement in the order the statutory template prescribes; `nil` until one is written.
    static func make(_ statement: AccessibilityStatement?, siteURL: String, layout: Layout)
        -> AccessibilityController.PublicPage
    {
        AccessibilityController.PublicPage(
            layout: layout,
            statement: statement.map { s in
                Statement(
                    entityName: s.entityName, siteURL: siteURL,
                    publishedOn: s.publishedOn.polish, updatedOn: s.updatedOn.polish,
                    preparedOn: s.preparedOn.polish, reviewedOn: s.reviewedOn.polish,
                    statusText: s.status.polishText, nonCompliance: TextBlock.parse(s.nonCompliance),
                    exemptions: TextBlock.parse(s.exemptions), assessment: TextBlock.parse(s.assessment),
                    contactName: s.contactName, contactEmail: s.contactEmail, contactPhone: s.contactPhone,
                    procedure: TextBlock.parse(s.procedure), architecture: TextBlock.parse(s.architecture),
                    mobileApps: TextBlock.parse(s.mobileApps), shortcuts: TextBlock.parse(s.shortcuts))
            })
    }
}

extension AccessibilityController.EditPage {
    /// The form as typed, with a warning when the review date it shows is past the yearly review.
    static func make(form: StatementForm, errors: FieldErrors, saved: Bool, today: CalendarDay, layout: Layout)
        -> AccessibilityController.EditPage
    {
        var warning: String?
        if let reviewed = CalendarDay(iso: form.reviewedOn), StatementReviewRule().isOverdue(lastReviewed: reviewed, today: today)
        {
            warning =
                "Deklarację trzeba przeglądać co roku do 31 marca; ostatni przegląd odbył się \(reviewed.polish). Przejrzyj deklarację i zaktualizuj datę przeglądu."
        }
        return AccessibilityController.EditPage(
            layout: layout, form: form, errors: errors,
            statusOptions: ComplianceStatus.allCases.map {
                StatusOption(value: $0.rawValue, label: $0.polishLabel.capitalizedFirst, selected: $0.rawValue == form.status)
            },
            overdueWarning: warning, saved: saved)
    }
}

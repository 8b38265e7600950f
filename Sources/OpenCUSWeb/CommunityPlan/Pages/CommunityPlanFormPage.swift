import Foundation
import OpenCUSCore

/// The draft's form (`community-plan/form.leaf`): header fields, then rows of groups, aims and
/// actions, each with its own errors and two blank rows to add more. The actions' choices of
/// aims, partners and activities are checkboxes.
struct CommunityPlanFormPage: Encodable, Sendable {
    static let notices = [
        "created": "Utworzono plan. Uzupełnij grupy, cele ze wskaźnikami i działania, potem przekaż go do zatwierdzenia.",
        "new-version": "Rozpoczęto nową wersję planu. Obowiązuje poprzednia, dopóki dyrektor nie zatwierdzi tej.",
    ]

    struct Check: Encodable, Sendable {
        let id: String
        let value: String
        let label: String
        let checked: Bool
    }

    struct IssueRow: Encodable, Sendable {
        let index: Int
        let number: Int
        let row: CommunityPlanForm.IssueRow
        let recommendations: [SelectOption]
        let errors: [String: String]
    }

    struct AimRow: Encodable, Sendable {
        let index: Int
        let number: Int
        let row: CommunityPlanForm.AimRow
        let errors: [String: String]
    }

    struct ActionRow: Encodable, Sendable {
        let index: Int
        let number: Int
        let row: CommunityPlanForm.ActionRow
        let aims: [Check]
        let partners: [Check]
        let activities: [Check]
        let areas: [SelectOption]
        let errors: [String: String]
    }

    let layout: Layout
    let planURL: String
    let saveURL: String
    let title: String
    let revision: Int
    let form: CommunityPlanForm
    let errors: FieldErrors
    let issues: [IssueRow]
    let aims: [AimRow]
    let actions: [ActionRow]
    let stale: Bool
    let notice: String?

    static let blankRows = 2

    static func make(
        _ plan: CommunityPlan, form: CommunityPlanForm, errors: FieldErrors, names: PlanNames, stale: Bool, notice: String?,
        layout: Layout
    ) -> Self {
        let id = plan.id ?? UUID()
        let issues = form.issues + Array(repeating: CommunityPlanForm.IssueRow(), count: blankRows - 1)
        let aims = form.aims + Array(repeating: CommunityPlanForm.AimRow(), count: blankRows)
        let actions = form.actions + Array(repeating: CommunityPlanForm.ActionRow(), count: blankRows)
        // Aims already saved can be chosen in actions; one added in this same save gets its key
        // on saving, so it appears here afterwards.
        let aimChoices = form.aims.enumerated().filter { !$0.element.key.isEmpty }.map { i, a in
            (key: a.key, label: "C\(i + 1). \(a.text.prefix(80))")
        }
        let areaList = form.areas.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        func sorted(_ d: [UUID: String]) -> [(UUID, String)] {
            d.sorted { PolishCollation.less($0.value, $1.value) }.map { ($0.key, $0.value) }
        }
        return Self(
            layout: layout, planURL: SiteRoute.communityPlanPage.url(id), saveURL: SiteRoute.communityPlanSave.url(id),
            title: plan.title, revision: plan.revision, form: form,
            errors: errors.anchored(anchor),
            issues: issues.enumerated().map { i, row in
                IssueRow(
                    index: i, number: i + 1, row: row,
                    recommendations: sorted(names.recommendations).map {
                        SelectOption(
                            value: $0.0.uuidString, label: String($0.1.prefix(120)),
                            selected: $0.0.uuidString == row.recommendationID)
                    }, errors: errors.within("issues.\(i)."))
            },
            aims: aims.enumerated().map { i, row in AimRow(index: i, number: i + 1, row: row, errors: errors.within("aims.\(i)."))
            },
            actions: actions.enumerated().map { i, row in
                ActionRow(
                    index: i, number: i + 1, row: row,
                    aims: aimChoices.map {
                        Check(id: "action-\(i)-aim-\($0.key)", value: $0.key, label: $0.label, checked: row.aims.contains($0.key))
                    },
                    partners: sorted(names.partners).map {
                        Check(
                            id: "action-\(i)-partner-\($0.0.uuidString)", value: $0.0.uuidString, label: $0.1,
                            checked: row.partners.contains($0.0.uuidString))
                    },
                    activities: sorted(names.activities).map {
                        Check(
                            id: "action-\(i)-activity-\($0.0.uuidString)", value: $0.0.uuidString, label: $0.1,
                            checked: row.activities.contains($0.0.uuidString))
                    },
                    areas: [SelectOption(value: "", label: "cała gmina", selected: row.area.isEmpty)]
                        + areaList.map { SelectOption(value: $0, label: $0, selected: $0 == row.area) },
                    errors: errors.within("actions.\(i)."))
            },
            stale: stale, notice: notice)
    }

    /// "aims.1.text" → "aim-1-text"; a row's checkbox groups link to their fieldset.
    static func anchor(_ field: String) -> String? {
        let parts = field.split(separator: ".").map(String.init)
        guard parts.count == 3, Int(parts[1]) != nil else { return nil }
        return "\(parts[0].dropLast())-\(parts[1])-\(parts[2])"
    }
}

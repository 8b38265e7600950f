import Fluent
import OpenCUSCore
import Vapor

/// A plan's content as the pages show it, and the edit form with its rows.
extension IpusPages {
    // MARK: Views of content

    struct GoalView: Encodable, Sendable {
        let index: Int
        let number: Int
        let text: String
        let measure: String
        let due: String
        let status: String
        let statusValue: String
        let note: String
    }

    struct ItemView: Encodable, Sendable {
        let kind: String
        let name: String
        let provider: String
        let scope: String
        let frequency: String
        let dates: String
        let responsible: String
    }

    struct ContentView: Encodable, Sendable {
        let period: String
        let goals: [GoalView]
        let items: [ItemView]
        let responsibilities: String
        let reviews: String
    }

    static func view(_ c: IpusContent) -> ContentView {
        ContentView(
            period: "\(c.start.polish) – \(c.end.polish)",
            goals: c.goals.enumerated().map { i, g in
                GoalView(
                    index: i, number: i + 1, text: g.text,
                    measure: g.indicator.isEmpty
                        ? "" : "\(g.indicator): \(g.baseline.isEmpty ? "—" : g.baseline) → \(g.target.isEmpty ? "—" : g.target)",
                    due: g.due?.polish ?? "", status: g.status.polishName, statusValue: g.status.rawValue, note: g.note)
            },
            items: c.items.map { i in
                ItemView(
                    kind: i.kind.polishName, name: i.name, provider: i.provider, scope: i.scope, frequency: i.frequency,
                    dates: "od \(i.start.polish)" + (i.end.map { " do \($0.polish)" } ?? ""), responsible: i.responsible)
            },
            responsibilities: c.responsibilities, reviews: c.reviews.map(\.polish).joined(separator: ", "))
    }

    // MARK: The edit form

    struct GoalRowView: Encodable, Sendable {
        let index: Int
        let number: Int
        let row: IpusForm.GoalRow
        let errors: [String: String]
    }

    struct ItemRowView: Encodable, Sendable {
        let index: Int
        let number: Int
        let row: IpusForm.ItemRow
        let isSupportive: Bool
        let services: [SelectOption]
        let activities: [SelectOption]
        let errors: [String: String]
    }

    struct ReviewRowView: Encodable, Sendable {
        let index: Int
        let number: Int
        let value: String
        let error: String?
    }

    struct FormView: Encodable, Sendable {
        let start: String
        let end: String
        let responsibilities: String
        let latestEnd: String
        let goals: [GoalRowView]
        let items: [ItemRowView]
        let reviews: [ReviewRowView]
    }

    static func formView(
        _ form: IpusForm, errors: FieldErrors, services: [(id: UUID, label: String)],
        activities: [(id: UUID, label: String)] = []
    ) -> FormView {
        // Two empty rows to add goals, items and reviews without JavaScript.
        let goals = form.goals + [IpusForm.GoalRow(), IpusForm.GoalRow()]
        let items = form.items + [IpusForm.ItemRow(), IpusForm.ItemRow()]
        let reviews = form.reviews + ["", ""]
        let start = CalendarDay(iso: form.start)
        return FormView(
            start: form.start, end: form.end, responsibilities: form.responsibilities,
            latestEnd: start.map { IpusRules.latestEnd(start: $0).polish } ?? "",
            goals: goals.enumerated().map { i, g in
                GoalRowView(index: i, number: i + 1, row: g, errors: errors.within("goals.\(i)."))
            },
            items: items.enumerated().map { i, row in
                ItemRowView(
                    index: i, number: i + 1, row: row, isSupportive: row.kind == IpusItemKind.supportive.rawValue,
                    services: [SelectOption(value: "", label: "— wybierz usługę —", selected: row.serviceID.isEmpty)]
                        + services.map {
                            SelectOption(value: $0.id.uuidString, label: $0.label, selected: $0.id.uuidString == row.serviceID)
                        },
                    activities: [
                        SelectOption(value: "", label: "— bez działania z kalendarza —", selected: row.activityID.isEmpty)
                    ]
                        + activities.map {
                            SelectOption(value: $0.id.uuidString, label: $0.label, selected: $0.id.uuidString == row.activityID)
                        },
                    errors: errors.within("items.\(i)."))
            },
            reviews: reviews.enumerated().map { i, r in
                ReviewRowView(index: i, number: i + 1, value: r, error: errors["reviews.\(i)"])
            })
    }
}

extension IpusPages {
    /// The element a plan form's error links to: rows are named "goals.1.text" in the form and
    /// "goal-1-text" in the page; closing's "attainment" leads to the first goal's assessment.
    static func anchor(_ field: String) -> String? {
        let parts = field.split(separator: ".").map(String.init)
        if field == "attainment" { return "attainment-0" }
        guard parts.count >= 2, Int(parts[1]) != nil, parts[0].hasSuffix("s") else { return nil }
        let rest = parts.dropFirst(2).map { $0 == "serviceID" ? "service" : $0 }
        return ([String(parts[0].dropLast()), parts[1]] + rest).joined(separator: "-")
    }
}

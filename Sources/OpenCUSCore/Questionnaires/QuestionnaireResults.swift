import Foundation

/// One counted row of a question's results: an option, a scale point, a grid statement.
public struct ResultRow: Sendable, Equatable, Encodable {
    public let label: String
    public let count: Int
    /// Shown: the count, or "mniej niż 5" (the small-number rule).
    public let shown: String
    /// "42%" of those who answered, or "—" when the count is hidden.
    public let percent: String

    init(label: String, count: Int, of total: Int, rule: DisclosureRule) {
        self.label = label
        self.count = count
        let hidden = rule.isSmall(count)
        shown = SmallNumbers.display(count, rule: rule)
        percent = hidden || total == 0 ? "—" : "\(Int((Double(count) * 100 / Double(total)).rounded()))%"
    }
}

/// One question's results: counts and percentages of those who answered it, with a mean where
/// the answers are numbers. Small counts (1–4) are hidden, never shown as 0.
public struct QuestionTally: Sendable, Equatable {
    public let number: String
    public let question: QuestionDefinition
    public let answered: Int
    public let rows: [ResultRow]
    /// Scale, number: the mean; grid: per statement; ranking: the mean place of each option.
    public let means: [(label: String, value: String)]

    public static func == (a: QuestionTally, b: QuestionTally) -> Bool {
        a.number == b.number && a.answered == b.answered && a.rows == b.rows
            && a.means.map { "\($0.label)=\($0.value)" } == b.means.map { "\($0.label)=\($0.value)" }
    }

    /// Rows that a chart and a cross-tab can count: the values a respondent picks.
    static func labels(_ question: QuestionDefinition) -> [(value: String, label: String)] {
        if let scale = question.kind.scale, question.kind != .grid { return scale.map { (String($0), String($0)) } }
        return question.options.map { ($0, $0) }
            + (question.allowsOther ? [(QuestionnaireResponse.otherValue, "Inne")] : [])
    }

    public static func compute(
        _ definition: QuestionnaireDefinition, responses: [[String: QuestionAnswer]], rule: DisclosureRule = .standard
    ) -> [QuestionTally] {
        definition.numbered.map { number, _, question in
            let given = responses.compactMap { $0[question.key] }
            let answered = given.count
            var rows: [ResultRow] = []
            var means: [(String, String)] = []
            switch question.kind {
            case .single, .multiple, .scale5, .scale10:
                rows = labels(question).map { value, label in
                    ResultRow(label: label, count: given.filter { $0.values.contains(value) }.count, of: answered, rule: rule)
                }
                if question.kind.scale != nil {
                    let points = given.compactMap { if case .scale(let p) = $0 { Double(p) } else { nil } }
                    if let mean = mean(points) { means.append(("średnia", mean)) }
                }
            case .grid:
                for (index, statement) in question.statements.enumerated() {
                    let points = given.compactMap { if case .grid(let rows) = $0 { rows[index].map(Double.init) } else { nil } }
                    // The bar: how many agree (4 or 5), of those who answered the question.
                    rows.append(
                        ResultRow(
                            label: "\(statement) — zgadza się (4–5)", count: points.filter { $0 >= 4 }.count, of: answered,
                            rule: rule))
                    if points.count >= rule.threshold, let mean = mean(points) { means.append((statement, mean)) }
                }
            case .ranking:
                for option in question.options {
                    let places = given.compactMap {
                        if case .ranking(let order) = $0 { order.firstIndex(of: option).map { Double($0 + 1) } } else { nil }
                    }
                    let first = given.filter { if case .ranking(let order) = $0 { order.first == option } else { false } }.count
                    rows.append(ResultRow(label: "\(option) — na 1. miejscu", count: first, of: answered, rule: rule))
                    if answered >= rule.threshold, let mean = mean(places) { means.append((option, mean)) }
                }
            case .number:
                let numbers = given.compactMap { if case .number(let n) = $0 { n } else { nil } }
                if numbers.count >= rule.threshold {
                    if let mean = mean(numbers) { means.append(("średnia", mean)) }
                    let sorted = numbers.sorted()
                    let middle = sorted.count / 2
                    let median = sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
                    means.append(("mediana", decimal(median)))
                }
            case .text, .date:
                break
            }
            return QuestionTally(number: number, question: question, answered: answered, rows: rows, means: means)
        }
    }

    static func mean(_ values: [Double]) -> String? {
        values.isEmpty ? nil : decimal(values.reduce(0, +) / Double(values.count))
    }

    /// "4,3": one decimal, the Polish comma.
    static func decimal(_ value: Double) -> String {
        String(format: "%.1f", value).replacingOccurrences(of: ".", with: ",")
    }

    /// The bar chart of the rows (small counts drawn as no bar, labelled "mniej niż 5").
    public func chart(id: String) -> String? {
        rows.isEmpty ? nil : SVGBarChart.render(id: id, title: "\(number). \(question.text)", bars: rows)
    }
}

/// A question's answers split by the groups of another (e.g. needs × age group). A group with
/// fewer than 5 questionnaires is not shown at all, and cells from 1 to 4 are hidden, so that
/// a crossing cannot single out a resident.
public struct CrossTab: Sendable, Equatable {
    public struct Group: Sendable, Equatable, Encodable {
        public let label: String
        public let size: Int
        public let cells: [ResultRow]
    }

    public let by: QuestionDefinition
    public let of: QuestionDefinition
    public let rowLabels: [String]
    public let groups: [Group]
    /// Groups left out because fewer than 5 answered.
    public let hiddenGroups: Int

    public static func compute(
        by: QuestionDefinition, of: QuestionDefinition, responses: [[String: QuestionAnswer]], rule: DisclosureRule = .standard
    ) -> CrossTab? {
        guard by.kind.isChoice, of.kind.isChoice, by.key != of.key else { return nil }
        let rows = QuestionTally.labels(of)
        var groups: [Group] = []
        var hidden = 0
        for (value, label) in QuestionTally.labels(by) {
            let members = responses.filter { ($0[by.key]?.values ?? []).contains(value) }
                .compactMap { $0[of.key] }
            guard members.count >= rule.threshold else {
                if !members.isEmpty { hidden += 1 }
                continue
            }
            groups.append(
                Group(
                    label: label, size: members.count,
                    cells: rows.map { row in
                        ResultRow(
                            label: row.label, count: members.filter { $0.values.contains(row.value) }.count, of: members.count,
                            rule: rule)
                    }))
        }
        return CrossTab(by: by, of: of, rowLabels: rows.map(\.label), groups: groups, hiddenGroups: hidden)
    }
}

/// The export of a survey: one row per questionnaire, one column per answer (a grid statement,
/// a ranking place), never any contact data.
public enum QuestionnaireExport {
    public struct Row: Sendable {
        public let number: Int
        public let channel: String
        public let day: CalendarDay
        public let answers: [String: QuestionAnswer]

        public init(number: Int, channel: String, day: CalendarDay, answers: [String: QuestionAnswer]) {
            self.number = number
            self.channel = channel
            self.day = day
            self.answers = answers
        }
    }

    public static func table(_ definition: QuestionnaireDefinition, rows: [Row]) -> [[String]] {
        var header = ["nr ankiety", "sposób wypełnienia", "data"]
        for (number, _, question) in definition.numbered {
            switch question.kind {
            case .grid: header += question.statements.indices.map { "\(number) [\($0 + 1)]" }
            case .ranking: header += question.options.indices.map { "\(number) miejsce \($0 + 1)" }
            case .single, .multiple:
                header.append(number)
                if question.allowsOther { header.append("\(number) inne") }
            default: header.append(number)
            }
        }
        let body = rows.map { row -> [String] in
            var cells = [String(row.number), row.channel, row.day.iso]
            for (_, _, question) in definition.numbered {
                let answer = row.answers[question.key]
                switch (question.kind, answer) {
                case (.grid, .grid(let points)?):
                    cells += question.statements.indices.map { points[$0].map(String.init) ?? "" }
                case (.grid, _): cells += question.statements.map { _ in "" }
                case (.ranking, .ranking(let order)?): cells += order
                case (.ranking, _): cells += question.options.map { _ in "" }
                case (.single, .choice(let value, let other)?):
                    cells.append(value == QuestionnaireResponse.otherValue ? "Inne" : value)
                    if question.allowsOther { cells.append(other ?? "") }
                case (.multiple, .choices(let values, let other)?):
                    cells.append(values.map { $0 == QuestionnaireResponse.otherValue ? "Inne" : $0 }.joined(separator: " | "))
                    if question.allowsOther { cells.append(other ?? "") }
                case (.single, _), (.multiple, _):
                    cells.append("")
                    if question.allowsOther { cells.append("") }
                case (_, .scale(let point)?): cells.append(String(point))
                case (_, .number(let n)?): cells.append(n == n.rounded() ? String(Int(n)) : String(n))
                case (_, .text(let text)?): cells.append(text)
                case (_, .date(let day)?): cells.append(day.iso)
                default: cells.append("")
                }
            }
            return cells
        }
        return [header] + body
    }
}

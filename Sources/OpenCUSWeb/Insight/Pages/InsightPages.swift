import Foundation
import OpenCUSCore

/// The dashboard (`insight/dashboard.leaf`): each group of indicators with the last periods'
/// values as published (small-number rule applied) and a link to the indicator's trend.
struct InsightDashboardPage: Encodable, Sendable {
    struct Row: Encodable, Sendable {
        let code: String
        let name: String
        let url: String
        let values: [String]
        let better: String
    }

    struct Group: Encodable, Sendable {
        let id: String
        let name: String
        let rows: [Row]
    }

    let layout: Layout
    let periods: [String]
    let groups: [Group]
    let computedAt: String
    let threshold: Int
    /// The settings link, for those who may change them.
    var settingsURL: String? = nil
    /// The yearly documents, for those who prepare them.
    var documentsURL: String? = nil
    /// Just recomputed on request.
    var refreshed = false

    static func make(
        snapshot: InsightSnapshot, months: Int, computedAt: String, rule: DisclosureRule, layout: Layout
    ) -> Self {
        let periods = Array(snapshot.periods.suffix(months))
        return Self(
            layout: layout, periods: periods.map(\.label),
            groups: IndicatorDefinition.Group.allCases.map { group in
                Group(
                    id: "grupa-\(group.rawValue)", name: group.polishName,
                    rows: IndicatorCatalogue.all.filter { $0.group == group }.map { i in
                        Row(
                            code: i.code, name: i.name, url: SiteRoute.insightIndicator.url(i.code),
                            values: snapshot.last(months, of: i.code).map { i.display($0.value, rule: rule) },
                            better: i.higherIsBetter.map { $0 ? "więcej = lepiej" : "mniej = lepiej" } ?? "—")
                    })
            }, computedAt: computedAt, threshold: rule.threshold)
    }
}

/// One indicator (`insight/indicator.leaf`): its definition, a bar chart of the last twelve
/// months (values hidden by the small-number rule get no bar) and the same values as a table.
struct InsightIndicatorPage: Encodable, Sendable {
    struct Point: Encodable, Sendable {
        let period: String
        let shown: String
        let numerator: String
        let denominator: String
    }

    let layout: Layout
    let code: String
    let name: String
    let description: String
    let numerator: String
    let denominator: String?
    let unit: String
    let group: String
    let better: String
    let disaggregations: String
    let chart: String
    let points: [Point]
    let computedAt: String

    static func number(_ v: Double) -> String {
        v == v.rounded() ? String(Int(v)) : String(format: "%.1f", v).replacingOccurrences(of: ".", with: ",")
    }

    static func make(
        _ i: IndicatorDefinition, snapshot: InsightSnapshot, computedAt: String, rule: DisclosureRule, layout: Layout
    ) -> Self {
        let values = snapshot.last(snapshot.periods.count, of: i.code)
        // Whatever the rule keeps back, its parts are not shown either (2 of 40 behind "za mało danych").
        let hidden: (IndicatorValue) -> Bool = { v in i.withheld(v, rule: rule) }
        let chartValues = values.map { p in
            (label: p.period.label, magnitude: hidden(p.value) ? 0 : (p.value.value ?? 0), shown: i.display(p.value, rule: rule))
        }
        let names: [IndicatorDefinition.Disaggregation: String] = [
            .service: "usługa", .serviceArea: "obszar usług", .locality: "miejscowość", .ageBand: "grupa wieku", .sex: "płeć",
            .channel: "kanał",
        ]
        return Self(
            layout: layout, code: i.code, name: i.name, description: i.description, numerator: i.numerator,
            denominator: i.denominator, unit: i.unit.polishName, group: i.group.polishName,
            better: i.higherIsBetter.map { $0 ? "wyższa wartość jest lepsza" : "niższa wartość jest lepsza" }
                ?? "żaden kierunek nie jest lepszy",
            disaggregations: i.disaggregations.compactMap { names[$0] }.joined(separator: ", "),
            chart: SVGBarChart.render(id: "trend-\(i.code)", title: "\(i.name) — ostatnie 12 miesięcy", values: chartValues),
            points: values.map { p in
                Point(
                    period: p.period.label, shown: i.display(p.value, rule: rule),
                    numerator: hidden(p.value) ? "<\(rule.threshold)" : number(p.value.numerator),
                    denominator: p.value.denominator.map { hidden(p.value) ? "<\(rule.threshold)" : number($0) } ?? "—")
            }, computedAt: computedAt)
    }
}

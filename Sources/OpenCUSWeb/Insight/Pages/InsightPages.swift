import Foundation
import OpenCUSCore

/// The dashboard (`insight/dashboard.leaf`): each group of indicators with the last periods'
/// values as published (small-number rule applied) and a link to the indicator's trend.
struct InsightDashboardPage: Encodable, Sendable {
    struct OwnRow: Encodable, Sendable {
        let code: String
        let name: String
        let url: String
        let values: [String]
        let target: String
    }

    /// The own indicators' rows for the last `months` of the snapshot's periods.
    static func ownRows(
        _ indicators: [ManualIndicator], values: [ManualIndicatorValue], periods: [InsightPeriod], rule: DisclosureRule
    ) -> [OwnRow] {
        let byKey = Dictionary(values.map { ("\($0.$indicator.id)/\($0.month)", $0.value) }, uniquingKeysWith: { a, _ in a })
        return indicators.compactMap { i in
            guard let id = i.id else { return nil }
            return OwnRow(
                code: i.code, name: i.name, url: SiteRoute.ownIndicator.url(id),
                values: periods.map { i.shape.display(byKey["\(id)/\($0.key)"], rule: rule) },
                target: i.target.map(i.shape.format) ?? "—")
        }
    }

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
    /// Who the dashboard is for: the whole centre (director, analyst), one service (the services
    /// organiser), or the community (the community organiser: activities, events, voice and the
    /// community plan's aims against their targets).
    enum View: Equatable, Sendable {
        case centre, community
        case service(UUID)

        var isService: Bool { if case .service = self { true } else { false } }
    }

    /// "Całe centrum", "Społeczność" and each service of the programme: the view chosen.
    let views: [SelectOption]
    /// The service shown, when one is chosen.
    let serviceName: String?
    let community: Bool
    /// The community plan's aims (the community view).
    var aims: [CommunityPlanContentView.Aim] = []
    var planURL: String? = nil
    /// When the months before the last two were last computed from the whole history.
    var wholeAt: String? = nil
    /// The centre's own indicators (whole-centre view only), each with its target.
    var own: [OwnRow] = []
    /// "Dodaj wskaźnik własny", for those with `record_own_indicators`.
    var newOwnURL: String? = nil
    /// The settings link, for those who may change them.
    var settingsURL: String? = nil
    /// The yearly documents, for those who prepare them.
    var documentsURL: String? = nil
    /// Just recomputed on request.
    var refreshed = false

    /// The whole centre, or one service (`service`): then only the indicators broken down by
    /// service, each value from the protected breakdown the indicator page shows.
    static func make(
        snapshot: InsightSnapshot, months: Int, computedAt: String, rule: DisclosureRule, services: [(UUID, String)],
        view: View, layout: Layout
    ) -> Self {
        let periods = Array(snapshot.periods.suffix(months))
        var service: UUID?
        if case .service(let id) = view { service = id }
        let communityGroups: [IndicatorDefinition.Group] = [.community, .events, .voice]
        let indicators = IndicatorCatalogue.all.filter {
            switch view {
            case .centre: true
            case .community: communityGroups.contains($0.group)
            case .service: $0.disaggregations.contains(.service)
            }
        }
        func values(_ i: IndicatorDefinition) -> [String] {
            guard let service else { return snapshot.last(months, of: i.code).map { i.display($0.value, rule: rule) } }
            let row = snapshot.breakdown(i, by: .service, last: months, rule: rule)?.rows.first { $0.slice == .service(service) }
            return row?.cells ?? Array(repeating: "—", count: periods.count)
        }
        return Self(
            layout: layout, periods: periods.map(\.label),
            groups: IndicatorDefinition.Group.allCases.compactMap { group in
                let rows = indicators.filter { $0.group == group }.map { i in
                    Row(
                        code: i.code, name: i.name, url: SiteRoute.insightIndicator.url(i.code), values: values(i),
                        better: i.higherIsBetter.map { $0 ? "więcej = lepiej" : "mniej = lepiej" } ?? "—")
                }
                return rows.isEmpty ? nil : Group(id: "grupa-\(group.rawValue)", name: group.polishName, rows: rows)
            }, computedAt: computedAt, threshold: rule.threshold,
            views: [
                SelectOption(value: "", label: "Całe centrum", selected: view == .centre),
                SelectOption(
                    value: "community", label: "Społeczność: działania, wydarzenia, głos i plan", selected: view == .community),
            ] + services.map { SelectOption(value: $0.0.uuidString.lowercased(), label: $0.1, selected: $0.0 == service) },
            serviceName: services.first { $0.0 == service }?.1, community: view == .community)
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
    /// The indicator by service, area, channel, age band, locality — the last months.
    let breakdowns: [InsightBreakdownTable]
    /// The applications or plans behind the number, for those who may see them.
    var listURL: String? = nil

    static func number(_ v: Double) -> String {
        v == v.rounded() ? String(Int(v)) : String(format: "%.1f", v).replacingOccurrences(of: ".", with: ",")
    }

    static func make(
        _ i: IndicatorDefinition, snapshot: InsightSnapshot, computedAt: String, rule: DisclosureRule, labels: SliceLabels,
        layout: Layout
    ) -> Self {
        let values = snapshot.last(snapshot.periods.count, of: i.code)
        let recent = snapshot.periods.suffix(InsightController.dashboardMonths).map(\.label)
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
            }, computedAt: computedAt,
            breakdowns: i.disaggregations.compactMap { dimension in
                snapshot.breakdown(i, by: dimension, last: recent.count, rule: rule).flatMap { b in
                    b.rows.isEmpty ? nil : InsightBreakdownTable.make(i, b, periods: recent, labels: labels)
                }
            })
    }
}

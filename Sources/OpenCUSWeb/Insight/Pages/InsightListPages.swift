import Foundation
import OpenCUSCore

/// `insight/list.leaf`: the applications or plans behind an indicator's number for a month,
/// with the person, the service, the day that counted, the duration and whether the row is in
/// the numerator.
struct InsightListPage: Encodable, Sendable {
    struct Row: Encodable, Sendable {
        let person: String
        let service: String
        let day: String
        let days: String
        let counted: String
        let record: String
        let url: String
    }

    struct Crumb: Encodable, Sendable {
        let label: String
        let url: String
    }

    let layout: Layout
    /// The way back: the indicator's page, or the coordinator's caseload.
    let crumbs: [Crumb]
    let code: String
    let name: String
    let numerator: String
    let denominator: String?
    let month: String
    let rows: [Row]
    let total: Int
    let counted: Int
    let truncated: Bool
    let maximum: Int
    let hasDays: Bool
    let months: [SelectOption]
    let formAction: String
    let hiddenCode: String?

    static func make(
        _ d: IndicatorDefinition, month: InsightPeriod, rows: [IndicatorListRow], total: Int, names: [UUID: String],
        numbers: [UUID: String], services: SliceLabels, months: [SelectOption], formAction: String, hiddenCode: String?,
        crumbs: [Crumb], layout: Layout
    ) -> Self {
        Self(
            layout: layout, crumbs: crumbs, code: d.code, name: d.name, numerator: d.numerator, denominator: d.denominator,
            month: month.fullLabel,
            rows: rows.map { r in
                let (id, url): (UUID, String) =
                    switch r.record {
                    case .application(let id): (id, SiteRoute.intakeDetail.url(id))
                    case .plan(let id): (id, SiteRoute.ipusPlan.url(id))
                    }
                return Row(
                    person: names[r.person] ?? "—", service: r.service.map { services.label(.service($0)) } ?? "—",
                    day: r.day.polish, days: r.days.map(String.init) ?? "—", counted: r.counted ? "tak" : "nie",
                    record: numbers[id] ?? "otwórz", url: url)
            }, total: total, counted: rows.filter(\.counted).count, truncated: total > rows.count,
            maximum: InsightListController.maximumRows, hasDays: rows.contains { $0.days != nil }, months: months,
            formAction: formAction, hiddenCode: hiddenCode)
    }
}

/// `insight/caseload.leaf`: a coordinator's IPUS indicators over twelve months, exact, each
/// month's value linking to the plans behind it.
struct CaseloadIndicatorsPage: Encodable, Sendable {
    struct Cell: Encodable, Sendable {
        let shown: String
        let url: String
    }

    struct Row: Encodable, Sendable {
        let code: String
        let name: String
        let description: String
        let cells: [Cell]
    }

    let layout: Layout
    let periods: [String]
    let rows: [Row]
    let plans: Int

    static func make(_ facts: InsightFacts, periods: [InsightPeriod], codes: [String], layout: Layout) -> Self {
        Self(
            layout: layout, periods: periods.map(\.label),
            rows: codes.compactMap(IndicatorCatalogue.definition).map { d in
                Row(
                    code: d.code, name: d.name, description: d.description,
                    cells: periods.map { p in
                        let v = d.value(facts, p)
                        return Cell(
                            shown: v.value.map(d.format) ?? "—",
                            url: SiteRoute.insightCaseload.url(query: "code=\(d.code)&month=\(p.key)"))
                    })
            }, plans: facts.plans.count)
    }
}

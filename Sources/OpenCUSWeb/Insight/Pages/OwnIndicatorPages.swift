import Foundation
import OpenCUSCore

/// `insight/own-form.leaf`: define or change an own indicator.
struct OwnIndicatorFormPage: Encodable, Sendable {
    struct Encoded: Encodable, Sendable {
        let name: String
        let description: String
        let target: String
        let countsPeople: Bool
    }

    let layout: Layout
    let form: Encoded
    let errors: FieldErrors
    let units: [SelectOption]
    let directions: [SelectOption]
    /// "WŁ-03" when changing one; nil for a new one.
    let code: String?
    let action: String
    let cancelURL: String

    static func make(form: ManualIndicatorForm, errors: FieldErrors, indicator: ManualIndicator?, layout: Layout) -> Self {
        let units: [IndicatorDefinition.Unit] = [.count, .percent, .perThousandResidents, .days, .hours]
        return Self(
            layout: layout,
            form: Encoded(name: form.name, description: form.description, target: form.target, countsPeople: form.countsPeople),
            errors: errors,
            units: units.map { SelectOption(value: $0.rawValue, label: $0.polishName, selected: $0.rawValue == form.unit) },
            directions: IndicatorDirection.allCases.map {
                SelectOption(value: $0.rawValue, label: $0.polishName, selected: $0.rawValue == form.direction)
            },
            code: indicator?.code,
            action: indicator.flatMap { $0.id }.map { SiteRoute.ownIndicatorUpdate.url($0) }
                ?? SiteRoute.ownIndicatorCreate.url(),
            cancelURL: indicator.flatMap { $0.id }.map { SiteRoute.ownIndicator.url($0) } ?? SiteRoute.insightDashboard.url())
    }
}

/// `insight/own.leaf`: an own indicator's definition, its last twelve months as a chart and a
/// table with each value's source and who typed it, and the form to type a month's value.
struct OwnIndicatorPage: Encodable, Sendable {
    struct Point: Encodable, Sendable {
        let period: String
        let shown: String
        let source: String
        let entered: String
    }

    let layout: Layout
    let code: String
    let name: String
    let description: String
    let unit: String
    let direction: String
    let target: String?
    let chart: String
    let points: [Point]
    let editURL: String?
    let valueAction: String?
    let months: [SelectOption]
    let form: ManualValueForm.Encoded
    let errors: FieldErrors
    let notice: String?
    let threshold: Int
    let countsPeople: Bool

    static func make(
        _ indicator: ManualIndicator, values: [ManualIndicatorValue], months: [InsightPeriod], rule: DisclosureRule,
        mayRecord: Bool, form: ManualValueForm, errors: FieldErrors, notice: String?, layout: Layout
    ) -> Self {
        let shape = indicator.shape
        let byMonth = Dictionary(values.map { ($0.month, $0) }, uniquingKeysWith: { first, _ in first })
        let oldestFirst = months.reversed()
        let id = indicator.id
        return Self(
            layout: layout, code: indicator.code, name: indicator.name, description: indicator.description,
            unit: indicator.unit.polishName, direction: indicator.direction.polishName,
            target: indicator.target.map(shape.format),
            chart: SVGBarChart.render(
                id: "trend-own-\(indicator.number)", title: "\(indicator.name) — ostatnie 12 miesięcy",
                values: oldestFirst.map { p in
                    let v = byMonth[p.key]?.value
                    let shown = shape.display(v, rule: rule)
                    return (label: p.label, magnitude: shown == (v.map(shape.format) ?? "—") ? (v ?? 0) : 0, shown: shown)
                }),
            points: oldestFirst.map { p in
                let v = byMonth[p.key]
                return Point(
                    period: p.label, shown: shape.display(v?.value, rule: rule), source: v?.source ?? "—",
                    entered: v.map { "\($0.enteredBy), \(WarsawTime.format($0.enteredAt))" } ?? "—")
            },
            editURL: mayRecord ? id.map { SiteRoute.ownIndicatorEdit.url($0) } : nil,
            valueAction: mayRecord ? id.map { SiteRoute.ownIndicatorValueSave.url($0) } : nil,
            months: months.map { SelectOption(value: $0.key, label: $0.fullLabel, selected: $0.key == form.month) },
            form: .init(form), errors: errors, notice: notice, threshold: rule.threshold,
            countsPeople: indicator.countsPeople)
    }
}

extension ManualValueForm {
    struct Encoded: Encodable, Sendable {
        let month: String
        let value: String
        let source: String

        init(_ f: ManualValueForm) { (month, value, source) = (f.month, f.value, f.source) }
    }
}

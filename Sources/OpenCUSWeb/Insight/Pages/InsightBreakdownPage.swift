import Foundation
import OpenCUSCore

/// An indicator's breakdown as a table of the indicator page: one row per service, area,
/// channel, age band or locality, one column per month, with what the small-number rule did
/// said under it.
struct InsightBreakdownTable: Encodable, Sendable {
    struct Row: Encodable, Sendable {
        let label: String
        let cells: [String]
    }

    let id: String
    let title: String
    /// The rows' heading: "Usługa", "Grupa wieku"…
    let column: String
    let periods: [String]
    let rows: [Row]
    let note: String

    static func title(_ dimension: IndicatorDefinition.Disaggregation) -> String {
        switch dimension {
        case .service: "Według usługi"
        case .serviceArea: "Według obszaru usług społecznych"
        case .channel: "Według drogi złożenia"
        case .ageBand: "Według grupy wieku"
        case .locality: "Według miejscowości"
        case .sex: "Według płci"
        }
    }

    static func column(_ dimension: IndicatorDefinition.Disaggregation) -> String {
        switch dimension {
        case .service: "Usługa"
        case .serviceArea: "Obszar"
        case .channel: "Droga złożenia"
        case .ageBand: "Grupa wieku"
        case .locality: "Miejscowość"
        case .sex: "Płeć"
        }
    }

    static func make(
        _ definition: IndicatorDefinition, _ breakdown: IndicatorBreakdown, periods: [String], labels: SliceLabels
    ) -> Self {
        let note =
            breakdown.additive
            ? "Wiersze sumują się do wartości całego centrum. Liczby poniżej progu pokazujemy jako „<n”, a jeśli trzeba, ukrywamy też inną komórkę, aby nie dało się ich wyliczyć z sumy."
            : definition.unit == .count
                ? (breakdown.dimension == .locality
                    ? "Pokazujemy najliczniejsze miejscowości, więc wiersze nie sumują się do całości."
                    : "Ta sama osoba może być liczona w kilku wierszach, więc wiersze nie sumują się do całości.")
                : "Każdą wartość opartą na zbyt małej liczbie osób ukrywamy osobno."
        return Self(
            id: "podzial-\(breakdown.dimension.rawValue)", title: title(breakdown.dimension),
            column: column(breakdown.dimension), periods: periods,
            rows: breakdown.rows.map { Row(label: labels.label($0.slice), cells: $0.cells) }, note: note)
    }
}

/// The names of slices: services by their names in the organisation's programmes.
struct SliceLabels: Sendable {
    let services: [UUID: String]

    func label(_ slice: InsightSlice) -> String {
        switch slice {
        case .service(let id): services[id] ?? "usługa spoza programu"
        case .area(let area): area.polishName.prefix(1).uppercased() + area.polishName.dropFirst()
        case .online(true): "formularz w internecie"
        case .online(false): "inną drogą (papier, osobiście, telefon, e-mail, ePUAP)"
        case .ageBand(let band): band.label
        case .locality(let name): name
        }
    }
}

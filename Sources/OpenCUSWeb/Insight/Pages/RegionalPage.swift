import Foundation
import OpenCUSCore

/// `insight/region.leaf`: rows of indicators, a column per centre that shared them and the
/// region's figure (`RegionalFigure`), for the month and for the year so far.
struct RegionalPage: Encodable, Sendable {
    struct Row: Encodable, Sendable {
        let code: String
        let name: String
        let values: [String]
        let region: String
        let coverage: String
    }

    let layout: Layout
    let voivodeship: String?
    let month: String?
    let yearLabel: String?
    let centres: [String]
    let monthRows: [Row]
    let yearRows: [Row]
    let silent: [String]
    let csvURL: String

    static func make(_ region: RegionalController.Region, layout: Layout) -> Self {
        let publications = region.centres.map(\.1)
        let shared = Set(publications.flatMap { $0.monthValues.map(\.code) })
        let definitions = IndicatorCatalogue.all.filter { shared.contains($0.code) }
        func rows(_ values: (IndicatorPublication) -> [PublishedIndicator]) -> [Row] {
            definitions.map { d in
                let perCentre = publications.map { p in values(p).first { $0.code == d.code } }
                let figure = RegionalFigure.combine(d, perCentre.filter { $0 != nil })
                return Row(
                    code: d.code, name: d.name, values: perCentre.map { $0?.display ?? "nie udostępnia" }, region: figure.display,
                    coverage: "\(figure.centres) z \(figure.of)")
            }
        }
        let month = publications.first?.month
        return Self(
            layout: layout, voivodeship: region.voivodeship?.polishName, month: month?.fullLabel,
            yearLabel: month.map { "\($0.first.year) (styczeń – \(Month($0.first).name))" },
            centres: region.centres.map(\.0.name), monthRows: rows(\.monthValues), yearRows: rows(\.yearToDate),
            silent: region.silent.map(\.name), csvURL: SiteRoute.regionalIndicatorsCSV.url())
    }
}

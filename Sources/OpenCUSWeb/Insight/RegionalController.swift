import Fluent
import OpenCUSCore
import Vapor

/// A ROPS's view of its region: the indicators the centres of its voivodeship chose to share,
/// per centre and for the region, for the latest month published and the year so far. It reads
/// the organisations' public records and the published aggregate table — never a centre's own
/// rows, so no request here can reach a person or a record of a centre.
enum RegionalController {
    struct Region {
        let voivodeship: Voivodeship?
        let month: String?
        let centres: [(Organisation, IndicatorPublication)]
        let silent: [Organisation]
    }

    static func load(_ request: Request, staff: StaffContext) async throws -> Region {
        guard let rops = try await Organisation.find(staff.organisationID, on: request.db), let voivodeship = rops.voivodeship
        else { return Region(voivodeship: nil, month: nil, centres: [], silent: []) }
        let organisations = try await Organisation.query(on: request.db).filter(\.$voivodeship == voivodeship).filter(
            \.$id != staff.organisationID
        ).sort(\.$name).all()
        let latest = try await InsightPublication.latest(.regional, of: organisations.compactMap(\.id), on: request.db)
        // One month for the whole table: the latest any centre published; a centre that has not
        // published that month yet is listed apart rather than mixed in with an older month.
        let month = latest.values.map(\.month).max()
        var centres: [(Organisation, IndicatorPublication)] = []
        var silent: [Organisation] = []
        for organisation in organisations {
            if let row = organisation.id.flatMap({ latest[$0] }), row.month == month {
                centres.append((organisation, try row.decode(IndicatorPublication.self)))
            } else if organisation.kind == .cus {
                silent.append(organisation)
            }
        }
        return Region(voivodeship: voivodeship, month: month, centres: centres, silent: silent)
    }

    @Sendable static func page(_ request: Request) async throws -> Response {
        let staff = try request.require(.viewRegionalIndicators)
        let region = try await load(request, staff: staff)
        return try await request.render(
            "insight/region",
            RegionalPage.make(region, layout: try await request.layout(title: "Wskaźniki regionu", section: "region")))
    }

    @Sendable static func csv(_ request: Request) async throws -> Response {
        let staff = try request.require(.viewRegionalIndicators)
        let region = try await load(request, staff: staff)
        let page = RegionalPage.make(region, layout: try await request.layout(title: "Wskaźniki regionu", section: "region"))
        var lines = [(["Okres", "Kod", "Wskaźnik"] + page.centres + ["Region", "Ośrodki w wyniku regionu"]).map(CSV.cell)]
        for (label, rows) in [(page.month ?? "", page.monthRows), (page.yearLabel ?? "", page.yearRows)] {
            for row in rows {
                lines.append(([label, row.code, row.name] + row.values + [row.region, row.coverage]).map(CSV.cell))
            }
        }
        return CSV.response(
            lines: lines.map { $0.joined(separator: ";") }, filename: "wskazniki-regionu-\(region.month ?? "brak").csv")
    }
}

import Fluent
import OpenCUSCore
import Vapor

/// The page models of `PublicCatalogueController` (what its templates receive).
extension PublicCatalogueController {
    struct IndexPage: Encodable, Sendable {
        struct Entry: Encodable, Sendable {
            let slug: String
            let name: String
            let programme: String
            let services: Int
        }
        let layout: Layout
        let entries: [Entry]
    }

    struct CataloguePage: Encodable, Sendable {
        let layout: Layout
        let organisationSlug: String
        let organisationName: String
        let programme: ProgrammeView
        let areas: [CatalogueViews.Area]
        let query: String
        let summary: String
        let areaOptions: [SelectOption]
        let freeOnly: Bool
        let howToApply: String
        let office: OfficeContact
        /// "Based on the diagnosis of …" and the five-year clock's warning.
        var basis: DiagnosisBasis? = nil
    }

    struct ServicePage: Encodable, Sendable {
        let layout: Layout
        let organisationSlug: String
        let organisationName: String
        let programmeTitle: String
        let service: CatalogueViews.Service
    }
}

extension PublicCatalogueController.CataloguePage {
    /// What the resident narrowed the catalogue to.
    struct Filter: Sendable {
        let query: String
        let area: ServiceArea?
        let freeOnly: Bool
    }

    /// The programme in force as residents read it: services by area, places available, filters.
    static func make(_ catalogue: Catalogue, availability: [UUID: Availability], filter: Filter, layout: Layout) throws
        -> PublicCatalogueController.CataloguePage
    {
        let (query, area, freeOnly) = (filter.query, filter.area, filter.freeOnly)
        let organisation = catalogue.organisation
        let areas = try CatalogueViews.areas(
            catalogue, query: query, area: area, freeOnly: freeOnly,
            availability: availability)
        let shown = areas.reduce(0) { $0 + $1.services.count }
        let narrowed = !query.isEmpty || area != nil || freeOnly
        let usługi = PolishPlural(one: "usługa", few: "usługi", many: "usług")
        return PublicCatalogueController.CataloguePage(
            layout: layout,
            organisationSlug: organisation.slug, organisationName: organisation.name,
            programme: PublicCatalogueController.programmeView(catalogue.programme),
            areas: areas, query: query,
            summary: !narrowed
                ? "W programie: \(usługi.phrase(catalogue.services.count))."
                : area == nil && !freeOnly
                    ? "Pasujące do „\(query)”: \(usługi.phrase(shown))."
                    : "Pasujące do wyboru: \(usługi.phrase(shown)) z \(catalogue.services.count).",
            areaOptions: ServiceArea.allCases.filter { a in catalogue.services.contains { $0.area == a } }.map {
                SelectOption(value: $0.rawValue, label: $0.polishName, selected: $0 == area)
            },
            freeOnly: freeOnly,
            howToApply: CatalogueViews.defaultHowToApply(organisation), office: OfficeContact(organisation))
    }
}

extension PublicCatalogueController.IndexPage {
    /// One entry per programme in force (with its organisation loaded), by the organisation's name.
    static func make(_ programmes: [Programme], serviceCounts: [UUID: Int], layout: Layout) throws
        -> PublicCatalogueController.IndexPage
    {
        PublicCatalogueController.IndexPage(
            layout: layout,
            entries: try programmes.sorted { PolishCollation.less($0.organisation.name, $1.organisation.name) }.map {
                Entry(
                    slug: $0.organisation.slug, name: $0.organisation.name, programme: $0.title,
                    services: serviceCounts[try $0.requireID()] ?? 0)
            })
    }
}

extension PublicCatalogueController {
    struct ProgrammeView: Encodable, Sendable {
        let title: String
        let period: String
        let resolution: String?
        let journal: String?
        let summary: String
    }

    static func programmeView(_ p: Programme) -> ProgrammeView {
        ProgrammeView(
            title: p.title, period: p.periodText, resolution: p.resolutionText, journal: p.journalReference, summary: p.summary)
    }
}

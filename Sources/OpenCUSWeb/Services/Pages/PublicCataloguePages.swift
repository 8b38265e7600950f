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
    }

    struct ServicePage: Encodable, Sendable {
        let layout: Layout
        let organisationSlug: String
        let organisationName: String
        let programmeTitle: String
        let service: CatalogueViews.Service
    }
}

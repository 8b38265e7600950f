import Fluent
import OpenCUSCore
import Vapor

/// The page models of `HomeController` (what its templates receive).
extension HomeController {
    struct HomePage: Encodable, Sendable {
        let layout: Layout
        let organisationCount: String
        let cusCount: Int
    }

    struct DirectoryPage: Encodable, Sendable {
        struct Group: Encodable, Sendable {
            let kind: String
            let organisations: [Entry]
        }
        struct Entry: Encodable, Sendable {
            let name: String
            let place: String?
            let voivodeship: String?
            let website: String?
            let email: String?
            let phone: String?
        }
        let layout: Layout
        let groups: [Group]
        let summary: String
    }
}

extension HomeController.HomePage {
    static func make(organisations: Int, centres: Int, layout: Layout) -> HomeController.HomePage {
        HomeController.HomePage(
            layout: layout, organisationCount: PolishPlural.organisation.phrase(organisations), cusCount: centres)
    }
}

extension HomeController.DirectoryPage {
    /// The organisations (sorted by name) grouped by kind, in the order of `OrganisationKind`; empty kinds left out.
    static func make(_ organisations: [Organisation], layout: Layout) -> HomeController.DirectoryPage {
        let groups = OrganisationKind.allCases.compactMap { kind -> Group? in
            let members = organisations.filter { $0.kind == kind }
            guard !members.isEmpty else { return nil }
            return Group(
                kind: kind.polishName,
                organisations: members.map {
                    Entry(
                        name: $0.name,
                        place: [$0.street, [$0.postcode, $0.city].compactMap { $0 }.joined(separator: " ")]
                            .compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", ").nilIfEmpty,
                        voivodeship: $0.voivodeship?.polishName, website: $0.website, email: $0.email, phone: $0.phone)
                })
        }
        return HomeController.DirectoryPage(
            layout: layout, groups: groups, summary: PolishPlural.organisation.phrase(organisations.count))
    }
}

import Fluent
import OpenCUSCore
import Vapor

/// The public start page and the directory of organisations in the network.
enum HomeController {

    @Sendable static func home(_ request: Request) async throws -> Response {
        let total = try await Organisation.query(on: request.db).count()
        let cus = try await Organisation.query(on: request.db).filter(\.$kind == .cus).count()
        let page = HomePage(
            layout: try await request.layout(title: "Strona główna", section: "home"),
            organisationCount: PolishPlural.organisation.phrase(total), cusCount: cus)
        return try await request.render("home/index", page)
    }

    @Sendable static func directory(_ request: Request) async throws -> Response {
        let organisations = try await Organisation.query(on: request.db).sort(\.$name).all()
        let groups = OrganisationKind.allCases.compactMap { kind -> DirectoryPage.Group? in
            let members = organisations.filter { $0.kind == kind }
            guard !members.isEmpty else { return nil }
            return DirectoryPage.Group(
                kind: kind.polishName,
                organisations: members.map {
                    DirectoryPage.Entry(
                        name: $0.name,
                        place: [$0.street, [$0.postcode, $0.city].compactMap { $0 }.joined(separator: " ")]
                            .compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", ").nilIfEmpty,
                        voivodeship: $0.voivodeship?.polishName, website: $0.website, email: $0.email, phone: $0.phone)
                })
        }
        let page = DirectoryPage(
            layout: try await request.layout(title: "Organizacje w sieci", section: "organisations"),
            groups: groups, summary: PolishPlural.organisation.phrase(organisations.count))
        return try await request.render("home/organisations", page)
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}

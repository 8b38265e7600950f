import Fluent
import Foundation
import OpenCUSCore

/// The public face of a programme: what residents (and the gmina's web site, through JSON) see.
/// Only programme and service data: never anything about a person.
struct Catalogue: Sendable {
    let organisation: Organisation
    let programme: Programme
    let services: [ServiceDefinition]
    let providers: [UUID: Organisation]

    /// The programme in force of an organisation, with its services in order, or nil.
    static func load(_ organisation: Organisation, on db: any Database) async throws -> Catalogue? {
        guard
            let programme = try await Programme.scoped(to: organisation.requireID(), on: db).filter(\.$state == .inForce)
                .sort(\.$version, .descending).first()
        else { return nil }
        return try await load(organisation, programme: programme, on: db)
    }

    static func load(_ organisation: Organisation, programme: Programme, on db: any Database) async throws -> Catalogue {
        let services = try await ServiceDefinition.query(on: db).filter(\.$programme.$id == programme.requireID()).sort(
            \.$position
        ).all()
        let providerIDs = Array(Set(services.compactMap(\.providerOrganisationID)))
        let providers = providerIDs.isEmpty ? [] : try await Organisation.query(on: db).filter(\.$id ~~ providerIDs).all()
        return Catalogue(
            organisation: organisation, programme: programme, services: services,
            providers: Dictionary(uniqueKeysWithValues: try providers.map { (try $0.requireID(), $0) }))
    }

    func providerName(_ service: ServiceDefinition) -> String {
        service.providerOrganisationID.flatMap { providers[$0]?.name } ?? organisation.name
    }
}

enum CatalogueViews {
    struct Service: Encodable, Sendable {
        let id: UUID
        let name: String
        let area: String
        let areaName: String
        let description: String
        let forWhom: String
        let criteria: String
        let eligibility: [String]
        let places: String
        /// In words, never naming anyone: "są wolne miejsca", "lista rezerwowa: 4 osoby".
        let availability: String
        let hasFreePlace: Bool
        let cost: String
        let exemptions: String
        let provider: String
        let route: String
        let place: String
        let schedule: String
        let documents: String
        let howToApply: String
        let priority: [String]
        let ipus: Bool
        /// Lower-cased text the search filters on.
        let searchText: String
    }

    struct Area: Encodable, Sendable {
        let key: String
        let name: String
        let services: [Service]
    }

    static func service(_ s: ServiceDefinition, in catalogue: Catalogue, availability: Availability?) throws -> Service {
        let a = availability ?? Availability(places: s.places, inUse: 0, reserve: 0)
        return Service(
            id: try s.requireID(), name: s.name, area: s.area.rawValue, areaName: s.area.polishName, description: s.description,
            forWhom: s.forWhom,
            criteria: s.criteria, eligibility: s.eligibilitySummary,
            places: s.places.map { "liczba miejsc w programie: \($0)" } ?? "bez limitu miejsc",
            availability: a.polish, hasFreePlace: a.hasFreePlace,
            cost: s.fee.polishDescription, exemptions: s.feeExemptions, provider: catalogue.providerName(s),
            route: s.deliveryRoute.polishName,
            place: s.place, schedule: s.schedule, documents: s.documents,
            howToApply: s.howToApply.isEmpty ? defaultHowToApply(catalogue.organisation) : s.howToApply,
            priority: s.criteriaList, ipus: s.ipusEligible,
            searchText: [s.name, s.description, s.forWhom, s.area.polishName, catalogue.providerName(s)].joined(separator: " ")
                .lowercased())
    }

    static func defaultHowToApply(_ organisation: Organisation) -> String {
        var ways = ["osobiście w siedzibie centrum"]
        if let phone = organisation.phone { ways.append("telefonicznie (\(phone))") }
        if let email = organisation.email { ways.append("e-mailem (\(email))") }
        return "Wniosek można złożyć " + ways.joined(separator: ", ")
            + ". Wniosek może złożyć sama osoba, jej przedstawiciel ustawowy albo opiekun faktyczny."
    }

    /// Services grouped by area in the act's order, filtered by a search phrase.
    /// The catalogue's services by area, narrowed by the words typed, one area and "only with a
    /// free place now" (a service without a limit always has one).
    static func areas(
        _ catalogue: Catalogue, query: String, area only: ServiceArea? = nil, freeOnly: Bool = false,
        availability: [UUID: Availability]
    ) throws -> [Area] {
        let words = query.lowercased().split(separator: " ").map(String.init)
        let shown = try catalogue.services.map { try service($0, in: catalogue, availability: availability[try $0.requireID()]) }
            .filter { s in
                words.allSatisfy { s.searchText.contains($0) } && (only == nil || s.area == only?.rawValue)
                    && (!freeOnly || s.hasFreePlace)
            }
        return ServiceArea.allCases.compactMap { area in
            let inArea = shown.filter { $0.area == area.rawValue }
            return inArea.isEmpty ? nil : Area(key: area.rawValue, name: area.polishName, services: inArea)
        }
    }
}

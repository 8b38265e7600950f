import Fluent
import OpenCUSCore
import Vapor

/// The programme in force and its services for residents: by area, searchable (as you type
/// with the small script, or with the search button without it), printable; and the same as
/// JSON for the gmina's web site and public information bulletin (BIP).
enum PublicCatalogueController {

    static func organisation(_ request: Request) async throws -> Organisation {
        guard let slug = request.parameters.get("organisation"), slug.count <= 100,
            let organisation = try await Organisation.query(on: request.db).filter(\.$slug == slug).first()
        else {
            throw Abort(.notFound, reason: "Nie ma takiej organizacji w katalogu. Sprawdź adres albo wybierz ją z listy usług.")
        }
        return organisation
    }

    @Sendable static func index(_ request: Request) async throws -> Response {
        let programmes = try await Programme.query(on: request.db).filter(\.$state == .inForce).with(\.$organisation).all()
        let counts = try await ServiceDefinition.counts(inProgrammes: programmes.map { try $0.requireID() }, on: request.db)
        return try await request.render(
            "services/index",
            try IndexPage.make(
                programmes, serviceCounts: counts,
                layout: try await request.layout(title: "Usługi społeczne", section: "services")))
    }

    @Sendable static func catalogue(_ request: Request) async throws -> Response {
        let organisation = try await organisation(request)
        guard let catalogue = try await Catalogue.load(organisation, on: request.db) else {
            throw Abort(
                .notFound, reason: "\(organisation.name) nie ma jeszcze obowiązującego programu usług społecznych w OpenCUS.")
        }
        let filter = CataloguePage.Filter(
            query: String(TextInput.clean(request.query[String.self, at: "q"]).prefix(100)),
            area: request.query[String.self, at: "area"].flatMap(ServiceArea.init(rawValue:)),
            freeOnly: request.query[String.self, at: "free"] == "1")
        var page = try CataloguePage.make(
            catalogue, availability: try await IntakeQueries.availabilities(catalogue.services, on: request.db), filter: filter,
            layout: try await request.layout(title: "Usługi społeczne: \(organisation.name)", section: "services").branded(
                organisation))
        page.basis = try await DiagnosisBasis.load(
            organisation, services: catalogue.services.compactMap(\.id),
            today: CalendarDay(request.clock.now(), in: WallClock.warsaw), on: request.db)
        return try await request.render("services/catalogue", page)
    }

    @Sendable static func service(_ request: Request) async throws -> Response {
        let organisation = try await organisation(request)
        guard let catalogue = try await Catalogue.load(organisation, on: request.db),
            let id = request.parameters.get("serviceID", as: UUID.self),
            let service = catalogue.services.first(where: { $0.id == id })
        else { throw Abort(.notFound, reason: "Tej usługi nie ma w obowiązującym programie. Wróć do listy usług.") }
        let page = ServicePage(
            layout: try await request.layout(title: service.name, section: "services").branded(organisation),
            organisationSlug: organisation.slug,
            organisationName: organisation.name, programmeTitle: catalogue.programme.title,
            service: try CatalogueViews.service(
                service, in: catalogue,
                availability: try await IntakeQueries.availabilities([service], on: request.db)[service.requireID()]))
        return try await request.render("services/service", page)
    }

    // MARK: JSON

    struct OrganisationJSON: Content {
        let slug: String
        let name: String
        let kind: String
        let kindName: String
        let voivodeship: String?
        let city: String?
        let website: String?
        let email: String?
        let phone: String?
        let servicesURL: String?
    }

    struct ServicesJSON: Content {
        struct ProgrammeJSON: Content {
            let title: String
            let version: Int
            let periodStart: String
            let periodEnd: String
            let resolutionNumber: String?
            let resolutionDate: String?
            let journalReference: String?
        }
        struct ServiceJSON: Content {
            let id: UUID
            let url: String
            let name: String
            let area: String
            let areaName: String
            let description: String
            let forWhom: String
            let criteria: String
            let ageMin: Int?
            let ageMax: Int?
            let residenceRequired: Bool
            let places: Int?
            let fee: FeeJSON
            let provider: String
            let deliveryRoute: String
            let place: String
            let schedule: String
            let documents: String
            let howToApply: String
            let priorityCriteria: [String]
            let ipusEligible: Bool
            let availability: AvailabilityJSON
        }
        /// Numbers only; `text` is the same in words as on the catalogue page.
        struct AvailabilityJSON: Content {
            let places: Int?
            let inUse: Int
            let free: Int?
            let reserveList: Int
            let text: String
        }
        struct FeeJSON: Content {
            let kind: String
            let amountGrosze: Int?
            let unit: String?
            let text: String
            let exemptions: String
        }
        let organisation: OrganisationJSON
        let programme: ProgrammeJSON?
        let services: [ServiceJSON]
    }

    static func json(_ o: Organisation, base: URL, hasProgramme: Bool) -> OrganisationJSON {
        OrganisationJSON(
            slug: o.slug, name: o.name, kind: o.kind.rawValue, kindName: o.kind.polishName, voivodeship: o.voivodeship?.rawValue,
            city: o.city,
            website: o.website, email: o.email, phone: o.phone,
            servicesURL: hasProgramme
                ? base.appendingPathComponent("api/v1/organisations/\(o.slug)/services").absoluteString : nil)
    }

    @Sendable static func organisationsJSON(_ request: Request) async throws -> Response {
        let organisations = try await Organisation.query(on: request.db).sort(\.$name).all()
        let withProgramme = Set(
            try await Programme.query(on: request.db).filter(\.$state == .inForce).all().map { $0.$organisation.id })
        return try await organisations.map {
            json($0, base: request.config.baseURL, hasProgramme: withProgramme.contains(try $0.requireID()))
        }
        .encodeResponse(for: request)
    }

    @Sendable static func servicesJSON(_ request: Request) async throws -> Response {
        let organisation = try await organisation(request)
        let catalogue = try await Catalogue.load(organisation, on: request.db)
        let base = request.config.baseURL
        let availability = try await IntakeQueries.availabilities(catalogue?.services ?? [], on: request.db)
        let body = ServicesJSON(
            organisation: json(organisation, base: base, hasProgramme: catalogue != nil),
            programme: catalogue.map { c in
                .init(
                    title: c.programme.title, version: c.programme.version, periodStart: c.programme.periodStart.iso,
                    periodEnd: c.programme.periodEnd.iso,
                    resolutionNumber: c.programme.resolutionNumber, resolutionDate: c.programme.resolutionDate?.iso,
                    journalReference: c.programme.journalReference)
            },
            services: try (catalogue?.services ?? []).map { s in
                .init(
                    id: try s.requireID(),
                    url: base.appendingPathComponent("services/\(organisation.slug)/\(try s.requireID().uuidString)")
                        .absoluteString,
                    name: s.name, area: s.area.rawValue, areaName: s.area.polishName, description: s.description,
                    forWhom: s.forWhom,
                    criteria: s.criteria, ageMin: s.ageMin, ageMax: s.ageMax, residenceRequired: s.residenceRequired,
                    places: s.places,
                    fee: .init(
                        kind: s.feeKind, amountGrosze: s.feeGrosze, unit: s.feeUnit, text: s.fee.polishDescription,
                        exemptions: s.feeExemptions),
                    provider: catalogue!.providerName(s), deliveryRoute: s.deliveryRoute.rawValue, place: s.place,
                    schedule: s.schedule,
                    documents: s.documents,
                    howToApply: s.howToApply.isEmpty ? CatalogueViews.defaultHowToApply(organisation) : s.howToApply,
                    priorityCriteria: s.criteriaList, ipusEligible: s.ipusEligible,
                    availability: try {
                        let a = availability[try s.requireID()] ?? Availability(places: s.places, inUse: 0, reserve: 0)
                        return .init(places: a.places, inUse: a.inUse, free: a.free, reserveList: a.reserve, text: a.polish)
                    }())
            })
        return try await body.encodeResponse(for: request)
    }
}

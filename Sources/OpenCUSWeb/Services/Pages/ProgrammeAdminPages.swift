import Fluent
import OpenCUSCore
import Vapor

/// The page models of `ProgrammeAdminController` (what its templates receive).
extension ProgrammeAdminController {
    struct ListPage: Encodable, Sendable {
        struct Row: Encodable, Sendable {
            let id: UUID
            let version: Int
            let title: String
            let period: String
            let state: String
            let stateName: String
            let services: Int
        }
        let layout: Layout
        let rows: [Row]
        let form: ProgrammeForm
        let errors: FieldErrors
        let editable = true
        let publicationEditable = true

        enum CodingKeys: String, CodingKey { case layout, rows, form, errors, editable, publicationEditable }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(layout, forKey: .layout)
            try c.encode(rows, forKey: .rows)
            try c.encode(form, forKey: .form)
            try c.encode(errors, forKey: .errors)
            try c.encode(editable, forKey: .editable)
            try c.encode(publicationEditable, forKey: .publicationEditable)
        }
    }

    struct DetailPage: Encodable, Sendable {
        struct ServiceRow: Encodable, Sendable {
            let id: UUID
            let name: String
            let area: String
            let places: String
            let cost: String
            let provider: String
        }
        struct Transition: Encodable, Sendable {
            let state: String
            let label: String
        }
        let layout: Layout
        let id: UUID
        let version: Int
        let state: String
        let stateName: String
        let editable: Bool
        let publicationEditable: Bool
        let form: ProgrammeForm
        let errors: FieldErrors
        let services: [ServiceRow]
        let transitions: [Transition]
        let notice: String?
        let publicURL: String?
        /// The adopted diagnosis this programme's services come from, and the clock's note.
        var basis: DiagnosisBasis? = nil
        /// Whether this person may send the version to consultation.
        var canConsult = false
    }

    struct ServicePage: Encodable, Sendable {
        let layout: Layout
        let programmeID: UUID
        let programmeTitle: String
        let serviceID: UUID?
        let form: ServiceForm
        let errors: FieldErrors
        let areas: [SelectOption]
        let routes: [SelectOption]
        let fees: [SelectOption]
        let providers: [SelectOption]
    }
}

extension ProgrammeAdminController.DetailPage {
    /// One programme version: its data, its services and the states it may move to.
    static func make(
        _ programme: Programme, catalogue: Catalogue, form: ProgrammeForm, errors: FieldErrors, notice: String?, layout: Layout
    ) throws -> ProgrammeAdminController.DetailPage {
        ProgrammeAdminController.DetailPage(
            layout: layout,
            id: try programme.requireID(), version: programme.version, state: programme.state.rawValue,
            stateName: programme.state.polishName,
            editable: programme.state.isEditable, publicationEditable: programme.state == .draft || programme.state == .adopted,
            form: form, errors: errors,
            services: try catalogue.services.map {
                .init(
                    id: try $0.requireID(), name: $0.name, area: $0.area.polishName,
                    places: $0.places.map(String.init) ?? "bez limitu",
                    cost: $0.fee.polishDescription, provider: catalogue.providerName($0))
            },
            transitions: programme.state.next.map {
                .init(
                    state: $0.rawValue,
                    label: [
                        "adopted": "Oznacz jako uchwalony przez radę gminy", "in_force": "Oznacz jako obowiązujący (ogłoszony)",
                        "expired": "Oznacz jako wygasły",
                    ][$0.rawValue] ?? $0.polishName)
            },
            notice: notice,
            publicURL: programme.state == .inForce ? SiteRoute.catalogue.url(catalogue.organisation.slug) : nil
        )
    }
}

extension ProgrammeAdminController.ListPage {
    /// Programmes newest version first, each with how many services it lists.
    static func make(
        _ programmes: [Programme], serviceCounts: [UUID: Int], form: ProgrammeForm, errors: FieldErrors, layout: Layout
    ) throws -> ProgrammeAdminController.ListPage {
        ProgrammeAdminController.ListPage(
            layout: layout,
            rows: try programmes.map { p in
                let id = try p.requireID()
                return Row(
                    id: id, version: p.version, title: p.title, period: p.periodText, state: p.state.rawValue,
                    stateName: p.state.polishName, services: serviceCounts[id] ?? 0)
            },
            form: form, errors: errors)
    }
}

extension ProgrammeAdminController.ServicePage {
    /// The service form as typed, its area, route, fee kind and provider chosen in the lists.
    static func make(
        _ programme: Programme, serviceID: UUID?, form: ServiceForm, errors: FieldErrors, providers: [SelectOption],
        layout: Layout
    ) throws -> ProgrammeAdminController.ServicePage {
        ProgrammeAdminController.ServicePage(
            layout: layout, programmeID: try programme.requireID(), programmeTitle: programme.title, serviceID: serviceID,
            form: form, errors: errors,
            areas: ServiceArea.allCases.map {
                SelectOption(value: $0.rawValue, label: $0.polishName, selected: $0.rawValue == form.area)
            },
            routes: DeliveryRoute.allCases.map {
                SelectOption(value: $0.rawValue, label: $0.polishName, selected: $0.rawValue == form.deliveryRoute)
            },
            fees: [
                ("free", "bezpłatna"), ("per_hour", "odpłatna za godzinę"),
                ("per_unit", "odpłatna za jednostkę (np. wizytę, posiłek)"),
            ]
            .map { SelectOption(value: $0.0, label: $0.1, selected: $0.0 == form.feeKind) },
            providers: providers)
    }
}

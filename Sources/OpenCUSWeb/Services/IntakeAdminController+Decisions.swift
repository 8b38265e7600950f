import Fluent
import Foundation
import OpenCUSCore
import SQLKit
import Vapor

/// Refusal decisions (one letter and the register) and the reserve list of a service.
extension IntakeAdminController {
    @Sendable static func decision(_ request: Request) async throws -> Response {
        guard let id = request.parameters.get("decisionID", as: UUID.self) else { throw Abort(.notFound) }
        return try await renderDecision(request, decisionID: id, typed: nil, errors: FieldErrors())
    }

    static func renderDecision(
        _ request: Request, decisionID: UUID, typed: AppealForm?, errors: FieldErrors, status: HTTPStatus = .ok
    ) async throws -> Response {
        let staff = try request.require(.manageApplications)
        guard let decision = try await RefusalDecision.find(decisionID, in: staff.organisationID, on: request.db),
            let (_, application, person, service) = try? await IntakeService.loadRequested(
                decision.$requested.id, organisationID: staff.organisationID, on: request.db),
            let organisation = try await Organisation.find(staff.organisationID, on: request.db)
        else { throw Abort(.notFound) }
        try await request.audit(
            .print, .decision, recordID: decision.id, subjects: [AuditSubject(type: .person, id: try person.requireID())],
            detail: "\(decision.kind.title.lowercased()) \(decision.number)")
        let settings = try await EffectiveIntakeSettings.load(organisation, on: request.db)
        return try await request.render(
            "services/decision",
            try DecisionLetterPage.make(
                decision, organisation: organisation, person: person, service: service, application: application,
                settings: settings, typed: typed, errors: errors,
                notice: request.query[String.self, at: "done"] != nil ? "Zapisano." : nil,
                today: CalendarDay(request.clock.now(), in: WallClock.warsaw),
                layout: try await request.layout(title: "\(decision.kind.title) nr \(decision.number)", section: "applications")),
            status: status)
    }

    /// The register of refusal decisions (numbers never repeat or skip within a year).
    @Sendable static func register(_ request: Request) async throws -> Response {
        let staff = try request.require(.manageApplications)
        let loaded = try await DecisionRegisterPage.load(staff.organisationID, on: request.db)
        let page = try DecisionRegisterPage.make(
            loaded, today: CalendarDay(request.clock.now(), in: WallClock.warsaw),
            layout: try await request.layout(title: "Rejestr odmów", section: "applications"))
        try await request.audit(
            .list, .decision, subjects: page.rows.map { AuditSubject(type: .person, id: $0.personID) },
            detail: "rejestr odmów: \(page.rows.count)")
        return try await request.render("services/decisions", page)
    }

    /// One page (100 people) of a service's reserve list in its order; positions count the whole list.
    @Sendable static func reserveList(_ request: Request) async throws -> Response {
        let staff = try request.require(.manageApplications)
        guard
            let service = try await ServiceDefinition.find(
                request.parameters.get("serviceID", as: UUID.self), in: staff.organisationID, on: request.db)
        else {
            throw Abort(.notFound)
        }
        let loaded = try await ReserveListPage.load(
            service, page: request.query[Int.self, at: "page"] ?? 1, organisationID: staff.organisationID, on: request.db)
        let page = try ReserveListPage.make(
            loaded, layout: try await request.layout(title: "Lista rezerwowa: \(service.name)", section: "applications"))
        try await request.audit(
            .list, .application, recordID: service.id,
            subjects: loaded.applications.map { AuditSubject(type: .person, id: $0.$person.id) },
            detail:
                "lista rezerwowa: strona \(page.page) z \(page.pages), w kolejce \(page.rows.count), z propozycją miejsca \(page.offers.count)"
        )
        return try await request.render("services/reserve", page)
    }
}

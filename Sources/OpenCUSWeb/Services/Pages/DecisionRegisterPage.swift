import Fluent
import Foundation
import OpenCUSCore
import Vapor

/// The register of refusal decisions of the organisation.
struct DecisionRegisterPage: Encodable, Sendable {
    struct Row: Encodable, Sendable {
        let id: UUID
        let number: String
        let issuedOn: String
        let personID: UUID
        let person: String
        let service: String
        let kind: String
        let delivered: String
        let status: String
    }
    let layout: Layout
    let rows: [Row]
}

extension DecisionRegisterPage {
    struct Loaded: Sendable {
        /// Newest first.
        let decisions: [RefusalDecision]
        /// With their service.
        let requested: [UUID: RequestedService]
        /// With their person.
        let applications: [UUID: ServiceApplication]
        let appealDays: Int
    }

    /// Each decision's request, application, person and service: four queries for the whole register.
    static func load(_ organisationID: UUID, on db: any Database) async throws -> Loaded {
        let decisions = try await RefusalDecision.scoped(to: organisationID, on: db).sort(\.$year, .descending)
            .sort(\.$sequence, .descending).all()
        guard let organisation = try await Organisation.find(organisationID, on: db) else { throw Abort(.notFound) }
        let requested = try await RequestedService.scoped(to: organisationID, on: db)
            .filter(\.$id ~~ decisions.map { $0.$requested.id }).with(\.$service).all()
        let applications = try await ServiceApplication.scoped(to: organisationID, on: db)
            .filter(\.$id ~~ requested.map { $0.$application.id }).with(\.$person).all()
        return Loaded(
            decisions: decisions, requested: Dictionary(uniqueKeysWithValues: try requested.map { (try $0.requireID(), $0) }),
            applications: Dictionary(uniqueKeysWithValues: try applications.map { (try $0.requireID(), $0) }),
            appealDays: try await EffectiveIntakeSettings.load(organisation, on: db).rules.appealDays)
    }

    static func make(_ l: Loaded, today: CalendarDay, layout: Layout) throws -> DecisionRegisterPage {
        let rows = try l.decisions.compactMap { d -> Row? in
            guard let r = l.requested[d.$requested.id], let application = l.applications[r.$application.id] else { return nil }
            return Row(
                id: try d.requireID(), number: d.number, issuedOn: d.issuedOn.polish, personID: application.$person.id,
                person: application.person.fullName, service: r.service.name, kind: d.kind.title,
                delivered: d.deliveredOn?.polish ?? "—", status: d.statusText(appealDays: l.appealDays, today: today))
        }
        return DecisionRegisterPage(layout: layout, rows: rows)
    }
}

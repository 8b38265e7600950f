import Fluent
import OpenCUSCore
import Vapor

/// The page models of `PersonController` (what its templates receive).
extension PersonController {
    struct SearchPage: Encodable, Sendable {
        struct Hit: Encodable, Sendable {
            let id: UUID
            let name: String
            let birthDate: String
            let city: String
            let duplicate: Bool
        }
        let layout: Layout
        let pesel: String
        let lastName: String
        let birthDate: String
        let errors: FieldErrors
        let searched: Bool
        let hits: [Hit]
    }

    struct CardPage: Encodable, Sendable {
        struct Line: Encodable, Sendable {
            let label: String
            let value: String
        }
        struct ApplicationRow: Encodable, Sendable {
            let id: UUID
            let number: String
            let received: String
            let services: String
        }
        struct EnrolmentRow: Encodable, Sendable {
            let service: String
            let start: String
            let end: String?
            let active: Bool
        }
        struct Event: Encodable, Sendable {
            let at: String
            let number: String
            let actor: String
            let what: String
        }
        struct Other: Encodable, Sendable {
            let id: UUID
            let name: String
            let birthDate: String
            let pesel: String
            let address: String
            let applications: Int
        }
        let layout: Layout
        let id: UUID
        let name: String
        let lines: [Line]
        let applications: [ApplicationRow]
        let enrolments: [EnrolmentRow]
        struct FeeRow: Encodable, Sendable {
            let month: String
            let service: String
            let free: Bool
            let basis: String
            let due: String
        }
        /// This month's and last month's charges from delivered services (free ones show 0).
        let fees: [FeeRow]
        struct PlanRow: Encodable, Sendable {
            let id: UUID
            let number: String
            let state: String
        }
        let plans: [PlanRow]
        let history: [Event]
        /// The record this one may duplicate (flagged at intake), for staff to confirm or reject.
        let duplicateOf: Other?
        let notice: String?
        let error: String?
    }
}

extension PersonController.CardPage {
    struct Loaded: Sendable {
        let person: Person
        let applications: [ServiceApplication]
        /// With their service.
        let requested: [RequestedService]
        /// With their service, oldest first.
        let enrolments: [Enrolment]
        let events: [ApplicationEvent]
        /// The record this one may duplicate, and how many applications it has.
        let other: (person: Person, applications: Int)?
        /// This month's and last month's charges.
        let fees: [(month: Month, charge: FeesController.Charge)]
        /// The person's plans the viewer may open (none when they do not work with plans).
        let plans: [IpusPlan]
    }

    static func load(_ personID: UUID, staff: StaffContext, month: Month, on db: any Database) async throws -> Loaded {
        guard let person = try await Person.find(personID, in: staff.organisationID, on: db) else { throw Abort(.notFound) }
        let applications = try await ServiceApplication.scoped(to: staff.organisationID, on: db)
            .filter(\.$person.$id == personID).sort(\.$receivedAt).all()
        let ids = applications.compactMap(\.id)
        let requested =
            ids.isEmpty
            ? []
            : try await RequestedService.scoped(to: staff.organisationID, on: db).filter(\.$application.$id ~~ ids)
                .with(\.$service).all()
        let enrolments = try await Enrolment.scoped(to: staff.organisationID, on: db).filter(\.$person.$id == personID)
            .with(\.$service).sort(\.$startDay).all()
        let events =
            ids.isEmpty
            ? []
            : try await ApplicationEvent.scoped(to: staff.organisationID, on: db).filter(\.$application.$id ~~ ids)
                .sort(\.$at).all()
        var other: (Person, Int)?
        if let otherID = person.possibleDuplicateOf, let o = try await Person.find(otherID, in: staff.organisationID, on: db) {
            other = (
                o,
                try await ServiceApplication.scoped(to: staff.organisationID, on: db).filter(\.$person.$id == otherID).count()
            )
        }
        var fees: [(Month, FeesController.Charge)] = []
        for m in [month, month.previous] {
            for c in try await FeesController.charges(organisationID: staff.organisationID, month: m, person: personID, on: db) {
                fees.append((m, c))
            }
        }
        let plans =
            staff.allows(.managePlans)
            ? try await IpusPlan.scoped(to: staff.organisationID, on: db).filter(\.$person.$id == personID)
                .sort(\.$createdAt).all()
                .filter { staff.allows(.viewAllPlans) || $0.isCoordinated(by: staff.userID) }
            : []
        return Loaded(
            person: person, applications: applications, requested: requested, enrolments: enrolments, events: events,
            other: other, fees: fees, plans: plans)
    }

    static func make(_ l: Loaded, layout: Layout, notice: String?, error: String?) throws -> PersonController.CardPage {
        let person = l.person
        let numbers = Dictionary(uniqueKeysWithValues: try l.applications.map { (try $0.requireID(), $0.number) })
        let address: (Person) -> String = PersonController.address
        return PersonController.CardPage(
            layout: layout, id: try person.requireID(), name: person.fullName,
            lines: [
                .init(label: "Data urodzenia", value: person.birthDate.polish),
                .init(label: "PESEL", value: person.pesel ?? "—"),
                .init(label: "Adres", value: address(person).nilIfEmpty ?? "—"),
                .init(label: "Telefon", value: person.phone.nilIfEmpty ?? "—"),
                .init(label: "E-mail", value: person.email.nilIfEmpty ?? "—"),
                .init(label: "Komunikacja", value: person.communicationNeeds.nilIfEmpty ?? "—"),
                .init(label: "Dostępność", value: person.accessibilityNeeds.nilIfEmpty ?? "—"),
                .init(label: "W rejestrze od", value: WarsawTime.format(person.createdAt)),
            ],
            applications: try l.applications.map { a in
                .init(
                    id: try a.requireID(), number: a.number, received: WarsawTime.format(a.receivedAt),
                    services: l.requested.filter { $0.$application.id == a.id }.map {
                        "\($0.service.name): \($0.outcome.polishName)"
                    }.joined(separator: "; "))
            },
            enrolments: l.enrolments.map {
                .init(service: $0.service.name, start: $0.startDay.polish, end: $0.endDay?.polish, active: $0.active)
            },
            fees: l.fees.map { m, c in
                .init(
                    month: m.polish, service: c.service.name, free: c.service.fee == .free, basis: c.charge.basis,
                    due: Money.polish(c.charge.due))
            },
            plans: try l.plans.map { .init(id: try $0.requireID(), number: $0.number, state: $0.state.polishName) },
            history: l.events.map {
                .init(at: WarsawTime.format($0.at), number: numbers[$0.$application.id] ?? "", actor: $0.actor, what: $0.what)
            },
            duplicateOf: try l.other.map { o, count in
                .init(
                    id: try o.requireID(), name: o.fullName, birthDate: o.birthDate.polish, pesel: o.pesel ?? "—",
                    address: address(o).nilIfEmpty ?? "—", applications: count)
            },
            notice: notice, error: error)
    }
}

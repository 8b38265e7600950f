import Fluent
import Foundation
import OpenCUSCore
import Vapor

/// One page of a service's reserve list, in its order.
struct ReserveListPage: Encodable, Sendable {
    struct Row: Encodable, Sendable {
        let position: Int
        let applicationID: UUID
        let number: String
        let person: String
        let received: String
        let criteria: String
        let offered: Bool
    }
    let layout: Layout
    let service: String
    let availability: String
    /// People holding a freed place until staff confirm it: apart from the queue.
    let offers: [Row]
    /// The queue, numbered as residents see their place (offers not counted).
    let rows: [Row]
    let total: Int
    /// How the queue is ordered, in words, with the programme's criteria in their order.
    let orderRule: String
    let criteria: [String]
    let page: Int
    let pages: Int
    let previous: String?
    let next: String?
}

extension ReserveListPage {
    static let perPage = 100

    typealias Entry = (entry: ReserveEntry, offered: Bool)

    struct Loaded: Sendable {
        let service: ServiceDefinition
        /// People holding an offered place, apart from the queue.
        let offered: [Entry]
        /// The whole queue in its order (its length is the total).
        let queue: [Entry]
        let page: Int
        let pages: Int
        let requested: [UUID: RequestedService]
        /// With their person.
        let applications: [ServiceApplication]
        let availability: Availability?

        var slice: ArraySlice<Entry> { ReserveListPage.slice(queue, page: page) }
    }

    /// The queue's rows on one page.
    static func slice(_ queue: [Entry], page: Int) -> ArraySlice<Entry> {
        queue.dropFirst((page - 1) * perPage).prefix(perPage)
    }

    /// The order of the whole list, then only the rows of the page shown (offers and 100 of the queue).
    static func load(_ service: ServiceDefinition, page asked: Int, organisationID: UUID, on db: any Database) async throws
        -> Loaded
    {
        let order = try await IntakeQueries.reserveOrder(service, on: db)
        let (offered, queue) = (order.filter(\.offered), order.filter { !$0.offered })
        let pages = max(1, (queue.count + perPage - 1) / perPage)
        let page = min(max(1, asked), pages)
        let shown = offered + slice(queue, page: page)
        let requested =
            shown.isEmpty
            ? []
            : try await RequestedService.scoped(to: organisationID, on: db).filter(\.$id ~~ shown.map(\.entry.id)).all()
        let applicationIDs = requested.map { $0.$application.id }
        let applications =
            applicationIDs.isEmpty
            ? []
            : try await ServiceApplication.scoped(to: organisationID, on: db).filter(\.$id ~~ applicationIDs).with(\.$person)
                .all()
        return Loaded(
            service: service, offered: offered, queue: queue, page: page, pages: pages,
            requested: Dictionary(uniqueKeysWithValues: try requested.map { (try $0.requireID(), $0) }),
            applications: applications,
            availability: try await IntakeQueries.availabilities([service], on: db)[service.requireID()])
    }

    static func make(_ l: Loaded, layout: Layout) throws -> ReserveListPage {
        let service = l.service
        let byID = Dictionary(uniqueKeysWithValues: try l.applications.map { (try $0.requireID(), $0) })
        let criteria = service.criteriaList
        func row(_ item: Entry, position: Int) throws -> Row? {
            guard let e = l.requested[item.entry.id], let a = byID[e.$application.id] else { return nil }
            return Row(
                position: position, applicationID: try a.requireID(), number: a.number, person: a.person.fullName,
                received: WarsawTime.format(e.receivedAt),
                criteria: e.criteria.sorted().compactMap { $0 < criteria.count ? criteria[$0] : nil }.joined(separator: "; "),
                offered: item.offered)
        }
        let (page, pages) = (l.page, l.pages)
        return ReserveListPage(
            layout: layout, service: service.name, availability: l.availability?.polish ?? "",
            offers: try l.offered.enumerated().compactMap { try row($1, position: $0 + 1) },
            rows: try l.slice.enumerated().compactMap { try row($1, position: (page - 1) * perPage + $0 + 1) },
            total: l.queue.count,
            orderRule: criteria.isEmpty
                ? "Kolejność: według daty i godziny wpływu wniosku (program nie określa kryteriów pierwszeństwa)."
                : "Kolejność: najpierw osoby spełniające kryteria pierwszeństwa programu, w kolejności, w jakiej program je wymienia — spełnienie wcześniejszego kryterium wyprzedza dowolną liczbę późniejszych; przy tych samych kryteriach decyduje data i godzina wpływu wniosku.",
            criteria: criteria, page: page, pages: pages,
            previous: page > 1 ? SiteRoute.intakeReserveList.url(try service.requireID(), query: "page=\(page - 1)") : nil,
            next: page < pages ? SiteRoute.intakeReserveList.url(try service.requireID(), query: "page=\(page + 1)") : nil)
    }
}

import Fluent
import Foundation
import OpenCUSCore

/// The intake dashboard: places per service, the open applications by deadline group, IPUS clocks.
struct IntakeDashboardPage: Encodable, Sendable {
    struct ServiceRow: Encodable, Sendable {
        let id: UUID
        let name: String
        let places: String
        let inUse: Int
        let reserve: Int
        let percent: Int
        let barWidth: Int
        let availability: String
    }
    struct ApplicationRow: Encodable, Sendable {
        let id: UUID
        let number: String
        let person: String
        let received: String
        let open: Int
        let due: String
        let dueState: String
    }
    struct IpusRow: Encodable, Sendable {
        let applicationID: UUID
        let number: String
        let person: String
        let due: String
        let state: String
    }
    let layout: Layout
    let services: [ServiceRow]
    let applications: [ApplicationRow]
    let ipus: [IpusRow]
    let openCount: Int
    let overdueCount: Int
    let dueSoonCount: Int
    let toScheduleCount: Int
    let shownCount: Int
    /// The deadline group listed ("all", "schedule", "soon", "overdue") and its heading.
    let show: String
    let listHeading: String
    /// How many applications the listed group has (all open ones when not filtered).
    let listCount: Int
    let canConfigure: Bool
    let range: String
    let page: Int
    let pages: Int
    let previous: String?
    let next: String?
}

extension IntakeDashboardPage {
    /// Which list and which page of it (100 rows a page).
    struct Query: Sendable {
        let filter: IntakeQueries.OpenFilter
        let page: Int
        static let perPage = 100
    }

    struct Loaded: Sendable {
        let services: [ServiceDefinition]
        let availability: [UUID: Availability]
        let open: [IntakeQueries.OpenApplication]
        let counts: IntakeQueries.OpenCounts
        let clocks: [IntakeQueries.IpusClockRow]

        /// Everyone the page names, for the audit of the read.
        var people: [UUID] { Set(open.map(\.person_id) + clocks.map(\.person_id)).sorted { $0.uuidString < $1.uuidString } }
    }

    static func load(
        _ catalogue: Catalogue, _ query: Query, today: CalendarDay, organisationID: UUID, on db: any Database
    ) async throws -> Loaded {
        let availability = try await IntakeQueries.availabilities(catalogue.services, on: db)
        let (open, counts) = try await IntakeQueries.openApplications(
            organisationID: organisationID, today: today, filter: query.filter, limit: Query.perPage,
            offset: (query.page - 1) * Query.perPage, on: db)
        let clocks = try await IntakeQueries.ipusClocks(organisationID: organisationID, limit: 100, on: db)
        return Loaded(services: catalogue.services, availability: availability, open: open, counts: counts, clocks: clocks)
    }

    static func make(_ l: Loaded, _ query: Query, today: CalendarDay, layout: Layout, canConfigure: Bool) throws
        -> IntakeDashboardPage
    {
        let services: [ServiceRow] = try l.services.map { s in
            let a = l.availability[try s.requireID()] ?? Availability(places: s.places, inUse: 0, reserve: 0)
            let percent = IntakeAdminController.percent(a)
            return ServiceRow(
                id: try s.requireID(), name: s.name, places: s.places.map(String.init) ?? "bez limitu", inUse: a.inUse,
                reserve: a.reserve, percent: percent, barWidth: percent * 120 / 100, availability: a.polish)
        }
        let counts = l.counts
        let (listCount, listHeading): (Int, String) =
            switch query.filter {
            case .all: (counts.open, "Wnioski do rozpatrzenia (według kolejności wpływu)")
            case .toSchedule: (counts.to_schedule ?? 0, "Oceny potrzeb do zaplanowania (według kolejności wpływu)")
            case .dueSoon: (counts.due_soon ?? 0, "Termin oceny potrzeb mija w ciągu 3 dni")
            case .overdue: (counts.overdue ?? 0, "Po terminie oceny potrzeb")
            }
        let perPage = Query.perPage
        let page = query.page
        let pages = max(1, (listCount + perPage - 1) / perPage)
        let base =
            query.filter == .all
            ? SiteRoute.intakeDashboard.url(query: "") : SiteRoute.intakeDashboard.url(query: "show=\(query.filter.rawValue)&")
        let rows: [ApplicationRow] = l.open.map { a in
            let state =
                a.done_on.map { "ocena przeprowadzona \($0.polish)" }
                ?? IntakeRules.clock(due: a.assessment_due, today: today).polish
                + (a.scheduled_on.map { "; rozmowa \($0.polish)" } ?? "; do zaplanowania")
            return ApplicationRow(
                id: a.id, number: a.number, person: "\(a.first_name) \(a.last_name)", received: WarsawTime.format(a.received_at),
                open: a.open_count, due: a.assessment_due.polish, dueState: state)
        }
        let clocks = l.clocks.map { c in
            IpusRow(
                applicationID: c.application_id, number: c.number, person: "\(c.first_name) \(c.last_name)",
                due: c.ipus_due.polish, state: IntakeRules.clock(due: c.ipus_due, today: today).polish)
        }
        return IntakeDashboardPage(
            layout: layout, services: services, applications: rows, ipus: clocks,
            openCount: counts.open, overdueCount: counts.overdue ?? 0, dueSoonCount: counts.due_soon ?? 0,
            toScheduleCount: counts.to_schedule ?? 0, shownCount: rows.count, show: query.filter.rawValue,
            listHeading: listHeading, listCount: listCount, canConfigure: canConfigure,
            range: rows.isEmpty ? "" : "\((page - 1) * perPage + 1)–\((page - 1) * perPage + rows.count)", page: page,
            pages: pages, previous: page > 1 ? "\(base)page=\(page - 1)" : nil,
            next: page < pages ? "\(base)page=\(page + 1)" : nil)
    }
}

import Fluent
import Foundation
import OpenCUSCore
import SQLKit

/// The reads behind the intake dashboard and the catalogue's availability, written as a few
/// grouped SQL queries (not one query per service or application) so that they stay fast for a
/// large city — measured in docs/benchmarks.md (`opencus bench-intake`). Plain SQL that runs the
/// same on SQLite and PostgreSQL: ISO day strings compare as text, booleans are bound.
enum IntakeQueries {
    struct CountRow: Decodable {
        let service_id: UUID
        let n: Int
    }

    struct ReserveCountRow: Decodable {
        let service_id: UUID
        let n: Int
        let offered: Int
    }

    /// Availability of many services at once: active enrolments, open offers and the reserve list.
    static func availabilities(_ services: [ServiceDefinition], on db: any Database) async throws -> [UUID: Availability] {
        guard !services.isEmpty else { return [:] }
        let sql = try db.sql()
        let ids = SQLList(try services.map { SQLBind(try $0.requireID()) })
        let enrolled = try await sql.raw(
            """
            SELECT service_id, COUNT(*) AS n FROM enrolments WHERE service_id IN (\(ids)) AND active = \(bind: true) GROUP BY service_id
            """
        ).all(decoding: CountRow.self)
        // One pass over the covering index (service_id, outcome, offered_at): reserve list and
        // open offers together (docs/benchmarks.md: 50 ms → under 5 ms at 30 000 on reserve lists).
        let waiting = try await sql.raw(
            """
            SELECT service_id, COUNT(*) AS n, COUNT(offered_at) AS offered FROM application_services
            WHERE service_id IN (\(ids)) AND outcome = \(bind: ServiceOutcome.reserve.rawValue) GROUP BY service_id
            """
        ).all(decoding: ReserveCountRow.self)
        let reserve = waiting.map { CountRow(service_id: $0.service_id, n: $0.n) }
        let offered = waiting.map { CountRow(service_id: $0.service_id, n: $0.offered) }
        func map(_ rows: [CountRow]) -> [UUID: Int] { Dictionary(uniqueKeysWithValues: rows.map { ($0.service_id, $0.n) }) }
        let (e, r, o) = (map(enrolled), map(reserve), map(offered))
        return Dictionary(
            uniqueKeysWithValues: try services.map { s in
                let offers = o[try s.requireID()] ?? 0
                return (
                    try s.requireID(),
                    Availability(
                        places: s.places, inUse: (e[try s.requireID()] ?? 0) + offers,
                        reserve: (r[try s.requireID()] ?? 0) - offers)
                )
            })
    }

    struct OpenApplication: Decodable {
        let id: UUID
        let number: String
        let person_id: UUID
        let received_at: Date
        let assessment_due: CalendarDay
        let first_name: String
        let last_name: String
        let scheduled_on: CalendarDay?
        let done_on: CalendarDay?
        let open_count: Int
    }

    struct OpenCounts: Decodable {
        let open: Int
        let overdue: Int?
        let due_soon: Int?
        let to_schedule: Int?
    }

    /// Which open applications the dashboard lists: all of them, or one deadline group (the
    /// counters link to these).
    enum OpenFilter: String, CaseIterable, Sendable {
        case all
        case toSchedule = "schedule"
        case dueSoon = "soon"
        case overdue

        /// The condition on the joined rows (a: service_applications, na: needs_assessments).
        func condition(today: CalendarDay) -> SQLQueryString {
            let soon = today.adding(days: 3).iso
            switch self {
            case .all: return "1 = 1"
            case .toSchedule: return "na.id IS NULL"
            case .dueSoon:
                return "na.done_on IS NULL AND a.assessment_due >= \(bind: today.iso) AND a.assessment_due <= \(bind: soon)"
            case .overdue: return "na.done_on IS NULL AND a.assessment_due < \(bind: today.iso)"
            }
        }
    }

    /// Applications with a service still waiting for an outcome, oldest first, and their counts.
    static func openApplications(
        organisationID: UUID, today: CalendarDay, filter: OpenFilter = .all, limit: Int, offset: Int = 0,
        on db: any Database
    ) async throws -> ([OpenApplication], OpenCounts) {
        let sql = try db.sql()
        let rows: [OpenApplication]
        if filter == .all {
            rows = try await allOpen(organisationID: organisationID, limit: limit, offset: offset, on: sql)
        } else {
            // A deadline group needs the application's due date and the assessment before it can
            // page, so the join comes first; the groups are small next to all open applications.
            rows = try await sql.raw(
                """
                SELECT a.id, a.number, a.person_id, a.received_at, a.assessment_due, p.first_name, p.last_name, na.scheduled_on, na.done_on, o.open_count
                FROM (SELECT application_id, COUNT(*) AS open_count, MIN(received_at) AS first_received FROM application_services
                      WHERE organisation_id = \(bind: organisationID) AND outcome = \(bind: ServiceOutcome.requested.rawValue)
                      GROUP BY application_id) o
                JOIN service_applications a ON a.id = o.application_id
                JOIN persons p ON p.id = a.person_id
                LEFT JOIN needs_assessments na ON na.application_id = a.id
                WHERE \(filter.condition(today: today))
                ORDER BY o.first_received, a.id LIMIT \(bind: limit) OFFSET \(bind: offset)
                """
            ).all(decoding: OpenApplication.self)
        }
        return (rows, try await openCounts(organisationID: organisationID, today: today, on: sql))
    }

    /// One page of all open applications: chosen on application_services alone (its receipt time
    /// is the application's), then only those rows are joined — not every open application.
    private static func allOpen(organisationID: UUID, limit: Int, offset: Int, on sql: any SQLDatabase) async throws
        -> [OpenApplication]
    {
        try await sql.raw(
            """
            SELECT a.id, a.number, a.person_id, a.received_at, a.assessment_due, p.first_name, p.last_name, na.scheduled_on, na.done_on, o.open_count
            FROM (SELECT application_id, COUNT(*) AS open_count, MIN(received_at) AS first_received FROM application_services
                  WHERE organisation_id = \(bind: organisationID) AND outcome = \(bind: ServiceOutcome.requested.rawValue)
                  GROUP BY application_id ORDER BY first_received, application_id LIMIT \(bind: limit) OFFSET \(bind: offset)) o
            JOIN service_applications a ON a.id = o.application_id
            JOIN persons p ON p.id = a.person_id
            LEFT JOIN needs_assessments na ON na.application_id = a.id
            ORDER BY o.first_received, a.id
            """
        ).all(decoding: OpenApplication.self)
    }

    static func openCounts(organisationID: UUID, today: CalendarDay, on sql: any SQLDatabase) async throws -> OpenCounts {
        try await sql.raw(
            """
            SELECT COUNT(*) AS open,
              SUM(CASE WHEN \(OpenFilter.overdue.condition(today: today)) THEN 1 ELSE 0 END) AS overdue,
              SUM(CASE WHEN \(OpenFilter.dueSoon.condition(today: today)) THEN 1 ELSE 0 END) AS due_soon,
              SUM(CASE WHEN \(OpenFilter.toSchedule.condition(today: today)) THEN 1 ELSE 0 END) AS to_schedule
            FROM (SELECT DISTINCT application_id FROM application_services
                  WHERE organisation_id = \(bind: organisationID) AND outcome = \(bind: ServiceOutcome.requested.rawValue)) o
            JOIN service_applications a ON a.id = o.application_id
            LEFT JOIN needs_assessments na ON na.application_id = a.id
            """
        ).first(decoding: OpenCounts.self) ?? OpenCounts(open: 0, overdue: 0, due_soon: 0, to_schedule: 0)
    }

    struct IpusClockRow: Decodable, Sendable {
        let application_id: UUID
        let person_id: UUID
        let ipus_due: CalendarDay
        let number: String
        let first_name: String
        let last_name: String
    }

    /// Persons whose assessment found that an IPUS is needed and whose plan is still owed: no
    /// plan yet, or one not approved and not closed. The deadline is met by the approval, so an
    /// approved plan never shows as late. The intake dashboard and the IPUS caseload both read
    /// this, so their alarms agree.
    static func ipusClocks(organisationID: UUID, limit: Int, on db: any Database) async throws -> [IpusClockRow] {
        try await db.sql().raw(
            """
            SELECT na.application_id, a.person_id, na.ipus_due, a.number, p.first_name, p.last_name
            FROM needs_assessments na
            JOIN service_applications a ON a.id = na.application_id
            JOIN persons p ON p.id = a.person_id
            WHERE na.organisation_id = \(bind: organisationID) AND na.ipus_needed = \(bind: true) AND na.ipus_due IS NOT NULL
            AND NOT EXISTS (
                SELECT 1 FROM ipus_plans ip WHERE ip.application_id = na.application_id
                AND (ip.approved_version IS NOT NULL OR ip.state = \(bind: IpusState.closed.rawValue)))
            ORDER BY na.ipus_due, na.application_id LIMIT \(bind: limit)
            """
        ).all(decoding: IpusClockRow.self)
    }

    struct ReserveRow: Decodable {
        let id: UUID
        let received_at: Date
        let criteria_met: String
        let offered_at: Date?
    }

    /// The whole reserve list of a service in its order — only the columns the order needs.
    static func reserveOrder(_ service: ServiceDefinition, on db: any Database) async throws -> [(
        entry: ReserveEntry, offered: Bool
    )] {
        try await reserveOrder(serviceID: service.requireID(), criteriaCount: service.criteriaList.count, on: db)
    }

    static func reserveOrder(serviceID: UUID, criteriaCount: Int, on db: any Database) async throws -> [(
        entry: ReserveEntry, offered: Bool
    )] {
        let rows = try await db.sql().raw(
            """
            SELECT id, received_at, criteria_met, offered_at FROM application_services
            WHERE service_id = \(bind: serviceID) AND outcome = \(bind: ServiceOutcome.reserve.rawValue)
            """
        ).all(decoding: ReserveRow.self)
        let offered = Set(rows.filter { $0.offered_at != nil }.map(\.id))
        let entries = rows.map { ReserveEntry(id: $0.id, receivedAt: $0.received_at, criteriaMet: criteria($0.criteria_met)) }
        return ReserveList.ordered(entries, criteriaCount: criteriaCount).map { ($0, offered.contains($0.id)) }
    }

    /// The stored criteria ("[0,2]", written by `IntakeService.reserve`), parsed without a JSON
    /// decoder per row: the reserve list reads thousands of them.
    static func criteria(_ text: String) -> Set<Int> {
        Set(text.split(whereSeparator: { $0 == "[" || $0 == "]" || $0 == "," || $0 == " " }).compactMap { Int($0) })
    }
}

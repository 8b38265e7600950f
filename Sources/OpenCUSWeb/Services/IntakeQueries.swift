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

    /// Availability of many services at once: active enrolments, open offers and the reserve list.
    static func availabilities(_ services: [ServiceDefinition], on db: any Database) async throws -> [UUID: Availability] {
        guard !services.isEmpty else { return [:] }
        let sql = try db.sql()
        let ids = SQLList(services.map { SQLBind($0.id!) })
        let enrolled = try await sql.raw("""
            SELECT service_id, COUNT(*) AS n FROM enrolments WHERE service_id IN (\(ids)) AND active = \(bind: true) GROUP BY service_id
            """).all(decoding: CountRow.self)
        let reserve = try await sql.raw("""
            SELECT service_id, COUNT(*) AS n FROM application_services WHERE service_id IN (\(ids)) AND outcome = \(bind: ServiceOutcome.reserve.rawValue) GROUP BY service_id
            """).all(decoding: CountRow.self)
        let offered = try await sql.raw("""
            SELECT service_id, COUNT(*) AS n FROM application_services
            WHERE service_id IN (\(ids)) AND outcome = \(bind: ServiceOutcome.reserve.rawValue) AND offered_at IS NOT NULL GROUP BY service_id
            """).all(decoding: CountRow.self)
        func map(_ rows: [CountRow]) -> [UUID: Int] { Dictionary(uniqueKeysWithValues: rows.map { ($0.service_id, $0.n) }) }
        let (e, r, o) = (map(enrolled), map(reserve), map(offered))
        return Dictionary(uniqueKeysWithValues: services.map { s in
            let offers = o[s.id!] ?? 0
            return (s.id!, Availability(places: s.places, inUse: (e[s.id!] ?? 0) + offers, reserve: (r[s.id!] ?? 0) - offers))
        })
    }

    struct OpenApplication: Decodable {
        let id: UUID
        let number: String
        let person_id: UUID
        let received_at: Date
        let assessment_due: String
        let first_name: String
        let last_name: String
        let scheduled_on: String?
        let done_on: String?
        let open_count: Int
    }

    struct OpenCounts: Decodable {
        let open: Int
        let overdue: Int?
        let due_soon: Int?
        let to_schedule: Int?
    }

    /// Applications with a service still waiting for an outcome, oldest first, and their counts.
    static func openApplications(organisationID: UUID, today: CalendarDay, limit: Int, offset: Int = 0, on db: any Database) async throws -> ([OpenApplication], OpenCounts) {
        let sql = try db.sql()
        // The page is chosen on application_services alone (its receipt time is the application's),
        // then only those rows are joined — not every open application.
        let rows = try await sql.raw("""
            SELECT a.id, a.number, a.person_id, a.received_at, a.assessment_due, p.first_name, p.last_name, na.scheduled_on, na.done_on, o.open_count
            FROM (SELECT application_id, COUNT(*) AS open_count, MIN(received_at) AS first_received FROM application_services
                  WHERE organisation_id = \(bind: organisationID) AND outcome = \(bind: ServiceOutcome.requested.rawValue)
                  GROUP BY application_id ORDER BY first_received, application_id LIMIT \(bind: limit) OFFSET \(bind: offset)) o
            JOIN service_applications a ON a.id = o.application_id
            JOIN persons p ON p.id = a.person_id
            LEFT JOIN needs_assessments na ON na.application_id = a.id
            ORDER BY o.first_received, a.id
            """).all(decoding: OpenApplication.self)
        let soon = today.adding(days: 3).iso
        let counts = try await sql.raw("""
            SELECT COUNT(*) AS open,
              SUM(CASE WHEN na.done_on IS NULL AND a.assessment_due < \(bind: today.iso) THEN 1 ELSE 0 END) AS overdue,
              SUM(CASE WHEN na.done_on IS NULL AND a.assessment_due >= \(bind: today.iso) AND a.assessment_due <= \(bind: soon) THEN 1 ELSE 0 END) AS due_soon,
              SUM(CASE WHEN na.id IS NULL THEN 1 ELSE 0 END) AS to_schedule
            FROM (SELECT DISTINCT application_id FROM application_services
                  WHERE organisation_id = \(bind: organisationID) AND outcome = \(bind: ServiceOutcome.requested.rawValue)) o
            JOIN service_applications a ON a.id = o.application_id
            LEFT JOIN needs_assessments na ON na.application_id = a.id
            """).first(decoding: OpenCounts.self) ?? OpenCounts(open: 0, overdue: 0, due_soon: 0, to_schedule: 0)
        return (rows, counts)
    }

    struct IpusClockRow: Decodable {
        let application_id: UUID
        let person_id: UUID
        let ipus_due: String
        let number: String
        let first_name: String
        let last_name: String
    }

    /// Persons whose assessment found that an IPUS is needed, by its deadline.
    static func ipusClocks(organisationID: UUID, limit: Int, on db: any Database) async throws -> [IpusClockRow] {
        try await db.sql().raw("""
            SELECT na.application_id, a.person_id, na.ipus_due, a.number, p.first_name, p.last_name
            FROM needs_assessments na
            JOIN service_applications a ON a.id = na.application_id
            JOIN persons p ON p.id = a.person_id
            WHERE na.organisation_id = \(bind: organisationID) AND na.ipus_needed = \(bind: true) AND na.ipus_due IS NOT NULL
            ORDER BY na.ipus_due, na.application_id LIMIT \(bind: limit)
            """).all(decoding: IpusClockRow.self)
    }

    struct ReserveRow: Decodable {
        let id: UUID
        let received_at: Date
        let criteria_met: String
        let offered_at: Date?
    }

    /// The whole reserve list of a service in its order — only the columns the order needs.
    static func reserveOrder(_ service: ServiceDefinition, on db: any Database) async throws -> [(entry: ReserveEntry, offered: Bool)] {
        let rows = try await db.sql().raw("""
            SELECT id, received_at, criteria_met, offered_at FROM application_services
            WHERE service_id = \(bind: service.id!) AND outcome = \(bind: ServiceOutcome.reserve.rawValue)
            """).all(decoding: ReserveRow.self)
        let offered = Set(rows.filter { $0.offered_at != nil }.map(\.id))
        let entries = rows.map { ReserveEntry(id: $0.id, receivedAt: $0.received_at, criteriaMet: criteria($0.criteria_met)) }
        return ReserveList.ordered(entries, criteriaCount: service.criteriaList.count).map { ($0, offered.contains($0.id)) }
    }

    /// The stored criteria ("[0,2]", written by `IntakeService.reserve`), parsed without a JSON
    /// decoder per row: the reserve list reads thousands of them.
    static func criteria(_ text: String) -> Set<Int> {
        Set(text.split(whereSeparator: { $0 == "[" || $0 == "]" || $0 == "," || $0 == " " }).compactMap { Int($0) })
    }
}

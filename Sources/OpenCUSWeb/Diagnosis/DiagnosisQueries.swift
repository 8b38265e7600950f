import Fluent
import Foundation
import OpenCUSCore
import SQLKit

/// OpenCUS's own figures for a diagnosis: one grouped query per figure, each the computation
/// `DiagnosisFigures` states next to it. Plain SQL that SQLite and PostgreSQL read alike (days
/// are ISO text, so a year is a text range).
enum DiagnosisQueries {
    struct Count: Decodable {
        let name: String
        let n: Int
    }

    static func figures(_ organisationID: UUID, year: Int, on db: any Database) async throws -> DiagnosisFigures {
        let sql = try db.sql()
        let first = CalendarDay(year: year, month: 1, day: 1)!
        let last = CalendarDay(year: year, month: 12, day: 31)!
        let start = ConsultationDates(firstDay: first, lastDay: first).opensAt
        let end = ConsultationDates(firstDay: last, lastDay: last).closesAt
        var figures = DiagnosisFigures(year: year)

        let byArea = try await sql.raw(
            """
            SELECT s.area AS name, COUNT(*) AS n FROM application_services r
            JOIN service_definitions s ON s.id = r.service_id
            WHERE r.organisation_id = \(bind: organisationID) AND r.received_at >= \(bind: start) AND r.received_at < \(bind: end)
            GROUP BY s.area
            """
        ).all(decoding: Count.self)
        figures.requestedByArea = Dictionary(
            uniqueKeysWithValues: byArea.compactMap { row in ServiceArea(rawValue: row.name).map { ($0, row.n) } })

        figures.reserveNow = try await sql.raw(
            """
            SELECT s.name AS name, COUNT(*) AS n FROM application_services r
            JOIN service_definitions s ON s.id = r.service_id
            WHERE r.organisation_id = \(bind: organisationID) AND r.outcome = \(bind: ServiceOutcome.reserve.rawValue)
            GROUP BY s.name ORDER BY s.name
            """
        ).all(decoding: Count.self).map { .init($0.name, $0.n) }

        figures.refusedByService = try await sql.raw(
            """
            SELECT s.name AS name, COUNT(*) AS n FROM refusal_decisions d
            JOIN application_services r ON r.id = d.requested_service_id
            JOIN service_definitions s ON s.id = r.service_id
            WHERE d.organisation_id = \(bind: organisationID) AND d.issued_on >= \(bind: first.iso) AND d.issued_on <= \(bind: last.iso)
            GROUP BY s.name ORDER BY s.name
            """
        ).all(decoding: Count.self).map { .init($0.name, $0.n) }

        figures.plansApprovedInYear = try await IpusVersion.scoped(to: organisationID, on: db).filter(\.$version == 1)
            .filter(\.$approvedOn >= first).filter(\.$approvedOn <= last).count()
        figures.plansClosedInYear = try await IpusPlan.scoped(to: organisationID, on: db).filter(\.$closedAt >= start)
            .filter(\.$closedAt < end).count()
        let events = try await Event.scoped(to: organisationID, on: db).filter(\.$startDay >= first)
            .filter(\.$startDay <= last).filter(\.$status != .cancelled).all()
        figures.eventsInYear = events.count
        let eventIDs = events.compactMap(\.id)
        figures.confirmedRegistrationsInYear =
            eventIDs.isEmpty
            ? 0
            : try await Registration.query(on: db).filter(\.$event.$id ~~ eventIDs).filter(\.$state == .confirmed).count()
        return figures
    }
}

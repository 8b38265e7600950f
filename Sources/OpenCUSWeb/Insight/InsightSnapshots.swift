import Fluent
import Foundation
import OpenCUSCore
import Vapor

/// Keeps each organisation's `InsightSnapshot`: computing every indicator means reading the
/// organisation's whole history (at a large city's scale, seconds), so pages read the last
/// snapshot and say when it was computed. Housekeeping recomputes snapshots older than
/// `maximumAge`; a page computes one itself only when there is none yet or its months no longer
/// reach today (a new month began); "Przelicz teraz" recomputes on request.
enum InsightSnapshots {
    static let months = 12
    static let maximumAge: TimeInterval = 15 * 60

    static func periods(_ now: Date) -> [InsightPeriod] {
        InsightPeriod.trailing(months, .month, endingWith: CalendarDay(now, in: WallClock.warsaw))
    }

    /// Computes and stores the snapshot of one organisation.
    @discardableResult
    static func refresh(_ organisationID: UUID, now: Date, on db: any Database) async throws -> InsightSnapshotRow {
        let start = ContinuousClock.now
        let facts = try await InsightQueries.facts(organisationID, on: db)
        let snapshot = InsightSnapshot.compute(facts, periods: periods(now))
        let took = ContinuousClock.now - start
        let milliseconds = Int(took.components.seconds * 1000 + took.components.attoseconds / 1_000_000_000_000_000)
        let payload = String(decoding: try JSONEncoder().encode(snapshot), as: UTF8.self)
        return try await db.writeTransaction { db in
            try await db.lockForUpdate(Organisation.self, id: organisationID)
            let row =
                try await InsightSnapshotRow.scoped(to: organisationID, on: db).first()
                ?? InsightSnapshotRow(organisationID: organisationID, computedAt: now, tookMilliseconds: 0, payload: "")
            row.computedAt = now
            row.tookMilliseconds = milliseconds
            row.payload = payload
            try await row.save(on: db)
            return row
        }
    }

    /// The snapshot to show: the stored one, or a new one when there is none or it does not
    /// reach the current month.
    static func current(_ organisationID: UUID, now: Date, on db: any Database) async throws -> (InsightSnapshot, Date) {
        if let row = try await InsightSnapshotRow.scoped(to: organisationID, on: db).first(), let snapshot = try? row.snapshot(),
            snapshot.periods.last?.contains(CalendarDay(now, in: WallClock.warsaw)) == true
        {
            return (snapshot, row.computedAt)
        }
        let row = try await refresh(organisationID, now: now, on: db)
        return (try row.snapshot(), row.computedAt)
    }

    /// Housekeeping: snapshots older than `maximumAge` are recomputed (only organisations whose
    /// dashboard was opened have one).
    static func refreshStale(now: Date, on db: any Database, logger: Logger) async throws {
        for row in try await InsightSnapshotRow.query(on: db).filter(\.$computedAt < now.addingTimeInterval(-maximumAge)).all() {
            let row = try await refresh(row.$organisation.id, now: now, on: db)
            logger.info("Insight snapshot refreshed", metadata: ["took_ms": "\(row.tookMilliseconds)"])
        }
    }
}

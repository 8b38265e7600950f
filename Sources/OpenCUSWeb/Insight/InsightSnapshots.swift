import Fluent
import Foundation
import OpenCUSCore
import Vapor

/// Keeps each organisation's `InsightSnapshot`: computing every indicator from the whole
/// history takes long at a large city's scale, so pages read the last snapshot and say when it
/// was computed. Housekeeping refreshes snapshots older than `maximumAge` incrementally — the
/// last `recentMonths` months from only the rows that can count in them (`InsightQueries`'
/// `since`) — and from the whole history once `fullAge` has passed (late corrections to older
/// months). A page computes one itself only when there is none yet or its months no longer
/// reach today (a new month began); "Przelicz teraz" refreshes incrementally on request.
enum InsightSnapshots {
    static let months = 12
    static let maximumAge: TimeInterval = 15 * 60
    static let fullAge: TimeInterval = 24 * 60 * 60
    static let recentMonths = 2

    enum Mode { case full, recent }

    static func periods(_ now: Date) -> [InsightPeriod] {
        InsightPeriod.trailing(months, .month, endingWith: CalendarDay(now, in: WallClock.warsaw))
    }

    /// Computes and stores the snapshot of one organisation: whole, or its last months only
    /// when a whole one of the same months exists (else whole after all).
    @discardableResult
    static func refresh(_ organisationID: UUID, now: Date, mode: Mode = .full, on db: any Database) async throws
        -> InsightSnapshotRow
    {
        let start = ContinuousClock.now
        let periods = periods(now)
        let services = try await InsightQueries.programmeServices(organisationID, on: db).map { try $0.requireID() }
        let existing = try await InsightSnapshotRow.scoped(to: organisationID, on: db).first()
        var snapshot: InsightSnapshot?
        var whole = true
        if mode == .recent, let existing, existing.fullAt != nil, let old = try? existing.snapshot(), old.periods == periods {
            let first = periods.count - recentMonths
            let facts = try await InsightQueries.facts(organisationID, since: periods[first].first, on: db)
            snapshot = old.merging(InsightSnapshot.compute(facts, periods: periods, services: services), from: first)
            whole = snapshot == nil
        }
        if snapshot == nil {
            let facts = try await InsightQueries.facts(organisationID, on: db)
            snapshot = InsightSnapshot.compute(facts, periods: periods, services: services)
        }
        let took = ContinuousClock.now - start
        let milliseconds = Int(took.components.seconds * 1000 + took.components.attoseconds / 1_000_000_000_000_000)
        let payload = String(decoding: try JSONEncoder().encode(snapshot), as: UTF8.self)
        let computedWhole = whole
        return try await db.writeTransaction { db in
            try await db.lockForUpdate(Organisation.self, id: organisationID)
            let row =
                try await InsightSnapshotRow.scoped(to: organisationID, on: db).first()
                ?? InsightSnapshotRow(organisationID: organisationID, computedAt: now, tookMilliseconds: 0, payload: "")
            row.computedAt = now
            row.tookMilliseconds = milliseconds
            row.payload = payload
            if computedWhole { row.fullAt = now }
            try await row.save(on: db)
            return row
        }
    }

    /// The snapshot to show: the stored one, or a new one when there is none or it does not
    /// reach the current month.
    /// Also when it was computed, and when last from the whole history.
    static func current(_ organisationID: UUID, now: Date, on db: any Database) async throws -> (
        InsightSnapshot, Date, wholeAt: Date?
    ) {
        if let row = try await InsightSnapshotRow.scoped(to: organisationID, on: db).first(), let snapshot = try? row.snapshot(),
            snapshot.periods.last?.contains(CalendarDay(now, in: WallClock.warsaw)) == true
        {
            return (snapshot, row.computedAt, row.fullAt)
        }
        let row = try await refresh(organisationID, now: now, on: db)
        return (try row.snapshot(), row.computedAt, row.fullAt)
    }

    /// Housekeeping: snapshots older than `maximumAge` are refreshed — incrementally, or whole
    /// once `fullAge` has passed since the last whole one (only organisations whose dashboard
    /// was opened have one).
    static func refreshStale(now: Date, on db: any Database, logger: Logger) async throws {
        for row in try await InsightSnapshotRow.query(on: db).filter(\.$computedAt < now.addingTimeInterval(-maximumAge)).all() {
            let whole = row.fullAt.map { $0 < now.addingTimeInterval(-fullAge) } ?? true
            let row = try await refresh(row.$organisation.id, now: now, mode: whole ? .full : .recent, on: db)
            logger.info(
                "Insight snapshot refreshed",
                metadata: ["took_ms": "\(row.tookMilliseconds)", "whole": "\(row.fullAt == now)"])
        }
    }
}

import Fluent
import Foundation
import OpenCUSCore
import Vapor

/// Writes the published aggregate table (`InsightPublication`): once a month has ended, each
/// organisation that shares with its ROPS or publishes its monitoring page gets that month's
/// publication, computed from its own rows under its own threshold. Readers outside the
/// organisation read only these rows. Run by housekeeping (idempotent: a month already
/// published is left as it is) and on the director's request ("Opublikuj ponownie").
enum InsightPublisher {
    /// The last month that has ended by `now` (Warsaw time).
    static func lastCompletedMonth(_ now: Date) -> InsightPeriod {
        InsightPeriod(.month, containing: CalendarDay(now, in: WallClock.warsaw)).previous
    }

    /// The services of the programme in force, in the programme's order.
    static func programmeServices(_ organisationID: UUID, on db: any Database) async throws -> [ProgrammeMonitoring.ServiceInput]
    {
        guard let programme = try await Programme.scoped(to: organisationID, on: db).filter(\.$state == .inForce).first() else {
            return []
        }
        return try await ServiceDefinition.query(on: db).filter(\.$programme.$id == programme.requireID()).sort(\.$position).all()
            .map { .init(id: try $0.requireID(), name: $0.name, area: $0.area.polishName, places: $0.places) }
    }

    /// Publishes (or publishes again) `month` for what the settings ask; returns the kinds written.
    @discardableResult
    static func publish(_ settings: InsightSettings, month: InsightPeriod, now: Date, on db: any Database) async throws
        -> [InsightPublication.Kind]
    {
        let organisationID = settings.$organisation.id
        var payloads: [(InsightPublication.Kind, Data)] = []
        let facts = try await InsightQueries.facts(organisationID, on: db)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        if settings.shareWithRegion && !settings.codes.isEmpty {
            payloads.append(
                (
                    .regional,
                    try encoder.encode(IndicatorPublication.make(facts, month: month, codes: settings.codes, rule: settings.rule))
                ))
        }
        if settings.publishMonitoring {
            let services = try await programmeServices(organisationID, on: db)
            payloads.append(
                (
                    .monitoring,
                    try encoder.encode(ProgrammeMonitoring.make(facts, services: services, month: month, rule: settings.rule))
                )
            )
        }
        guard !payloads.isEmpty else { return [] }
        let written = payloads
        try await db.writeTransaction { db in
            for (kind, payload) in written {
                try await InsightPublication.scoped(to: organisationID, on: db).filter(\.$kind == kind).filter(
                    \.$month == month.key
                ).delete()
                try await InsightPublication(
                    organisationID: organisationID, kind: kind, month: month.key,
                    payload: String(decoding: payload, as: UTF8.self),
                    publishedAt: now
                ).create(on: db)
            }
        }
        return payloads.map(\.0)
    }

    /// Removes what an organisation no longer shares (the ROPS stops seeing it at once).
    static func withdraw(_ kind: InsightPublication.Kind, organisationID: UUID, on db: any Database) async throws {
        try await InsightPublication.scoped(to: organisationID, on: db).filter(\.$kind == kind).delete()
    }

    /// Housekeeping: every organisation that publishes gets the last ended month once.
    static func publishDue(now: Date, on db: any Database, logger: Logger) async throws {
        let month = lastCompletedMonth(now)
        let publishing = try await InsightSettings.query(on: db).group(.or) {
            $0.filter(\.$shareWithRegion == true).filter(\.$publishMonitoring == true)
        }.all()
        for settings in publishing {
            let done = Set(
                try await InsightPublication.scoped(to: settings.$organisation.id, on: db).filter(\.$month == month.key).all()
                    .map(\.kind))
            let due =
                (settings.shareWithRegion && !done.contains(.regional))
                || (settings.publishMonitoring && !done.contains(.monitoring))
            guard due else { continue }
            do {
                try await publish(settings, month: month, now: now, on: db)
            } catch let error as any DatabaseError where error.isConstraintFailure {
                // Another instance published the same month at the same moment: its rows stand.
                logger.info("Insight publication already written by another instance", metadata: ["month": "\(month.key)"])
            }
        }
    }
}

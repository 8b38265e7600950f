import Fluent
import Foundation
import OpenCUSCore
import SQLKit
import Vapor

/// Places freeing up: an enrolment ends, the next person on the reserve list gets an offer,
/// a resident withdraws through the tracking link.
extension IntakeService {
    // MARK: Places freeing up

    static func endEnrolment(_ id: UUID, reason: String, staff: AuditActor, organisationID: UUID, now: Date, on db: any Database)
        async throws
    {
        try await db.writeTransaction { db in
            guard let enrolment = try await Enrolment.find(id, in: organisationID, on: db), enrolment.active,
                let service = try await ServiceDefinition.find(enrolment.$service.id, in: organisationID, on: db)
            else { throw Abort(.notFound) }
            try await db.lockForUpdate(ServiceDefinition.self, id: service.requireID())
            enrolment.active = false
            enrolment.endDay = CalendarDay(now, in: WallClock.warsaw)
            enrolment.endReason = String(reason.prefix(500))
            try await enrolment.update(on: db)
            if let r = try await RequestedService.find(enrolment.$requested.id, in: organisationID, on: db),
                let application = try await ServiceApplication.find(r.$application.id, in: organisationID, on: db)
            {
                try await event(
                    application, "„\(service.name)”: zakończono korzystanie z usługi", actor: staff.name, now: now, on: db)
            }
            try await audit(
                staff, organisationID: organisationID, .update, person: enrolment.$person.id, record: enrolment.id,
                detail: "koniec usługi: \(service.name)",
                now: now, on: db)
            try await offerNext(service, staff: staff, organisationID: organisationID, now: now, on: db)
        }
    }

    /// Offers free places to the next people on the reserve list (inside the caller's locked
    /// transaction): the offer holds the place until staff confirm it (qualify) or it is withdrawn.
    static func offerNext(_ service: ServiceDefinition, staff: AuditActor?, organisationID: UUID, now: Date, on db: any Database)
        async throws
    {
        guard let places = service.places else { return }
        let (enrolments, offers) = try await held(service.requireID(), on: db)
        var free = places - enrolments - offers
        guard free > 0 else { return }
        let waiting = try await RequestedService.query(on: db).filter(\.$service.$id == service.requireID()).filter(
            \.$outcome == .reserve
        )
        .filter(\.$offeredAt == nil).all()
        let order = ReserveList.ordered(
            try waiting.map { ReserveEntry(id: try $0.requireID(), receivedAt: $0.receivedAt, criteriaMet: $0.criteria) },
            criteriaCount: service.criteriaList.count)
        for entry in order where free > 0 {
            guard let r = waiting.first(where: { $0.id == entry.id }),
                let application = try await ServiceApplication.find(r.$application.id, in: organisationID, on: db),
                let person = try await Person.find(application.$person.id, in: organisationID, on: db)
            else { continue }
            r.offeredAt = now
            try await r.update(on: db)
            free -= 1
            try await event(
                application, "„\(service.name)”: zwolniło się miejsce — zaproponowano je z listy rezerwowej",
                actor: staff?.name ?? "system", now: now, on: db)
            try await mail(
                person, subject: "Wniosek nr \(application.number): zwolniło się miejsce",
                body:
                    "Dzień dobry,\n\nzwolniło się miejsce w usłudze „\(service.name)”. Jest zarezerwowane dla Ciebie — koordynator skontaktuje się, aby potwierdzić termin rozpoczęcia.",
                key: "offer-\(try r.requireID().uuidString.lowercased())-\(Int(now.timeIntervalSince1970))",
                organisationID: organisationID,
                now: now, on: db)
        }
    }

    /// The resident withdraws a requested service through their tracking link.
    static func withdraw(_ id: UUID, application: ServiceApplication, now: Date, on db: any Database) async throws {
        try await db.writeTransaction { db in
            let organisationID = application.$organisation.id
            guard let r = try await RequestedService.find(id, in: organisationID, on: db), r.$application.id == application.id,
                let service = try await ServiceDefinition.find(r.$service.id, in: organisationID, on: db)
            else { throw Abort(.notFound) }
            try await db.lockForUpdate(ServiceDefinition.self, id: service.requireID())
            let change = try outcomeChange(r, to: .withdrawn)
            try await apply(change, to: r, service: service, now: now, on: db)
            try await event(
                application, "„\(service.name)”: wycofano przez wnioskodawcę", actor: "wnioskodawca", now: now, on: db)
            if change.reserveListMoves {
                try await offerNext(service, staff: nil, organisationID: organisationID, now: now, on: db)
            }
        }
    }

    static func application(forToken token: String, now: Date, on db: any Database) async throws -> ServiceApplication? {
        guard token.count >= 32, token.count <= 64,
            let row = try await ApplicationToken.query(on: db).filter(\.$tokenHash == token.sha256Hex).first(),
            row.expiresAt > now
        else { return nil }
        return try await ServiceApplication.find(row.$application.id, on: db)
    }

    /// 1-based places in the queue of a service's reserve list, by requested-service id: the
    /// people holding an offered place are not in the queue any more (staff see them apart).
    static func reservePositions(_ service: ServiceDefinition, on db: any Database) async throws -> [UUID: Int] {
        Dictionary(
            uniqueKeysWithValues: try await IntakeQueries.reserveOrder(service, on: db).filter { !$0.offered }.enumerated()
                .map { ($1.entry.id, $0 + 1) })
    }
}

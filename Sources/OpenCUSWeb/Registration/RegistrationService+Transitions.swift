import Fluent
import Foundation
import OpenCUSCore
import SQLKit
import Vapor

/// Moves between states: accept, reject, cancel, offers from the waiting list and their expiry,
/// promotion when seats free up. Each in one write transaction under the event's lock.
extension RegistrationService {
    // MARK: Transitions

    /// Approval mode: the organiser accepts; the person gets a seat, or the waiting list.
    static func accept(
        _ registrationID: UUID, actor: RegistrationActor, context: RegistrationContext, on db: any Database,
        environment: Environment
    ) async throws {
        try await db.writeTransaction { db in
            try await db.lockForUpdate(Event.self, id: context.eventID)
            let registration = try await load(registrationID, context: context, on: db)
            guard registration.state == .pending else {
                throw RegistrationError.wrongState("Zgłoszenie nie czeka już na akceptację.")
            }
            let choices = try await workshopRows(registration, on: db)
            let outcome = Allocation.admit(
                mode: .automatic, counts: try await counts(context, on: db), workshops: choices.map { $0.$entry.id })
            try await apply(outcome, to: registration, choices: choices, on: db)
            let change = try await log(
                registration, from: .pending, to: outcome.state, actor: actor, note: nil, now: environment.now, on: db)
            try await RegistrationMailer.enqueue(
                outcome.state == .confirmed ? .confirmed : .waitlisted, registration: registration, context: context,
                token: try await issueToken(registration, now: environment.now, on: db), changeID: change, on: db,
                environment: environment)
        }
    }

    static func reject(
        _ registrationID: UUID, reason: String, actor: RegistrationActor, context: RegistrationContext, on db: any Database,
        environment: Environment
    ) async throws {
        try await end(
            registrationID, as: .rejected, reason: reason, actor: actor, context: context, on: db, environment: environment)
    }

    static func cancel(
        _ registrationID: UUID, reason: String?, actor: RegistrationActor, context: RegistrationContext, on db: any Database,
        environment: Environment
    ) async throws {
        try await end(
            registrationID, as: .cancelled, reason: reason, actor: actor, context: context, on: db, environment: environment)
    }

    /// Ends a registration (rejected or cancelled), frees its seat and workshop places, and
    /// promotes the next people in line — all in one locked transaction.
    static func end(
        _ registrationID: UUID, as state: RegistrationState, reason: String?, actor: RegistrationActor,
        context: RegistrationContext,
        on db: any Database, environment: Environment
    ) async throws {
        try await db.writeTransaction { db in
            try await db.lockForUpdate(Event.self, id: context.eventID)
            let registration = try await load(registrationID, context: context, on: db)
            guard registration.state.isActive else { throw RegistrationError.wrongState("To zgłoszenie jest już zamknięte.") }
            let previous = registration.state
            registration.state = state
            registration.activeEmail = nil
            registration.offerExpiresAt = nil
            registration.reason = reason?.nilIfEmpty
            try await registration.update(on: db)
            try await RegistrationWorkshop.query(on: db).filter(\.$registration.$id == registrationID).delete()
            let change = try await log(
                registration, from: previous, to: state, actor: actor, note: reason, now: environment.now, on: db)
            try await RegistrationMailer.enqueue(
                state == .rejected ? .rejected : .cancelled, registration: registration, context: context, token: nil,
                changeID: change,
                on: db, environment: environment)
            try await promote(context, on: db, environment: environment)
        }
    }

    /// The person accepts a seat offered to them.
    static func acceptOffer(_ registrationID: UUID, context: RegistrationContext, on db: any Database, environment: Environment)
        async throws
    {
        try await db.writeTransaction { db in
            try await db.lockForUpdate(Event.self, id: context.eventID)
            let registration = try await load(registrationID, context: context, on: db)
            guard registration.state == .offered, let expires = registration.offerExpiresAt, expires > environment.now else {
                throw RegistrationError.wrongState("Ta propozycja miejsca nie jest już aktualna.")
            }
            // The offered seat is already counted as taken: confirm it, place workshops.
            var counts = try await counts(context, on: db)
            counts.eventTaken -= 1
            let choices = try await workshopRows(registration, on: db)
            let outcome = Allocation.admit(mode: .automatic, counts: counts, workshops: choices.map { $0.$entry.id })
            try await apply(outcome, to: registration, choices: choices, on: db)
            let change = try await log(
                registration, from: .offered, to: .confirmed, actor: .participant, note: "Przyjęto zaproponowane miejsce",
                now: environment.now, on: db)
            try await RegistrationMailer.enqueue(
                .confirmed, registration: registration, context: context,
                token: try await issueToken(registration, now: environment.now, on: db),
                changeID: change, on: db, environment: environment)
        }
    }

    /// Offers past their time go to the next person (run by the background job).
    static func expireOffers(_ context: RegistrationContext, on db: any Database, environment: Environment) async throws -> Int {
        try await db.writeTransaction { db in
            try await db.lockForUpdate(Event.self, id: context.eventID)
            let expired = try await Registration.query(on: db).filter(\.$event.$id == context.eventID).filter(
                \.$state == .offered
            )
            .filter(\.$offerExpiresAt < environment.now).all()
            for registration in expired {
                registration.state = .cancelled
                registration.activeEmail = nil
                registration.offerExpiresAt = nil
                registration.reason = "Propozycja miejsca wygasła."
                try await registration.update(on: db)
                try await RegistrationWorkshop.query(on: db).filter(\.$registration.$id == registration.requireID()).delete()
                let change = try await log(
                    registration, from: .offered, to: .cancelled, actor: .system, note: "Propozycja miejsca wygasła",
                    now: environment.now, on: db)
                try await RegistrationMailer.enqueue(
                    .cancelled, registration: registration, context: context, token: nil, changeID: change, on: db,
                    environment: environment)
            }
            if !expired.isEmpty { try await promote(context, on: db, environment: environment) }
            return expired.count
        }
    }

    /// Fills free seats from the waiting list (first come, first served) and free workshop
    /// places from the workshops' waiting lists. Must run inside the locked transaction.
    static func promote(_ context: RegistrationContext, on db: any Database, environment: Environment) async throws {
        var counts = try await counts(context, on: db)
        let waiting = try await Registration.query(on: db).filter(\.$event.$id == context.eventID).filter(\.$state == .waitlisted)
            .sort(\.$sequence).all()
        for registration in waiting.prefix(Allocation.promotable(counts: counts, waiting: waiting.count)) {
            if context.settings.promotionMode == .offer {
                registration.state = .offered
                registration.offerExpiresAt = environment.now.addingTimeInterval(TimeInterval(context.settings.offerHours) * 3600)
                try await registration.update(on: db)
                counts.eventTaken += 1
                let change = try await log(
                    registration, from: .waitlisted, to: .offered, actor: .system, note: nil, now: environment.now, on: db)
                try await RegistrationMailer.enqueue(
                    .offered, registration: registration, context: context,
                    token: try await issueToken(registration, now: environment.now, on: db),
                    changeID: change, on: db, environment: environment)
            } else {
                let choices = try await workshopRows(registration, on: db)
                let outcome = Allocation.admit(mode: .automatic, counts: counts, workshops: choices.map { $0.$entry.id })
                try await apply(outcome, to: registration, choices: choices, on: db)
                counts.eventTaken += 1
                for (id, placement) in outcome.workshops where placement == .assigned {
                    counts.workshopTaken[id, default: 0] += 1
                }
                let change = try await log(
                    registration, from: .waitlisted, to: .confirmed, actor: .system, note: "Przeniesiono z listy rezerwowej",
                    now: environment.now, on: db)
                try await RegistrationMailer.enqueue(
                    .promoted, registration: registration, context: context,
                    token: try await issueToken(registration, now: environment.now, on: db),
                    changeID: change, on: db, environment: environment)
            }
        }
        // Workshop waiting lists (people who hold a seat but waited for a full workshop).
        for (entryID, _) in context.alternatives {
            guard var free = counts.workshopPlacesLeft(entryID), free > 0 else { continue }
            let queue = try await RegistrationWorkshop.query(on: db).filter(\.$entry.$id == entryID).filter(
                \.$placement == .waiting
            )
            .sort(\.$sequence).all()
            for row in queue where free > 0 {
                row.placement = .assigned
                try await row.update(on: db)
                free -= 1
                counts.workshopTaken[entryID, default: 0] += 1
                // Told by e-mail like a promotion to the event, and logged.
                guard let registration = try await Registration.find(row.$registration.id, on: db) else { continue }
                let title = context.alternatives[entryID]?.title ?? ""
                let change = try await log(
                    registration, from: registration.state, to: registration.state, actor: .system,
                    note: "Przydzielono miejsce w warsztacie „\(title)” (z listy rezerwowej warsztatu)", now: environment.now,
                    on: db)
                try await RegistrationMailer.enqueue(
                    .workshopPlace, registration: registration, context: context,
                    token: try await issueToken(registration, now: environment.now, on: db),
                    changeID: change, on: db, environment: environment)
            }
        }
    }
}

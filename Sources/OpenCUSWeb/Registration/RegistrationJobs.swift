import Fluent
import Foundation
import OpenCUSCore

/// Scheduled registration work, run by the background loop: expiring seat offers (the seat goes
/// to the next person) and reminders a set number of days before the event, each sent once
/// (the outbox idempotency key is per registration, and `reminder_sent_at` is set in the same
/// transaction).
enum RegistrationJobs {
    struct Result: Sendable, Equatable {
        var expiredOffers = 0
        var reminders = 0
    }

    static func run(on db: any Database, environment: RegistrationService.Environment) async throws -> Result {
        var result = Result()
        let withOffers = try await Registration.query(on: db).filter(\.$state == .offered).filter(
            \.$offerExpiresAt < environment.now
        ).all()
        for eventID in Set(withOffers.map { $0.$event.id }) {
            guard let event = try await Event.find(eventID, on: db),
                let context = try await RegistrationContext.load(event, on: db)
            else { continue }
            result.expiredOffers += try await RegistrationService.expireOffers(context, on: db, environment: environment)
        }
        let today = CalendarDay(environment.now, in: WallClock.warsaw)
        let due = try await RegistrationSettings.query(on: db).filter(\.$enabled == true).filter(\.$reminderDays != nil).filter(
            \.$reminderSentAt == nil
        ).all()
        for settings in due {
            guard let days = settings.reminderDays, let event = try await Event.find(settings.$event.id, on: db),
                event.status == .published,
                today >= event.startDay.adding(days: -days), today <= event.startDay,
                let context = try await RegistrationContext.load(event, on: db)
            else { continue }
            result.reminders += try await db.writeTransaction { db -> Int in
                let registrations = try await Registration.query(on: db).filter(\.$event.$id == event.requireID()).filter(
                    \.$state == .confirmed
                )
                .filter(\.$reminderSentAt == nil).all()
                for registration in registrations {
                    registration.reminderSentAt = environment.now
                    try await registration.update(on: db)
                    let token = try await RegistrationService.issueToken(registration, now: environment.now, on: db)
                    // Keyed by registration: a second run (or a second instance) queues nothing new.
                    try await RegistrationMailer.enqueue(
                        .reminder, registration: registration, context: context, token: token,
                        changeID: try registration.requireID(),
                        idempotencyKey: "reminder-\(try registration.requireID().uuidString.lowercased())",
                        on: db, environment: environment)
                }
                if let fresh = try await RegistrationSettings.find(settings.id, on: db) {
                    fresh.reminderSentAt = environment.now
                    try await fresh.update(on: db)
                }
                return registrations.count
            }
        }
        return result
    }
}

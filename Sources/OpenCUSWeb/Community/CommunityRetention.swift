import Fluent
import OpenCUSCore
import Vapor

/// Which sign-ups for activities and which volunteers' records are past their retention period
/// (see `RetentionRecordType.activitySignUps` and `.volunteers`); the retention job anonymises
/// them with the same code as a data subject's request.
enum CommunityRetention {
    /// A sign-up closes when it is cancelled or when its activity has had its last meeting; a
    /// sign-up for an activity with no end date stays while the activity runs.
    static func dueSignUps(_ organisationID: UUID, months: Int, now: Date, on db: any Database) async throws -> [ActivitySignUp] {
        let signUps = try await ActivitySignUp.scoped(to: organisationID, on: db)
            .filter(\.$name != ConsultationPrivacy.anonymisedName).all()
        guard !signUps.isEmpty else { return [] }
        let activities = try await Activity.scoped(to: organisationID, on: db).all()
        var lastDay: [UUID: CalendarDay] = [:]
        for activity in activities {
            guard let id = activity.id else { continue }
            let schedule = activity.schedule
            if schedule.isOneOff { lastDay[id] = schedule.first } else if let last = schedule.last { lastDay[id] = last }
        }
        return signUps.filter { signUp in
            let closed = signUp.cancelledAt.map { CalendarDay($0, in: WallClock.warsaw) } ?? lastDay[signUp.$activity.id]
            return closed.map { RetentionRules.isDue(closedOn: $0, months: months, now: now) } ?? false
        }
    }

    /// A volunteer's record closes at the end of their agreement, or at their last hours if
    /// those came later; a volunteer with an open-ended agreement stays.
    static func dueVolunteers(_ organisationID: UUID, months: Int, now: Date, on db: any Database) async throws -> [Volunteer] {
        let volunteers = try await Volunteer.scoped(to: organisationID, on: db).filter(\.$anonymisedAt == nil)
            .filter(\.$validUntil != nil).all()
        guard !volunteers.isEmpty else { return [] }
        let hours = try await VolunteerHours.scoped(to: organisationID, on: db).filter(
            \.$volunteer.$id ~~ volunteers.compactMap(\.id)
        )
        .all()
        let lastHours = Dictionary(grouping: hours, by: { $0.$volunteer.id }).mapValues { $0.map(\.day).max() }
        return volunteers.filter { volunteer in
            guard let end = volunteer.validUntil, let id = volunteer.id else { return false }
            let closed = [end, lastHours[id] ?? nil].compactMap { $0 }.max() ?? end
            return RetentionRules.isDue(closedOn: closed, months: months, now: now)
        }
    }
}

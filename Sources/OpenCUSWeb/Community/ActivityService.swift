import Fluent
import OpenCUSCore
import Vapor

enum ActivityError: Error, Equatable {
    case full
    case noSignUps
    case alreadySignedUp
    /// The day is not one the activity happens on.
    case notADay
}

/// Sign-ups and attendance of supportive activities. A sign-up takes the activity's row lock
/// (PostgreSQL; SQLite serialises writers) and counts the active sign-ups inside the same
/// transaction, as event registration does, so the places are never given twice.
enum ActivityService {
    static func activeSignUps(_ activityID: UUID, on db: any Database) -> QueryBuilder<ActivitySignUp> {
        ActivitySignUp.query(on: db).filter(\.$activity.$id == activityID).filter(\.$cancelledAt == nil)
    }

    static func signUp(
        _ activityID: UUID, organisationID: UUID, name: String, phone: String?, email: String?, personID: UUID? = nil,
        source: String, now: Date, on db: any Database
    ) async throws -> ActivitySignUp {
        try await db.writeTransaction { db in
            try await db.lockForUpdate(Activity.self, id: activityID)
            guard let activity = try await Activity.find(activityID, in: organisationID, on: db) else { throw Abort(.notFound) }
            guard activity.signUps || source != "online" else { throw ActivityError.noSignUps }
            let active = try await activeSignUps(activityID, on: db).all()
            let same = active.contains { other in
                (personID != nil && other.personID == personID)
                    || (email != nil && other.email?.lowercased() == email?.lowercased())
                    || (phone != nil && other.phone.map { $0.filter(\.isNumber) } == phone.map { $0.filter(\.isNumber) })
            }
            guard !same else { throw ActivityError.alreadySignedUp }
            if let capacity = activity.capacity, active.count >= capacity { throw ActivityError.full }
            let signUp = ActivitySignUp(
                organisationID: organisationID, activityID: activityID, name: name, phone: phone, email: email,
                personID: personID, source: source, createdAt: now)
            try await signUp.create(on: db)
            return signUp
        }
    }
}

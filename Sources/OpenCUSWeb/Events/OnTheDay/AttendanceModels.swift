import Fluent
import Foundation
import OpenCUSCore
import SQLKit

/// One participant present on one day of an event. A mark is its own row (unique per
/// registration and day), so two desks marking at once never overwrite each other: a second
/// mark of the same person is a no-op, an undo deletes only that day's row.
final class EventAttendance: Model, OrganisationOwned, @unchecked Sendable {
    static let schema = "event_attendance"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "event_id") var event: Event
    @Parent(key: "registration_id") var registration: Registration
    /// ISO day in Europe/Warsaw.
    @Field(key: "day") var day: CalendarDay
    @Field(key: "marked_at") var markedAt: Date
    @Field(key: "marked_by") var markedBy: String

    init() {}

    init(
        id: UUID? = nil,
        organisationID: UUID,
        eventID: UUID,
        registrationID: UUID,
        day: CalendarDay,
        markedAt: Date,
        markedBy: String
    ) {
        self.id = id
        self.$organisation.id = organisationID
        self.$event.id = eventID
        self.$registration.id = registrationID
        self.day = day
        self.markedAt = markedAt
        self.markedBy = markedBy
    }
}

import Fluent
import Foundation
import OpenCUSCore

/// A supportive activity ("działanie wspierające"): a club, a self-help group, volunteering,
/// neighbourly help … run by the CUS or a partner, once or on a weekly schedule, open to sign-ups
/// when it wants them (with an optional number of places).
final class Activity: Model, OrganisationOwned, @unchecked Sendable {
    static let schema = "activities"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Field(key: "title") var title: String
    @Field(key: "kind") var kind: ActivityKind
    @Field(key: "organiser") var organiser: String
    @Field(key: "place") var place: String
    @Field(key: "description") var description: String
    @Field(key: "audience") var audience: String
    @Field(key: "accessibility") var accessibility: String
    @Field(key: "schedule") var scheduleJSON: String
    @OptionalField(key: "capacity") var capacity: Int?
    @Field(key: "sign_ups") var signUps: Bool
    @OptionalField(key: "partner_id") var partnerID: UUID?
    @Field(key: "updated_by") var updatedBy: String
    @Field(key: "updated_at") var updatedAt: Date
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(id: UUID? = nil, organisationID: UUID, valid: ActivityForm.Valid, updatedBy: String, now: Date) {
        self.id = id
        self.$organisation.id = organisationID
        self.createdAt = now
        apply(valid, by: updatedBy, at: now)
    }

    func apply(_ valid: ActivityForm.Valid, by user: String, at now: Date) {
        title = valid.title
        kind = valid.kind
        organiser = valid.organiser
        place = valid.place
        description = valid.description
        audience = valid.audience
        accessibility = valid.accessibility
        schedule = valid.schedule
        capacity = valid.capacity
        signUps = valid.signUps
        partnerID = valid.partnerID
        updatedBy = user
        updatedAt = now
    }

    var schedule: ActivitySchedule {
        get {
            (try? JSONDecoder().decode(ActivitySchedule.self, from: Data(scheduleJSON.utf8)))
                ?? ActivitySchedule(
                    weekdays: [], first: CalendarDay(year: 2000, month: 1, day: 1)!, last: nil, start: TimeOfDay("00:00")!,
                    end: TimeOfDay("00:01")!)
        }
        set { scheduleJSON = Survey.encode(newValue) }
    }

    /// The form filled with the activity, for editing.
    var form: ActivityForm {
        var form = ActivityForm()
        let s = schedule
        form.title = title
        form.kind = kind.rawValue
        form.organiser = organiser
        form.place = place
        form.description = description
        form.audience = audience
        form.accessibility = accessibility
        form.firstDay = s.first.iso
        form.lastDay = s.last?.iso ?? ""
        form.weekdays = s.weekdays.map(String.init)
        form.everyWeeks = String(s.everyWeeks)
        form.start = s.start.description
        form.end = s.end.description
        form.except = s.except.map(\.iso).joined(separator: "\n")
        form.capacity = capacity.map(String.init) ?? ""
        form.signUps = signUps ? "on" : nil
        form.partner = partnerID?.uuidString ?? ""
        return form
    }
}

/// A person signed up for an activity: online from the calendar, by staff, or through an IPUS
/// plan (then linked to the registry person, so the coordinator sees their attendance).
final class ActivitySignUp: Model, OrganisationOwned, @unchecked Sendable {
    static let schema = "activity_signups"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "activity_id") var activity: Activity
    @Field(key: "name") var name: String
    @OptionalField(key: "phone") var phone: String?
    @OptionalField(key: "email") var email: String?
    /// The registry person, for sign-ups made from an IPUS plan.
    @OptionalField(key: "person_id") var personID: UUID?
    @Field(key: "source") var source: String
    @OptionalField(key: "cancelled_at") var cancelledAt: Date?
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(
        id: UUID? = nil, organisationID: UUID, activityID: UUID, name: String, phone: String?, email: String?,
        personID: UUID? = nil, source: String, createdAt: Date
    ) {
        self.id = id
        self.$organisation.id = organisationID
        self.$activity.id = activityID
        self.name = name
        self.phone = phone
        self.email = email
        self.personID = personID
        self.source = source
        self.createdAt = createdAt
    }
}

/// One meeting of an activity as it happened: who came (named, from the sign-ups) or how many
/// (counted, by age band and sex when recorded), and notes.
final class ActivitySession: Model, OrganisationOwned, @unchecked Sendable {
    static let schema = "activity_sessions"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "activity_id") var activity: Activity
    @Field(key: "day") var day: CalendarDay
    @Field(key: "total") var total: Int
    @Field(key: "breakdown") var breakdownJSON: String
    @Field(key: "notes") var notes: String
    @Field(key: "recorded_by") var recordedBy: String
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(
        id: UUID? = nil, organisationID: UUID, activityID: UUID, day: CalendarDay, counted: CountedAttendance, notes: String,
        recordedBy: String, createdAt: Date
    ) {
        self.id = id
        self.$organisation.id = organisationID
        self.$activity.id = activityID
        self.day = day
        self.total = counted.total
        self.breakdownJSON = Survey.encode(counted.breakdown)
        self.notes = notes
        self.recordedBy = recordedBy
        self.createdAt = createdAt
    }

    var breakdown: [String: Int] {
        (try? JSONDecoder().decode([String: Int].self, from: Data(breakdownJSON.utf8))) ?? [:]
    }
}

/// A signed-up person present at a session.
final class ActivityPresence: Model, OrganisationOwned, @unchecked Sendable {
    static let schema = "activity_presence"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "session_id") var session: ActivitySession
    @Parent(key: "signup_id") var signUp: ActivitySignUp

    init() {}

    init(id: UUID? = nil, organisationID: UUID, sessionID: UUID, signUpID: UUID) {
        self.id = id
        self.$organisation.id = organisationID
        self.$session.id = sessionID
        self.$signUp.id = signUpID
    }
}

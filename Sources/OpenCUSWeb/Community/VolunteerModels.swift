import Fluent
import Foundation
import OpenCUSCore

/// A volunteer of the centre and their volunteering agreement (porozumienie). Volunteers see
/// nothing of residents' files: they have no account in OpenCUS.
final class Volunteer: Model, OrganisationOwned, @unchecked Sendable {
    static let schema = "volunteers"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Field(key: "name") var name: String
    @Field(key: "phone") var phone: String
    @Field(key: "email") var email: String
    @Field(key: "availability") var availability: String
    @Field(key: "skills") var skills: String
    @Field(key: "areas") var areas: String
    @Field(key: "agreement_number") var agreementNumber: String
    @OptionalField(key: "signed_on") var signedOn: CalendarDay?
    @OptionalField(key: "valid_from") var validFrom: CalendarDay?
    @OptionalField(key: "valid_until") var validUntil: CalendarDay?
    @Field(key: "scope") var scope: String
    @Field(key: "consent_at") var consentAt: Date
    @OptionalField(key: "anonymised_at") var anonymisedAt: Date?
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(id: UUID? = nil, organisationID: UUID, valid: VolunteerForm.Valid, now: Date) {
        self.id = id
        self.$organisation.id = organisationID
        self.consentAt = now
        self.createdAt = now
        apply(valid)
    }

    func apply(_ v: VolunteerForm.Valid) {
        name = v.name
        phone = v.phone
        email = v.email
        availability = v.availability
        skills = v.skills
        areas = v.areas
        agreementNumber = v.agreementNumber
        signedOn = v.signedOn
        validFrom = v.validFrom
        validUntil = v.validUntil
        scope = v.scope
    }

    var form: VolunteerForm {
        var f = VolunteerForm()
        (f.name, f.phone, f.email, f.availability, f.skills, f.areas) = (name, phone, email, availability, skills, areas)
        (f.agreementNumber, f.signedOn, f.validFrom, f.validUntil, f.scope) = (
            agreementNumber, signedOn?.iso ?? "", validFrom?.iso ?? "", validUntil?.iso ?? "", scope
        )
        f.consent = "on"
        return f
    }
}

/// Hours a volunteer gave on a day, for an activity or generally.
final class VolunteerHours: Model, OrganisationOwned, @unchecked Sendable {
    static let schema = "volunteer_hours"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "volunteer_id") var volunteer: Volunteer
    @OptionalField(key: "activity_id") var activityID: UUID?
    @Field(key: "day") var day: CalendarDay
    @Field(key: "minutes") var minutes: Int
    @Field(key: "what") var what: String
    @Field(key: "recorded_by") var recordedBy: String
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(
        id: UUID? = nil, organisationID: UUID, volunteerID: UUID, valid: VolunteerHoursForm.Valid, recordedBy: String,
        createdAt: Date
    ) {
        self.id = id
        self.$organisation.id = organisationID
        self.$volunteer.id = volunteerID
        self.activityID = valid.activityID
        self.day = valid.day
        self.minutes = valid.minutes
        self.what = valid.what
        self.recordedBy = recordedBy
        self.createdAt = createdAt
    }
}

/// A certificate of a volunteer's hours ("zaświadczenie o wykonywaniu świadczeń"), numbered in
/// the organisation's certificate register like event certificates; the hours are fixed when issued.
final class VolunteerCertificate: Model, OrganisationOwned, @unchecked Sendable {
    static let schema = "volunteer_certificates"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "volunteer_id") var volunteer: Volunteer
    @Field(key: "number") var number: String
    @Field(key: "issued_on") var issuedOn: CalendarDay
    @Field(key: "first_day") var firstDay: CalendarDay
    @Field(key: "last_day") var lastDay: CalendarDay
    @Field(key: "minutes") var minutes: Int
    @Field(key: "issued_by") var issuedBy: String

    init() {}

    init(
        id: UUID? = nil, organisationID: UUID, volunteerID: UUID, number: String, issuedOn: CalendarDay, firstDay: CalendarDay,
        lastDay: CalendarDay, minutes: Int, issuedBy: String
    ) {
        self.id = id
        self.$organisation.id = organisationID
        self.$volunteer.id = volunteerID
        self.number = number
        self.issuedOn = issuedOn
        self.firstDay = firstDay
        self.lastDay = lastDay
        self.minutes = minutes
        self.issuedBy = issuedBy
    }
}

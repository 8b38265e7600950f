import Fluent
import Foundation
import OpenCUSCore
import SQLKit

/// One delivery of a service to an enrolled person: the row belongs to the commissioning CUS
/// (its organisation id), and names the provider that recorded it.
final class DeliveryRecord: Model, OrganisationOwned, @unchecked Sendable {
    static let schema = "delivery_records"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "enrolment_id") var enrolment: Enrolment
    @Parent(key: "service_id") var service: ServiceDefinition
    /// nil when the CUS delivers the service itself.
    @OptionalField(key: "provider_organisation_id") var providerOrganisationID: UUID?
    @Field(key: "on_day") var onDay: CalendarDay
    @OptionalField(key: "minutes") var minutes: Int?
    @OptionalField(key: "units") var units: Int?
    @Field(key: "attendance") var attendance: Attendance
    @Field(key: "note") var note: String
    @Field(key: "recorded_by") var recordedBy: String
    @Field(key: "recorded_at") var recordedAt: Date

    init() {}

    init(
        id: UUID? = nil,
        organisationID: UUID,
        enrolmentID: UUID,
        serviceID: UUID,
        providerOrganisationID: UUID? = nil,
        onDay: CalendarDay,
        minutes: Int? = nil,
        units: Int? = nil,
        attendance: Attendance,
        note: String,
        recordedBy: String,
        recordedAt: Date
    ) {
        self.id = id
        self.$organisation.id = organisationID
        self.$enrolment.id = enrolmentID
        self.$service.id = serviceID
        self.providerOrganisationID = providerOrganisationID
        self.onDay = onDay
        self.minutes = minutes
        self.units = units
        self.attendance = attendance
        self.note = note
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
    }
}

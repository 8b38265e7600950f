import Fluent
import Foundation
import OpenCUSCore

/// A congress, conference, information meeting, training… owned by the organisation whose
/// staff manage it (`organisation_id`). Every child row (rooms, people, agenda, …) carries the
/// same `organisation_id`, so tenancy checks never need a join.
final class Event: Model, OrganisationOwned, @unchecked Sendable {
    static let schema = "events"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    /// Public address: /events/{slug}. Unique across the instance.
    @Field(key: "slug") var slug: String
    /// Groups editions of one series ("kongres-cus"); clone keeps it.
    @OptionalField(key: "series") var series: String?
    @OptionalField(key: "edition") var edition: Int?
    @Field(key: "title") var title: String
    @OptionalField(key: "subtitle") var subtitle: String?
    @OptionalField(key: "motto") var motto: String?
    @Field(key: "kind") var kind: EventKind
    @Field(key: "status") var status: EventStatus
    /// ISO days in Europe/Warsaw (`CalendarDay`).
    @Field(key: "start_day") var startDay: CalendarDay
    @Field(key: "end_day") var endDay: CalendarDay
    @OptionalField(key: "venue_name") var venueName: String?
    @OptionalField(key: "venue_street") var venueStreet: String?
    @OptionalField(key: "venue_postcode") var venuePostcode: String?
    @OptionalField(key: "venue_city") var venueCity: String?
    @OptionalField(key: "voivodeship") var voivodeship: Voivodeship?
    @OptionalField(key: "online_url") var onlineURL: String?
    /// Markdown, rendered safely (see `MarkdownRenderer`).
    @Field(key: "description") var description: String
    @Field(key: "audience") var audience: String
    @Field(key: "aims") var aims: String
    @Field(key: "topics") var topics: String
    @OptionalField(key: "contact_name") var contactName: String?
    @OptionalField(key: "contact_email") var contactEmail: String?
    @OptionalField(key: "contact_phone") var contactPhone: String?
    @OptionalField(key: "cover_attachment_id") var coverAttachmentID: UUID?
    @OptionalField(key: "cover_alt") var coverAlt: String?
    @OptionalField(key: "funding_project") var fundingProject: String?
    @OptionalField(key: "funding_programme") var fundingProgramme: String?
    @OptionalField(key: "funding_funds") var fundingFunds: String?
    @OptionalField(key: "funding_statement") var fundingStatement: String?
    /// How to register until online registration exists (issue #4): "formularz do 20 kwietnia 2023 na adres…".
    @Field(key: "registration_info") var registrationInfo: String
    @OptionalField(key: "cancellation_notice") var cancellationNotice: String?
    /// Months after the end during which registrations keep their personal data; nil: the
    /// organisation's rule for funded or other events (`RetentionSettings`).
    @OptionalField(key: "retention_months") var retentionMonths: Int?
    @OptionalField(key: "published_at") var publishedAt: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    init(
        id: UUID? = nil,
        organisationID: UUID,
        slug: String,
        series: String? = nil,
        edition: Int? = nil,
        title: String,
        subtitle: String? = nil,
        motto: String? = nil,
        kind: EventKind,
        status: EventStatus,
        startDay: CalendarDay,
        endDay: CalendarDay,
        venueName: String? = nil,
        venueStreet: String? = nil,
        venuePostcode: String? = nil,
        venueCity: String? = nil,
        voivodeship: Voivodeship? = nil,
        onlineURL: String? = nil,
        description: String,
        audience: String,
        aims: String,
        topics: String,
        contactName: String? = nil,
        contactEmail: String? = nil,
        contactPhone: String? = nil,
        coverAttachmentID: UUID? = nil,
        coverAlt: String? = nil,
        fundingProject: String? = nil,
        fundingProgramme: String? = nil,
        fundingFunds: String? = nil,
        fundingStatement: String? = nil,
        registrationInfo: String,
        cancellationNotice: String? = nil,
        retentionMonths: Int? = nil,
        publishedAt: Date? = nil
    ) {
        self.id = id
        self.$organisation.id = organisationID
        self.slug = slug
        self.series = series
        self.edition = edition
        self.title = title
        self.subtitle = subtitle
        self.motto = motto
        self.kind = kind
        self.status = status
        self.startDay = startDay
        self.endDay = endDay
        self.venueName = venueName
        self.venueStreet = venueStreet
        self.venuePostcode = venuePostcode
        self.venueCity = venueCity
        self.voivodeship = voivodeship
        self.onlineURL = onlineURL
        self.description = description
        self.audience = audience
        self.aims = aims
        self.topics = topics
        self.contactName = contactName
        self.contactEmail = contactEmail
        self.contactPhone = contactPhone
        self.coverAttachmentID = coverAttachmentID
        self.coverAlt = coverAlt
        self.fundingProject = fundingProject
        self.fundingProgramme = fundingProgramme
        self.fundingFunds = fundingFunds
        self.fundingStatement = fundingStatement
        self.registrationInfo = registrationInfo
        self.cancellationNotice = cancellationNotice
        self.retentionMonths = retentionMonths
        self.publishedAt = publishedAt
    }

    /// "II Kongres Centrów Usług Społecznych".
    var displayTitle: String {
        guard let edition, let roman = RomanNumeral.string(edition) else { return title }
        return "\(roman) \(title)"
    }
}

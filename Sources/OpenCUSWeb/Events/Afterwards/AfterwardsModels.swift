import Fluent
import Foundation
import OpenCUSCore

/// What a certificate of attendance says besides the participant and the event.
final class CertificateSettings: Model, OrganisationOwned, @unchecked Sendable {
    static let schema = "event_certificate_settings"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "event_id") var event: Event
    /// The last part of the register number: `12/2025/ROPS-OPOLE`.
    @Field(key: "register_code") var registerCode: String
    /// Set by the organiser; nil: computed from the programme.
    @OptionalField(key: "hours_minutes") var hoursMinutes: Int?
    @Field(key: "signatory_name") var signatoryName: String
    @Field(key: "signatory_function") var signatoryFunction: String
    @Field(key: "issue_place") var issuePlace: String
    /// Training certificates: one topic per line, "Temat | 2" for two hours.
    @Field(key: "topics") var topics: String
    /// The certificate carries the participant's PESEL (asked from them through their link).
    @Field(key: "require_pesel") var requirePesel: Bool

    init() {}

    init(
        id: UUID? = nil,
        organisationID: UUID,
        eventID: UUID,
        registerCode: String,
        hoursMinutes: Int? = nil,
        signatoryName: String,
        signatoryFunction: String,
        issuePlace: String,
        topics: String,
        requirePesel: Bool
    ) {
        self.id = id
        self.$organisation.id = organisationID
        self.$event.id = eventID
        self.registerCode = registerCode
        self.hoursMinutes = hoursMinutes
        self.signatoryName = signatoryName
        self.signatoryFunction = signatoryFunction
        self.issuePlace = issuePlace
        self.topics = topics
        self.requirePesel = requirePesel
    }
}

/// The last number taken in an organisation's register of certificates for one year.
final class CertificateCounter: Model, OrganisationOwned, @unchecked Sendable {
    static let schema = "certificate_counters"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Field(key: "year") var year: Int
    @Field(key: "last_sequence") var lastSequence: Int

    init() {}

    init(
        id: UUID? = nil,
        organisationID: UUID,
        year: Int,
        lastSequence: Int
    ) {
        self.id = id
        self.$organisation.id = organisationID
        self.year = year
        self.lastSequence = lastSequence
    }
}

/// An entry of the register of certificates. The name comes from the registration, so when
/// the registration is anonymised the entry keeps only its number, date and event.
final class Certificate: Model, OrganisationOwned, @unchecked Sendable {
    static let schema = "certificates"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "event_id") var event: Event
    @Parent(key: "registration_id") var registration: Registration
    @Field(key: "year") var year: Int
    @Field(key: "sequence") var sequence: Int
    @Field(key: "number") var number: String
    @Field(key: "issued_on") var issuedOn: CalendarDay
    @Field(key: "issued_by") var issuedBy: String
    /// Frozen at issue: a later programme change does not alter a handed-out certificate.
    @Field(key: "hours_minutes") var hoursMinutes: Int
    /// Only when the organiser requires it; only printed on the certificate itself.
    @OptionalField(key: "pesel") var pesel: String?
    @Field(key: "reissue_count") var reissueCount: Int
    @OptionalField(key: "last_reissued_on") var lastReissuedOn: CalendarDay?

    init() {}

    init(
        id: UUID? = nil,
        organisationID: UUID,
        eventID: UUID,
        registrationID: UUID,
        year: Int,
        sequence: Int,
        number: String,
        issuedOn: CalendarDay,
        issuedBy: String,
        hoursMinutes: Int,
        pesel: String? = nil,
        reissueCount: Int,
        lastReissuedOn: CalendarDay? = nil
    ) {
        self.id = id
        self.$organisation.id = organisationID
        self.$event.id = eventID
        self.$registration.id = registrationID
        self.year = year
        self.sequence = sequence
        self.number = number
        self.issuedOn = issuedOn
        self.issuedBy = issuedBy
        self.hoursMinutes = hoursMinutes
        self.pesel = pesel
        self.reissueCount = reissueCount
        self.lastReissuedOn = lastReissuedOn
    }
}

final class CertificateReissue: Model, OrganisationOwned, @unchecked Sendable {
    static let schema = "certificate_reissues"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "certificate_id") var certificate: Certificate
    @Field(key: "at") var at: Date
    @Field(key: "actor") var actor: String
    @Field(key: "reason") var reason: String

    init() {}

    init(
        id: UUID? = nil,
        organisationID: UUID,
        certificateID: UUID,
        at: Date,
        actor: String,
        reason: String
    ) {
        self.id = id
        self.$organisation.id = organisationID
        self.$certificate.id = certificateID
        self.at = at
        self.actor = actor
        self.reason = reason
    }
}

/// The published account of an event: summary, numbers computed from the data, materials
/// (attachments marked for the report) and the gallery.
final class EventReport: Model, OrganisationOwned, @unchecked Sendable {
    static let schema = "event_reports"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "event_id") var event: Event
    /// Markdown.
    @Field(key: "summary") var summary: String
    @OptionalField(key: "published_at") var publishedAt: Date?
    /// When and by whom the organiser confirmed that the photos respect image consents.
    @OptionalField(key: "consent_checked_at") var consentCheckedAt: Date?
    @OptionalField(key: "consent_checked_by") var consentCheckedBy: String?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    init(
        id: UUID? = nil,
        organisationID: UUID,
        eventID: UUID,
        summary: String,
        publishedAt: Date? = nil,
        consentCheckedAt: Date? = nil,
        consentCheckedBy: String? = nil
    ) {
        self.id = id
        self.$organisation.id = organisationID
        self.$event.id = eventID
        self.summary = summary
        self.publishedAt = publishedAt
        self.consentCheckedAt = consentCheckedAt
        self.consentCheckedBy = consentCheckedBy
    }
}

final class EventPhoto: Model, OrganisationOwned, @unchecked Sendable {
    static let schema = "event_photos"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "event_id") var event: Event
    @Field(key: "storage_key") var storageKey: String
    @Field(key: "content_type") var contentType: String
    @Field(key: "size") var size: Int
    /// Required: what the photo shows, for people who cannot see it.
    @Field(key: "alt") var alt: String
    @Field(key: "caption") var caption: String
    @Field(key: "position") var position: Int
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(
        id: UUID? = nil,
        organisationID: UUID,
        eventID: UUID,
        storageKey: String,
        contentType: String,
        size: Int,
        alt: String,
        caption: String,
        position: Int,
        createdAt: Date
    ) {
        self.id = id
        self.$organisation.id = organisationID
        self.$event.id = eventID
        self.storageKey = storageKey
        self.contentType = contentType
        self.size = size
        self.alt = alt
        self.caption = caption
        self.position = position
        self.createdAt = createdAt
    }
}

final class EventSurvey: Model, OrganisationOwned, @unchecked Sendable {
    static let schema = "event_surveys"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "event_id") var event: Event
    @Field(key: "intro") var intro: String
    /// JSON array of `SurveyQuestion`.
    @Field(key: "questions") var questionsJSON: String
    @Field(key: "open") var open: Bool
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    init(
        id: UUID? = nil,
        organisationID: UUID,
        eventID: UUID,
        intro: String,
        questionsJSON: String,
        open: Bool
    ) {
        self.id = id
        self.$organisation.id = organisationID
        self.$event.id = eventID
        self.intro = intro
        self.questionsJSON = questionsJSON
        self.open = open
    }

    convenience init(organisationID: UUID, eventID: UUID, intro: String, questions: [SurveyQuestion], open: Bool) {
        self.init(organisationID: organisationID, eventID: eventID, intro: intro, questionsJSON: "[]", open: open)
        self.questions = questions
    }

    var questions: [SurveyQuestion] {
        get { (try? JSONDecoder().decode([SurveyQuestion].self, from: Data(questionsJSON.utf8))) ?? [] }
        set { questionsJSON = String(data: (try? JSONEncoder().encode(newValue)) ?? Data("[]".utf8), encoding: .utf8) ?? "[]" }
    }
}

/// That a registration has answered (one answer each). Nothing links it to the answer.
final class SurveySubmission: Model, OrganisationOwned, @unchecked Sendable {
    static let schema = "survey_submissions"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "event_id") var event: Event
    @Parent(key: "registration_id") var registration: Registration

    init() {}

    init(
        id: UUID? = nil,
        organisationID: UUID,
        eventID: UUID,
        registrationID: UUID
    ) {
        self.id = id
        self.$organisation.id = organisationID
        self.$event.id = eventID
        self.$registration.id = registrationID
    }
}

/// One anonymous set of answers: no registration, no time.
final class SurveyAnswer: Model, OrganisationOwned, @unchecked Sendable {
    static let schema = "survey_answers"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "event_id") var event: Event
    @Field(key: "answers") var answersJSON: String

    init() {}

    init(
        id: UUID? = nil,
        organisationID: UUID,
        eventID: UUID,
        answersJSON: String
    ) {
        self.id = id
        self.$organisation.id = organisationID
        self.$event.id = eventID
        self.answersJSON = answersJSON
    }

    var answers: SurveyAnswers {
        (try? JSONDecoder().decode(SurveyAnswers.self, from: Data(answersJSON.utf8))) ?? SurveyAnswers()
    }
}

import Fluent
import Foundation
import OpenCUSCore
import SQLKit

/// A resident in the CUS's registry. Matched by PESEL when given; a name and birth date that
/// match someone else are flagged for staff to confirm, never merged automatically.
final class Person: Model, OrganisationOwned, @unchecked Sendable {
    static let schema = "persons"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Field(key: "first_name") var firstName: String
    @Field(key: "last_name") var lastName: String
    @OptionalField(key: "pesel") var pesel: String?
    @Field(key: "birth_date") var birthDate: CalendarDay
    @Field(key: "street") var street: String
    @Field(key: "postcode") var postcode: String
    @Field(key: "city") var city: String
    @Field(key: "phone") var phone: String
    @Field(key: "email") var email: String
    @Field(key: "communication_needs") var communicationNeeds: String
    @Field(key: "accessibility_needs") var accessibilityNeeds: String
    @OptionalField(key: "possible_duplicate_of") var possibleDuplicateOf: UUID?
    @OptionalField(key: "anonymised_at") var anonymisedAt: Date?
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(
        id: UUID? = nil,
        organisationID: UUID,
        firstName: String,
        lastName: String,
        pesel: String? = nil,
        birthDate: CalendarDay,
        street: String,
        postcode: String,
        city: String,
        phone: String,
        email: String,
        communicationNeeds: String,
        accessibilityNeeds: String,
        possibleDuplicateOf: UUID? = nil,
        anonymisedAt: Date? = nil,
        createdAt: Date
    ) {
        self.id = id
        self.$organisation.id = organisationID
        self.firstName = firstName
        self.lastName = lastName
        self.pesel = pesel
        self.birthDate = birthDate
        self.street = street
        self.postcode = postcode
        self.city = city
        self.phone = phone
        self.email = email
        self.communicationNeeds = communicationNeeds
        self.accessibilityNeeds = accessibilityNeeds
        self.possibleDuplicateOf = possibleDuplicateOf
        self.anonymisedAt = anonymisedAt
        self.createdAt = createdAt
    }

    var fullName: String { "\(firstName) \(lastName)" }

    /// Communication and accessibility needs in one line — what a provider needs to know.
    var deliveryNeeds: String { [communicationNeeds, accessibilityNeeds].filter { !$0.isEmpty }.joined(separator: "; ") }
}

final class ServiceApplication: Model, OrganisationOwned, @unchecked Sendable {
    static let schema = "service_applications"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Field(key: "number") var number: String
    @Parent(key: "person_id") var person: Person
    @Field(key: "applicant_role") var applicantRole: ApplicantRole
    @Field(key: "representative_name") var representativeName: String
    @Field(key: "representative_basis") var representativeBasis: String
    @Field(key: "representative_contact") var representativeContact: String
    @Field(key: "channel") var channel: ApplicationChannel
    /// Set by the server when the application arrives: it fixes the order (first come, first served).
    @Field(key: "received_at") var receivedAt: Date
    @Field(key: "situation") var situation: String
    @OptionalField(key: "consent_text_version") var consentTextVersion: Int?
    @OptionalField(key: "consent_at") var consentAt: Date?
    @Field(key: "assessment_due") var assessmentDue: CalendarDay
    @Field(key: "closed") var closed: Bool

    init() {}

    init(
        id: UUID? = nil,
        organisationID: UUID,
        number: String,
        personID: UUID,
        applicantRole: ApplicantRole,
        representativeName: String,
        representativeBasis: String,
        representativeContact: String,
        channel: ApplicationChannel,
        receivedAt: Date,
        situation: String,
        consentTextVersion: Int? = nil,
        consentAt: Date? = nil,
        assessmentDue: CalendarDay,
        closed: Bool
    ) {
        self.id = id
        self.$organisation.id = organisationID
        self.number = number
        self.$person.id = personID
        self.applicantRole = applicantRole
        self.representativeName = representativeName
        self.representativeBasis = representativeBasis
        self.representativeContact = representativeContact
        self.channel = channel
        self.receivedAt = receivedAt
        self.situation = situation
        self.consentTextVersion = consentTextVersion
        self.consentAt = consentAt
        self.assessmentDue = assessmentDue
        self.closed = closed
    }
}

/// One requested service of an application and its one outcome.
final class RequestedService: Model, OrganisationOwned, @unchecked Sendable {
    static let schema = "application_services"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "application_id") var application: ServiceApplication
    @Parent(key: "service_id") var service: ServiceDefinition
    @Field(key: "outcome") var outcome: ServiceOutcome
    /// The programme version in force when the outcome was given.
    @OptionalField(key: "programme_id") var programmeID: UUID?
    @OptionalField(key: "outcome_at") var outcomeAt: Date?
    @Field(key: "received_at") var receivedAt: Date
    /// JSON array of the priority criteria indices the person meets (reserve list order).
    @Field(key: "criteria_met") var criteriaMet: String
    /// A place freed up and was offered to this person (it is held until staff confirm or withdraw it).
    @OptionalField(key: "offered_at") var offeredAt: Date?
    /// When the request went onto the reserve list (it goes there at most once); with
    /// `outcomeAt` of a later outcome, the stay on the list (the waiting-time indicator).
    @OptionalField(key: "reserve_entered_at") var reserveEnteredAt: Date?
    @Field(key: "note") var note: String
    /// Outcome "routed": the unit the case went to, and when the applicant agreed to pass on their data.
    @OptionalField(key: "routed_to") var routedTo: String?
    @OptionalField(key: "routing_consent_at") var routingConsentAt: Date?

    init() {}

    init(
        id: UUID? = nil,
        organisationID: UUID,
        applicationID: UUID,
        serviceID: UUID,
        outcome: ServiceOutcome,
        programmeID: UUID? = nil,
        outcomeAt: Date? = nil,
        receivedAt: Date,
        criteriaMet: String,
        offeredAt: Date? = nil,
        note: String,
        routedTo: String? = nil,
        routingConsentAt: Date? = nil
    ) {
        self.id = id
        self.$organisation.id = organisationID
        self.$application.id = applicationID
        self.$service.id = serviceID
        self.outcome = outcome
        self.programmeID = programmeID
        self.outcomeAt = outcomeAt
        self.receivedAt = receivedAt
        self.criteriaMet = criteriaMet
        self.offeredAt = offeredAt
        self.note = note
        self.routedTo = routedTo
        self.routingConsentAt = routingConsentAt
    }

    var criteria: Set<Int> { IntakeQueries.criteria(criteriaMet) }
}

final class Enrolment: Model, OrganisationOwned, @unchecked Sendable {
    static let schema = "enrolments"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "person_id") var person: Person
    @Parent(key: "service_id") var service: ServiceDefinition
    @OptionalField(key: "provider_organisation_id") var providerOrganisationID: UUID?
    @Parent(key: "requested_service_id") var requested: RequestedService
    @Field(key: "start_day") var startDay: CalendarDay
    @OptionalField(key: "end_day") var endDay: CalendarDay?
    @Field(key: "active") var active: Bool
    @Field(key: "end_reason") var endReason: String
    @Field(key: "fee_exemption_percent") var feeExemptionPercent: Int
    @Field(key: "fee_exemption_basis") var feeExemptionBasis: String

    init() {}

    init(
        id: UUID? = nil,
        organisationID: UUID,
        personID: UUID,
        serviceID: UUID,
        providerOrganisationID: UUID? = nil,
        requestedID: UUID,
        startDay: CalendarDay,
        endDay: CalendarDay? = nil,
        active: Bool,
        endReason: String,
        feeExemptionPercent: Int,
        feeExemptionBasis: String
    ) {
        self.id = id
        self.$organisation.id = organisationID
        self.$person.id = personID
        self.$service.id = serviceID
        self.providerOrganisationID = providerOrganisationID
        self.$requested.id = requestedID
        self.startDay = startDay
        self.endDay = endDay
        self.active = active
        self.endReason = endReason
        self.feeExemptionPercent = feeExemptionPercent
        self.feeExemptionBasis = feeExemptionBasis
    }
}

/// A refusal is an administrative decision: numbered in the organisation's register, with legal
/// basis, reasons, appeal instruction and signatory; delivery starts the appeal period.
final class RefusalDecision: Model, OrganisationOwned, @unchecked Sendable {
    static let schema = "refusal_decisions"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "requested_service_id") var requested: RequestedService
    @Field(key: "year") var year: Int
    @Field(key: "sequence") var sequence: Int
    @Field(key: "number") var number: String
    @Field(key: "kind") var kind: RefusalKind
    @Field(key: "issued_on") var issuedOn: CalendarDay
    @Field(key: "legal_basis") var legalBasis: String
    @Field(key: "reasons") var reasons: String
    @Field(key: "appeal_instruction") var appealInstruction: String
    @Field(key: "signatory_name") var signatoryName: String
    @Field(key: "signatory_function") var signatoryFunction: String
    @OptionalField(key: "delivered_on") var deliveredOn: CalendarDay?
    @OptionalField(key: "appeal_lodged_on") var appealLodgedOn: CalendarDay?
    @OptionalField(key: "appeal_result") var appealResult: AppealResult?
    @OptionalField(key: "appeal_result_on") var appealResultOn: CalendarDay?

    init() {}

    init(
        id: UUID? = nil,
        organisationID: UUID,
        requestedID: UUID,
        year: Int,
        sequence: Int,
        number: String,
        kind: RefusalKind,
        issuedOn: CalendarDay,
        legalBasis: String,
        reasons: String,
        appealInstruction: String,
        signatoryName: String,
        signatoryFunction: String,
        deliveredOn: CalendarDay? = nil,
        appealLodgedOn: CalendarDay? = nil,
        appealResult: AppealResult? = nil,
        appealResultOn: CalendarDay? = nil
    ) {
        self.id = id
        self.$organisation.id = organisationID
        self.$requested.id = requestedID
        self.year = year
        self.sequence = sequence
        self.number = number
        self.kind = kind
        self.issuedOn = issuedOn
        self.legalBasis = legalBasis
        self.reasons = reasons
        self.appealInstruction = appealInstruction
        self.signatoryName = signatoryName
        self.signatoryFunction = signatoryFunction
        self.deliveredOn = deliveredOn
        self.appealLodgedOn = appealLodgedOn
        self.appealResult = appealResult
        self.appealResultOn = appealResultOn
    }

    var isDecision: Bool { kind == .decision }

    /// Where the refusal stands, in words: a notice has no appeal to follow.
    func statusText(appealDays: Int, today: CalendarDay) -> String {
        Self.statusText(
            kind: kind, deliveredOn: deliveredOn, appealLodgedOn: appealLodgedOn, appealResult: appealResult,
            appealResultOn: appealResultOn,
            appealDays: appealDays, today: today)
    }

    /// `statusText` from the stored fields (for pages that read them without the model).
    static func statusText(
        kind: RefusalKind, deliveredOn: CalendarDay?, appealLodgedOn: CalendarDay?, appealResult: AppealResult?,
        appealResultOn: CalendarDay?,
        appealDays: Int,
        today: CalendarDay
    ) -> String {
        guard kind == .decision else { return "informacja o odmowie (bez odwołania)" }
        return appealStatus(
            deliveredOn: deliveredOn, appealLodgedOn: appealLodgedOn, appealResult: appealResult, appealResultOn: appealResultOn,
            appealDays: appealDays, today: today
        ).polish
    }

    func appealStatus(appealDays: Int, today: CalendarDay) -> AppealStatus {
        Self.appealStatus(
            deliveredOn: deliveredOn, appealLodgedOn: appealLodgedOn, appealResult: appealResult, appealResultOn: appealResultOn,
            appealDays: appealDays, today: today)
    }

    static func appealStatus(
        deliveredOn: CalendarDay?, appealLodgedOn: CalendarDay?, appealResult: AppealResult?, appealResultOn: CalendarDay?,
        appealDays: Int,
        today: CalendarDay
    ) -> AppealStatus {
        AppealStatus.of(
            delivered: deliveredOn, appealLodged: appealLodgedOn, result: appealResult, resultOn: appealResultOn,
            appealDays: appealDays, today: today)
    }
}

/// What happened to an application, for its history (who and when, without personal data).
final class ApplicationEvent: Model, OrganisationOwned, @unchecked Sendable {
    static let schema = "application_events"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "application_id") var application: ServiceApplication
    @Field(key: "at") var at: Date
    @Field(key: "actor") var actor: String
    @Field(key: "what") var what: String

    init() {}

    init(
        id: UUID? = nil,
        organisationID: UUID,
        applicationID: UUID,
        at: Date,
        actor: String,
        what: String
    ) {
        self.id = id
        self.$organisation.id = organisationID
        self.$application.id = applicationID
        self.at = at
        self.actor = actor
        self.what = what
    }
}

final class ApplicationToken: Model, OrganisationOwned, @unchecked Sendable {
    static let schema = "application_tokens"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "application_id") var application: ServiceApplication
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "expires_at") var expiresAt: Date

    init() {}

    init(
        id: UUID? = nil,
        organisationID: UUID,
        applicationID: UUID,
        tokenHash: String,
        expiresAt: Date
    ) {
        self.id = id
        self.$organisation.id = organisationID
        self.$application.id = applicationID
        self.tokenHash = tokenHash
        self.expiresAt = expiresAt
    }
}

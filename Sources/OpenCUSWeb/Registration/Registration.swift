import Fluent
import SQLKit
import Foundation
import OpenCUSCore

/// One person's registration for one event. Personal data: never logged, shown only to the
/// organising organisation's staff and, through the magic link, to the person.
final class Registration: Model, OrganisationOwned, @unchecked Sendable {
    static let schema = "registrations"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "event_id") var event: Event
    @Field(key: "state") var state: RegistrationState
    @Field(key: "source") var source: RegistrationSource
    @Field(key: "first_name") var firstName: String
    @Field(key: "last_name") var lastName: String
    /// Lower-cased.
    @Field(key: "email") var email: String
    /// The e-mail while the registration is active, NULL otherwise: the unique index on
    /// (event_id, active_email) enforces "one active registration per e-mail per event" in the
    /// database itself, on SQLite and PostgreSQL alike (NULLs never collide).
    @OptionalField(key: "active_email") var activeEmail: String?
    @OptionalField(key: "phone") var phone: String?
    @Field(key: "institution") var institution: String
    @OptionalField(key: "institution_type") var institutionType: InstitutionType?
    @OptionalField(key: "position") var position: String?
    @OptionalField(key: "voivodeship") var voivodeship: Voivodeship?
    @OptionalField(key: "dietary") var dietary: String?
    /// Comma-separated `AccessibilityNeed` raw values plus free text after "|".
    @OptionalField(key: "accessibility") var accessibility: String?
    @OptionalField(key: "dinner") var dinner: Bool?
    /// JSON object: question id → [values].
    @Field(key: "answers") var answers: String
    @Parent(key: "consent_text_id") var consentText: ConsentText
    @Field(key: "consent_rodo_at") var consentRodoAt: Date
    @Field(key: "consent_image") var consentImage: Bool
    @Field(key: "consent_list") var consentList: Bool
    /// Arrival order for the waiting list (first come, first served).
    @Field(key: "sequence") var sequence: Int64
    /// Shown at the desk as text and QR code ("42-K7M", `CheckInCode`); set when the registration is made.
    @OptionalField(key: "checkin_code") var checkinCode: String?
    @OptionalField(key: "offer_expires_at") var offerExpiresAt: Date?
    @OptionalField(key: "reason") var reason: String?
    @OptionalField(key: "reminder_sent_at") var reminderSentAt: Date?
    /// Set when identifying data were removed (a person's request or the retention period).
    @OptionalField(key: "anonymised_at") var anonymisedAt: Date?
    /// Written when anonymised: a digest of the institution's normalised name, so that the
    /// report's "institutions represented" stays the same once the name itself is gone.
    @OptionalField(key: "institution_key") var institutionKey: String?
    @Field(key: "created_at") var createdAt: Date
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    init(
        id: UUID? = nil,
        organisationID: UUID,
        eventID: UUID,
        state: RegistrationState,
        source: RegistrationSource,
        firstName: String,
        lastName: String,
        email: String,
        activeEmail: String? = nil,
        phone: String? = nil,
        institution: String,
        institutionType: InstitutionType? = nil,
        position: String? = nil,
        voivodeship: Voivodeship? = nil,
        dietary: String? = nil,
        accessibility: String? = nil,
        dinner: Bool? = nil,
        answers: String,
        consentTextID: UUID,
        consentRodoAt: Date,
        consentImage: Bool,
        consentList: Bool,
        sequence: Int64,
        checkinCode: String? = nil,
        offerExpiresAt: Date? = nil,
        reason: String? = nil,
        reminderSentAt: Date? = nil,
        anonymisedAt: Date? = nil,
        institutionKey: String? = nil,
        createdAt: Date
    ) {
        self.id = id
        self.$organisation.id = organisationID
        self.$event.id = eventID
        self.state = state
        self.source = source
        self.firstName = firstName
        self.lastName = lastName
        self.email = email
        self.activeEmail = activeEmail
        self.phone = phone
        self.institution = institution
        self.institutionType = institutionType
        self.position = position
        self.voivodeship = voivodeship
        self.dietary = dietary
        self.accessibility = accessibility
        self.dinner = dinner
        self.answers = answers
        self.$consentText.id = consentTextID
        self.consentRodoAt = consentRodoAt
        self.consentImage = consentImage
        self.consentList = consentList
        self.sequence = sequence
        self.checkinCode = checkinCode
        self.offerExpiresAt = offerExpiresAt
        self.reason = reason
        self.reminderSentAt = reminderSentAt
        self.anonymisedAt = anonymisedAt
        self.institutionKey = institutionKey
        self.createdAt = createdAt
    }

    var fullName: String { "\(firstName) \(lastName)" }

    /// Fields of `changeSnapshot` that may reveal health or other special-category data
    /// (RODO art. 9): masked in the audit view.
    static let sensitiveFields: Set<String> = ["wymagania żywieniowe", "dostępność", "odpowiedzi"]

    /// Editable details keyed by their Polish names, to tell which ones an edit changed.
    var changeSnapshot: [String: String] {
        [
            "imię": firstName, "nazwisko": lastName, "telefon": phone ?? "", "instytucja": institution,
            "rodzaj instytucji": institutionType?.rawValue ?? "", "stanowisko": position ?? "",
            "województwo": voivodeship?.rawValue ?? "",
            "wymagania żywieniowe": dietary ?? "", "dostępność": accessibility ?? "",
            "kolacja": dinner.map { $0 ? "tak" : "nie" } ?? "",
            "odpowiedzi": answers, "zgoda na wizerunek": consentImage ? "tak" : "nie",
            "zgoda na listę uczestników": consentList ? "tak" : "nie",
        ]
    }
}

/// A magic-link token (only its SHA-256). Every e-mail that carries a link gets a fresh token and
/// earlier ones keep working, so the database never holds a usable link, yet any of the
/// person's e-mails opens their registration.
final class RegistrationToken: Model, OrganisationOwned, @unchecked Sendable {
    static let schema = "registration_tokens"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "registration_id") var registration: Registration
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(
        id: UUID? = nil,
        organisationID: UUID,
        registrationID: UUID,
        tokenHash: String,
        createdAt: Date
    ) {
        self.id = id
        self.$organisation.id = organisationID
        self.$registration.id = registrationID
        self.tokenHash = tokenHash
        self.createdAt = createdAt
    }
}

final class RegistrationWorkshop: Model, OrganisationOwned, @unchecked Sendable {
    static let schema = "registration_workshops"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "registration_id") var registration: Registration
    @Parent(key: "event_id") var event: Event
    @Parent(key: "entry_id") var entry: AgendaEntry
    @Field(key: "placement") var placement: WorkshopPlacement
    /// Order on the workshop's own waiting list.
    @Field(key: "sequence") var sequence: Int64

    init() {}

    init(
        id: UUID? = nil,
        organisationID: UUID,
        registrationID: UUID,
        eventID: UUID,
        entryID: UUID,
        placement: WorkshopPlacement,
        sequence: Int64
    ) {
        self.id = id
        self.$organisation.id = organisationID
        self.$registration.id = registrationID
        self.$event.id = eventID
        self.$entry.id = entryID
        self.placement = placement
        self.sequence = sequence
    }
}

/// Every change of a registration: who, when, from which state to which, and why.
final class RegistrationChange: Model, OrganisationOwned, @unchecked Sendable {
    static let schema = "registration_changes"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "registration_id") var registration: Registration
    @Field(key: "at") var at: Date
    /// "uczestnik", "system" or the staff member's name.
    @Field(key: "actor") var actor: String
    @OptionalField(key: "actor_user_id") var actorUserID: UUID?
    @OptionalField(key: "from_state") var fromState: RegistrationState?
    @Field(key: "to_state") var toState: RegistrationState
    @OptionalField(key: "note") var note: String?

    init() {}

    init(
        id: UUID? = nil,
        organisationID: UUID,
        registrationID: UUID,
        at: Date,
        actor: String,
        actorUserID: UUID? = nil,
        fromState: RegistrationState? = nil,
        toState: RegistrationState,
        note: String? = nil
    ) {
        self.id = id
        self.$organisation.id = organisationID
        self.$registration.id = registrationID
        self.at = at
        self.actor = actor
        self.actorUserID = actorUserID
        self.fromState = fromState
        self.toState = toState
        self.note = note
    }
}

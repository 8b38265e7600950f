import Fluent
import SQLKit
import Foundation
import OpenCUSCore

/// How registration works for one event (one row per event that takes registrations).
final class RegistrationSettings: Model, OrganisationOwned, @unchecked Sendable {
    static let schema = "event_registration_settings"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "event_id") var event: Event
    @Field(key: "enabled") var enabled: Bool
    @Field(key: "mode") var mode: RegistrationMode
    /// Seats for the whole event; nil = unlimited.
    @OptionalField(key: "capacity") var capacity: Int?
    @OptionalField(key: "opens_at") var opensAt: Date?
    @OptionalField(key: "closes_at") var closesAt: Date?
    /// Registrants may change or cancel until then (nil: until the event starts).
    @OptionalField(key: "modify_until") var modifyUntil: Date?
    @Field(key: "waitlist_enabled") var waitlistEnabled: Bool
    @Field(key: "promotion_mode") var promotionMode: PromotionMode
    @Field(key: "offer_hours") var offerHours: Int
    @Field(key: "ask_dietary") var askDietary: Bool
    @Field(key: "ask_accessibility") var askAccessibility: Bool
    @Field(key: "ask_dinner") var askDinner: Bool
    /// Days before the event when the reminder goes out; nil = no reminder.
    @OptionalField(key: "reminder_days") var reminderDays: Int?
    @OptionalField(key: "reminder_sent_at") var reminderSentAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    var window: RegistrationWindow { RegistrationWindow(opensAt: opensAt, closesAt: closesAt) }
}

/// The RODO information clause, versioned: a registration points to the exact text it accepted.
extension RegistrationSettings {
    /// Marks the event's registration set-up as changed (questions, clause, templates live in
    /// other tables), so that cached contexts (`RegistrationContextCache`) are not used again.
    static func touch(_ eventID: UUID, on db: any Database) async throws {
        try await db.sql().update(schema).set("updated_at", to: SQLBind(Date())).where("event_id", .equal, SQLBind(eventID)).run()
    }
}

final class ConsentText: Model, OrganisationOwned, @unchecked Sendable {
    static let schema = "consent_texts"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "event_id") var event: Event
    @Field(key: "version") var version: Int
    @Field(key: "text") var text: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}
}

final class RegistrationQuestion: Model, OrganisationOwned, @unchecked Sendable {
    static let schema = "registration_questions"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "event_id") var event: Event
    @Field(key: "position") var position: Int
    @Field(key: "kind") var kind: Question.Kind
    @Field(key: "label") var label: String
    @OptionalField(key: "help") var help: String?
    @Field(key: "required") var required: Bool
    /// JSON array of `Question.Option`.
    @Field(key: "options") var options: String

    init() {}

    var question: Question {
        Question(
            id: id!, kind: kind, label: label, help: help, required: required,
            options: (try? JSONDecoder().decode([Question.Option].self, from: Data(options.utf8))) ?? [])
    }
}

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
}

/// Per-event overrides of the Polish e-mail templates.
final class MailTemplateOverride: Model, OrganisationOwned, @unchecked Sendable {
    static let schema = "registration_mail_templates"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "event_id") var event: Event
    @Field(key: "kind") var kind: String
    @Field(key: "subject") var subject: String
    @Field(key: "body") var body: String

    init() {}
}

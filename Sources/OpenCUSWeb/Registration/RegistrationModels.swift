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
            "rodzaj instytucji": institutionType?.rawValue ?? "", "stanowisko": position ?? "", "województwo": voivodeship?.rawValue ?? "",
            "wymagania żywieniowe": dietary ?? "", "dostępność": accessibility ?? "", "kolacja": dinner.map { $0 ? "tak" : "nie" } ?? "",
            "odpowiedzi": answers, "zgoda na wizerunek": consentImage ? "tak" : "nie", "zgoda na listę uczestników": consentList ? "tak" : "nie",
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

struct M0007_CreateRegistration: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = try database.sql()
        try await database.schema("event_registration_settings")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id", onDelete: .cascade))
            .field("event_id", .uuid, .required, .references("events", "id", onDelete: .cascade))
            .field("enabled", .bool, .required)
            .field("mode", .string, .required)
            .field("capacity", .int)
            .field("opens_at", .datetime)
            .field("closes_at", .datetime)
            .field("modify_until", .datetime)
            .field("waitlist_enabled", .bool, .required)
            .field("promotion_mode", .string, .required)
            .field("offer_hours", .int, .required)
            .field("ask_dietary", .bool, .required)
            .field("ask_accessibility", .bool, .required)
            .field("ask_dinner", .bool, .required)
            .field("reminder_days", .int)
            .field("reminder_sent_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "event_id", name: "uq_registration_settings_event")
            .create()
        try await database.schema("consent_texts")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id", onDelete: .cascade))
            .field("event_id", .uuid, .required, .references("events", "id", onDelete: .cascade))
            .field("version", .int, .required)
            .field("text", .string, .required)
            .field("created_at", .datetime)
            .unique(on: "event_id", "version", name: "uq_consent_texts_event_version")
            .create()
        try await database.schema("registration_questions")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id", onDelete: .cascade))
            .field("event_id", .uuid, .required, .references("events", "id", onDelete: .cascade))
            .field("position", .int, .required)
            .field("kind", .string, .required)
            .field("label", .string, .required)
            .field("help", .string)
            .field("required", .bool, .required)
            .field("options", .string, .required)
            .create()
        try await sql.create(index: "idx_registration_questions_event").on("registration_questions").column("event_id").run()
        try await database.schema("registrations")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id", onDelete: .cascade))
            .field("event_id", .uuid, .required, .references("events", "id", onDelete: .cascade))
            .field("state", .string, .required)
            .field("source", .string, .required)
            .field("first_name", .string, .required)
            .field("last_name", .string, .required)
            .field("email", .string, .required)
            .field("active_email", .string)
            .field("phone", .string)
            .field("institution", .string, .required)
            .field("institution_type", .string)
            .field("position", .string)
            .field("voivodeship", .string)
            .field("dietary", .string)
            .field("accessibility", .string)
            .field("dinner", .bool)
            .field("answers", .string, .required)
            .field("consent_text_id", .uuid, .required, .references("consent_texts", "id"))
            .field("consent_rodo_at", .datetime, .required)
            .field("consent_image", .bool, .required)
            .field("consent_list", .bool, .required)
            .field("sequence", .int64, .required)
            .field("offer_expires_at", .datetime)
            .field("reason", .string)
            .field("reminder_sent_at", .datetime)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime)
            .unique(on: "event_id", "active_email", name: "uq_registrations_event_active_email")
            .create()
        try await database.schema("registration_tokens")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id", onDelete: .cascade))
            .field("registration_id", .uuid, .required, .references("registrations", "id", onDelete: .cascade))
            .field("token_hash", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "token_hash", name: "uq_registration_tokens_hash")
            .create()
        try await sql.create(index: "idx_registrations_event_state").on("registrations").column("event_id").column("state").column("sequence").run()
        try await database.schema("registration_workshops")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id", onDelete: .cascade))
            .field("registration_id", .uuid, .required, .references("registrations", "id", onDelete: .cascade))
            .field("event_id", .uuid, .required, .references("events", "id", onDelete: .cascade))
            .field("entry_id", .uuid, .required, .references("event_agenda_entries", "id", onDelete: .cascade))
            .field("placement", .string, .required)
            .field("sequence", .int64, .required)
            .unique(on: "registration_id", "entry_id", name: "uq_registration_workshops_choice")
            .create()
        try await sql.create(index: "idx_registration_workshops_entry").on("registration_workshops").column("entry_id").column("placement").run()
        try await database.schema("registration_changes")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id", onDelete: .cascade))
            .field("registration_id", .uuid, .required, .references("registrations", "id", onDelete: .cascade))
            .field("at", .datetime, .required)
            .field("actor", .string, .required)
            .field("actor_user_id", .uuid)
            .field("from_state", .string)
            .field("to_state", .string, .required)
            .field("note", .string)
            .create()
        try await sql.create(index: "idx_registration_changes_registration").on("registration_changes").column("registration_id").run()
        try await database.schema("registration_mail_templates")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id", onDelete: .cascade))
            .field("event_id", .uuid, .required, .references("events", "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("subject", .string, .required)
            .field("body", .string, .required)
            .unique(on: "event_id", "kind", name: "uq_registration_mail_templates_kind")
            .create()
    }

    func revert(on database: any Database) async throws {
        for table in ["registration_mail_templates", "registration_changes", "registration_workshops", "registration_tokens", "registrations",
            "registration_questions", "consent_texts", "event_registration_settings"]
        {
            try await database.schema(table).delete()
        }
    }
}

/// Indexes for the statements that run inside the event lock (measured with the registration
/// benchmark): seats per workshop by event, and the next arrival number.
struct M0008_RegistrationLockIndexes: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = try database.sql()
        try await sql.create(index: "idx_registration_workshops_event").on("registration_workshops").column("event_id").column("placement").column("entry_id").run()
        try await sql.create(index: "idx_registrations_event_sequence").on("registrations").column("event_id").column("sequence").run()
    }

    func revert(on database: any Database) async throws {
        let sql = try database.sql()
        try await sql.drop(index: "idx_registrations_event_sequence").run()
        try await sql.drop(index: "idx_registration_workshops_event").run()
    }
}

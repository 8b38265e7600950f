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

    init(
        id: UUID? = nil,
        organisationID: UUID,
        eventID: UUID,
        enabled: Bool,
        mode: RegistrationMode,
        capacity: Int? = nil,
        opensAt: Date? = nil,
        closesAt: Date? = nil,
        modifyUntil: Date? = nil,
        waitlistEnabled: Bool,
        promotionMode: PromotionMode,
        offerHours: Int,
        askDietary: Bool,
        askAccessibility: Bool,
        askDinner: Bool,
        reminderDays: Int? = nil,
        reminderSentAt: Date? = nil
    ) {
        self.id = id
        self.$organisation.id = organisationID
        self.$event.id = eventID
        self.enabled = enabled
        self.mode = mode
        self.capacity = capacity
        self.opensAt = opensAt
        self.closesAt = closesAt
        self.modifyUntil = modifyUntil
        self.waitlistEnabled = waitlistEnabled
        self.promotionMode = promotionMode
        self.offerHours = offerHours
        self.askDietary = askDietary
        self.askAccessibility = askAccessibility
        self.askDinner = askDinner
        self.reminderDays = reminderDays
        self.reminderSentAt = reminderSentAt
    }

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

    init(
        id: UUID? = nil,
        organisationID: UUID,
        eventID: UUID,
        version: Int,
        text: String
    ) {
        self.id = id
        self.$organisation.id = organisationID
        self.$event.id = eventID
        self.version = version
        self.text = text
    }
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

    init(
        id: UUID? = nil,
        organisationID: UUID,
        eventID: UUID,
        position: Int,
        kind: Question.Kind,
        label: String,
        help: String? = nil,
        required: Bool,
        options: String
    ) {
        self.id = id
        self.$organisation.id = organisationID
        self.$event.id = eventID
        self.position = position
        self.kind = kind
        self.label = label
        self.help = help
        self.required = required
        self.options = options
    }

    var question: Question {
        Question(
            id: id!, kind: kind, label: label, help: help, required: required,
            options: (try? JSONDecoder().decode([Question.Option].self, from: Data(options.utf8))) ?? [])
    }
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

    init(
        id: UUID? = nil,
        organisationID: UUID,
        eventID: UUID,
        kind: String,
        subject: String,
        body: String
    ) {
        self.id = id
        self.$organisation.id = organisationID
        self.$event.id = eventID
        self.kind = kind
        self.subject = subject
        self.body = body
    }
}

import Fluent
import NIOConcurrencyHelpers
import Foundation
import OpenCUSCore

/// Everything registration needs to know about one event, loaded once per request.
struct RegistrationContext: Sendable {
    let event: Event
    let settings: RegistrationSettings
    let consent: ConsentText
    let questions: [RegistrationQuestion]
    let workshops: [WorkshopChoiceRule]
    /// Agenda entries that are alternatives of a parallel group, by id.
    let alternatives: [UUID: AgendaEntry]
    /// The organiser's own e-mail templates by kind (the standard ones apply to the rest).
    let templates: [String: MailTemplate]

    let eventID: UUID
    var organisationID: UUID { event.$organisation.id }

    func availability(now: Date) -> RegistrationWindow.Availability {
        guard settings.enabled else { return .notPublished }
        return settings.window.availability(now: now, eventStatus: event.status, lastDay: event.endDay)
    }

    /// Registrants may change or cancel until the organiser's deadline, or the event's start.
    func canModify(now: Date) -> Bool {
        if let until = settings.modifyUntil { return now < until }
        return CalendarDay(now, in: WallClock.warsaw) < event.startDay
    }

    func rules(optionTaken: [String: Int]) -> RegistrationRules {
        RegistrationRules(
            questions: questions.map(\.question), workshops: workshops, askDietary: settings.askDietary,
            askAccessibility: settings.askAccessibility, askDinner: settings.askDinner, optionTaken: optionTaken)
    }

    /// Loads the context. With a cache (the public form and the API), the event's questions,
    /// workshops, clause and templates are reused for up to a second while neither the event
    /// nor its registration settings changed; the settings themselves are always read fresh and
    /// capacity is read again inside the lock (see `RegistrationService.countsAndCheck`).
    static func load(_ event: Event, on db: any Database, cache: RegistrationContextCache? = nil) async throws
        -> RegistrationContext?
    {
        let id = try event.requireID()
        guard let settings = try await RegistrationSettings.query(on: db).filter(\.$event.$id == id).first() else { return nil }
        let stamp = RegistrationContextCache.Stamp(event: event.updatedAt, settings: settings.updatedAt)
        if let parts = cache?.parts(for: id, stamp: stamp) {
            return try RegistrationContext(event: event, settings: settings, parts: parts)
        }
        guard let consent = try await ConsentText.query(on: db).filter(\.$event.$id == id).sort(\.$version, .descending).first()
        else { return nil }
        let questions = try await RegistrationQuestion.query(on: db).filter(\.$event.$id == id).sort(\.$position).all()
        let groups = try await ParallelGroup.query(on: db).filter(\.$event.$id == id).all()
        let entries = try await AgendaEntry.query(on: db).filter(\.$event.$id == id).filter(\.$parallelGroup.$id != nil)
            .sort(\.$startsAt).sort(\.$title).all()
        let rules = try groups.map { group in
            WorkshopChoiceRule(
                groupID: try group.requireID(), title: group.title, maxChoices: group.maxChoices, required: group.choiceRequired,
                alternatives: try entries.filter { $0.$parallelGroup.id == group.id }.map { try $0.requireID() })
        }.filter { !$0.alternatives.isEmpty }
        let overrides = try await MailTemplateOverride.query(on: db).filter(\.$event.$id == id).all()
        let parts = RegistrationContextCache.Parts(
            consent: consent, questions: questions, workshops: rules,
            alternatives: Dictionary(uniqueKeysWithValues: try entries.map { (try $0.requireID(), $0) }),
            templates: Dictionary(
                overrides.map { ($0.kind, MailTemplate(subject: $0.subject, body: $0.body)) }, uniquingKeysWith: { a, _ in a }))
        cache?.store(parts, for: id, stamp: stamp)
        return try RegistrationContext(event: event, settings: settings, parts: parts)
    }

    init(event: Event, settings: RegistrationSettings, parts: RegistrationContextCache.Parts) throws {
        self.event = event
        self.eventID = try event.requireID()
        self.settings = settings
        self.consent = parts.consent
        self.questions = parts.questions
        self.workshops = parts.workshops
        self.alternatives = parts.alternatives
        self.templates = parts.templates
    }
}

/// Registration contexts of events under load (a registration rush loads the same event's
/// set-up hundreds of times a second: 5 of the 7 queries per request, measured). Entries live
/// one second and are keyed by the event's and the settings' `updated_at`, so an organiser's
/// change to the event or the settings shows at once and anything else within a second.
/// The cached models are only read, never changed.
final class RegistrationContextCache: Sendable {
    struct Stamp: Equatable, Sendable {
        let event: Date?
        let settings: Date?
    }

    struct Parts: @unchecked Sendable {
        let consent: ConsentText
        let questions: [RegistrationQuestion]
        let workshops: [WorkshopChoiceRule]
        let alternatives: [UUID: AgendaEntry]
        let templates: [String: MailTemplate]
    }

    private struct Entry {
        let stamp: Stamp
        let stored: ContinuousClock.Instant
        let parts: Parts
    }

    static let lifetime = Duration.seconds(1)
    private let entries = NIOLockedValueBox<[UUID: Entry]>([:])

    func parts(for eventID: UUID, stamp: Stamp) -> Parts? {
        entries.withLockedValue { entries in
            guard let entry = entries[eventID], entry.stamp == stamp, ContinuousClock.now - entry.stored < Self.lifetime else {
                return nil
            }
            return entry.parts
        }
    }

    func store(_ parts: Parts, for eventID: UUID, stamp: Stamp) {
        entries.withLockedValue { entries in
            if entries.count > 1_000 { entries.removeAll(keepingCapacity: true) }
            entries[eventID] = Entry(stamp: stamp, stored: .now, parts: parts)
        }
    }
}

/// Who did something to a registration (for the change log and the audit).
enum RegistrationActor: Sendable {
    case participant
    case system
    /// A staff member; their changes are also written to the audit trail.
    case staff(AuditActor)

    var name: String {
        switch self {
        case .participant: "uczestnik"
        case .system: "system"
        case .staff(let actor): actor.name
        }
    }

    var userID: UUID? {
        if case .staff(let actor) = self { return actor.userID }
        return nil
    }
}

enum RegistrationError: Error, Equatable {
    case closed(String)
    case duplicate
    case invalid(FieldErrors)
    case workshopFull(String)
    case deadlinePassed
    case wrongState(String)
}

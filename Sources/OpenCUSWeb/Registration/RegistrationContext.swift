import Fluent
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

    var eventID: UUID { event.id! }
    var organisationID: UUID { event.$organisation.id }

    func availability(now: Date) -> RegistrationWindow.Availability {
        guard settings.enabled else { return .notPublished }
        return settings.window.availability(now: now, eventStatus: event.status, lastDay: event.lastDay)
    }

    /// Registrants may change or cancel until the organiser's deadline, or the event's start.
    func canModify(now: Date) -> Bool {
        if let until = settings.modifyUntil { return now < until }
        return CalendarDay(now, in: WarsawTime.zone) < event.firstDay
    }

    func rules(optionTaken: [String: Int]) -> RegistrationRules {
        RegistrationRules(
            questions: questions.map(\.question), workshops: workshops, askDietary: settings.askDietary,
            askAccessibility: settings.askAccessibility, askDinner: settings.askDinner, optionTaken: optionTaken)
    }

    static func load(_ event: Event, on db: any Database) async throws -> RegistrationContext? {
        let id = try event.requireID()
        guard let settings = try await RegistrationSettings.query(on: db).filter(\.$event.$id == id).first(),
            let consent = try await ConsentText.query(on: db).filter(\.$event.$id == id).sort(\.$version, .descending).first()
        else { return nil }
        let questions = try await RegistrationQuestion.query(on: db).filter(\.$event.$id == id).sort(\.$position).all()
        let groups = try await ParallelGroup.query(on: db).filter(\.$event.$id == id).all()
        let entries = try await AgendaEntry.query(on: db).filter(\.$event.$id == id).filter(\.$parallelGroup.$id != nil)
            .sort(\.$startsAt).sort(\.$title).all()
        let rules = groups.map { group in
            WorkshopChoiceRule(
                groupID: group.id!, title: group.title, maxChoices: group.maxChoices, required: group.choiceRequired,
                alternatives: entries.filter { $0.$parallelGroup.id == group.id }.map { $0.id! })
        }.filter { !$0.alternatives.isEmpty }
        let overrides = try await MailTemplateOverride.query(on: db).filter(\.$event.$id == id).all()
        return RegistrationContext(
            event: event, settings: settings, consent: consent, questions: questions, workshops: rules,
            alternatives: Dictionary(uniqueKeysWithValues: entries.map { ($0.id!, $0) }),
            templates: Dictionary(overrides.map { ($0.kind, MailTemplate(subject: $0.subject, body: $0.body)) }, uniquingKeysWith: { a, _ in a }))
    }
}

/// Who did something to a registration (for the change log and the audit).
enum RegistrationActor: Sendable {
    case participant
    case system
    case staff(userID: UUID, name: String)

    var name: String {
        switch self {
        case .participant: "uczestnik"
        case .system: "system"
        case .staff(_, let name): name
        }
    }

    var userID: UUID? {
        if case .staff(let id, _) = self { return id }
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

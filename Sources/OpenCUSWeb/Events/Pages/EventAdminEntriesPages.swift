import Fluent
import OpenCUSCore
import Vapor

/// The page models of `EventAdminController` (what its templates receive).
extension EventAdminController {
    struct EntryPage: Encodable, Sendable {
        typealias Option = SelectOption
        struct PersonRow: Encodable, Sendable {
            let index: Int
            let people: [Option]
            let roles: [Option]
        }
        let layout: Layout
        let eventID: UUID
        let eventTitle: String
        let action: String
        let heading: String
        let form: EntryForm
        let errors: FieldErrors
        let days: [Option]
        let types: [Option]
        let rooms: [Option]
        let groups: [Option]
        let personRows: [PersonRow]
        let directory: [Option]
    }
}

extension EventAdminController.EntryPage {
    /// The form of one programme entry, with the event's days, rooms, groups and people to choose from.
    static func make(
        _ event: Event, bundle: EventBundle, directory: [Organisation], action: String, heading: String, form: EntryForm,
        people chosen: [(String, String)], presenting: Set<String>, errors: FieldErrors, layout: Layout
    ) throws -> EventAdminController.EntryPage {
        let rows = try (0..<EventAdminController.personRows).map { i -> EventAdminController.EntryPage.PersonRow in
            let (person, role) = i < chosen.count ? chosen[i] : ("", "")
            return EventAdminController.EntryPage.PersonRow(
                index: i + 1,
                people: try bundle.people.map {
                    .init(
                        value: try $0.requireID().uuidString, label: $0.displayName,
                        selected: try $0.requireID().uuidString == person)
                },
                roles: PersonRole.allCases.map { .init(value: $0.rawValue, label: $0.polishName, selected: $0.rawValue == role) })
        }
        return EventAdminController.EntryPage(
            layout: layout, eventID: try event.requireID(),
            eventTitle: event.displayTitle,
            action: action, heading: heading, form: form,
            // A clash of a published programme is about when and where: it links to the day.
            errors: errors.anchored { $0 == "schedule" ? "day" : nil },
            days: event.startDay.days(through: event.endDay).map {
                .init(value: $0.iso, label: "\($0.polishWeekday), \($0.polish)", selected: $0.iso == form.day)
            },
            types: AgendaEntryType.allCases.map {
                .init(value: $0.rawValue, label: $0.polishName, selected: $0.rawValue == form.type)
            },
            rooms: try bundle.rooms.map {
                .init(
                    value: try $0.requireID().uuidString, label: $0.name, selected: try $0.requireID().uuidString == form.roomID)
            },
            groups: try bundle.groups.map {
                .init(
                    value: try $0.requireID().uuidString, label: $0.title,
                    selected: try $0.requireID().uuidString == form.parallelGroupID)
            },
            personRows: rows,
            directory: directory.map { .init(value: $0.slug, label: $0.name, selected: presenting.contains($0.slug)) })
    }
}

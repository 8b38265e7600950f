import Fluent
import Foundation
import OpenCUSCore

/// Everything about one event, loaded with a fixed number of queries (one per table) whatever
/// the size of the agenda: the event page, print view, ICS, JSON and the back office all build
/// from this.
struct EventBundle: Sendable {
    let event: Event
    let organisations: [EventOrganisation]
    let rooms: [EventRoom]
    let people: [EventPerson]
    let groups: [ParallelGroup]
    let entries: [AgendaEntry]
    let entryPeople: [AgendaEntryPerson]
    let entryOrganisations: [AgendaEntryOrganisation]
    let attachments: [EventAttachment]

    /// 9 queries.
    static func load(_ event: Event, on db: any Database) async throws -> EventBundle {
        let id = try event.requireID()
        let entries = try await AgendaEntry.query(on: db).filter(\.$event.$id == id).sort(\.$startsAt).all()
        let entryIDs = try entries.map { try $0.requireID() }
        return EventBundle(
            event: event,
            organisations: try await EventOrganisation.query(on: db).filter(\.$event.$id == id).sort(\.$position).all(),
            rooms: try await EventRoom.query(on: db).filter(\.$event.$id == id).sort(\.$position).all(),
            people: try await EventPerson.query(on: db).filter(\.$event.$id == id).sort(\.$name).all(),
            groups: try await ParallelGroup.query(on: db).filter(\.$event.$id == id).all(),
            entries: entries,
            entryPeople: entryIDs.isEmpty
                ? [] : try await AgendaEntryPerson.query(on: db).filter(\.$entry.$id ~~ entryIDs).sort(\.$position).all(),
            entryOrganisations: entryIDs.isEmpty
                ? [] : try await AgendaEntryOrganisation.query(on: db).filter(\.$entry.$id ~~ entryIDs).sort(\.$position).all(),
            attachments: try await EventAttachment.query(on: db).filter(\.$event.$id == id).sort(\.$createdAt).all())
    }

    func room(_ id: UUID?) -> EventRoom? { id.flatMap { id in rooms.first { $0.id == id } } }
    func person(_ id: UUID) -> EventPerson? { people.first { $0.id == id } }
    func group(_ id: UUID?) -> ParallelGroup? { id.flatMap { id in groups.first { $0.id == id } } }

    /// The agenda as the schedule rules see it.
    var scheduleEntries: [ScheduleEntry] {
        entries.compactMap { entry in
            guard let id = entry.id else { return nil }
            return ScheduleEntry(
                id: id, title: entry.title, start: entry.startsAt, end: entry.endsAt, roomID: entry.$room.id,
                roomName: room(entry.$room.id)?.name,
                personIDs: Set(entryPeople.filter { $0.$entry.id == id }.map { $0.$person.id }),
                parallelGroupID: entry.$parallelGroup.id)
        }
    }

    var problems: [ScheduleProblem] { problems(of: scheduleEntries) }

    /// The problems the programme would have with `entry` added or put in place of the entry
    /// with its id (checked before a published programme is changed).
    func problems(with entry: ScheduleEntry) -> [ScheduleProblem] {
        problems(of: scheduleEntries.filter { $0.id != entry.id } + [entry])
    }

    private func problems(of entries: [ScheduleEntry]) -> [ScheduleProblem] {
        ScheduleCheck.problems(
            entries: entries, firstDay: event.startDay, lastDay: event.endDay,
            personNames: Dictionary(uniqueKeysWithValues: people.compactMap { p in p.id.map { ($0, p.displayName) } }))
    }
}

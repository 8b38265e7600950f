import Fluent
import OpenCUSCore
import Vapor

/// The attendance lists' pages: the index of what can be printed and the printed document.
extension AttendanceListController {
    struct Index: Encodable, Sendable {
        struct Day: Encodable, Sendable {
            let iso: String
            let name: String
            let workshops: [SelectOption]
        }
        let layout: Layout
        let eventID: UUID
        let title: String
        let days: [Day]
    }

    struct Sheet: Encodable, Sendable {
        struct Row: Encodable, Sendable {
            let number: Int
            let name: String
            let institution: String
        }
        let heading: String
        let room: String?
        let rows: [Row]
    }

    struct Document: Encodable, Sendable {
        let eventID: UUID
        let title: String
        let kind: String
        let day: String
        let place: String
        let organisers: String
        let funding: PublicEventsController.Funding?
        let sheets: [Sheet]
    }

}

extension AttendanceListController.Document {
    /// The sheets of one day: the whole event's confirmed people, or one sheet per chosen
    /// workshop with the people assigned to it. Returns who is listed (for the audit).
    static func make(
        _ event: Event, day: CalendarDay, chosen: [AgendaEntry], confirmed: [Registration], assigned: [RegistrationWorkshop],
        rooms: [UUID: String], organisers: [String]
    ) throws -> (AttendanceListController.Document, listed: [Registration]) {
        func sheet(_ heading: String, room: String?, _ people: [Registration]) -> AttendanceListController.Sheet {
            AttendanceListController.Sheet(
                heading: heading, room: room,
                rows: AttendanceListController.sorted(people).enumerated().map {
                    .init(number: $0 + 1, name: "\($1.lastName) \($1.firstName)", institution: $1.institution)
                })
        }
        var sheets: [AttendanceListController.Sheet] = []
        var listed: [Registration] = []
        if chosen.isEmpty {
            sheets = [sheet("Lista obecności – \(day.polish)", room: nil, confirmed)]
            listed = confirmed
        } else {
            let byID = Dictionary(uniqueKeysWithValues: try confirmed.map { (try $0.requireID(), $0) })
            for entry in chosen {
                let people = assigned.filter { $0.$entry.id == entry.id }.compactMap { byID[$0.$registration.id] }
                listed += people
                sheets.append(
                    sheet(
                        "Lista obecności – warsztat: \(entry.title)",
                        room: entry.$room.id.flatMap { rooms[$0] } ?? entry.placeNote,
                        people))
            }
        }
        let document = AttendanceListController.Document(
            eventID: try event.requireID(), title: event.displayTitle, kind: event.kind.polishName, day: day.polish,
            place: EventViews.place(event), organisers: organisers.joined(separator: ", "),
            funding: PublicEventsController.Funding(event), sheets: sheets)
        return (document, listed)
    }
}

extension AttendanceListController.Index {
    /// One entry per day of the event with that day's workshops (by their Warsaw start day).
    static func make(_ event: Event, days: [CalendarDay], workshops: [AgendaEntry], layout: Layout) throws
        -> AttendanceListController.Index
    {
        AttendanceListController.Index(
            layout: layout, eventID: try event.requireID(), title: event.displayTitle,
            days: try days.map { day in
                Day(
                    iso: day.iso, name: day.polish,
                    workshops: try workshops.filter { CalendarDay($0.startsAt, in: WallClock.warsaw) == day }
                        .map { SelectOption(value: try $0.requireID().uuidString, label: $0.title) })
            })
    }
}

import Fluent
import OpenCUSCore
import SQLKit
import Vapor

/// The page models of `CheckInController` (what its templates receive).
extension CheckInController {
    struct EventsPage: Encodable, Sendable {
        struct Item: Encodable, Sendable {
            let id: UUID
            let title: String
            let dates: String
            let place: String
            let now: Bool
        }
        let layout: Layout
        let current: [Item]
        let past: [Item]
    }

    struct WalkInPage: Encodable, Sendable {
        let layout: Layout
        let eventID: UUID
        let title: String
        let day: String
        let dayName: String
        let form: RegistrationFormView
        let duplicate: Bool
        /// The desk types the person's e-mail and shows them the RODO clause, as online.
        let showEmail = true
        let showConsentClause = true
    }

    struct Page: Encodable, Sendable {
        struct Row: Encodable, Sendable {
            let id: UUID
            let name: String
            let institution: String
            let search: String
            let present: Bool
            let workshops: String
            let walkIn: Bool
        }
        let layout: Layout
        let eventID: UUID
        let title: String
        let days: [SelectOption]
        let day: String
        let dayName: String
        let query: String
        let counters: Counters
        let rows: [Row]
        let shown: String
        let notice: String?
        /// The person a code just marked present (shown big, so the desk sees it at a glance).
        let marked: String?
        /// A code that was read but marks nobody, and why.
        let codeProblem: String?
        /// Desk staff without the organiser's pages get a link back to the desk's event list.
        let organiser: Bool
    }
}

extension CheckInController.Page {
    /// What the desk asked for: the day, the search, and what the last action reported.
    struct Desk: Sendable {
        let day: CalendarDay
        let days: [CalendarDay]
        let query: String
        let notice: String?
        /// The registration a code just marked present.
        let marked: UUID?
        let codeProblem: String?
        let organiser: Bool
    }

    /// The desk from the confirmed people, the day's counters and their workshops.
    static func make(
        _ event: Event, people: [Registration], counters: CheckInController.Counters, workshops: [RegistrationWorkshop],
        alternatives: [UUID: String], desk: Desk, layout: Layout
    ) throws -> CheckInController.Page {
        let present = Set(counters.presentIDs)
        let byPerson = Dictionary(grouping: workshops, by: { $0.$registration.id })
        let rows = try people.filter { LooseMatch.matches(desk.query, "\($0.firstName) \($0.lastName) \($0.institution)") }
            .map { r in
                let id = try r.requireID()
                return Row(
                    id: id, name: "\(r.lastName) \(r.firstName)", institution: r.institution,
                    search: LooseMatch.fold("\(r.firstName) \(r.lastName) \(r.institution)"), present: present.contains(id),
                    workshops: (byPerson[id] ?? []).compactMap { alternatives[$0.$entry.id] }.joined(separator: "; "),
                    walkIn: r.source == .onSite)
            }
        // "Obecny(-a): Kowalska Anna" after a code was read (the person is one of the confirmed).
        let marked = desk.marked.flatMap { id in people.first { $0.id == id } }.map { r in
            "\(r.lastName) \(r.firstName)" + (r.institution.isEmpty ? "" : ", \(r.institution)")
        }
        return CheckInController.Page(
            layout: layout, eventID: try event.requireID(), title: event.displayTitle,
            days: desk.days.map { SelectOption(value: $0.iso, label: $0.polish, selected: $0 == desk.day) },
            day: desk.day.iso, dayName: desk.day.polish, query: desk.query, counters: counters, rows: rows,
            shown: PolishPlural.person.phrase(rows.count), notice: desk.notice, marked: marked, codeProblem: desk.codeProblem,
            organiser: desk.organiser)
    }
}

extension CheckInController.EventsPage {
    /// Events not yet over first (soonest first, today's marked), then past ones (latest first).
    static func make(_ events: [Event], today: CalendarDay, layout: Layout) throws -> CheckInController.EventsPage {
        func item(_ e: Event) throws -> Item {
            Item(
                id: try e.requireID(), title: e.displayTitle, dates: EventViews.dates(e.startDay, e.endDay),
                place: EventViews.place(e), now: e.startDay <= today && today <= e.endDay)
        }
        return CheckInController.EventsPage(
            layout: layout,
            current: try events.filter { $0.endDay >= today }.sorted { $0.startDay < $1.startDay }.map(item),
            past: try events.filter { $0.endDay < today }.sorted { $0.startDay > $1.startDay }.map(item))
    }
}

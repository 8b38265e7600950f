import Fluent
import OpenCUSCore
import Vapor

/// Printable attendance lists ("lista obecności"), A4: per day for the whole event, per
/// workshop, or all workshops of a day in one document (a page each). People sorted by
/// surname the Polish way; the signature column is left empty for the pen.
enum AttendanceListController {
    static func workshops(_ event: Event, on db: any Database) async throws -> [AgendaEntry] {
        try await AgendaEntry.query(on: db).filter(\.$event.$id == event.requireID()).filter(\.$parallelGroup.$id != nil).sort(
            \.$startsAt
        ).all()
    }

    @Sendable static func index(_ request: Request) async throws -> Response {
        let (_, event) = try await EventAdminController.ownEvent(request, permission: .checkIn)
        let (_, days) = CheckInController.day(request, event: event)
        let entries = try await workshops(event, on: request.db)
        let page = try Index.make(
            event, days: days, workshops: entries,
            layout: try await request.layout(title: "Listy obecności", section: "events-admin"))
        return try await request.render("checkin/attendance-index", page)
    }

    static func sorted(_ registrations: [Registration]) -> [Registration] {
        registrations.sorted {
            PolishCollation.less($0.lastName, $1.lastName)
                || ($0.lastName.lowercased() == $1.lastName.lowercased() && PolishCollation.less($0.firstName, $1.firstName))
        }
    }

    static func organisers(_ event: Event, on db: any Database) async throws -> [String] {
        try await EventOrganisation.query(on: db).filter(\.$event.$id == event.requireID()).filter(
            \.$role ~~ [.organiser, .coOrganiser]
        )
        .sort(\.$position).all().map(\.name)
    }

    @Sendable static func print(_ request: Request) async throws -> Response {
        let (_, event) = try await EventAdminController.ownEvent(request, permission: .checkIn)
        let (day, _) = CheckInController.day(request, event: event)
        let confirmed = try await Registration.query(on: request.db).filter(\.$event.$id == event.requireID()).filter(
            \.$state == .confirmed
        ).all()
        let entries = try await workshops(event, on: request.db).filter { CalendarDay($0.startsAt, in: WallClock.warsaw) == day }
        let rooms = Dictionary(
            uniqueKeysWithValues: try await EventRoom.query(on: request.db).filter(\.$event.$id == event.requireID()).all().map {
                (try $0.requireID(), $0.name)
            })
        var chosen: [AgendaEntry] = []
        if let id = request.query[String.self, at: "entry"].flatMap(UUID.init(uuidString:)) {
            guard let entry = entries.first(where: { $0.id == id }) else { throw Abort(.notFound) }
            chosen = [entry]
        } else if request.query[String.self, at: "workshops"] == "1" {
            chosen = entries
        }
        let assigned =
            chosen.isEmpty
            ? []
            : try await RegistrationWorkshop.query(on: request.db).filter(\.$event.$id == event.requireID())
                .filter(\.$placement == .assigned).filter(\.$entry.$id ~~ chosen.map { try $0.requireID() }).all()
        let (document, listed) = try Document.make(
            event, day: day, chosen: chosen, confirmed: confirmed, assigned: assigned, rooms: rooms,
            organisers: try await organisers(event, on: request.db))
        try await request.audit(
            .print, .attendanceList, recordID: event.id,
            subjects: listed.map { AuditSubject(type: .registration, id: try $0.requireID()) },
            detail: "\(day.iso), list: \(document.sheets.count), osób: \(listed.count)")
        return try await request.view.render("checkin/attendance-print", document).encodeResponse(for: request)
    }
}

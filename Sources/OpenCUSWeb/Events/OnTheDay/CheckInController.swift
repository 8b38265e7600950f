import Fluent
import OpenCUSCore
import SQLKit
import Vapor

/// The desk on the day: find a participant as you type, mark them present for the day, undo,
/// register a walk-in. Built for a phone or tablet; works without JavaScript (forms and a
/// search that the server answers) and, with `checkin.js`, filters instantly, marks without
/// reloading and refreshes the counters and the other desk's marks every few seconds.
enum CheckInController {
    /// The desk's way in: the organisation's events, those under way or coming first.
    @Sendable static func eventList(_ request: Request) async throws -> Response {
        let staff = try request.require(.checkIn)
        let today = CalendarDay(request.clock.now(), in: WallClock.warsaw)
        let all = try await Event.scoped(to: staff.organisationID, on: request.db).filter(\.$status != .draft).all()
        let page = try EventsPage.make(all, today: today, layout: try await request.layout(title: "Recepcja", section: "checkin"))
        return try await request.render("checkin/events", page)
    }

    struct Counters: Content, Equatable {
        let registered: Int
        let present: Int
        let notYet: Int
        /// Registrations present on the day (for the other desk's marks).
        let presentIDs: [UUID]
    }

    /// The event's days, and the one asked for (or today during the event, or the first day).
    static func day(_ request: Request, event: Event) -> (CalendarDay, [CalendarDay]) {
        var days: [CalendarDay] = []
        var d = event.startDay
        while d <= event.endDay && days.count < 31 { days.append(d); d = d.adding(days: 1) }
        if let asked = request.query[String.self, at: "day"].flatMap(CalendarDay.init(iso:)), days.contains(asked) {
            return (asked, days)
        }
        let today = CalendarDay(request.clock.now(), in: WallClock.warsaw)
        return (days.contains(today) ? today : days[0], days)
    }

    /// Confirmed registrations: the people expected at the desk.
    static func expected(_ eventID: UUID, on db: any Database) async throws -> [Registration] {
        try await Registration.query(on: db).filter(\.$event.$id == eventID).filter(\.$state == .confirmed).all()
            .sorted { PolishCollation.less($0.lastName + " " + $0.firstName, $1.lastName + " " + $1.firstName) }
    }

    static func counters(_ eventID: UUID, day: CalendarDay, confirmed: [Registration]? = nil, on db: any Database) async throws
        -> Counters
    {
        let people: [Registration]
        if let confirmed {
            people = confirmed
        } else {
            people = try await Registration.query(on: db).filter(\.$event.$id == eventID).filter(\.$state == .confirmed).all()
        }
        let expected = Set(try people.map { try $0.requireID() })
        let present = try await EventAttendance.query(on: db).filter(\.$event.$id == eventID).filter(\.$day == day).all()
            .map { $0.$registration.id }.filter { expected.contains($0) }
        return Counters(
            registered: expected.count, present: present.count, notYet: expected.count - present.count, presentIDs: present)
    }

    @Sendable static func page(_ request: Request) async throws -> Response {
        let (_, event) = try await EventAdminController.ownEvent(request, permission: .checkIn)
        let (day, days) = day(request, event: event)
        let query = String(TextInput.clean(request.query[String.self, at: "q"]).prefix(100))
        let people = try await expected(event.requireID(), on: request.db)
        let counters = try await counters(event.requireID(), day: day, confirmed: people, on: request.db)
        let alternatives = try await RegistrationContext.load(event, on: request.db)?.alternatives.mapValues(\.title) ?? [:]
        let workshops = try await RegistrationWorkshop.query(on: request.db).filter(\.$event.$id == event.requireID())
            .filter(\.$placement == .assigned).all()
        let desk = Page.Desk(
            day: day, days: days, query: query,
            notice: request.query[String.self, at: "ok"] == "walk-in"
                ? "Zarejestrowano osobę na miejscu i oznaczono ją jako obecną." : nil,
            marked: request.query[UUID.self, at: "marked"], codeProblem: codeProblem(request),
            organiser: request.staff?.allows(.manageEvents) ?? false)
        let page = try Page.make(
            event, people: people, counters: counters, workshops: workshops, alternatives: alternatives, desk: desk,
            layout: try await request.layout(title: "Recepcja: \(event.displayTitle)", section: "events-admin"))
        try await request.audit(
            .list, .registrationList, recordID: event.id,
            subjects: page.rows.map { AuditSubject(type: .registration, id: $0.id) },
            detail: "recepcja \(day.iso), wierszy: \(page.rows.count)")
        return try await request.render("checkin/desk", page)
    }

    static func codeProblem(_ request: Request) -> String? {
        guard let code = request.query[String.self, at: "code"].flatMap(CheckInCode.normalise) else { return nil }
        if request.query[String.self, at: "unconfirmed"] != nil {
            return "Kod \(code) należy do zgłoszenia, które nie jest potwierdzone. Sprawdź je na liście zgłoszeń."
        }
        return "Nie znaleziono kodu \(code) w tym wydarzeniu. Wpisz nazwisko, aby odszukać osobę."
    }

    @Sendable static func status(_ request: Request) async throws -> Counters {
        let (_, event) = try await EventAdminController.ownEvent(request, permission: .checkIn)
        return try await counters(event.requireID(), day: day(request, event: event).0, on: request.db)
    }

    struct MarkForm: Content {
        var day: String?
        var q: String?
    }

    /// The registration (confirmed, of this event) and the day the form names.
    static func target(_ request: Request) async throws -> (StaffContext, Event, Registration, CalendarDay, MarkForm) {
        let (staff, event) = try await EventAdminController.ownEvent(request, permission: .checkIn)
        guard let id = request.parameters.get("registrationID", as: UUID.self),
            let registration = try await Registration.scoped(to: staff.organisationID, on: request.db).filter(\.$id == id)
                .filter(\.$event.$id == event.requireID()).first()
        else { throw Abort(.notFound) }
        let form = try request.content.decode(MarkForm.self)
        guard let day = form.day.flatMap(CalendarDay.init(iso:)), day >= event.startDay, day <= event.endDay else {
            throw Abort(
                .unprocessableEntity, reason: "Wybierz dzień wydarzenia (od \(event.startDay.polish) do \(event.endDay.polish))."
            )
        }
        guard registration.state == .confirmed else {
            throw Abort(
                .conflict,
                reason:
                    "To zgłoszenie nie jest potwierdzone (\(registration.state.polishName)): najpierw przyjmij je na liście zgłoszeń."
            )
        }
        return (staff, event, registration, day, form)
    }

    /// Inserts the mark unless it is there already (ON CONFLICT DO NOTHING: the same on both
    /// databases, and it never aborts a PostgreSQL transaction).
    static func mark(_ registration: Registration, day: CalendarDay, by name: String, now: Date, on db: any Database) async throws
    {
        try await db.sql().insert(into: EventAttendance.schema)
            .columns("id", "organisation_id", "event_id", "registration_id", "day", "marked_at", "marked_by")
            .values(
                SQLBind(UUID()), SQLBind(registration.$organisation.id), SQLBind(registration.$event.id),
                SQLBind(try registration.requireID()),
                SQLBind(day.iso), SQLBind(now), SQLBind(name)
            )
            .ignoringConflicts(with: ["registration_id", "day"])
            .run()
    }

    /// Marks (or takes back) a day's presence and audits it in the same transaction.
    static func setPresence(
        _ present: Bool, _ registration: Registration, day: CalendarDay, staff: StaffContext, request: Request
    ) async throws {
        let actor = AuditActor(staff, request)
        let now = request.clock.now()
        let registrationID = try registration.requireID()
        try await request.db.writeTransaction { db in
            if present {
                try await mark(registration, day: day, by: staff.userName, now: now, on: db)
            } else {
                try await EventAttendance.query(on: db).filter(\.$registration.$id == registrationID).filter(\.$day == day)
                    .delete()
            }
            try await Audit.append(
                AuditEvent(
                    actor: actor, organisationID: staff.organisationID, action: .update, recordType: .registration,
                    recordID: registrationID,
                    subjects: [AuditSubject(type: .registration, id: registrationID)],
                    detail: "obecność \(day.iso): \(present ? "obecny" : "cofnięto")"),
                at: now, on: db)
        }
    }

    static func respond(_ request: Request, event: Event, day: CalendarDay, form: MarkForm, registrationID: UUID) async throws
        -> Response
    {
        if request.headers.accept.contains(where: { $0.mediaType == .json }) {
            return try await counters(event.requireID(), day: day, on: request.db).encodeResponse(for: request)
        }
        let q = TextInput.clean(form.q).addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        return request.redirect(
            to: SiteRoute.checkInPage.url(try event.requireID(), query: "day=\(day.iso)&q=\(q)", fragment: "r-\(registrationID)"),
            redirectType: .normal)
    }

    @Sendable static func markPresent(_ request: Request) async throws -> Response {
        let (staff, event, registration, day, form) = try await target(request)
        try await setPresence(true, registration, day: day, staff: staff, request: request)
        return try await respond(request, event: event, day: day, form: form, registrationID: registration.requireID())
    }

    @Sendable static func markAbsent(_ request: Request) async throws -> Response {
        let (staff, event, registration, day, form) = try await target(request)
        try await setPresence(false, registration, day: day, staff: staff, request: request)
        return try await respond(request, event: event, day: day, form: form, registrationID: registration.requireID())
    }

    // MARK: The search field: a name to look for, or a code to mark at once

    struct FindForm: Content {
        var q: String?
        var day: String?
    }

    /// What the desk's one field received. A check-in code (typed, or by a hand scanner reading
    /// the QR code) marks its person present for the day at once and comes back to an empty,
    /// focused field with the name confirmed; anything else is a search.
    @Sendable static func find(_ request: Request) async throws -> Response {
        let (staff, event) = try await EventAdminController.ownEvent(request, permission: .checkIn)
        let form = try request.content.decode(FindForm.self)
        let typed = String(TextInput.clean(form.q).prefix(100))
        let day =
            form.day.flatMap(CalendarDay.init(iso:)).flatMap { $0 >= event.startDay && $0 <= event.endDay ? $0 : nil }
            ?? Self.day(request, event: event).0
        let eventID = try event.requireID()
        guard let code = CheckInCode.normalise(typed) else {
            let q = typed.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            return request.redirect(to: SiteRoute.checkInPage.url(eventID, query: "day=\(day.iso)&q=\(q)"), redirectType: .normal)
        }
        guard
            let registration = try await Registration.scoped(to: staff.organisationID, on: request.db)
                .filter(\.$event.$id == eventID).filter(\.$checkinCode == code).first()
        else {
            return request.redirect(
                to: SiteRoute.checkInPage.url(eventID, query: "day=\(day.iso)&code=\(code)&unknown=1"), redirectType: .normal)
        }
        guard registration.state == .confirmed else {
            return request.redirect(
                to: SiteRoute.checkInPage.url(eventID, query: "day=\(day.iso)&code=\(code)&unconfirmed=1"),
                redirectType: .normal)
        }
        try await setPresence(true, registration, day: day, staff: staff, request: request)
        return request.redirect(
            to: SiteRoute.checkInPage.url(eventID, query: "day=\(day.iso)&marked=\(try registration.requireID())"),
            redirectType: .normal)
    }

    // MARK: Walk-in

    static func renderWalkIn(
        _ request: Request, context: RegistrationContext, day: CalendarDay, form: ParticipantForm, errors: FieldErrors,
        duplicate: Bool = false, status: HTTPStatus = .ok
    ) async throws -> Response {
        let counts = try await RegistrationService.counts(context, on: request.db)
        let page = WalkInPage(
            layout: try await request.layout(title: "Rejestracja na miejscu", section: "events-admin"), eventID: context.eventID,
            title: context.event.displayTitle, day: day.iso, dayName: day.polish,
            form: RegistrationFormView.make(
                context: context, form: form, errors: errors, counts: counts,
                rooms: try await PublicRegistrationController.rooms(context, on: request.db)),
            duplicate: duplicate)
        return try await request.render("checkin/walk-in", page, status: status)
    }

    @Sendable static func walkInForm(_ request: Request) async throws -> Response {
        let (_, context) = try await RegistrationAdminController.requireContext(request, permission: .checkIn)
        return try await renderWalkIn(
            request, context: context, day: day(request, event: context.event).0, form: ParticipantForm(), errors: FieldErrors())
    }

    /// A person without a registration: the same form and rules as online (capacity, one per
    /// e-mail, workshop limits), source "na miejscu", confirmed at once or refused when full,
    /// and marked present for the day.
    @Sendable static func walkIn(_ request: Request) async throws -> Response {
        let (staff, context) = try await RegistrationAdminController.requireContext(request, permission: .checkIn)
        let form = try ParticipantForm.decode(request)
        let day =
            try request.content.decode(MarkForm.self).day.flatMap(CalendarDay.init(iso:)).flatMap {
                $0 >= context.event.startDay && $0 <= context.event.endDay ? $0 : nil
            } ?? CheckInController.day(request, event: context.event).0
        do {
            let created = try await RegistrationService.register(
                form, source: .onSite, actor: RegistrationAdminController.actor(staff, request), context: context, on: request.db,
                environment: RegistrationAdminController.environment(request), enforceWindow: false)
            try await setPresence(true, created.registration, day: day, staff: staff, request: request)
            let q = created.registration.lastName.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            return request.redirect(
                to: SiteRoute.checkInPage.url(context.eventID, query: "day=\(day.iso)&q=\(q)&ok=walk-in"), redirectType: .normal)
        } catch RegistrationError.invalid(let errors) {
            return try await renderWalkIn(
                request, context: context, day: day, form: form.cleaned(), errors: errors, status: .unprocessableEntity)
        } catch RegistrationError.duplicate {
            return try await renderWalkIn(
                request, context: context, day: day, form: form.cleaned(), errors: FieldErrors(), duplicate: true,
                status: .conflict)
        } catch RegistrationError.closed(let reason) {
            return try await renderWalkIn(
                request, context: context, day: day, form: form.cleaned(), errors: FieldErrors("form", reason), status: .conflict)
        }
    }
}

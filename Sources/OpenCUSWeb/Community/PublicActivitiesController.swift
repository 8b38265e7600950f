import Fluent
import OpenCUSCore
import Vapor

/// The public calendar of an organisation's supportive activities: the coming weeks as a list,
/// a month as a table, an ICS feed and JSON; each activity's page with its sign-up form (the
/// capacity-safe path of `ActivityService`).
enum PublicActivitiesController {
    static let listWeeks = 8

    static func today(_ request: Request) -> CalendarDay { CalendarDay(request.clock.now(), in: WallClock.warsaw) }

    static func activities(_ organisation: Organisation, on db: any Database) async throws -> [Activity] {
        try await Activity.scoped(to: organisation.requireID(), on: db).sort(\.$title).all()
    }

    /// Every meeting between two days, in order of day and time.
    static func occurrences(_ activities: [Activity], from: CalendarDay, through: CalendarDay) -> [(CalendarDay, Activity)] {
        activities.flatMap { a in a.schedule.occurrences(from: from, through: through).map { ($0, a) } }
            .sorted { ($0.0, $0.1.schedule.start, $0.1.title) < ($1.0, $1.1.schedule.start, $1.1.title) }
    }

    @Sendable static func calendar(_ request: Request) async throws -> Response {
        let organisation = try await PublicCatalogueController.organisation(request)
        let all = try await activities(organisation, on: request.db)
        let today = today(request)
        var month: (year: Int, month: Int)?
        if let text = request.query[String.self, at: "miesiac"] {
            let parts = text.split(separator: "-").compactMap { Int($0) }
            guard parts.count == 2, (2000...2100).contains(parts[0]), (1...12).contains(parts[1]) else {
                throw Abort(.notFound, reason: "Nie ma takiego miesiąca. Wybierz miesiąc strzałkami w kalendarzu.")
            }
            month = (parts[0], parts[1])
        }
        let upcoming = occurrences(all, from: today, through: today.adding(days: listWeeks * 7 - 1))
        return try await request.render(
            "activities/calendar",
            try ActivityCalendarPage.make(
                organisation: organisation, activities: all, upcoming: upcoming, month: month, today: today,
                layout: try await request.layout(title: "Działania wspierające: \(organisation.name)", section: "activities")
                    .branded(organisation)))
    }

    @Sendable static func ics(_ request: Request) async throws -> Response {
        let organisation = try await PublicCatalogueController.organisation(request)
        let all = try await activities(organisation, on: request.db)
        let today = today(request)
        let base = request.config.baseURL.absoluteString
        let host = request.config.baseURL.host ?? "opencus"
        let events = occurrences(all, from: today.adding(days: -31), through: today.adding(days: 183)).compactMap {
            day, activity -> CalendarEvent? in
            let schedule = activity.schedule
            guard let start = instant(day, schedule.start), let id = activity.id else { return nil }
            return CalendarEvent(
                uid: "activity-\(id.uuidString.lowercased())-\(day.iso)@\(host)",
                when: .timed(start: start, end: instant(day, schedule.end)), summary: activity.title,
                description: activity.description.isEmpty ? nil : activity.description, location: activity.place,
                url: base + SiteRoute.publicActivity.url(organisation.slug, id))
        }
        let stamp = all.map(\.updatedAt).max() ?? request.clock.now()
        return Response(
            status: .ok,
            headers: [
                "Content-Type": "text/calendar; charset=utf-8",
                "Content-Disposition": "inline; filename=\"dzialania-\(organisation.slug).ics\"",
            ],
            body: .init(string: ICalendar.document(events, stamp: stamp, name: "Działania wspierające: \(organisation.name)")))
    }

    /// A Warsaw wall time as an instant (the earlier one when the clock goes back).
    static func instant(_ day: CalendarDay, _ time: TimeOfDay) -> Date? {
        switch WallClock.resolve(day: day, time: time) {
        case .exact(let date): date
        case .ambiguous(let first, _): first
        case .nonexistent: nil
        }
    }

    struct ActivityJSON: Content {
        struct Meeting: Content {
            let day: String
            let start: String
            let end: String
        }
        let id: UUID
        let url: String
        let title: String
        let kind: String
        let kindName: String
        let organiser: String
        let place: String
        let audience: String
        let accessibility: String
        let schedule: String
        let capacity: Int?
        let placesLeft: Int?
        let signUps: Bool
        let next: [Meeting]
    }

    @Sendable static func json(_ request: Request) async throws -> Response {
        let organisation = try await PublicCatalogueController.organisation(request)
        let all = try await activities(organisation, on: request.db)
        let today = today(request)
        let base = request.config.baseURL.absoluteString
        var rows: [ActivityJSON] = []
        for activity in all {
            let id = try activity.requireID()
            let s = activity.schedule
            let taken = try await ActivityService.activeSignUps(id, on: request.db).count()
            rows.append(
                ActivityJSON(
                    id: id, url: base + SiteRoute.publicActivity.url(organisation.slug, id), title: activity.title,
                    kind: activity.kind.rawValue, kindName: activity.kind.polishName, organiser: activity.organiser,
                    place: activity.place, audience: activity.audience, accessibility: activity.accessibility, schedule: s.polish,
                    capacity: activity.capacity, placesLeft: activity.capacity.map { max($0 - taken, 0) },
                    signUps: activity.signUps,
                    next: s.occurrences(from: today, through: today.adding(days: listWeeks * 7 - 1)).map {
                        .init(day: $0.iso, start: s.start.description, end: s.end.description)
                    }))
        }
        return try await rows.encodeResponse(for: request)
    }

    // MARK: One activity and its sign-up

    static func publicActivity(_ request: Request) async throws -> (Activity, Organisation) {
        let organisation = try await PublicCatalogueController.organisation(request)
        guard let id = request.parameters.get("activityID", as: UUID.self),
            let activity = try await Activity.find(id, in: organisation.requireID(), on: request.db)
        else {
            throw Abort(.notFound, reason: "Nie ma takiego działania. Wybierz je z kalendarza działań centrum.")
        }
        return (activity, organisation)
    }

    static func render(
        _ request: Request, _ activity: Activity, _ organisation: Organisation, form: ActivitySignUpForm, errors: FieldErrors,
        signedUp: Bool = false, status: HTTPStatus = .ok
    ) async throws -> Response {
        let taken = try await ActivityService.activeSignUps(try activity.requireID(), on: request.db).count()
        return try await request.render(
            "activities/public",
            try PublicActivityPage.make(
                activity, organisation: organisation, taken: taken, today: today(request), form: form, errors: errors,
                signedUp: signedUp,
                layout: try await request.layout(title: activity.title, section: "activities").branded(organisation)),
            status: status)
    }

    @Sendable static func page(_ request: Request) async throws -> Response {
        let (activity, organisation) = try await publicActivity(request)
        return try await render(
            request, activity, organisation, form: ActivitySignUpForm(), errors: FieldErrors(),
            signedUp: request.query[String.self, at: "zapisano"] == "1")
    }

    @Sendable static func signUp(_ request: Request) async throws -> Response {
        let (activity, organisation) = try await publicActivity(request)
        let form = try request.content.decode(ActivitySignUpForm.self)
        let id = try activity.requireID()
        guard activity.signUps else { throw Abort(.notFound) }
        switch form.validate() {
        case .bot:
            request.logger.info("Activity sign-up honeypot filled", metadata: ["activity_id": "\(id)"])
            return request.redirect(
                to: SiteRoute.publicActivity.url(organisation.slug, id, query: "zapisano=1"), redirectType: .normal)
        case .invalid(let errors):
            return try await render(request, activity, organisation, form: form, errors: errors, status: .unprocessableEntity)
        case .valid(let valid):
            do {
                _ = try await ActivityService.signUp(
                    id, organisationID: try organisation.requireID(), name: valid.name, phone: valid.phone,
                    email: valid.email?.value, source: "online", now: request.clock.now(), on: request.db)
            } catch ActivityError.full {
                return try await render(
                    request, activity, organisation, form: form,
                    errors: FieldErrors(
                        "form",
                        "Brak wolnych miejsc — ktoś zapisał się przed Tobą. Zadzwoń do centrum: zapiszemy Cię, gdy zwolni się miejsce."
                    ),
                    status: .conflict)
            } catch ActivityError.alreadySignedUp {
                return try await render(
                    request, activity, organisation, form: form,
                    errors: FieldErrors("form", "Jesteś już zapisany/zapisana na to działanie (ten sam telefon lub e-mail)."),
                    status: .conflict)
            }
            return request.redirect(
                to: SiteRoute.publicActivity.url(organisation.slug, id, query: "zapisano=1"), redirectType: .normal)
        }
    }
}

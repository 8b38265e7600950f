import Fluent
import OpenCUSCore
import Vapor

/// What residents and staff of the network see: the event list, event pages, the printable
/// programme, calendar files and attachments. Drafts are invisible here: every lookup goes
/// through `publicEvent`, which only finds public statuses.
enum PublicEventsController {

    static func publicEvent(slug: String?, on db: any Database) async throws -> Event {
        guard let slug,
            let event = try await Event.query(on: db).filter(\.$slug == slug)
                .filter(\.$status ~~ EventStatus.allCases.filter(\.isPublic)).first()
        else { throw Abort(.notFound) }
        return event
    }

    @Sendable static func list(_ request: Request) async throws -> Response {
        let kind = request.query[String.self, at: "kind"].flatMap(EventKind.init(rawValue:))
        let voivodeship = request.query[String.self, at: "voivodeship"].flatMap(Voivodeship.init(rawValue:))
        let organiser = request.query[String.self, at: "organiser"].flatMap { $0.isEmpty ? nil : $0 }
        let listing = try await EventListing.load(kind: kind, voivodeship: voivodeship, organiserSlug: organiser, on: request.db)
        let today = CalendarDay(request.clock.now(), in: WallClock.warsaw)
        let archive = listing.events.filter { $0.endDay < today }
        let reported =
            archive.isEmpty
            ? []
            : Set(
                try await EventReport.query(on: request.db).filter(\.$event.$id ~~ archive.map { try $0.requireID() })
                    .filter(\.$publishedAt != nil).all().map { $0.$event.id })
        let page = try ListPage.make(
            listing, reported: reported, today: today, kind: kind, voivodeship: voivodeship, organiser: organiser,
            layout: try await request.layout(title: "Wydarzenia", section: "events"))
        return try await request.render("events/list", page)
    }

    @Sendable static func page(_ request: Request) async throws -> Response {
        try await cachedEventPage(request, template: "events/page", section: "events")
    }

    @Sendable static func printView(_ request: Request) async throws -> Response {
        try await cachedEventPage(request, template: "events/print", section: "print")
    }

    /// Anonymous visitors get the page from `PageCache` while the event is unchanged (its
    /// `updated_at` is the version: every back-office change touches it) and the day is the
    /// same (past events lose their registration call to action). Staff always get a fresh
    /// render, since their layout differs.
    static func cachedEventPage(_ request: Request, template: String, section: String) async throws -> Response {
        let event = try await publicEvent(slug: request.parameters.get("slug"), on: request.db)
        let now = request.clock.now()
        let cache = request.application.opencus.pageCache
        // The registration call to action changes when the window opens or closes, at any time
        // of day: its state is part of the key.
        let settings = try await RegistrationSettings.query(on: request.db).filter(\.$event.$id == event.requireID()).first()
        let registration =
            settings.map {
                $0.enabled ? $0.window.availability(now: now, eventStatus: event.status, lastDay: event.endDay).code : "off"
            } ?? "none"
        let key = [
            template, event.slug, String(event.updatedAt?.timeIntervalSince1970 ?? 0), CalendarDay(now, in: WallClock.warsaw).iso,
            registration,
        ]
        .joined(separator: "|")
        if request.staff == nil, let html = cache.html(for: key, now: now) {
            return Response(status: .ok, headers: ["Content-Type": "text/html; charset=utf-8"], body: .init(string: html))
        }
        let bundle = try await EventBundle.load(event, on: request.db)
        let hasReport =
            try await EventReport.query(on: request.db).filter(\.$event.$id == event.requireID()).filter(\.$publishedAt != nil)
            .count() > 0
        let context = try EventPage.make(
            bundle, settings: settings, hasReport: hasReport, now: now, baseURL: request.config.baseURL,
            layout: try await request.layout(title: event.displayTitle, section: section), section: section)
        let response = try await request.render(template, context)
        if request.staff == nil, let html = response.body.string {
            cache.store(html, for: key, now: now)
        }
        return response
    }

    @Sendable static func eventCalendar(_ request: Request) async throws -> Response {
        let event = try await publicEvent(slug: request.parameters.get("slug"), on: request.db)
        let calendarEvent = CalendarEvent(
            uid: "event-\(try event.requireID().uuidString.lowercased())@\(request.config.baseURL.host ?? "opencus")",
            when: .days(first: event.startDay, last: event.endDay), summary: event.displayTitle,
            description: event.subtitle ?? event.motto, location: EventViews.place(event),
            url: request.config.baseURL.absoluteString + SiteRoute.publicEventPage.url(event.slug),
            cancelled: event.status == .cancelled)
        return calendarResponse(
            ICalendar.document([calendarEvent], stamp: event.updatedAt ?? request.clock.now(), name: event.displayTitle),
            filename: "\(event.slug).ics")
    }

    @Sendable static func entryCalendar(_ request: Request) async throws -> Response {
        let event = try await publicEvent(slug: request.parameters.get("slug"), on: request.db)
        guard let entryID = request.parameters.get("entryID", as: UUID.self),
            let entry = try await AgendaEntry.query(on: request.db).filter(\.$id == entryID).filter(
                \.$event.$id == event.requireID()
            )
            .first()
        else { throw Abort(.notFound) }
        let room = try await entry.$room.get(on: request.db)
        let location = [room.map { RoomLabel.inSentence($0.name) }, entry.placeNote, EventViews.place(event)].compactMap { $0 }
            .filter {
                !$0.isEmpty
            }
        let calendarEvent = CalendarEvent(
            uid: "entry-\(entryID.uuidString.lowercased())@\(request.config.baseURL.host ?? "opencus")",
            when: .timed(start: entry.startsAt, end: entry.endsAt), summary: "\(entry.title) – \(event.displayTitle)",
            description: entry.description.isEmpty ? nil : entry.description, location: location.joined(separator: ", "),
            url: request.config.baseURL.absoluteString
                + SiteRoute.publicEventPage.url(event.slug, fragment: "punkt-\(entryID.uuidString.lowercased())"),
            cancelled: event.status == .cancelled)
        return calendarResponse(
            ICalendar.document([calendarEvent], stamp: event.updatedAt ?? request.clock.now()),
            filename: "\(event.slug)-punkt.ics")
    }

    private static func calendarResponse(_ text: String, filename: String) -> Response {
        Response(
            status: .ok,
            headers: [
                "Content-Type": "text/calendar; charset=utf-8",
                "Content-Disposition": "attachment; filename=\"\(filename)\"",
            ],
            body: .init(string: text))
    }

    @Sendable static func download(_ request: Request) async throws -> Response {
        let event = try await publicEvent(slug: request.parameters.get("slug"), on: request.db)
        guard let id = request.parameters.get("attachmentID", as: UUID.self),
            let attachment = try await EventAttachment.query(on: request.db).filter(\.$id == id).filter(
                \.$event.$id == event.requireID()
            )
            .first()
        else { throw Abort(.notFound) }
        let data = try FileStorage(dataDirectory: request.config.dataDirectory).read(attachment.storageKey)
        let ascii = attachment.filename.unicodeScalars.map { $0.isASCII ? String($0) : "_" }.joined()
        let encoded =
            attachment.filename.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(.init(charactersIn: "-._")))
            ?? ascii
        return Response(
            status: .ok,
            headers: [
                "Content-Type": attachment.contentType,
                // Images open in the browser; documents download. Never rendered as HTML.
                "Content-Disposition":
                    "\(attachment.contentType.hasPrefix("image/") ? "inline" : "attachment"); filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)",
                "Cache-Control": "public, max-age=3600",
            ],
            body: .init(data: data))
    }
}

/// The public event list with its organisers, in two queries.
struct EventListing {
    let events: [Event]
    let links: [EventOrganisation]
    let organiserChoices: [(slug: String, name: String)]

    func organisers(of event: Event) -> [String] {
        links.filter { $0.$event.id == event.id && ($0.role == .organiser || $0.role == .coOrganiser) }.map(\.name)
    }

    static func load(kind: EventKind?, voivodeship: Voivodeship?, organiserSlug: String?, on db: any Database) async throws
        -> EventListing
    {
        var query = Event.query(on: db).filter(\.$status ~~ EventStatus.allCases.filter(\.isPublic))
        if let kind { query = query.filter(\.$kind == kind) }
        if let voivodeship { query = query.filter(\.$voivodeship == voivodeship) }
        let candidates = try await query.all()
        let ids = candidates.compactMap(\.id)
        let links =
            ids.isEmpty
            ? [] : try await EventOrganisation.query(on: db).filter(\.$event.$id ~~ ids).with(\.$partner).sort(\.$position).all()
        var choices: [String: String] = [:]
        for link in links where link.role == .organiser || link.role == .coOrganiser {
            if let partner = link.partner { choices[partner.slug] = partner.name }
        }
        var events = candidates
        if let organiserSlug {
            let matching = Set(
                links.filter { $0.partner?.slug == organiserSlug && ($0.role == .organiser || $0.role == .coOrganiser) }.map {
                    $0.$event.id
                })
            events = try candidates.filter { matching.contains(try $0.requireID()) }
        }
        return EventListing(
            events: events, links: links,
            organiserChoices: choices.map { (slug: $0.key, name: $0.value) }.sorted { $0.name < $1.name })
    }
}

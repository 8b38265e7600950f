import Fluent
import OpenCUSCore
import Vapor

extension EventAdminController {

    static let notices: [String: String] = [
        "created": "Utworzono szkic wydarzenia. Dodaj sale, osoby i program, a potem opublikuj.",
        "saved": "Zapisano zmiany.",
        "published": "Wydarzenie jest opublikowane.",
        "unpublished": "Wydarzenie wróciło do szkiców i nie jest widoczne publicznie.",
        "cancelled": "Wydarzenie oznaczono jako odwołane; strona publiczna pokazuje komunikat.",
        "archived": "Wydarzenie przeniesiono do archiwum.",
        "cloned": "Utworzono nową edycję jako szkic: daty przesunięto, osoby, sale, organizacje i program skopiowano.",
        "deleted": "Usunięto.",
        "added": "Dodano.",
    ]

    @Sendable static func overview(_ request: Request) async throws -> Response {
        let (_, event) = try await ownEvent(request)
        return try await renderOverview(request, event: event, error: nil)
    }

    static func renderOverview(_ request: Request, event: Event, error: String?, status: HTTPStatus = .ok) async throws
        -> Response
    {
        let bundle = try await EventBundle.load(event, on: request.db)
        let directory = try await Organisation.query(on: request.db).sort(\.$name).all()
        let notice =
            request.query[String.self, at: "ok"].flatMap { notices[$0] }
            ?? request.query[Int.self, at: "thanks"].map {
                "Podziękowania w kolejce do wysłania: \($0); wysłane już wcześniej: \(request.query[Int.self, at: "before"] ?? 0)."
            }
        let page = try OverviewPage.make(
            event, bundle: bundle, directory: directory,
            layout: try await request.layout(title: event.displayTitle, section: "events-admin"), notice: notice, error: error)
        return try await request.render("events/admin-overview", page, status: status)
    }

    // MARK: Status

    struct StatusForm: Content {
        var action: String
        var notice: String?
    }

    @Sendable static func changeStatus(_ request: Request) async throws -> Response {
        let (staff, event) = try await ownEvent(request)
        let form = try request.content.decode(StatusForm.self)
        switch form.action {
        case "publish":
            let problems = try await EventBundle.load(event, on: request.db).problems.filter(\.blocksPublication)
            guard problems.isEmpty else {
                return try await renderOverview(
                    request, event: event,
                    error:
                        "Nie można opublikować: program ma \(PolishPlural(one: "problem", few: "problemy", many: "problemów").phrase(problems.count)) do poprawienia (lista poniżej). Szkic został zapisany.",
                    status: .unprocessableEntity)
            }
            event.status = .published
            event.publishedAt = event.publishedAt ?? request.clock.now()
            event.cancellationNotice = nil
        case "unpublish":
            event.status = .draft
        case "cancel":
            let notice = TextInput.clean(form.notice, multiline: false)
            guard notice.count <= EventForm.shortLimit * 2 else {
                return try await renderOverview(
                    request, event: event, error: "Komunikat o odwołaniu jest za długi (najwyżej 600 znaków).",
                    status: .unprocessableEntity)
            }
            event.status = .cancelled
            event.cancellationNotice = notice.isEmpty ? nil : notice
        case "archive":
            event.status = .archived
        default:
            throw Abort(.badRequest, reason: "Nieznana czynność.")
        }
        try await event.update(on: request.db)
        request.logger.info(
            "Event status changed",
            metadata: [
                "event_id": "\(event.id?.uuidString ?? "?")", "status": "\(event.status.rawValue)", "user_id": "\(staff.userID)",
            ])
        let key = ["publish": "published", "unpublish": "unpublished", "cancel": "cancelled", "archive": "archived"][form.action]!
        return request.redirect(to: try back(event, key), redirectType: .normal)
    }

    // MARK: Clone

    struct CloneForm: Content {
        var startDay: String
    }

    /// A new edition: a draft with the dates moved so that it starts on `startDay`; rooms,
    /// people, organisations, parallel groups and the whole programme are copied (shifted by the
    /// same number of days, same wall-clock times). Attachments are not copied: they usually
    /// belong to one edition (its programme PDF, its form).
    @Sendable static func clone(_ request: Request) async throws -> Response {
        let (staff, event) = try await ownEvent(request)
        let cloneForm = try request.content.decode(CloneForm.self)
        guard let newStart = CalendarDay(iso: TextInput.clean(cloneForm.startDay)) else {
            return try await renderOverview(
                request, event: event, error: "Podaj datę rozpoczęcia nowej edycji w formacie RRRR-MM-DD.",
                status: .unprocessableEntity)
        }
        let shift = event.startDay.days(until: newStart)
        guard shift > 0 || newStart == event.startDay else {
            return try await renderOverview(
                request, event: event, error: "Nowa edycja musi zaczynać się po rozpoczęciu bieżącej.",
                status: .unprocessableEntity)
        }
        let bundle = try await EventBundle.load(event, on: request.db)
        let copyID = try await request.db.writeTransaction { db -> UUID in
            let copy = newEvent(form(of: event), try validEvent(event), organisationID: staff.organisationID)
            copy.edition = event.edition.map { $0 + 1 }
            copy.startDay = newStart
            copy.endDay = event.endDay.adding(days: shift)
            var slug =
                Slug.from(
                    name: [copy.edition.flatMap(RomanNumeral.string), copy.title, String(newStart.year)].compactMap { $0 }.joined(
                        separator: " "))?.value
                ?? "wydarzenie-\(newStart.iso)"
            if try await Event.query(on: db).filter(\.$slug == slug).count() > 0 {
                slug += "-" + UUID().uuidString.prefix(6).lowercased()
            }
            copy.slug = slug
            try await copy.create(on: db)
            let copyID = try copy.requireID()
            var rooms: [UUID: UUID] = [:]
            var people: [UUID: UUID] = [:]
            var groups: [UUID: UUID] = [:]
            for o in bundle.organisations {
                let n = EventOrganisation(
                    organisationID: staff.organisationID,
                    eventID: copyID,
                    partnerID: o.$partner.id,
                    name: o.name,
                    role: o.role,
                    position: o.position
                )
                try await n.create(on: db)
            }
            for r in bundle.rooms {
                let n = EventRoom(
                    organisationID: staff.organisationID,
                    eventID: copyID,
                    name: r.name,
                    note: r.note,
                    position: r.position
                )
                try await n.create(on: db)
                rooms[try r.requireID()] = try n.requireID()
            }
            for p in bundle.people {
                let n = EventPerson(
                    organisationID: staff.organisationID,
                    eventID: copyID,
                    honorific: p.honorific,
                    name: p.name,
                    affiliation: p.affiliation,
                    bio: p.bio
                )
                try await n.create(on: db)
                people[try p.requireID()] = try n.requireID()
            }
            for g in bundle.groups {
                let n = ParallelGroup(
                    organisationID: staff.organisationID,
                    eventID: copyID,
                    title: g.title,
                    maxChoices: g.maxChoices,
                    choiceRequired: g.choiceRequired
                )
                try await n.create(on: db)
                groups[try g.requireID()] = try n.requireID()
            }
            for e in bundle.entries {
                let n = AgendaEntry(
                    organisationID: staff.organisationID,
                    eventID: copyID,
                    startsAt: shifted(e.startsAt, days: shift),
                    endsAt: e.endsAt.map { shifted($0, days: shift) },
                    type: e.type,
                    title: e.title,
                    description: e.description,
                    roomID: e.$room.id.flatMap { rooms[$0] },
                    placeNote: e.placeNote,
                    parallelGroupID: e.$parallelGroup.id.flatMap { groups[$0] },
                    capacity: e.capacity
                )
                try await n.create(on: db)
                for link in bundle.entryPeople where link.$entry.id == e.id {
                    guard let person = people[link.$person.id] else { continue }
                    let l = AgendaEntryPerson(
                        organisationID: staff.organisationID,
                        entryID: try n.requireID(),
                        personID: person,
                        role: link.role,
                        position: link.position
                    )
                    try await l.create(on: db)
                }
                for link in bundle.entryOrganisations where link.$entry.id == e.id {
                    let l = AgendaEntryOrganisation(
                        organisationID: staff.organisationID,
                        entryID: try n.requireID(),
                        presenterID: link.$presenter.id,
                        name: link.name,
                        position: link.position
                    )
                    try await l.create(on: db)
                }
            }
            return copyID
        }
        return request.redirect(to: SiteRoute.eventOverview.url(copyID, query: "ok=cloned"), redirectType: .normal)
    }

    /// Same wall-clock time `days` later (a 10:00 session stays at 10:00 across a DST change).
    static func shifted(_ instant: Date, days: Int) -> Date {
        let (day, time) = WallClock.local(instant)
        switch WallClock.resolve(day: day.adding(days: days), time: time) {
        case .exact(let date): return date
        case .ambiguous(let first, _): return first
        case .nonexistent: return instant.addingTimeInterval(TimeInterval(days) * 86_400)
        }
    }

    static func validEvent(_ event: Event) throws -> EventForm.Valid {
        switch form(of: event).validate() {
        case .success(let valid): return valid
        case .failure:
            throw Abort(
                .conflict, reason: "Najpierw popraw dane wydarzenia (formularz „Edytuj dane”), a potem utwórz nową edycję.")
        }
    }
}

import Fluent
import OpenCUSCore
import Vapor

extension EventAdminController {
    static let personRows = 6

    struct EntryRequest: Content {
        var day: String?
        var startTime: String?
        var endTime: String?
        var type: String?
        var title: String?
        var description: String?
        var roomID: String?
        var placeNote: String?
        var parallelGroupID: String?
        var capacity: String?
        var person1: String?, role1: String?, person2: String?, role2: String?, person3: String?, role3: String?
        var person4: String?, role4: String?, person5: String?, role5: String?, person6: String?, role6: String?
        var presenting: [String]?

        var form: EntryForm {
            var f = EntryForm()
            f.day = day ?? ""
            f.startTime = startTime ?? ""
            f.endTime = endTime ?? ""
            f.type = type ?? ""
            f.title = title ?? ""
            f.description = description ?? ""
            f.roomID = roomID ?? ""
            f.placeNote = placeNote ?? ""
            f.parallelGroupID = parallelGroupID ?? ""
            f.capacity = capacity ?? ""
            return f.cleaned()
        }

        var people: [(String, String)] {
            [(person1, role1), (person2, role2), (person3, role3), (person4, role4), (person5, role5), (person6, role6)]
                .map { (TextInput.clean($0.0), TextInput.clean($0.1)) }
        }
    }

    static func renderEntry(
        _ request: Request, event: Event, action: String, heading: String, form: EntryForm,
        people chosen: [(String, String)], presenting: Set<String>, errors: FieldErrors, status: HTTPStatus = .ok
    ) async throws -> Response {
        let bundle = try await EventBundle.load(event, on: request.db)
        let directory = try await Organisation.query(on: request.db).sort(\.$name).all()
        let page = try EntryPage.make(
            event, bundle: bundle, directory: directory, action: action, heading: heading, form: form, people: chosen,
            presenting: presenting, errors: errors, layout: try await request.layout(title: heading, section: "events-admin"))
        return try await request.render("events/admin-entry", page, status: status)
    }

    @Sendable static func newEntry(_ request: Request) async throws -> Response {
        let (_, event) = try await ownEvent(request)
        var form = EntryForm()
        form.day = event.startDay.iso
        return try await renderEntry(
            request, event: event, action: SiteRoute.eventCreateEntry.url(try event.requireID()), heading: "Nowy punkt programu",
            form: form, people: [], presenting: [], errors: FieldErrors())
    }

    @Sendable static func createEntry(_ request: Request) async throws -> Response {
        let (_, event) = try await ownEvent(request)
        return try await saveEntry(request, event: event, entry: nil)
    }

    @Sendable static func editEntry(_ request: Request) async throws -> Response {
        let (_, event) = try await ownEvent(request)
        let entry = try await child(AgendaEntry.self, of: event, request)
        var form = EntryForm()
        let start = WallClock.local(entry.startsAt)
        form.day = start.day.iso
        form.startTime = start.time.description
        form.endTime = entry.endsAt.map { WallClock.local($0).time.description } ?? ""
        form.type = entry.type.rawValue
        form.title = entry.title
        form.description = entry.description
        form.roomID = entry.$room.id?.uuidString ?? ""
        form.placeNote = entry.placeNote ?? ""
        form.parallelGroupID = entry.$parallelGroup.id?.uuidString ?? ""
        form.capacity = entry.capacity.map(String.init) ?? ""
        let people = try await AgendaEntryPerson.query(on: request.db).filter(\.$entry.$id == entry.requireID()).sort(\.$position)
            .all()
            .map { ($0.$person.id.uuidString, $0.role.rawValue) }
        let presenting = try await AgendaEntryOrganisation.query(on: request.db).filter(\.$entry.$id == entry.requireID()).with(
            \.$presenter
        ).all()
            .compactMap { $0.presenter?.slug }
        return try await renderEntry(
            request, event: event, action: SiteRoute.eventUpdateEntry.url(try event.requireID(), try entry.requireID()),
            heading: "Edycja: \(entry.title)", form: form, people: people, presenting: Set(presenting), errors: FieldErrors())
    }

    @Sendable static func updateEntry(_ request: Request) async throws -> Response {
        let (_, event) = try await ownEvent(request)
        let entry = try await child(AgendaEntry.self, of: event, request)
        return try await saveEntry(request, event: event, entry: entry)
    }

    @Sendable static func deleteEntry(_ request: Request) async throws -> Response {
        let (_, event) = try await ownEvent(request)
        try await child(AgendaEntry.self, of: event, request).delete(on: request.db)
        return request.redirect(to: try back(event, "deleted", anchor: "program"), redirectType: .normal)
    }

    private static func saveEntry(_ request: Request, event: Event, entry existing: AgendaEntry?) async throws -> Response {
        let input = try request.content.decode(EntryRequest.self)
        let form = input.form
        let bundle = try await EventBundle.load(event, on: request.db)
        let personIDs = Set(bundle.people.compactMap(\.id))
        var errors: FieldErrors
        var valid: EntryForm.Valid?
        switch form.validate(
            firstDay: event.startDay, lastDay: event.endDay, rooms: Set(bundle.rooms.compactMap(\.id)),
            groups: Set(bundle.groups.compactMap(\.id)))
        {
        case .success(let v):
            valid = v
            errors = FieldErrors()
        case .failure(let e):
            errors = e
        }
        var people: [(UUID, PersonRole)] = []
        for (index, (person, role)) in input.people.enumerated() where !person.isEmpty {
            guard let id = UUID(uuidString: person), personIDs.contains(id), let parsedRole = PersonRole(rawValue: role) else {
                errors.add("person\(index + 1)", "Wybierz osobę z listy i jej rolę.")
                continue
            }
            if people.contains(where: { $0.0 == id }) {
                errors.add("person\(index + 1)", "Ta osoba jest już wpisana w tym punkcie programu.")
                continue
            }
            people.append((id, parsedRole))
        }
        let presentingSlugs = Set((input.presenting ?? []).map { TextInput.clean($0) }.filter { !$0.isEmpty })
        let presenting =
            presentingSlugs.isEmpty
            ? [] : try await Organisation.query(on: request.db).filter(\.$slug ~~ Array(presentingSlugs)).sort(\.$name).all()
        if presenting.count != presentingSlugs.count { errors.add("presenting", "Wybierz organizacje z listy.") }

        if let valid, errors.isEmpty, event.status == .published {
            // A published programme never goes live with a clash: the change is refused with
            // the clash named, and the public page keeps the programme as it was.
            let proposed = ScheduleEntry(
                id: existing?.id ?? UUID(), title: form.title, start: valid.start, end: valid.end, roomID: valid.roomID,
                roomName: bundle.room(valid.roomID)?.name, personIDs: Set(people.map(\.0)),
                parallelGroupID: valid.parallelGroupID)
            let clashes = bundle.problems(with: proposed).filter { $0.entryIDs.contains(proposed.id) }
            if !clashes.isEmpty {
                errors.add(
                    "schedule",
                    "Wydarzenie jest opublikowane, więc zmiana nie została zapisana: "
                        + clashes.map(\.message).joined(separator: " ")
                        + " Zmień godzinę, salę lub osoby albo najpierw popraw drugi punkt programu.")
            }
        }
        let action =
            try existing.map { SiteRoute.eventUpdateEntry.url(try event.requireID(), try $0.requireID()) }
            ?? SiteRoute.eventCreateEntry.url(try event.requireID())
        guard errors.isEmpty, let valid else {
            return try await renderEntry(
                request, event: event, action: action, heading: existing.map { "Edycja: \($0.title)" } ?? "Nowy punkt programu",
                form: form, people: input.people, presenting: presentingSlugs, errors: errors, status: .unprocessableEntity)
        }
        let owner = event.$organisation.id
        let chosenPeople = people
        try await request.db.writeTransaction { db in
            let entry = existing ?? AgendaEntry()
            entry.$organisation.id = owner
            entry.$event.id = try event.requireID()
            entry.startsAt = valid.start
            entry.endsAt = valid.end
            entry.type = valid.type
            entry.title = form.title
            entry.description = form.description
            entry.$room.id = valid.roomID
            entry.placeNote = form.placeNote.nilIfEmpty
            entry.$parallelGroup.id = valid.parallelGroupID
            entry.capacity = valid.capacity
            try await entry.save(on: db)
            let entryID = try entry.requireID()
            try await AgendaEntryPerson.query(on: db).filter(\.$entry.$id == entryID).delete()
            try await AgendaEntryOrganisation.query(on: db).filter(\.$entry.$id == entryID).delete()
            for (index, (person, role)) in chosenPeople.enumerated() {
                let link = AgendaEntryPerson(
                    organisationID: owner,
                    entryID: entryID,
                    personID: person,
                    role: role,
                    position: index
                )
                try await link.create(on: db)
            }
            for (index, organisation) in presenting.enumerated() {
                let link = AgendaEntryOrganisation(
                    organisationID: owner,
                    entryID: entryID,
                    presenterID: organisation.id,
                    name: organisation.name,
                    position: index
                )
                try await link.create(on: db)
            }
        }
        return request.redirect(to: try back(event, "saved", anchor: "program"), redirectType: .normal)
    }
}

import Fluent
import OpenCUSCore
import Vapor

extension EventAdminController {
    // MARK: Rooms

    struct RoomForm: Content {
        var name: String?
        var note: String?
    }

    @Sendable static func addRoom(_ request: Request) async throws -> Response {
        let (_, event) = try await ownEvent(request)
        let form = try request.content.decode(RoomForm.self)
        let name = TextInput.clean(form.name)
        guard !name.isEmpty, name.count <= 100 else {
            return try await renderOverview(
                request, event: event, error: "Podaj nazwę sali (najwyżej 100 znaków).", status: .unprocessableEntity)
        }
        let count = try await EventRoom.query(on: request.db).filter(\.$event.$id == event.requireID()).count()
        let room = EventRoom(
            organisationID: event.$organisation.id,
            eventID: try event.requireID(),
            name: name,
            note: TextInput.clean(form.note).nilIfEmpty.map { String($0.prefix(300)) },
            position: count + 1
        )
        try await room.create(on: request.db)
        return request.redirect(to: try back(event, "added", anchor: "sale"), redirectType: .normal)
    }

    @Sendable static func renameRoom(_ request: Request) async throws -> Response {
        let (_, event) = try await ownEvent(request)
        let room = try await child(EventRoom.self, of: event, request)
        let name = TextInput.clean(try request.content.decode(RoomForm.self).name)
        guard !name.isEmpty, name.count <= 100 else {
            return try await renderOverview(
                request, event: event, error: "Podaj nazwę sali (najwyżej 100 znaków).", status: .unprocessableEntity)
        }
        room.name = name
        try await room.update(on: request.db)
        return request.redirect(to: try back(event, "saved", anchor: "sale"), redirectType: .normal)
    }

    @Sendable static func deleteRoom(_ request: Request) async throws -> Response {
        let (_, event) = try await ownEvent(request)
        try await child(EventRoom.self, of: event, request).delete(on: request.db)
        return request.redirect(to: try back(event, "deleted", anchor: "sale"), redirectType: .normal)
    }

    // MARK: People

    struct PersonForm: Content {
        var honorific: String?
        var name: String?
        var affiliation: String?
        var bio: String?
        var photoID: String?
        var photoAlt: String?
    }

    struct PersonValues: Encodable, Sendable {
        let honorific: String
        let name: String
        let affiliation: String
        let bio: String
        var photoID: String = ""
        var photoAlt: String = ""
    }

    static func personErrors(_ v: PersonValues) -> FieldErrors {
        var errors = FieldErrors()
        if v.name.isEmpty { errors.add("name", "Podaj imię i nazwisko.") }
        if v.name.count > 200 { errors.add("name", "Imię i nazwisko jest za długie (najwyżej 200 znaków).") }
        if v.honorific.count > 50 { errors.add("honorific", "Tytuł jest za długi (najwyżej 50 znaków), np. „dr hab.”.") }
        if v.affiliation.count > EventForm.shortLimit {
            errors.add("affiliation", "Opis funkcji jest za długi (najwyżej 300 znaków).")
        }
        if v.bio.count > 5_000 { errors.add("bio", "Biogram jest za długi (najwyżej 5000 znaków).") }
        if !v.photoID.isEmpty && (v.photoAlt.isEmpty || v.photoAlt.count > EventForm.shortLimit) {
            errors.add("photoAlt", "Opisz zdjęcie (tekst alternatywny, najwyżej 300 znaków), np. „Portret Jana Nowaka”.")
        }
        return errors
    }

    static func values(_ form: PersonForm) -> PersonValues {
        PersonValues(
            honorific: TextInput.clean(form.honorific), name: TextInput.clean(form.name),
            affiliation: TextInput.clean(form.affiliation),
            bio: TextInput.clean(form.bio, multiline: true), photoID: TextInput.clean(form.photoID),
            photoAlt: TextInput.clean(form.photoAlt))
    }

    static func person(_ v: PersonValues, organisationID: UUID, eventID: UUID) -> EventPerson {
        let person = EventPerson(organisationID: organisationID, eventID: eventID, name: v.name)
        apply(v, to: person)
        return person
    }

    static func apply(_ v: PersonValues, to person: EventPerson) {
        person.honorific = v.honorific.nilIfEmpty
        person.name = v.name
        person.affiliation = v.affiliation.nilIfEmpty
        person.bio = v.bio.nilIfEmpty
        person.photoAttachmentID = UUID(uuidString: v.photoID)
        person.photoAlt = person.photoAttachmentID == nil ? nil : v.photoAlt
    }

    @Sendable static func addPerson(_ request: Request) async throws -> Response {
        let (_, event) = try await ownEvent(request)
        let v = values(try request.content.decode(PersonForm.self))
        let errors = personErrors(v)
        guard errors.isEmpty else {
            return try await renderOverview(
                request, event: event, error: errors.messages.values.sorted().joined(separator: " "), status: .unprocessableEntity
            )
        }
        let person = person(v, organisationID: event.$organisation.id, eventID: try event.requireID())
        try await person.create(on: request.db)
        return request.redirect(to: try back(event, "added", anchor: "osoby"), redirectType: .normal)
    }

    @Sendable static func editPerson(_ request: Request) async throws -> Response {
        let (_, event) = try await ownEvent(request)
        let person = try await child(EventPerson.self, of: event, request)
        let v = PersonValues(
            honorific: person.honorific ?? "", name: person.name, affiliation: person.affiliation ?? "", bio: person.bio ?? "",
            photoID: person.photoAttachmentID?.uuidString ?? "", photoAlt: person.photoAlt ?? "")
        return try await renderPerson(request, event: event, person: person, values: v, errors: FieldErrors())
    }

    @Sendable static func updatePerson(_ request: Request) async throws -> Response {
        let (_, event) = try await ownEvent(request)
        let person = try await child(EventPerson.self, of: event, request)
        let v = values(try request.content.decode(PersonForm.self))
        var errors = personErrors(v)
        if (try? await eventImage(v.photoID, of: event, on: request.db)) == nil && !v.photoID.isEmpty {
            errors.add("photoID", "Wybierz zdjęcie spośród obrazów dodanych jako załączniki tego wydarzenia.")
        }
        guard errors.isEmpty else {
            return try await renderPerson(
                request, event: event, person: person, values: v, errors: errors, status: .unprocessableEntity)
        }
        apply(v, to: person)
        try await person.update(on: request.db)
        return request.redirect(to: try back(event, "saved", anchor: "osoby"), redirectType: .normal)
    }

    static func renderPerson(
        _ request: Request, event: Event, person: EventPerson, values: PersonValues, errors: FieldErrors,
        status: HTTPStatus = .ok
    ) async throws -> Response {
        let images = try await EventAttachment.query(on: request.db).filter(\.$event.$id == event.requireID()).all()
            .filter { $0.contentType.hasPrefix("image/") }
        let page = try PersonPage.make(
            event, person: person, values: values, errors: errors, images: images,
            layout: try await request.layout(title: "Osoba: \(person.name)", section: "events-admin"))
        return try await request.render("events/admin-person", page, status: status)
    }

    @Sendable static func deletePerson(_ request: Request) async throws -> Response {
        let (_, event) = try await ownEvent(request)
        try await child(EventPerson.self, of: event, request).delete(on: request.db)
        return request.redirect(to: try back(event, "deleted", anchor: "osoby"), redirectType: .normal)
    }

    // MARK: Organisations

    struct OrganisationForm: Content {
        var role: String?
        var directory: String?
        var name: String?
        var logoID: String?
    }

    @Sendable static func addOrganisation(_ request: Request) async throws -> Response {
        let (_, event) = try await ownEvent(request)
        let form = try request.content.decode(OrganisationForm.self)
        guard let role = form.role.flatMap(EventOrganisationRole.init(rawValue:)) else {
            return try await renderOverview(
                request, event: event, error: "Wybierz rolę organizacji.", status: .unprocessableEntity)
        }
        let directorySlug = TextInput.clean(form.directory)
        let name = TextInput.clean(form.name)
        let partner: (id: UUID?, name: String)
        if !directorySlug.isEmpty {
            guard let organisation = try await Organisation.query(on: request.db).filter(\.$slug == directorySlug).first() else {
                return try await renderOverview(
                    request, event: event, error: "Nie ma takiej organizacji w katalogu.", status: .unprocessableEntity)
            }
            partner = (organisation.id, organisation.name)
        } else {
            guard !name.isEmpty, name.count <= EventForm.shortLimit else {
                return try await renderOverview(
                    request, event: event, error: "Wybierz organizację z katalogu albo wpisz jej nazwę (najwyżej 300 znaków).",
                    status: .unprocessableEntity)
            }
            partner = (nil, name)
        }
        let logo: UUID?
        do {
            logo = try await eventImage(form.logoID, of: event, on: request.db)
        } catch let error as any AbortError {
            return try await renderOverview(request, event: event, error: error.reason, status: .unprocessableEntity)
        }
        let link = EventOrganisation(
            organisationID: event.$organisation.id, eventID: try event.requireID(), partnerID: partner.id, name: partner.name,
            role: role,
            position: try await EventOrganisation.query(on: request.db).filter(\.$event.$id == event.requireID()).count() + 1,
            logoAttachmentID: logo)
        try await link.create(on: request.db)
        return request.redirect(to: try back(event, "added", anchor: "organizacje"), redirectType: .normal)
    }

    @Sendable static func deleteOrganisation(_ request: Request) async throws -> Response {
        let (_, event) = try await ownEvent(request)
        try await child(EventOrganisation.self, of: event, request).delete(on: request.db)
        return request.redirect(to: try back(event, "deleted", anchor: "organizacje"), redirectType: .normal)
    }

    struct MoveForm: Content {
        var direction: String
    }

    /// Swaps the organisation with its neighbour in the displayed order.
    @Sendable static func moveOrganisation(_ request: Request) async throws -> Response {
        let (_, event) = try await ownEvent(request)
        let link = try await child(EventOrganisation.self, of: event, request)
        let up = try request.content.decode(MoveForm.self).direction == "up"
        try await request.db.writeTransaction { db in
            var all = try await EventOrganisation.query(on: db).filter(\.$event.$id == event.requireID()).sort(\.$position).all()
            guard let index = all.firstIndex(where: { $0.id == link.id }) else { return }
            let other = up ? index - 1 : index + 1
            guard all.indices.contains(other) else { return }
            all.swapAt(index, other)
            for (position, row) in all.enumerated() where row.position != position + 1 {
                row.position = position + 1
                try await row.update(on: db)
            }
        }
        return request.redirect(to: try back(event, "saved", anchor: "organizacje"), redirectType: .normal)
    }

    // MARK: Parallel groups

    struct GroupForm: Content {
        var title: String?
        var maxChoices: String?
        var choiceRequired: String?
    }

    @Sendable static func addGroup(_ request: Request) async throws -> Response {
        let (_, event) = try await ownEvent(request)
        let form = try request.content.decode(GroupForm.self)
        let title = TextInput.clean(form.title)
        guard !title.isEmpty, title.count <= EventForm.shortLimit else {
            return try await renderOverview(
                request, event: event, error: "Podaj nazwę bloku równoległego (np. „Warsztaty do wyboru”).",
                status: .unprocessableEntity)
        }
        guard let maxChoices = Int(TextInput.clean(form.maxChoices)), (1...20).contains(maxChoices) else {
            return try await renderOverview(
                request, event: event, error: "Liczba możliwych wyborów to liczba od 1 do 20.", status: .unprocessableEntity)
        }
        let group = ParallelGroup(
            organisationID: event.$organisation.id,
            eventID: try event.requireID(),
            title: title,
            maxChoices: maxChoices,
            choiceRequired: form.choiceRequired == "on" || form.choiceRequired == "true"
        )
        try await group.create(on: request.db)
        return request.redirect(to: try back(event, "added", anchor: "bloki"), redirectType: .normal)
    }

    @Sendable static func deleteGroup(_ request: Request) async throws -> Response {
        let (_, event) = try await ownEvent(request)
        try await child(ParallelGroup.self, of: event, request).delete(on: request.db)
        return request.redirect(to: try back(event, "deleted", anchor: "bloki"), redirectType: .normal)
    }
}

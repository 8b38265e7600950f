import Fluent
import OpenCUSCore
import Vapor

/// The CUS's registry of persons: search by PESEL or by surname and date of birth (sent by POST,
/// so that no PESEL ever lands in a URL or an access log), the person's card with every
/// application, service and state change, and staff's answer to a possible duplicate — the
/// system flags, a person decides.
enum PersonController {
    static func renderSearch(
        _ request: Request, pesel: String = "", lastName: String = "", birthDate: String = "",
        errors: FieldErrors = FieldErrors(),
        hits: [SearchPage.Hit]? = nil, status: HTTPStatus = .ok
    ) async throws -> Response {
        try await request.render(
            "services/persons",
            SearchPage(
                layout: try await request.layout(title: "Rejestr osób", section: "applications"), pesel: pesel,
                lastName: lastName, birthDate: birthDate,
                errors: errors, searched: hits != nil, hits: hits ?? []), status: status)
    }

    @Sendable static func searchForm(_ request: Request) async throws -> Response {
        _ = try request.require(.manageApplications)
        return try await renderSearch(request)
    }

    struct SearchBody: Content {
        var pesel: String?
        var lastName: String?
        var birthDate: String?
    }

    @Sendable static func search(_ request: Request) async throws -> Response {
        let staff = try request.require(.manageApplications)
        let body = try request.content.decode(SearchBody.self)
        let pesel = TextInput.clean(body.pesel).replacingOccurrences(of: " ", with: "")
        let lastName = String(TextInput.clean(body.lastName).prefix(100))
        let birthDate = TextInput.clean(body.birthDate)
        var errors = FieldErrors()
        var query = Person.scoped(to: staff.organisationID, on: request.db).filter(\.$anonymisedAt == nil)
        if !pesel.isEmpty {
            switch PESEL.parse(pesel) {
            case .success(let p): query = query.filter(\.$pesel == p.value)
            case .failure(let problem): errors.add("pesel", problem.polishMessage)
            }
        } else if !lastName.isEmpty, let day = CalendarDay(iso: birthDate) {
            query = query.filter(\.$lastName == lastName).filter(\.$birthDate == day)
        } else {
            if lastName.isEmpty { errors.add("lastName", "Podaj PESEL albo nazwisko razem z datą urodzenia.") }
            if CalendarDay(iso: birthDate) == nil {
                errors.add(
                    "birthDate", "Podaj datę urodzenia (RRRR-MM-DD) — samo nazwisko nie wystarczy, by bezpiecznie wskazać osobę.")
            }
        }
        guard errors.isEmpty else {
            return try await renderSearch(
                request, pesel: pesel, lastName: lastName, birthDate: birthDate, errors: errors, status: .unprocessableEntity)
        }
        let found = try await query.sort(\.$lastName).sort(\.$firstName).limit(50).all()
        try await request.audit(
            .search, .person, subjects: found.map { AuditSubject(type: .person, id: try $0.requireID()) },
            detail: "rejestr osób: \(pesel.isEmpty ? "nazwisko i data urodzenia" : "PESEL"), wyników \(found.count)")
        return try await renderSearch(
            request, pesel: pesel, lastName: lastName, birthDate: birthDate,
            hits: found.map {
                .init(
                    id: try $0.requireID(), name: $0.fullName, birthDate: $0.birthDate.polish,
                    city: $0.city, duplicate: $0.possibleDuplicateOf != nil)
            })
    }

    static func address(_ p: Person) -> String { address(street: p.street, postcode: p.postcode, city: p.city) }

    /// "ul. Lipowa 1, 62-999 Jaśminowo", leaving out what is empty.
    static func address(street: String, postcode: String, city: String) -> String {
        [street, [postcode, city].filter { !$0.isEmpty }.joined(separator: " ")].filter { !$0.isEmpty }.joined(separator: ", ")
    }

    static func renderCard(
        _ request: Request, personID: UUID, notice: String? = nil, error: String? = nil, status: HTTPStatus = .ok
    ) async throws -> Response {
        let staff = try request.require(.manageApplications)
        let loaded = try await CardPage.load(
            personID, staff: staff, month: Month(CalendarDay(request.clock.now(), in: WallClock.warsaw)), on: request.db)
        var subjects = [AuditSubject(type: .person, id: personID)]
        if let other = loaded.other { subjects.append(AuditSubject(type: .person, id: try other.person.requireID())) }
        try await request.audit(.view, .person, recordID: personID, subjects: subjects, detail: "karta osoby")
        let page = try CardPage.make(
            loaded, layout: try await request.layout(title: loaded.person.fullName, section: "applications"), notice: notice,
            error: error)
        return try await request.render("services/person", page, status: status)
    }

    @Sendable static func card(_ request: Request) async throws -> Response {
        guard let id = request.parameters.get("personID", as: UUID.self) else { throw Abort(.notFound) }
        let notice: String? =
            switch request.query[String.self, at: "done"] {
            case "merged": "Połączono: to ta sama osoba. Wnioski i usługi z drugiego rekordu są teraz tutaj."
            case "distinct": "Zapisano: to różne osoby. Ostrzeżenie nie będzie już pokazywane."
            default: nil
            }
        return try await renderCard(request, personID: id, notice: notice)
    }

    struct DuplicateBody: Content {
        var decision: String?
    }

    @Sendable static func resolveDuplicate(_ request: Request) async throws -> Response {
        let staff = try request.require(.manageApplications)
        guard let id = request.parameters.get("personID", as: UUID.self),
            let person = try await Person.find(id, in: staff.organisationID, on: request.db)
        else { throw Abort(.notFound) }
        guard let originalID = person.possibleDuplicateOf else {
            return try await renderCard(
                request, personID: id, error: "Ta osoba nie jest oznaczona jako możliwy duplikat.", status: .conflict)
        }
        let actor = AuditActor(staff, request)
        let now = request.clock.now()
        switch try request.content.decode(DuplicateBody.self).decision {
        case "same":
            do {
                try await PersonRegistry.merge(
                    id, into: originalID, staff: actor, organisationID: staff.organisationID, now: now, on: request.db)
            } catch PersonRegistry.MergeError.differentPESEL {
                return try await renderCard(
                    request, personID: id,
                    error: "Nie połączono: oba rekordy mają różne numery PESEL, więc to różne osoby. Wybierz „To różne osoby”.",
                    status: .conflict)
            }
            return request.redirect(to: SiteRoute.personCard.url(originalID, query: "done=merged"), redirectType: .normal)
        case "different":
            try await PersonRegistry.markDistinct(
                id, staff: actor, organisationID: staff.organisationID, now: now, on: request.db)
            return request.redirect(to: SiteRoute.personCard.url(id, query: "done=distinct"), redirectType: .normal)
        default:
            return try await renderCard(
                request, personID: id, error: "Wybierz: to ta sama osoba albo to różne osoby.", status: .unprocessableEntity)
        }
    }
}

/// Staff's answers to a possible duplicate, each in one transaction with its audit record.
enum PersonRegistry {
    enum MergeError: Error {
        case differentPESEL
    }

    /// The flagged (newer) record joins the original: its applications and enrolments move over,
    /// newer contact details replace older ones, and the flagged record is deleted.
    static func merge(
        _ duplicateID: UUID, into originalID: UUID, staff: AuditActor, organisationID: UUID, now: Date, on db: any Database
    ) async throws {
        try await db.writeTransaction { db in
            guard let dup = try await Person.find(duplicateID, in: organisationID, on: db), dup.possibleDuplicateOf == originalID,
                let original = try await Person.find(originalID, in: organisationID, on: db)
            else { throw Abort(.notFound) }
            if let a = dup.pesel, let b = original.pesel, a != b { throw MergeError.differentPESEL }
            let applications = try await ServiceApplication.scoped(to: organisationID, on: db).filter(
                \.$person.$id == duplicateID
            ).all()
            for a in applications {
                a.$person.id = originalID
                try await a.update(on: db)
                try await IntakeService.event(
                    a, "Potwierdzono, że wnioskodawca to osoba już zapisana w rejestrze — połączono dane", actor: staff.name,
                    now: now, on: db)
            }
            try await Enrolment.scoped(to: organisationID, on: db).filter(\.$person.$id == duplicateID).set(
                \.$person.$id, to: originalID
            ).update()
            try await IpusPlan.scoped(to: organisationID, on: db).filter(\.$person.$id == duplicateID).set(
                \.$person.$id, to: originalID
            ).update()
            try await Person.scoped(to: organisationID, on: db).filter(\.$possibleDuplicateOf == duplicateID).set(
                \.$possibleDuplicateOf, to: originalID
            ).update()
            let pesel = original.pesel ?? dup.pesel
            (original.street, original.postcode, original.city) = (dup.street, dup.postcode, dup.city)
            if !dup.phone.isEmpty { original.phone = dup.phone }
            if !dup.email.isEmpty { original.email = dup.email }
            if !dup.communicationNeeds.isEmpty { original.communicationNeeds = dup.communicationNeeds }
            if !dup.accessibilityNeeds.isEmpty { original.accessibilityNeeds = dup.accessibilityNeeds }
            try await dup.delete(on: db)
            original.pesel = pesel
            try await original.update(on: db)
            try await Audit.append(
                AuditEvent(
                    actor: staff, organisationID: organisationID, action: .update, recordType: .person, recordID: originalID,
                    subjects: [AuditSubject(type: .person, id: originalID), AuditSubject(type: .person, id: duplicateID)],
                    detail:
                        "połączono rekordy osoby (ta sama osoba, potwierdził pracownik); wniosków przeniesiono: \(applications.count)"
                ),
                at: now, on: db)
        }
    }

    static func markDistinct(_ id: UUID, staff: AuditActor, organisationID: UUID, now: Date, on db: any Database) async throws {
        try await db.writeTransaction { db in
            guard let person = try await Person.find(id, in: organisationID, on: db), let other = person.possibleDuplicateOf
            else { return }
            person.possibleDuplicateOf = nil
            try await person.update(on: db)
            try await Audit.append(
                AuditEvent(
                    actor: staff, organisationID: organisationID, action: .update, recordType: .person, recordID: id,
                    subjects: [AuditSubject(type: .person, id: id), AuditSubject(type: .person, id: other)],
                    detail: "to różne osoby (potwierdził pracownik)"),
                at: now, on: db)
        }
    }
}

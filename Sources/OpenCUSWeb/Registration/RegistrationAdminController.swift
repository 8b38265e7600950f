import Fluent
import OpenCUSCore
import Vapor

/// The organiser's side of registration for one of their events: settings, questions,
/// the list with counters and filters, one registration's details and actions, manual entry,
/// CSV export, bulk e-mail and e-mail templates.
enum RegistrationAdminController {
    static func environment(_ request: Request) -> RegistrationService.Environment {
        .init(now: request.clock.now(), baseURL: request.config.baseURL)
    }

    /// The staff member's own event and its registration context (404 otherwise).
    static func own(_ request: Request, permission: Permission = .manageEvents) async throws -> (
        StaffContext, Event, RegistrationContext?
    ) {
        let (staff, event) = try await EventAdminController.ownEvent(request, permission: permission)
        return (staff, event, try await RegistrationContext.load(event, on: request.db))
    }

    static func requireContext(_ request: Request, permission: Permission = .manageEvents) async throws -> (
        StaffContext, RegistrationContext
    ) {
        let (staff, event, context) = try await own(request, permission: permission)
        guard let context else {
            throw Abort(
                .conflict,
                reason: "Najpierw włącz rejestrację w ustawieniach (Rejestracja → Ustawienia) dla „\(event.displayTitle)”.")
        }
        return (staff, context)
    }

    static func actor(_ staff: StaffContext, _ request: Request) -> RegistrationActor { .staff(AuditActor(staff, request)) }

    // MARK: List

    struct Filters {
        var state: RegistrationState?
        var workshop: UUID?
        var institutionType: InstitutionType?
        var voivodeship: Voivodeship?
        var search: String

        init(_ request: Request) {
            state = request.query[String.self, at: "state"].flatMap(RegistrationState.init(rawValue:))
            workshop = request.query[String.self, at: "workshop"].flatMap(UUID.init(uuidString:))
            institutionType = request.query[String.self, at: "institutionType"].flatMap(InstitutionType.init(rawValue:))
            voivodeship = request.query[String.self, at: "voivodeship"].flatMap(Voivodeship.init(rawValue:))
            search = String(TextInput.clean(request.query[String.self, at: "q"]).lowercased().prefix(100))
        }

        var queryString: String {
            var parts: [String] = []
            if let state { parts.append("state=\(state.rawValue)") }
            if let workshop { parts.append("workshop=\(workshop.uuidString)") }
            if let institutionType { parts.append("institutionType=\(institutionType.rawValue)") }
            if let voivodeship { parts.append("voivodeship=\(voivodeship.rawValue)") }
            if !search.isEmpty {
                parts.append("q=" + (search.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""))
            }
            return parts.joined(separator: "&")
        }

        /// The filters as form fields (name, value), for forms that must act on the same list.
        var fields: [Confirmation.Page.Field] {
            [
                state.map { .init(name: "state", value: $0.rawValue) },
                workshop.map { .init(name: "workshop", value: $0.uuidString) },
                institutionType.map { .init(name: "institutionType", value: $0.rawValue) },
                voivodeship.map { .init(name: "voivodeship", value: $0.rawValue) },
                search.isEmpty ? nil : .init(name: "q", value: search),
            ].compactMap { $0 }
        }

        /// The filters in words, for the pages that act on everyone they select.
        func polish(_ context: RegistrationContext) -> String {
            var parts: [String] = []
            if let state { parts.append("stan „\(state.polishName)”") }
            if let workshop {
                parts.append("warsztat „\(context.alternatives[workshop]?.title ?? "nieznany")”")
            }
            if let institutionType { parts.append("instytucja: \(institutionType.polishName)") }
            if let voivodeship { parts.append("województwo \(voivodeship.polishName)") }
            if !search.isEmpty { parts.append("wyszukiwanie „\(search)”") }
            return parts.isEmpty
                ? "wszystkie aktywne zgłoszenia" : "aktywne zgłoszenia, w których: " + parts.joined(separator: ", ")
        }
    }

    /// Registrations of the event that match the filters, in arrival order, with their workshops.
    static func filtered(_ context: RegistrationContext, _ filters: Filters, on db: any Database) async throws
        -> [(Registration, [RegistrationWorkshop])]
    {
        var query = Registration.query(on: db).filter(\.$event.$id == context.eventID)
        if let state = filters.state { query = query.filter(\.$state == state) }
        if let type = filters.institutionType { query = query.filter(\.$institutionType == type) }
        if let region = filters.voivodeship { query = query.filter(\.$voivodeship == region) }
        let registrations = try await query.sort(\.$sequence).all()
        let ids = registrations.compactMap(\.id)
        let workshops = ids.isEmpty ? [] : try await RegistrationWorkshop.query(on: db).filter(\.$registration.$id ~~ ids).all()
        let byRegistration = Dictionary(grouping: workshops, by: { $0.$registration.id })
        return try registrations.compactMap { r in
            let rows = byRegistration[try r.requireID()] ?? []
            if let workshop = filters.workshop, !rows.contains(where: { $0.$entry.id == workshop }) { return nil }
            if !filters.search.isEmpty {
                let haystack = "\(r.firstName) \(r.lastName) \(r.email) \(r.institution)".lowercased()
                if !haystack.contains(filters.search) { return nil }
            }
            return (r, rows)
        }
    }

    @Sendable static func list(_ request: Request) async throws -> Response {
        let (_, event, maybeContext) = try await own(request)
        guard let context = maybeContext else {
            return request.redirect(to: SiteRoute.registrationsSettings.url(try event.requireID()), redirectType: .normal)
        }
        let filters = Filters(request)
        let rows = try await filtered(context, filters, on: request.db)
        try await request.audit(
            filters.search.isEmpty ? .list : .search, .registrationList, recordID: context.eventID,
            subjects: rows.map { AuditSubject(type: .registration, id: try $0.0.requireID()) }, detail: "wierszy: \(rows.count)")
        let states = try await Registration.query(on: request.db).filter(\.$event.$id == context.eventID).all().map(\.state)
        let page = try ListPage.make(
            event, context: context, rows: rows, states: states,
            counts: try await RegistrationService.counts(context, on: request.db), filters: filters, now: request.clock.now(),
            layout: try await request.layout(title: "Rejestracja: \(event.displayTitle)", section: "events-admin"))
        return try await request.render("registration/admin-list", page)
    }

    // MARK: Settings and questions

    static func renderSettings(
        _ request: Request, event: Event, form: RegistrationSettingsForm, errors: FieldErrors,
        question: QuestionForm = QuestionForm(),
        status: HTTPStatus = .ok
    ) async throws -> Response {
        let questions = try await RegistrationQuestion.query(on: request.db).filter(\.$event.$id == event.requireID()).sort(
            \.$position
        )
        .all()
        let consent = try await ConsentText.query(on: request.db).filter(\.$event.$id == event.requireID()).sort(
            \.$version, .descending
        )
        .first()
        let page = try SettingsPage.make(
            event, form: form, errors: errors, question: question, questions: questions, consentVersion: consent?.version,
            notice: request.query[String.self, at: "ok"] == "1" ? "Zapisano ustawienia rejestracji." : nil,
            layout: try await request.layout(title: "Ustawienia rejestracji", section: "events-admin"))
        return try await request.render("registration/admin-settings", page, status: status)
    }

    @Sendable static func settings(_ request: Request) async throws -> Response {
        let (_, event, context) = try await own(request)
        return try await renderSettings(
            request, event: event, form: .from(context?.settings, consent: context?.consent), errors: FieldErrors())
    }

    @Sendable static func saveSettings(_ request: Request) async throws -> Response {
        let (_, event, context) = try await own(request)
        let form = try request.content.decode(RegistrationSettingsForm.self)
        switch form.validate() {
        case .failure(let errors):
            return try await renderSettings(request, event: event, form: form, errors: errors, status: .unprocessableEntity)
        case .success(let valid):
            let env = environment(request)
            try await request.db.writeTransaction { db in
                try await db.lockForUpdate(Event.self, id: event.requireID())
                let settings =
                    try await RegistrationSettings.query(on: db).filter(\.$event.$id == event.requireID()).first()
                    ?? RegistrationSettings()
                settings.$organisation.id = event.$organisation.id
                settings.$event.id = try event.requireID()
                settings.enabled = valid.enabled
                settings.mode = valid.mode
                settings.capacity = valid.capacity
                settings.opensAt = valid.opensAt
                settings.closesAt = valid.closesAt
                settings.modifyUntil = valid.modifyUntil
                settings.waitlistEnabled = valid.waitlistEnabled
                settings.promotionMode = valid.promotionMode
                settings.offerHours = valid.offerHours
                settings.askDietary = valid.askDietary
                settings.askAccessibility = valid.askAccessibility
                settings.askDinner = valid.askDinner
                if settings.reminderDays != valid.reminderDays { settings.reminderSentAt = nil }
                settings.reminderDays = valid.reminderDays
                try await settings.save(on: db)
                // A changed clause is a new version; registrations keep pointing at the one they accepted.
                let latest = try await ConsentText.query(on: db).filter(\.$event.$id == event.requireID()).sort(
                    \.$version, .descending
                )
                .first()
                if latest?.text != valid.consentText {
                    let consent = ConsentText(
                        organisationID: event.$organisation.id,
                        eventID: try event.requireID(),
                        version: (latest?.version ?? 0) + 1,
                        text: valid.consentText
                    )
                    try await consent.create(on: db)
                    try await RegistrationSettings.touch(event.requireID(), on: db)
                }
                // More seats may let people in from the waiting list at once.
                if let refreshed = try await RegistrationContext.load(event, on: db) {
                    try await RegistrationService.promote(refreshed, on: db, environment: env)
                }
            }
            _ = context
            return request.redirect(
                to: SiteRoute.registrationsSettings.url(try event.requireID(), query: "ok=1"), redirectType: .normal)
        }
    }

    struct QuestionForm: Content {
        var label: String?
        var kind: String?
        var help: String?
        var required: String?
        /// One option per line; "Autokar | 40" sets a limit of 40.
        var options: String?
    }

    @Sendable static func addQuestion(_ request: Request) async throws -> Response {
        let (_, event, _) = try await own(request)
        let form = try request.content.decode(QuestionForm.self)
        let label = TextInput.clean(form.label)
        var errors = FieldErrors()
        if label.isEmpty || label.count > 300 { errors.add("questionLabel", "Podaj treść pytania (najwyżej 300 znaków).") }
        let kind = Question.Kind(rawValue: form.kind ?? "")
        if kind == nil { errors.add("questionKind", "Wybierz rodzaj pytania.") }
        var options: [Question.Option] = []
        if let kind, kind.hasOptions {
            for (index, line) in TextInput.clean(form.options, multiline: true).split(separator: "\n").enumerated() {
                let parts = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
                guard let name = parts.first, !name.isEmpty else { continue }
                var limit: Int?
                if parts.count > 1 {
                    limit = Int(parts[1])
                    if limit == nil || limit! < 1 {
                        errors.add("questionOptions", "Limit po znaku | musi być liczbą dodatnią (np. „Autokar | 40”).")
                    }
                }
                options.append(Question.Option(id: "o\(index + 1)", label: String(name.prefix(200)), limit: limit))
            }
            if options.count < 2 {
                errors.add("questionOptions", "Podaj co najmniej dwie odpowiedzi do wyboru, każdą w osobnym wierszu.")
            }
        }
        guard errors.isEmpty, let kind else {
            let settings = try await RegistrationSettings.query(on: request.db).filter(\.$event.$id == event.requireID()).first()
            let consent = try await ConsentText.query(on: request.db).filter(\.$event.$id == event.requireID()).sort(
                \.$version, .descending
            ).first()
            return try await renderSettings(
                request, event: event, form: .from(settings, consent: consent), errors: errors, question: form,
                status: .unprocessableEntity)
        }
        let question = RegistrationQuestion(
            organisationID: event.$organisation.id,
            eventID: try event.requireID(),
            position: try await RegistrationQuestion.query(on: request.db).filter(\.$event.$id == event.requireID()).count() + 1,
            kind: kind,
            label: label,
            help: TextInput.clean(form.help).nilIfEmpty.map { String($0.prefix(500)) },
            required: RegistrationSettingsForm.flag(form.required),
            options: String(data: try JSONEncoder().encode(options), encoding: .utf8) ?? "[]"
        )
        try await question.create(on: request.db)
        try await RegistrationSettings.touch(event.requireID(), on: request.db)
        return request.redirect(
            to: SiteRoute.registrationsSettings.url(try event.requireID(), query: "ok=1", fragment: "pytania"),
            redirectType: .normal)
    }

    @Sendable static func deleteQuestion(_ request: Request) async throws -> Response {
        let (_, event, _) = try await own(request)
        guard let id = request.parameters.get("questionID", as: UUID.self),
            let question = try await RegistrationQuestion.scoped(to: event.$organisation.id, on: request.db).filter(\.$id == id)
                .filter(\.$event.$id == event.requireID()).first()
        else { throw Abort(.notFound) }
        try await question.delete(on: request.db)
        try await RegistrationSettings.touch(event.requireID(), on: request.db)
        return request.redirect(
            to: SiteRoute.registrationsSettings.url(try event.requireID(), query: "ok=1", fragment: "pytania"),
            redirectType: .normal)
    }
}

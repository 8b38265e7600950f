import Fluent
import OpenCUSCore
import Vapor

/// Staff side of supportive activities: the list, the form (schedule with exceptions, places,
/// sign-ups), one activity's page with its sign-ups and the attendance of each meeting — named
/// for those signed up, counted (by age band and sex when known) for everyone else.
enum ActivityAdminController {
    static func context(_ request: Request) throws -> StaffContext { try request.require(.manageActivities) }

    static func activity(_ request: Request, _ staff: StaffContext) async throws -> Activity {
        guard let id = request.parameters.get("activityID", as: UUID.self),
            let activity = try await Activity.find(id, in: staff.organisationID, on: request.db)
        else { throw Abort(.notFound) }
        return activity
    }

    static func today(_ request: Request) -> CalendarDay { CalendarDay(request.clock.now(), in: WallClock.warsaw) }

    // MARK: List and form

    /// Read by coordinators too (`viewActivities`): counts of sign-ups, never names; only those
    /// who manage activities get links to each one's page with its people.
    @Sendable static func list(_ request: Request) async throws -> Response {
        let staff = try request.require(.viewActivities)
        let activities = try await Activity.scoped(to: staff.organisationID, on: request.db).sort(\.$title).all()
        var taken: [UUID: Int] = [:]
        for activity in activities {
            taken[try activity.requireID()] = try await ActivityService.activeSignUps(try activity.requireID(), on: request.db)
                .count()
        }
        let organisation = try await Organisation.find(staff.organisationID, on: request.db)
        return try await request.render(
            "activities/list",
            try ActivityListPage.make(
                activities, taken: taken, today: today(request), organisationSlug: organisation?.slug ?? "",
                canManage: staff.allows(.manageActivities),
                layout: try await request.layout(title: "Działania wspierające", section: "activities")))
    }

    static func renderForm(
        _ request: Request, activity: Activity?, form: ActivityForm, errors: FieldErrors, status: HTTPStatus = .ok
    ) async throws -> Response {
        try await request.render(
            "activities/form",
            try ActivityFormPage.make(
                activity: activity, form: form, errors: errors,
                partners: try await Partner.scoped(to: try request.requireStaff().organisationID, on: request.db).sort(\.$name)
                    .all(),
                layout: try await request.layout(title: activity?.title ?? "Nowe działanie wspierające", section: "activities")),
            status: status)
    }

    @Sendable static func newForm(_ request: Request) async throws -> Response {
        _ = try context(request)
        var form = ActivityForm()
        form.firstDay = today(request).iso
        form.everyWeeks = "1"
        form.organiser = "Centrum Usług Społecznych"
        return try await renderForm(request, activity: nil, form: form, errors: FieldErrors())
    }

    @Sendable static func create(_ request: Request) async throws -> Response {
        let staff = try context(request)
        let form = try request.content.decode(ActivityForm.self)
        switch form.validate(today: today(request), partners: try await Partner.names(staff.organisationID, on: request.db)) {
        case .failure(let errors):
            return try await renderForm(request, activity: nil, form: form, errors: errors, status: .unprocessableEntity)
        case .success(let valid):
            let activity = Activity(
                organisationID: staff.organisationID, valid: valid, updatedBy: staff.userName, now: request.clock.now())
            try await request.db.writeTransaction { db in
                try await activity.create(on: db)
                try await request.auditChange(
                    .create, .activity, recordID: try activity.requireID(), detail: "działanie: utworzono „\(valid.title)”",
                    on: db)
            }
            return request.redirect(
                to: SiteRoute.activityPage.url(try activity.requireID(), query: "done=created"), redirectType: .normal)
        }
    }

    @Sendable static func editForm(_ request: Request) async throws -> Response {
        let staff = try context(request)
        let activity = try await activity(request, staff)
        return try await renderForm(request, activity: activity, form: activity.form, errors: FieldErrors())
    }

    @Sendable static func save(_ request: Request) async throws -> Response {
        let staff = try context(request)
        let activity = try await activity(request, staff)
        let form = try request.content.decode(ActivityForm.self)
        switch form.validate(today: today(request), partners: try await Partner.names(staff.organisationID, on: request.db)) {
        case .failure(let errors):
            return try await renderForm(request, activity: activity, form: form, errors: errors, status: .unprocessableEntity)
        case .success(let valid):
            let id = try activity.requireID()
            try await request.db.writeTransaction { db in
                try await db.lockForUpdate(Activity.self, id: id)
                guard let current = try await Activity.find(id, in: staff.organisationID, on: db) else { throw Abort(.notFound) }
                current.apply(valid, by: staff.userName, at: request.clock.now())
                try await current.save(on: db)
                try await request.auditChange(
                    .update, .activity, recordID: id, detail: "działanie: zmieniono „\(valid.title)”", on: db)
            }
            return request.redirect(to: SiteRoute.activityPage.url(id, query: "done=saved"), redirectType: .normal)
        }
    }

    // MARK: One activity

    struct Forms {
        var signUp = ActivitySignUpForm()
        var signUpErrors = FieldErrors()
        var attendance: [String: [String]] = [:]
        var attendanceErrors = FieldErrors()
    }

    static func render(
        _ request: Request, _ staff: StaffContext, _ activity: Activity, forms: Forms = Forms(), status: HTTPStatus = .ok
    )
        async throws -> Response
    {
        let id = try activity.requireID()
        let signUps = try await ActivitySignUp.query(on: request.db).filter(\.$activity.$id == id).sort(\.$createdAt).all()
        let sessions = try await ActivitySession.query(on: request.db).filter(\.$activity.$id == id).sort(\.$day, .descending)
            .all()
        let presence = try await ActivityPresence.query(on: request.db)
            .filter(\.$session.$id ~~ sessions.compactMap(\.id)).all()
        try await request.audit(
            .view, .activity, recordID: id, detail: "działanie: lista zapisanych (\(signUps.count)) i obecności")
        let organisation = try await Organisation.find(staff.organisationID, on: request.db)
        let done = status == .ok ? request.query[String.self, at: "done"].flatMap { ActivityPage.notices[$0] } : nil
        return try await request.render(
            "activities/page",
            try ActivityPage.make(
                activity, signUps: signUps, sessions: sessions, presence: presence, today: today(request),
                organisationSlug: organisation?.slug ?? "", forms: forms, notice: done,
                layout: try await request.layout(title: activity.title, section: "activities")),
            status: status)
    }

    @Sendable static func page(_ request: Request) async throws -> Response {
        let staff = try context(request)
        return try await render(request, staff, try await activity(request, staff))
    }

    /// Staff sign someone up (by phone, at the office): the same capacity check as online.
    @Sendable static func addSignUp(_ request: Request) async throws -> Response {
        let staff = try context(request)
        let activity = try await activity(request, staff)
        var form = try request.content.decode(ActivitySignUpForm.self)
        form.consent = "on"  // staff read the information clause to the person (said on the form)
        form.website = nil  // staff forms have no honeypot
        let valid: ActivitySignUpForm.Valid
        switch form.validate() {
        case .valid(let checked): valid = checked
        case .invalid(let errors):
            return try await render(
                request, staff, activity, forms: Forms(signUp: form, signUpErrors: errors), status: .unprocessableEntity)
        case .bot: throw Abort(.badRequest)
        }
        let id = try activity.requireID()
        do {
            let signUp = try await ActivityService.signUp(
                id, organisationID: staff.organisationID, name: valid.name, phone: valid.phone, email: valid.email?.value,
                source: "staff", now: request.clock.now(), on: request.db)
            try await request.audit(
                .create, .activity, recordID: id,
                detail: "działanie: zapisano osobę (\(try signUp.requireID().uuidString.prefix(8)))")
        } catch ActivityError.full {
            return try await render(
                request, staff, activity,
                forms: Forms(
                    signUp: form,
                    signUpErrors: FieldErrors(
                        "name", "Brak wolnych miejsc. Zwiększ liczbę miejsc w ustawieniach działania albo zapisz osobę później.")),
                status: .conflict)
        } catch ActivityError.alreadySignedUp {
            return try await render(
                request, staff, activity,
                forms: Forms(
                    signUp: form, signUpErrors: FieldErrors("name", "Ta osoba jest już zapisana (ten sam telefon lub e-mail).")),
                status: .conflict)
        }
        return request.redirect(
            to: SiteRoute.activityPage.url(id, query: "done=signed-up", fragment: "zapisani"), redirectType: .normal)
    }

    @Sendable static func cancelSignUp(_ request: Request) async throws -> Response {
        let staff = try context(request)
        let activity = try await activity(request, staff)
        let id = try activity.requireID()
        guard let signUpID = request.parameters.get("signUpID", as: UUID.self),
            let signUp = try await ActivitySignUp.find(signUpID, in: staff.organisationID, on: request.db),
            signUp.$activity.id == id
        else { throw Abort(.notFound) }
        if signUp.cancelledAt == nil {
            try await request.db.writeTransaction { db in
                signUp.cancelledAt = request.clock.now()
                try await signUp.save(on: db)
                try await request.auditChange(
                    .update, .activity, recordID: id, detail: "działanie: wypisano osobę (\(signUpID.uuidString.prefix(8)))",
                    on: db)
            }
        }
        return request.redirect(
            to: SiteRoute.activityPage.url(id, query: "done=cancelled", fragment: "zapisani"), redirectType: .normal)
    }

    @Sendable static func confirmCancelSignUp(_ request: Request) async throws -> Confirmation? {
        let staff = try context(request)
        let activity = try await activity(request, staff)
        guard let signUpID = request.parameters.get("signUpID", as: UUID.self),
            let signUp = try await ActivitySignUp.find(signUpID, in: staff.organisationID, on: request.db),
            signUp.$activity.id == activity.id, signUp.cancelledAt == nil
        else { return nil }
        return Confirmation(
            question: "Wypisać \(signUp.name) z działania „\(activity.title)”?",
            consequence: "Miejsce się zwolni. Obecności z poprzednich spotkań zostaną w zapisie.",
            confirmLabel: "Tak, wypisz", cancelURL: SiteRoute.activityPage.url(try activity.requireID(), fragment: "zapisani"))
    }

    /// One meeting's attendance: the day (one the activity happens on, not in the future), the
    /// signed-up people present, and the count of everyone (by age band and sex when known).
    @Sendable static func recordSession(_ request: Request) async throws -> Response {
        let staff = try context(request)
        let activity = try await activity(request, staff)
        let id = try activity.requireID()
        var fields = request.formFieldMap
        fields.removeValue(forKey: "csrf_token")
        var errors = FieldErrors()
        let today = today(request)
        let day = CalendarDay(iso: TextInput.clean(fields["day"]?.first))
        if let day {
            if today < day {
                errors.add("day", "Obecność wpisuje się w dniu spotkania albo później.")
            } else if activity.schedule.occurrences(from: day, through: day).isEmpty {
                errors.add("day", "Tego dnia działanie się nie odbywa (sprawdź harmonogram i wyjątki).")
            }
        } else {
            errors.add("day", "Wybierz dzień spotkania.")
        }
        let present = Set((fields["present"] ?? []).compactMap(UUID.init(uuidString:)))
        let active = try await ActivityService.activeSignUps(id, on: request.db).all()
        if !present.isSubset(of: Set(active.compactMap(\.id))) { errors.add("day", "Zaznacz osoby z listy zapisanych.") }
        var counted = CountedAttendance(total: 0, breakdown: [:])
        switch CountedAttendance.read(fields.compactMapValues(\.first)) {
        case .success(let read): counted = read
        case .failure(let problems): for (field, message) in problems.ordered { errors.add(field, message) }
        }
        if errors.isEmpty && counted.total < present.count {
            errors.add(
                "total", "Razem (\(counted.total)) nie może być mniej niż zaznaczonych zapisanych osób (\(present.count)).")
        }
        let notes = TextInput.clean(fields["notes"]?.first, multiline: true)
        if notes.count > 2_000 { errors.add("notes", "Najwyżej 2000 znaków.") }
        let attendance = counted
        guard errors.isEmpty, let day else {
            return try await render(
                request, staff, activity, forms: Forms(attendance: fields, attendanceErrors: errors), status: .unprocessableEntity
            )
        }
        do {
            try await request.db.writeTransaction { db in
                let session = ActivitySession(
                    organisationID: staff.organisationID, activityID: id, day: day, counted: attendance, notes: notes,
                    recordedBy: staff.userName, createdAt: request.clock.now())
                try await session.create(on: db)
                for signUpID in present {
                    try await ActivityPresence(
                        organisationID: staff.organisationID, sessionID: try session.requireID(), signUpID: signUpID
                    ).create(on: db)
                }
                try await request.auditChange(
                    .create, .activity, recordID: id,
                    detail: "działanie: obecność \(day.iso) — razem \(attendance.total), zapisanych obecnych \(present.count)",
                    on: db)
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            return try await render(
                request, staff, activity,
                forms: Forms(
                    attendance: fields,
                    attendanceErrors: FieldErrors("day", "Obecność z \(day.polish) jest już wpisana.")),
                status: .conflict)
        }
        return request.redirect(
            to: SiteRoute.activityPage.url(id, query: "done=session", fragment: "spotkania"), redirectType: .normal)
    }
}

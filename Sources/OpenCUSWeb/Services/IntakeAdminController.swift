import Fluent
import OpenCUSCore
import Vapor

/// Staff side of applications: the intake dashboard, applications typed in from other channels,
/// one application with its outcomes, the reserve list of a service, refusal decision letters.
/// Every page that shows a person is audited.
enum IntakeAdminController {
    static func inForce(_ staff: StaffContext, on db: any Database) async throws -> Catalogue {
        guard let organisation = try await Organisation.find(staff.organisationID, on: db),
            let catalogue = try await Catalogue.load(organisation, on: db)
        else {
            throw Abort(
                .conflict,
                reason:
                    "Organizacja nie ma obowiązującego programu usług społecznych — najpierw wprowadź go w sekcji „Program usług”."
            )
        }
        return catalogue
    }

    @Sendable static func dashboard(_ request: Request) async throws -> Response {
        let staff = try request.require(.manageApplications)
        let today = CalendarDay(request.clock.now(), in: WallClock.warsaw)
        let query = IntakeDashboardPage.Query(
            filter: IntakeQueries.OpenFilter(rawValue: request.query[String.self, at: "show"] ?? "") ?? .all,
            page: max(1, min(request.query[Int.self, at: "page"] ?? 1, 10_000)))
        let loaded = try await IntakeDashboardPage.load(
            try await inForce(staff, on: request.db), query, today: today, organisationID: staff.organisationID, on: request.db)
        try await request.audit(
            .list, .application, subjects: loaded.people.map { AuditSubject(type: .person, id: $0) },
            detail: "pulpit przyjęć (\(query.filter.rawValue)): wniosków \(loaded.open.count), IPUS \(loaded.clocks.count)")
        let page = try IntakeDashboardPage.make(
            loaded, query, today: today, layout: try await request.layout(title: "Wnioski o usługi", section: "applications"),
            canConfigure: staff.allows(.manageProgramme))
        return try await request.render("services/intake-dashboard", page)
    }

    static func percent(_ a: Availability) -> Int {
        guard let places = a.places, places > 0 else { return 0 }
        return min(100, a.inUse * 100 / places)
    }

    @Sendable static func newForm(_ request: Request) async throws -> Response {
        let staff = try request.require(.manageApplications)
        let catalogue = try await inForce(staff, on: request.db)
        var form = ApplicationForm()
        form.consentRodo = false
        return try await request.render(
            "services/application-new",
            NewApplicationPage(
                layout: try await request.layout(title: "Nowy wniosek", section: "applications"),
                view: .make(
                    catalogue, settings: try await EffectiveIntakeSettings.load(catalogue.organisation, on: request.db),
                    form: form, errors: FieldErrors()), channel: "in_person"))
    }

    @Sendable static func create(_ request: Request) async throws -> Response {
        let staff = try request.require(.manageApplications)
        let catalogue = try await inForce(staff, on: request.db)
        let form = try ApplicationFormView.decode(request)
        let channelRaw = (try? request.content.get(String.self, at: "channel")) ?? ""
        let now = request.clock.now()
        var result = form.validate(
            services: try ApplicationFormView.rules(catalogue), gminaCity: catalogue.organisation.city ?? "",
            today: CalendarDay(now, in: WallClock.warsaw))
        let channel = ApplicationChannel(rawValue: channelRaw)
        if channel == nil || channel == .online {
            var errors: FieldErrors
            if case .failure(let e) = result { errors = e } else { errors = FieldErrors() }
            errors.add("channel", "Wybierz, jak wniosek wpłynął (osobiście, telefonicznie, e-mailem, pismem, przez ePUAP).")
            result = .failure(errors)
        }
        let settings = try await EffectiveIntakeSettings.load(catalogue.organisation, on: request.db)
        func again(_ form: ApplicationForm, _ errors: FieldErrors, _ status: HTTPStatus) async throws -> Response {
            try await request.render(
                "services/application-new",
                NewApplicationPage(
                    layout: try await request.layout(title: "Nowy wniosek", section: "applications"),
                    view: .make(catalogue, settings: settings, form: form, errors: errors, channel: channelRaw),
                    channel: channelRaw), status: status)
        }
        switch result {
        case .failure(let errors):
            return try await again(form, errors, .unprocessableEntity)
        case .success(let valid):
            let submitted: IntakeService.Submitted
            do {
                submitted = try await IntakeService.submit(
                    form, valid: valid, channel: channel!, organisation: catalogue.organisation,
                    staff: AuditActor(staff, request), now: now, baseURL: request.config.baseURL,
                    clauseVersionShown: ApplicationFormView.clauseVersion(request), on: request.db)
            } catch IntakeError.clauseChanged {
                var f = form
                f.consentRodo = false
                return try await again(f, ApplicationFormView.clauseChanged(), .conflict)
            }
            return request.redirect(
                to: SiteRoute.intakeDetail.url(try submitted.application.requireID(), query: "ok=created"), redirectType: .normal)
        }
    }

    static func renderDetail(
        _ request: Request, applicationID: UUID, typed: ApplicationPage.Typed = .init(), status: HTTPStatus = .ok
    ) async throws -> Response {
        let staff = try request.require(.manageApplications)
        guard let loaded = try await ApplicationPage.load(applicationID, organisationID: staff.organisationID, on: request.db)
        else { throw Abort(.notFound) }
        try await request.audit(
            .view, .application, recordID: loaded.application.id,
            subjects: [AuditSubject(type: .person, id: loaded.application.person_id)])
        let seen = staff.allows(.viewAudit) ? try await ApplicationPage.seen(loaded, on: request.db) : nil
        var typed = typed
        if typed.notice == nil, request.query[String.self, at: "ok"] == "created" { typed.notice = "Wniosek zapisany." }
        let page = try ApplicationPage.make(
            loaded, seen: seen, typed: typed,
            layout: try await request.layout(title: "Wniosek \(loaded.application.number)", section: "applications"),
            signatory: staff.userName, today: CalendarDay(request.clock.now(), in: WallClock.warsaw))
        return try await request.render("services/application", page, status: status)
    }

    @Sendable static func detail(_ request: Request) async throws -> Response {
        guard let id = request.parameters.get("applicationID", as: UUID.self) else { throw Abort(.notFound) }
        return try await renderDetail(
            request, applicationID: id, typed: .init(notice: request.query[String.self, at: "done"].map { _ in "Zapisano." }))
    }

    static func ids(_ request: Request) throws -> (UUID, UUID) {
        guard let application = request.parameters.get("applicationID", as: UUID.self),
            let requested = request.parameters.get("requestedID", as: UUID.self)
        else { throw Abort(.notFound) }
        return (application, requested)
    }

    /// The requested service must belong to the application in the URL (and so to the organisation).
    @discardableResult
    static func check(_ request: Request, staff: StaffContext, application: UUID, requested: UUID) async throws
        -> RequestedService
    {
        guard let r = try await RequestedService.find(requested, in: staff.organisationID, on: request.db),
            r.$application.id == application
        else {
            throw Abort(.notFound)
        }
        return r
    }

    /// A form for an outcome the request can no longer reach (it was settled meanwhile, e.g. in
    /// another tab) is answered with why, before its fields are checked: the page shown then
    /// has no such form to mark.
    static func settled(_ request: Request, _ r: RequestedService, to outcome: ServiceOutcome, applicationID: UUID)
        async throws -> Response?
    {
        do {
            _ = try IntakeService.outcomeChange(r, to: outcome)
            return nil
        } catch IntakeError.wrongState(let message) {
            return try await renderDetail(request, applicationID: applicationID, typed: .init(error: message), status: .conflict)
        }
    }

    struct QualifyForm: Content {
        var startDay: String?
    }

    @Sendable static func qualify(_ request: Request) async throws -> Response {
        let staff = try request.require(.manageApplications)
        let (applicationID, requestedID) = try ids(request)
        try await check(request, staff: staff, application: applicationID, requested: requestedID)
        guard let start = CalendarDay(iso: (try request.content.decode(QualifyForm.self).startDay) ?? "") else {
            var errors = FieldErrors()
            errors.add("startDay-\(requestedID.uuidString)", "Podaj datę rozpoczęcia usługi (RRRR-MM-DD).")
            return try await renderDetail(
                request, applicationID: applicationID,
                typed: .init(error: "Podaj datę rozpoczęcia usługi (RRRR-MM-DD).", errors: errors), status: .unprocessableEntity)
        }
        do {
            try await IntakeService.qualify(
                requestedID, startDay: start, staff: AuditActor(staff, request), organisationID: staff.organisationID,
                now: request.clock.now(), on: request.db)
        } catch IntakeError.full(let availability) {
            return try await renderDetail(
                request, applicationID: applicationID,
                typed: .init(
                    error:
                        "Nie można zakwalifikować: \(availability.polish). Wpisz osobę na listę rezerwową — dostanie miejsce, gdy się zwolni."
                ), status: .conflict)
        } catch IntakeError.wrongState(let message) {
            return try await renderDetail(request, applicationID: applicationID, typed: .init(error: message), status: .conflict)
        }
        return request.redirect(to: SiteRoute.intakeDetail.url(applicationID, query: "done=qualified"), redirectType: .normal)
    }

    struct ReserveForm: Content {
        var criteria: [String]?
    }

    @Sendable static func reserve(_ request: Request) async throws -> Response {
        let staff = try request.require(.manageApplications)
        let (applicationID, requestedID) = try ids(request)
        try await check(request, staff: staff, application: applicationID, requested: requestedID)
        let criteria = Set((try? request.content.decode(ReserveForm.self).criteria)?.compactMap(Int.init) ?? [])
        do {
            try await IntakeService.reserve(
                requestedID, criteria: criteria, staff: AuditActor(staff, request), organisationID: staff.organisationID,
                now: request.clock.now(), on: request.db)
        } catch IntakeError.wrongState(let message) {
            return try await renderDetail(request, applicationID: applicationID, typed: .init(error: message), status: .conflict)
        }
        return request.redirect(to: SiteRoute.intakeDetail.url(applicationID, query: "done=reserve"), redirectType: .normal)
    }

    @Sendable static func refuse(_ request: Request) async throws -> Response {
        let staff = try request.require(.manageApplications)
        let (applicationID, requestedID) = try ids(request)
        let requested = try await check(request, staff: staff, application: applicationID, requested: requestedID)
        if let answer = try await settled(request, requested, to: .refused, applicationID: applicationID) { return answer }
        guard let organisation = try await Organisation.find(staff.organisationID, on: request.db) else { throw Abort(.notFound) }
        let form = try request.content.decode(IntakeService.RefusalForm.self)
        do {
            let decision = try await IntakeService.refuse(
                requestedID, form: form,
                staff: AuditActor(staff, request), organisation: organisation, now: request.clock.now(), on: request.db)
            return request.redirect(to: SiteRoute.intakeDecision.url(try decision.requireID()), redirectType: .normal)
        } catch IntakeError.invalid(let errors) {
            return try await renderDetail(
                request, applicationID: applicationID,
                typed: .init(errors: errors, refusal: (requestedID, form)), status: .unprocessableEntity)
        } catch IntakeError.wrongState(let message) {
            return try await renderDetail(request, applicationID: applicationID, typed: .init(error: message), status: .conflict)
        }
    }

    struct EndForm: Content {
        var reason: String?
    }

    @Sendable static func endEnrolment(_ request: Request) async throws -> Response {
        let staff = try request.require(.manageApplications)
        guard let applicationID = request.parameters.get("applicationID", as: UUID.self),
            let enrolmentID = request.parameters.get("enrolmentID", as: UUID.self),
            let enrolment = try await Enrolment.find(enrolmentID, in: staff.organisationID, on: request.db)
        else { throw Abort(.notFound) }
        try await check(request, staff: staff, application: applicationID, requested: enrolment.$requested.id)
        try await IntakeService.endEnrolment(
            enrolmentID, reason: TextInput.clean(try request.content.decode(EndForm.self).reason),
            staff: AuditActor(staff, request),
            organisationID: staff.organisationID, now: request.clock.now(), on: request.db)
        return request.redirect(to: SiteRoute.intakeDetail.url(applicationID, query: "done=ended"), redirectType: .normal)
    }
}

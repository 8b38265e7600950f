import Fluent
import OpenCUSCore
import Vapor

/// Needs assessment and routing on the application page, appeal bookkeeping on a decision, and
/// the CUS's intake settings (deadlines, appeal body, RODO clause for applications).
enum CaseworkController {
    struct AssessmentBody: Content {
        var scheduledOn: String?
        var place: String?
        var placeNote: String?
        var doneOn: String?
        var findings: String?
        var ipusNeeded: String?
    }

    @Sendable static func assessment(_ request: Request) async throws -> Response {
        let staff = try request.require(.manageApplications)
        guard let applicationID = request.parameters.get("applicationID", as: UUID.self),
            let application = try await ServiceApplication.find(applicationID, in: staff.organisationID, on: request.db),
            let organisation = try await Organisation.find(staff.organisationID, on: request.db)
        else { throw Abort(.notFound) }
        let body = try request.content.decode(AssessmentBody.self)
        var form = AssessmentForm()
        form.scheduledOn = TextInput.clean(body.scheduledOn)
        form.place = TextInput.clean(body.place)
        form.placeNote = TextInput.clean(body.placeNote)
        form.doneOn = TextInput.clean(body.doneOn)
        form.findings = TextInput.clean(body.findings, multiline: true)
        form.ipusNeeded = body.ipusNeeded == "on"
        let now = request.clock.now()
        switch form.validate(
            received: CalendarDay(application.receivedAt, in: WallClock.warsaw), today: CalendarDay(now, in: WallClock.warsaw))
        {
        case .failure(let errors):
            return try await IntakeAdminController.renderDetail(
                request, applicationID: applicationID,
                typed: .init(error: "Nie zapisano oceny potrzeb — popraw zaznaczone pola.", errors: errors, assessment: form),
                status: .unprocessableEntity)
        case .success(let valid):
            try await IntakeService.saveAssessment(
                applicationID: applicationID, form: form, valid: valid, staff: AuditActor(staff, request),
                organisation: organisation, now: now, on: request.db)
            return request.redirect(
                to: SiteRoute.intakeDetail.url(applicationID, query: "done=assessment", fragment: "assessment"),
                redirectType: .normal)
        }
    }

    struct RouteBody: Content {
        var unit: String?
        var consent: String?
    }

    @Sendable static func route(_ request: Request) async throws -> Response {
        let staff = try request.require(.manageApplications)
        let (applicationID, requestedID) = try IntakeAdminController.ids(request)
        let requested = try await IntakeAdminController.check(
            request, staff: staff, application: applicationID, requested: requestedID)
        if let answer = try await IntakeAdminController.settled(request, requested, to: .routed, applicationID: applicationID) {
            return answer
        }
        let body = try request.content.decode(RouteBody.self)
        var form = RoutingForm()
        form.unit = TextInput.clean(body.unit)
        form.consent = body.consent == "on"
        switch form.validate() {
        case .failure(let e):
            var errors = FieldErrors()
            for (field, message) in e.messages { errors.add("\(field)-\(requestedID.uuidString)", message) }
            return try await IntakeAdminController.renderDetail(
                request, applicationID: applicationID,
                typed: .init(
                    errors: errors,
                    route: (requestedID: requestedID, unit: form.unit)),
                status: .unprocessableEntity)
        case .success(let unit):
            do {
                try await IntakeService.route(
                    requestedID, unit: unit, staff: AuditActor(staff, request), organisationID: staff.organisationID,
                    now: request.clock.now(), on: request.db)
            } catch IntakeError.wrongState(let message) {
                return try await IntakeAdminController.renderDetail(
                    request, applicationID: applicationID, typed: .init(error: message), status: .conflict)
            }
            return request.redirect(to: SiteRoute.intakeDetail.url(applicationID, query: "done=routed"), redirectType: .normal)
        }
    }

    struct AppealBody: Content {
        var deliveredOn: String?
        var appealLodgedOn: String?
        var appealResult: String?
        var appealResultOn: String?
    }

    @Sendable static func appeal(_ request: Request) async throws -> Response {
        let staff = try request.require(.manageApplications)
        guard let decisionID = request.parameters.get("decisionID", as: UUID.self),
            let decision = try await RefusalDecision.find(decisionID, in: staff.organisationID, on: request.db)
        else { throw Abort(.notFound) }
        guard decision.isDecision else {
            throw Abort(.conflict, reason: "To informacja o odmowie, nie decyzja — nie ma od niej odwołania.")
        }
        let body = try request.content.decode(AppealBody.self)
        var form = AppealForm()
        form.deliveredOn = TextInput.clean(body.deliveredOn)
        form.appealLodgedOn = TextInput.clean(body.appealLodgedOn)
        form.appealResult = TextInput.clean(body.appealResult)
        form.appealResultOn = TextInput.clean(body.appealResultOn)
        let now = request.clock.now()
        let issued = decision.issuedOn
        switch form.validate(issued: issued, today: CalendarDay(now, in: WallClock.warsaw)) {
        case .failure(let errors):
            return try await IntakeAdminController.renderDecision(
                request, decisionID: decisionID, typed: form, errors: errors, status: .unprocessableEntity)
        case .success(let valid):
            try await IntakeService.recordAppeal(
                decisionID, valid: valid, staff: AuditActor(staff, request), organisationID: staff.organisationID,
                now: now, on: request.db)
            return request.redirect(to: SiteRoute.intakeDecision.url(decisionID, query: "done=appeal"), redirectType: .normal)
        }
    }

    static func renderSettings(
        _ request: Request, form: IntakeSettingsForm?, errors: FieldErrors = FieldErrors(), status: HTTPStatus = .ok
    ) async throws -> Response {
        let staff = try request.require(.manageProgramme)
        guard let organisation = try await Organisation.find(staff.organisationID, on: request.db) else { throw Abort(.notFound) }
        let settings = try await EffectiveIntakeSettings.load(organisation, on: request.db)
        return try await request.render(
            "services/intake-settings",
            SettingsPage.make(
                settings, typed: form, errors: errors,
                notice: request.query[String.self, at: "done"] != nil ? "Zapisano ustawienia." : nil,
                layout: try await request.layout(title: "Ustawienia przyjmowania wniosków", section: "applications")),
            status: status)
    }

    @Sendable static func settingsForm(_ request: Request) async throws -> Response {
        try await renderSettings(request, form: nil)
    }

    @Sendable static func saveSettings(_ request: Request) async throws -> Response {
        let staff = try request.require(.manageProgramme)
        guard let organisation = try await Organisation.find(staff.organisationID, on: request.db) else { throw Abort(.notFound) }
        struct Body: Content {
            var assessmentDays: String?
            var ipusDays: String?
            var appealDays: String?
            var appealBody: String?
            var rodoClause: String?
            var refusalIsDecision: String?
        }
        let body = try request.content.decode(Body.self)
        var form = IntakeSettingsForm()
        form.assessmentDays = TextInput.clean(body.assessmentDays)
        form.ipusDays = TextInput.clean(body.ipusDays)
        form.appealDays = TextInput.clean(body.appealDays)
        form.appealBody = TextInput.clean(body.appealBody)
        form.rodoClause = TextInput.clean(body.rodoClause, multiline: true)
        form.refusalIsDecision = body.refusalIsDecision == "on" ? "on" : ""
        switch form.validate() {
        case .failure(let errors):
            return try await renderSettings(request, form: form, errors: errors, status: .unprocessableEntity)
        case .success(let valid):
            try await IntakeService.saveSettings(
                valid, organisation: organisation, staffName: staff.userName, now: request.clock.now(), on: request.db)
            return request.redirect(to: SiteRoute.caseworkSettingsForm.url(query: "done=1"), redirectType: .normal)
        }
    }
}

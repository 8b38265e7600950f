import Fluent
import OpenCUSCore
import SQLKit
import Vapor

/// Staff side of consultations: prepare and announce a round, type in comments received on
/// paper, by e-mail or at the meeting, answer and moderate them, publish the report.
enum ConsultationAdminController {
    static func context(_ request: Request) async throws -> (StaffContext, Organisation) {
        let staff = try request.require(.manageConsultations)
        guard let organisation = try await Organisation.find(staff.organisationID, on: request.db) else {
            throw Abort(.notFound)
        }
        return (staff, organisation)
    }

    static func roundID(_ request: Request) throws -> UUID {
        guard let id = request.parameters.get("roundID", as: UUID.self) else { throw Abort(.notFound) }
        return id
    }

    static func layout(_ request: Request, _ title: String) async throws -> Layout {
        try await request.layout(title: title, section: "consultations")
    }

    @Sendable static func list(_ request: Request) async throws -> Response {
        let (staff, organisation) = try await context(request)
        let rounds = try await ConsultationRound.scoped(to: staff.organisationID, on: request.db).all()
        let counts = try await commentCounts(rounds.compactMap(\.id), on: request.db)
        return try await request.render(
            "consultations/admin-list",
            try ConsultationListPage.make(
                rounds, counts: counts, organisation: organisation, now: request.clock.now(),
                notice: request.query[String.self, at: "done"] == "created" ? ConsultationRoundPage.notices["created"] : nil,
                layout: try await layout(request, "Konsultacje społeczne")))
    }

    static func commentCounts(_ ids: [UUID], on db: any Database) async throws -> [UUID: Int] {
        guard !ids.isEmpty else { return [:] }
        struct Row: Decodable {
            let round_id: UUID
            let n: Int
        }
        let rows = try await db.sql().select().column("round_id").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(ConsultationComment.schema).where("round_id", .in, ids).groupBy("round_id").all(decoding: Row.self)
        return Dictionary(uniqueKeysWithValues: rows.map { ($0.round_id, $0.n) })
    }

    @Sendable static func newForm(_ request: Request) async throws -> Response {
        _ = try await context(request)
        var form = ConsultationRoundForm()
        form.scope = "cała gmina"
        return try await renderForm(request, nil, form: form, errors: FieldErrors())
    }

    static func renderForm(
        _ request: Request, _ round: ConsultationRound?, form: ConsultationRoundForm, errors: FieldErrors,
        conflict: String? = nil, status: HTTPStatus = .ok
    ) async throws -> Response {
        try await request.render(
            "consultations/admin-form",
            try ConsultationFormPage.make(
                round, form: form, errors: errors, conflict: conflict,
                layout: try await layout(request, round == nil ? "Nowe konsultacje" : "Zmiana konsultacji")),
            status: status)
    }

    @Sendable static func create(_ request: Request) async throws -> Response {
        let (staff, _) = try await context(request)
        let form = try request.content.decode(ConsultationRoundForm.self)
        switch form.validate() {
        case .failure(let errors):
            return try await renderForm(request, nil, form: form, errors: errors, status: .unprocessableEntity)
        case .success(let valid):
            let round = try await ConsultationService.create(
                form, valid, actor: AuditActor(staff, request), now: request.clock.now(), on: request.db)
            return request.redirect(
                to: SiteRoute.consultationRound.url(try round.requireID(), query: "done=created"), redirectType: .normal)
        }
    }

    @Sendable static func editForm(_ request: Request) async throws -> Response {
        let (staff, _) = try await context(request)
        let round = try await ConsultationService.round(
            try roundID(request), organisationID: staff.organisationID, on: request.db)
        return try await renderForm(request, round, form: ConsultationFormPage.form(round), errors: FieldErrors())
    }

    @Sendable static func save(_ request: Request) async throws -> Response {
        let (staff, organisation) = try await context(request)
        let id = try roundID(request)
        let round = try await ConsultationService.round(id, organisationID: staff.organisationID, on: request.db)
        let form = try request.content.decode(ConsultationRoundForm.self)
        switch form.validate() {
        case .failure(let errors):
            return try await renderForm(request, round, form: form, errors: errors, status: .unprocessableEntity)
        case .success(let valid):
            do {
                try await ConsultationService.save(
                    id, revision: Int(form.revision) ?? -1, form: form, valid: valid, actor: AuditActor(staff, request),
                    now: request.clock.now(), on: request.db)
            } catch ConsultationError.changed(let by, let at) {
                return try await renderForm(
                    request, round, form: form, errors: FieldErrors(),
                    conflict:
                        "\(by) zapisał(a) zmiany \(WarsawTime.format(at)), gdy ten formularz był otwarty. Twoja wersja jest poniżej, nic nie zapisano: otwórz konsultacje ponownie w nowej karcie, porównaj i nanieś swoje zmiany.",
                    status: .conflict)
            } catch ConsultationError.wrongPhase(let message) {
                return try await renderRound(request, round, organisation, error: message, status: .conflict)
            }
            return request.redirect(to: SiteRoute.consultationRound.url(id, query: "done=saved"), redirectType: .normal)
        }
    }

    static func renderRound(
        _ request: Request, _ round: ConsultationRound, _ organisation: Organisation,
        entry: ConsultationCommentForm = ConsultationCommentForm(), entryErrors: FieldErrors = FieldErrors(),
        report: ConsultationRoundPage.ReportForm? = nil, reportErrors: FieldErrors = FieldErrors(),
        answerFailure: ConsultationRoundPage.AnswerFailure? = nil, error: String? = nil, status: HTTPStatus = .ok
    ) async throws -> Response {
        let comments = try await ConsultationComment.scoped(to: organisation.requireID(), on: request.db)
            .filter(\.$round.$id == round.requireID()).all()
        // Reading the comments shows names and e-mail addresses of residents: audited.
        try await request.audit(
            .view, .consultation, recordID: try round.requireID(), detail: "uwagi: \(comments.count)")
        let done = request.query[String.self, at: "done"]
        return try await request.render(
            "consultations/admin-round",
            try ConsultationRoundPage.make(
                round, organisation: organisation, comments: comments, now: request.clock.now(), entry: entry,
                entryErrors: entryErrors, report: report, reportErrors: reportErrors, answerFailure: answerFailure,
                notice: status == .ok ? done.flatMap { ConsultationRoundPage.notices[$0] } : nil, error: error,
                layout: try await layout(request, "Konsultacje: \(round.subject)")),
            status: status)
    }

    @Sendable static func show(_ request: Request) async throws -> Response {
        let (staff, organisation) = try await context(request)
        let round = try await ConsultationService.round(
            try roundID(request), organisationID: staff.organisationID, on: request.db)
        return try await renderRound(request, round, organisation)
    }

    struct RevisionForm: Content {
        var revision: String?
    }

    /// Runs a round-level action and answers the page: back to the round with a notice, or the
    /// round with the reason it could not be done.
    static func roundAction(
        _ request: Request, done: String, _ action: (UUID, AuditActor) async throws -> Void
    ) async throws -> Response {
        let (staff, organisation) = try await context(request)
        let id = try roundID(request)
        do {
            try await action(id, AuditActor(staff, request))
        } catch ConsultationError.wrongPhase(let message) {
            let round = try await ConsultationService.round(id, organisationID: staff.organisationID, on: request.db)
            return try await renderRound(request, round, organisation, error: message, status: .conflict)
        } catch ConsultationError.changed(let by, let at) {
            let round = try await ConsultationService.round(id, organisationID: staff.organisationID, on: request.db)
            return try await renderRound(
                request, round, organisation,
                error: "\(by) zmienił(a) te konsultacje \(WarsawTime.format(at)). Sprawdź stan poniżej i spróbuj ponownie.",
                status: .conflict)
        }
        return request.redirect(to: SiteRoute.consultationRound.url(id, query: "done=\(done)"), redirectType: .normal)
    }

    @Sendable static func announce(_ request: Request) async throws -> Response {
        let revision = Int((try? request.content.decode(RevisionForm.self))?.revision ?? "") ?? -1
        let (_, organisation) = try await context(request)
        return try await roundAction(request, done: "announced") { id, actor in
            try await ConsultationService.announce(
                id, revision: revision, actor: actor, organisation: organisation, baseURL: request.config.baseURL,
                now: request.clock.now(), on: request.db)
        }
    }

    @Sendable static func enterComment(_ request: Request) async throws -> Response {
        let (staff, organisation) = try await context(request)
        let round = try await ConsultationService.round(
            try roundID(request), organisationID: staff.organisationID, on: request.db)
        let form = try request.content.decode(ConsultationCommentForm.self)
        let now = request.clock.now()
        switch form.validateStaffEntry(
            document: round.parsedDocument, dates: round.dates, today: CalendarDay(now, in: WallClock.warsaw))
        {
        case .invalid(let errors):
            return try await renderRound(
                request, round, organisation, entry: form, entryErrors: errors, status: .unprocessableEntity)
        case .bot:
            throw Abort(.badRequest)
        case .valid(let valid):
            do {
                let comment = try await ConsultationService.addByStaff(
                    try round.requireID(), valid: valid, actor: AuditActor(staff, request), now: now, on: request.db)
                return request.redirect(
                    to: SiteRoute.consultationRound.url(
                        try round.requireID(), query: "done=entered", fragment: "uwaga-\(comment.number)"),
                    redirectType: .normal)
            } catch ConsultationError.wrongPhase(let message) {
                return try await renderRound(
                    request, round, organisation, entry: form, entryErrors: FieldErrors("form", message), status: .conflict)
            }
        }
    }

    static func commentID(_ request: Request) throws -> UUID {
        guard let id = request.parameters.get("commentID", as: UUID.self) else { throw Abort(.notFound) }
        return id
    }

    static func moderate(_ request: Request, done: String, _ action: ConsultationService.Moderation) async throws -> Response {
        let commentID = try commentID(request)
        let response = try await roundAction(request, done: done) { id, actor in
            try await ConsultationService.moderate(
                commentID, roundID: id, action, actor: actor, now: request.clock.now(), on: request.db)
        }
        return response
    }

    @Sendable static func answer(_ request: Request) async throws -> Response {
        let (staff, organisation) = try await context(request)
        let round = try await ConsultationService.round(
            try roundID(request), organisationID: staff.organisationID, on: request.db)
        _ = try await ConsultationService.comment(
            try commentID(request), roundID: try round.requireID(), organisationID: staff.organisationID, on: request.db)
        let form = try request.content.decode(CommentAnswerForm.self)
        switch form.validate() {
        case .failure(let errors):
            return try await renderRound(
                request, round, organisation,
                answerFailure: .init(commentID: try commentID(request), errors: errors, reason: form.reason),
                status: .unprocessableEntity)
        case .success(let (position, reason)):
            return try await moderate(request, done: "answered", .answer(position, reason))
        }
    }

    struct ChoiceForm: Content {
        var choice: String?
    }

    @Sendable static func group(_ request: Request) async throws -> Response {
        let choice = (try? request.content.decode(ChoiceForm.self))?.choice ?? ""
        if choice.isEmpty { return try await moderate(request, done: "grouped", .ungroup) }
        guard let lead = UUID(uuidString: choice) else { throw Abort(.notFound) }
        return try await moderate(request, done: "grouped", .groupWith(lead))
    }

    @Sendable static func hide(_ request: Request) async throws -> Response {
        let choice = (try? request.content.decode(ChoiceForm.self))?.choice ?? ""
        if choice.isEmpty { return try await moderate(request, done: "hidden", .show) }
        guard let reason = CommentHiddenReason(rawValue: choice) else { throw Abort(.badRequest) }
        return try await moderate(request, done: "hidden", .hide(reason))
    }

    @Sendable static func approve(_ request: Request) async throws -> Response {
        try await moderate(request, done: "approved", .approve)
    }

    static func reportForm(_ request: Request) throws -> (ConsultationRoundPage.ReportForm, FieldErrors) {
        var form = try request.content.decode(ConsultationRoundPage.ReportForm.self)
        form.summary = TextInput.clean(form.summary, multiline: true)
        form.preparedBy = TextInput.clean(form.preparedBy)
        var errors = FieldErrors()
        if form.summary.isEmpty {
            errors.add("summary", "Napisz podsumowanie: jak przebiegły konsultacje i co z nich wynika dla dokumentu.")
        } else if form.summary.count > 20_000 {
            errors.add("summary", "Najwyżej 20 000 znaków (jest \(form.summary.count)).")
        }
        if form.preparedBy.isEmpty {
            errors.add("preparedBy", "Podaj, kto przygotował raport (imię i nazwisko, stanowisko).")
        } else if form.preparedBy.count > 200 {
            errors.add("preparedBy", "Najwyżej 200 znaków.")
        }
        return (form, errors)
    }

    @Sendable static func publishReport(_ request: Request) async throws -> Response {
        let (form, errors) = try reportForm(request)
        guard errors.isEmpty else {
            let (staff, organisation) = try await context(request)
            let round = try await ConsultationService.round(
                try roundID(request), organisationID: staff.organisationID, on: request.db)
            return try await renderRound(
                request, round, organisation, report: form, reportErrors: errors, status: .unprocessableEntity)
        }
        return try await roundAction(request, done: "published") { id, actor in
            try await ConsultationService.publishReport(
                id, revision: Int(form.revision) ?? -1, summary: form.summary, preparedBy: form.preparedBy, actor: actor,
                now: request.clock.now(), on: request.db)
        }
    }

    @Sendable static func reportPreview(_ request: Request) async throws -> Response {
        let (staff, organisation) = try await context(request)
        let round = try await ConsultationService.round(
            try roundID(request), organisationID: staff.organisationID, on: request.db)
        return try await PublicConsultationsController.renderReport(request, round, organisation, isPreview: true)
    }
}

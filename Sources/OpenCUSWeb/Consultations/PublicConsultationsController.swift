import Fluent
import OpenCUSCore
import Vapor

/// Residents' side: an organisation's consultations, a round's page with its document and
/// comment form (no account; honeypot, rate limit, a salted client key, no address stored),
/// and the report after the close.
enum PublicConsultationsController {
    static func publicRound(_ request: Request) async throws -> (ConsultationRound, Organisation) {
        let organisation = try await PublicCatalogueController.organisation(request)
        guard let id = request.parameters.get("roundID", as: UUID.self),
            let round = try await ConsultationRound.find(id, in: organisation.requireID(), on: request.db),
            round.phase(at: request.clock.now()).isPublic
        else {
            throw Abort(
                .notFound, reason: "Nie ma takich konsultacji. Sprawdź adres albo wybierz je z listy konsultacji centrum.")
        }
        return (round, organisation)
    }

    @Sendable static func list(_ request: Request) async throws -> Response {
        let organisation = try await PublicCatalogueController.organisation(request)
        return try await renderList(
            request, organisation, subscribe: ConsultationSubscribeForm(), errors: FieldErrors(),
            sent: request.query[String.self, at: "powiadomienia"] == "wyslano")
    }

    static func renderList(
        _ request: Request, _ organisation: Organisation, subscribe: ConsultationSubscribeForm, errors: FieldErrors,
        sent: Bool = false, status: HTTPStatus = .ok
    ) async throws -> Response {
        let rounds = try await ConsultationRound.scoped(to: organisation.requireID(), on: request.db)
            .filter(\.$status != .draft).all()
        return try await request.render(
            "consultations/public-list",
            try PublicConsultationListPage.make(
                rounds, organisation: organisation, now: request.clock.now(), subscribe: subscribe, errors: errors,
                subscribeSent: sent,
                layout: try await request.layout(title: "Konsultacje społeczne: \(organisation.name)", section: "consultations")
                    .branded(organisation)),
            status: status)
    }

    static func render(
        _ request: Request, _ round: ConsultationRound, _ organisation: Organisation, form: ConsultationCommentForm,
        errors: FieldErrors, sentNumber: Int? = nil, status: HTTPStatus = .ok
    ) async throws -> Response {
        let comments = try await ConsultationComment.scoped(to: organisation.requireID(), on: request.db)
            .filter(\.$round.$id == round.requireID()).all()
        let surveys = try await Survey.scoped(to: organisation.requireID(), on: request.db)
            .filter(\.$consultationRoundID == round.requireID()).filter(\.$status == .open).all()
        let response = try await request.render(
            "consultations/public-round",
            try PublicConsultationPage.make(
                round, organisation: organisation, comments: comments, now: request.clock.now(), form: form, errors: errors,
                sentNumber: sentNumber, surveys: surveys,
                layout: try await request.layout(title: round.subject, section: "consultations").branded(organisation)),
            status: status)
        return response
    }

    @Sendable static func page(_ request: Request) async throws -> Response {
        let (round, organisation) = try await publicRound(request)
        var form = ConsultationCommentForm()
        if let paragraph = request.query[String.self, at: "akapit"], round.parsedDocument.paragraph(paragraph) != nil {
            form.paragraph = paragraph
        }
        return try await render(
            request, round, organisation, form: form, errors: FieldErrors(),
            sentNumber: request.query[Int.self, at: "wyslano"])
    }

    @Sendable static func comment(_ request: Request) async throws -> Response {
        let (round, organisation) = try await publicRound(request)
        let form = try request.content.decode(ConsultationCommentForm.self)
        let now = request.clock.now()
        let roundID = try round.requireID()
        guard round.online else { throw Abort(.notFound) }
        switch form.validateOnline(document: round.parsedDocument, today: CalendarDay(now, in: WallClock.warsaw)) {
        case .invalid(let errors):
            return try await render(request, round, organisation, form: form, errors: errors, status: .unprocessableEntity)
        case .bot:
            // A filled honeypot: the same answer a person gets, nothing stored.
            request.logger.info("Consultation comment honeypot filled", metadata: ["round_id": "\(roundID)"])
            return request.redirect(
                to: SiteRoute.publicConsultation.url(organisation.slug, roundID, query: "wyslano=0", fragment: "uwagi"),
                redirectType: .normal)
        case .valid(let valid):
            do {
                let comment = try await ConsultationService.addOnline(
                    roundID, organisationID: try organisation.requireID(), valid: valid,
                    client: ClientAddress.limitKey(ClientAddress.of(request)), now: now, on: request.db)
                return request.redirect(
                    to: SiteRoute.publicConsultation.url(
                        organisation.slug, roundID, query: "wyslano=\(comment.number)", fragment: "uwagi"),
                    redirectType: .normal)
            } catch ConsultationError.wrongPhase(let message) {
                return try await render(
                    request, round, organisation, form: form, errors: FieldErrors("form", message), status: .conflict)
            } catch ConsultationError.tooManyFromOneClient {
                return try await render(
                    request, round, organisation, form: form,
                    errors: FieldErrors(
                        "form",
                        "Z tej sieci wpłynęło już \(ConsultationService.commentsPerClient) uwag do tych konsultacji. Kolejne prześlij e-mailem lub złóż w centrum — też zostaną rozpatrzone."
                    ), status: .tooManyRequests)
            }
        }
    }

    static func reportData(_ request: Request, _ round: ConsultationRound, _ organisation: Organisation) async throws -> (
        [ConsultationComment], [ConsultationChange]
    ) {
        let comments = try await ConsultationComment.scoped(to: organisation.requireID(), on: request.db)
            .filter(\.$round.$id == round.requireID()).all()
        let changes = try await ConsultationChange.scoped(to: organisation.requireID(), on: request.db)
            .filter(\.$round.$id == round.requireID()).all()
        return (comments, changes)
    }

    static func renderReport(_ request: Request, _ round: ConsultationRound, _ organisation: Organisation, isPreview: Bool)
        async throws -> Response
    {
        let (comments, changes) = try await reportData(request, round, organisation)
        var layout = try await request.layout(
            title: "Raport z konsultacji: \(round.subject)", section: "consultations")
        if !isPreview { layout = layout.branded(organisation) }
        return try await request.render(
            "consultations/report",
            try ConsultationReportPage.make(
                round, organisation: organisation, comments: comments, changes: changes, now: request.clock.now(),
                isPreview: isPreview, layout: layout))
    }

    static func publishedRound(_ request: Request) async throws -> (ConsultationRound, Organisation) {
        let (round, organisation) = try await publicRound(request)
        guard round.status == .reportPublished else {
            throw Abort(.notFound, reason: "Raport z tych konsultacji nie jest jeszcze opublikowany.")
        }
        return (round, organisation)
    }

    @Sendable static func report(_ request: Request) async throws -> Response {
        let (round, organisation) = try await publishedRound(request)
        return try await renderReport(request, round, organisation, isPreview: false)
    }

    @Sendable static func reportCSV(_ request: Request) async throws -> Response {
        let (round, organisation) = try await publishedRound(request)
        let (comments, changes) = try await reportData(request, round, organisation)
        let page = try ConsultationReportPage.make(
            round, organisation: organisation, comments: comments, changes: changes, now: request.clock.now(),
            isPreview: false, layout: try await request.layout(title: "", section: "consultations"))
        let response = CSV.response(
            lines: ConsultationReportPage.csvLines(page), filename: "raport-z-konsultacji-\(organisation.slug).csv")
        response.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=300")
        return response
    }
}

import Fluent
import OpenCUSCore
import Vapor

/// Certificates of attendance for one event (settings, issue, reissue, print one or all) and
/// the organisation's register of issued certificates per year.
enum CertificateController {
    static func settings(_ event: Event, on db: any Database) async throws -> CertificateSettings? {
        try await CertificateSettings.query(on: db).filter(\.$event.$id == event.requireID()).first()
    }

    static func render(_ request: Request, event: Event, certificates: [Certificate], back: (String, String)) async throws
        -> Response
    {
        let page = try PrintPage.make(
            try await PrintPage.load(event, certificates: certificates, on: request.db), event: event,
            certificates: certificates, backURL: back.0, backLabel: back.1)
        return try await request.view.render("certificates/print", page).encodeResponse(for: request)
    }

    // MARK: Organiser's page

    static func own(_ request: Request) async throws -> (StaffContext, Event) { try await EventAdminController.ownEvent(request) }

    static func renderPage(
        _ request: Request, event: Event, form: CertificateSettingsForm? = nil, errors: FieldErrors = FieldErrors(),
        status: HTTPStatus = .ok
    ) async throws -> Response {
        let loaded = Page.Loaded(
            settings: try await settings(event, on: request.db),
            organisationSlug: try await Organisation.find(event.$organisation.id, on: request.db)?.slug ?? "",
            eligible: try await CertificateService.eligible(event.requireID(), on: request.db),
            certificates: try await Certificate.query(on: request.db).filter(\.$event.$id == event.requireID()).all(),
            programmeMinutes: try await CertificateService.programmeMinutes(event, attended: [], on: request.db))
        let page = try Page.make(
            event, loaded, form: form, errors: errors,
            layout: try await request.layout(title: "Zaświadczenia: \(event.displayTitle)", section: "events-admin"),
            notice: request.query[String.self, at: "issued"].map { "Wydano zaświadczeń: \($0)." }
                ?? (request.query[String.self, at: "ok"] == "1" ? "Zapisano ustawienia zaświadczeń." : nil))
        try await request.audit(
            .list, .registrationList, recordID: event.id,
            subjects: page.rows.map { AuditSubject(type: .registration, id: $0.registrationID) },
            detail: "zaświadczenia, wierszy: \(page.rows.count)")
        return try await request.render("certificates/event", page, status: status)
    }

    @Sendable static func page(_ request: Request) async throws -> Response {
        let (_, event) = try await own(request)
        return try await renderPage(request, event: event)
    }

    @Sendable static func saveSettings(_ request: Request) async throws -> Response {
        let (_, event) = try await own(request)
        let form = try request.content.decode(CertificateSettingsForm.self)
        switch form.validate() {
        case .failure(let errors):
            return try await renderPage(request, event: event, form: form, errors: errors, status: .unprocessableEntity)
        case .success(let valid):
            let settings = try await settings(event, on: request.db) ?? CertificateSettings()
            settings.$organisation.id = event.$organisation.id
            settings.$event.id = try event.requireID()
            (settings.registerCode, settings.hoursMinutes, settings.signatoryName) = (
                valid.registerCode, valid.hoursMinutes, valid.signatoryName
            )
            (settings.signatoryFunction, settings.issuePlace, settings.topics, settings.requirePesel) = (
                valid.signatoryFunction, valid.issuePlace, valid.topicsText, valid.requirePesel
            )
            try await settings.save(on: request.db)
            return request.redirect(
                to: SiteRoute.certificatesPage.url(try event.requireID(), query: "ok=1"), redirectType: .normal)
        }
    }

    struct IssueForm: Content {
        var registrationID: UUID?
    }

    @Sendable static func issue(_ request: Request) async throws -> Response {
        let (staff, event) = try await own(request)
        guard let settings = try await settings(event, on: request.db) else {
            return try await renderPage(
                request, event: event,
                errors: FieldErrors(
                    "registerCode", "Najpierw zapisz ustawienia zaświadczeń (oznaczenie rejestru, osoba podpisująca)."),
                status: .conflict)
        }
        let form = try request.content.decode(IssueForm.self)
        let issued = try await CertificateService.issue(
            event, registrationIDs: form.registrationID.map { [$0] }, settings: settings, actor: staff.userName,
            now: request.clock.now(), on: request.db)
        try await request.audit(
            .create, .certificate, recordID: event.id,
            subjects: form.registrationID.map { [AuditSubject(type: .registration, id: $0)] } ?? [],
            detail: "wydano: \(issued)")
        return request.redirect(
            to: SiteRoute.certificatesPage.url(try event.requireID(), query: "issued=\(issued)"), redirectType: .normal)
    }

    static func certificate(_ request: Request, event: Event) async throws -> Certificate {
        guard let id = request.parameters.get("certificateID", as: UUID.self),
            let c = try await Certificate.scoped(to: event.$organisation.id, on: request.db).filter(\.$id == id).filter(
                \.$event.$id == event.requireID()
            ).first()
        else { throw Abort(.notFound) }
        return c
    }

    @Sendable static func printOne(_ request: Request) async throws -> Response {
        let (_, event) = try await own(request)
        let c = try await certificate(request, event: event)
        try await request.audit(
            .print, .certificate, recordID: c.id, subjects: [AuditSubject(type: .registration, id: c.$registration.id)],
            detail: c.number)
        return try await render(
            request, event: event, certificates: [c],
            back: (SiteRoute.certificatesPage.url(try event.requireID()), "Zaświadczenia"))
    }

    @Sendable static func printAll(_ request: Request) async throws -> Response {
        let (_, event) = try await own(request)
        let all = try await Certificate.query(on: request.db).filter(\.$event.$id == event.requireID()).sort(\.$year).sort(
            \.$sequence
        )
        .all()
        try await request.audit(
            .print, .certificate, recordID: event.id,
            subjects: all.map { AuditSubject(type: .registration, id: $0.$registration.id) },
            detail: "wszystkie: \(all.count)")
        return try await render(
            request, event: event, certificates: all,
            back: (SiteRoute.certificatesPage.url(try event.requireID()), "Zaświadczenia"))
    }

    struct ReissueForm: Content {
        var reason: String?
    }

    @Sendable static func reissue(_ request: Request) async throws -> Response {
        let (staff, event) = try await own(request)
        let c = try await certificate(request, event: event)
        let reason = TextInput.clean(try request.content.decode(ReissueForm.self).reason)
        guard !reason.isEmpty, reason.count <= 500 else {
            return try await renderPage(
                request, event: event,
                errors: FieldErrors(
                    "reissue",
                    "Nr \(c.number): podaj powód ponownego wydania (np. poprawiona pisownia nazwiska), najwyżej 500 znaków."),
                status: .unprocessableEntity)
        }
        try await CertificateService.reissue(
            c, event: event, settings: try await settings(event, on: request.db), reason: reason, actor: staff.userName,
            now: request.clock.now(), on: request.db)
        try await request.audit(
            .update, .certificate, recordID: c.id, subjects: [AuditSubject(type: .registration, id: c.$registration.id)],
            detail: "ponowne wydanie \(c.number)")
        return request.redirect(
            to: SiteRoute.certificatesPrintOne.url(try event.requireID(), try c.requireID()), redirectType: .normal)
    }

    // MARK: The register

    @Sendable static func registerPage(_ request: Request) async throws -> Response {
        let staff = try request.require(.manageEvents)
        let thisYear = CalendarDay(request.clock.now(), in: WallClock.warsaw).year
        let year = request.query[Int.self, at: "year"].flatMap { (2000...2100).contains($0) ? $0 : nil } ?? thisYear
        let all = try await Certificate.scoped(to: staff.organisationID, on: request.db).filter(\.$year == year).sort(\.$sequence)
            .all()
        let years = Set(
            try await Certificate.scoped(to: staff.organisationID, on: request.db).all().map(\.year) + [thisYear, year]
        ).sorted(by: >)
        let loaded = try await RegisterPage.load(all, organisationID: staff.organisationID, on: request.db)
        try await request.audit(
            .list, .certificate, subjects: all.map { AuditSubject(type: .registration, id: $0.$registration.id) },
            detail: "rejestr \(year): \(all.count)")
        let page = RegisterPage.make(
            all, loaded, year: year, years: years,
            layout: try await request.layout(title: "Rejestr zaświadczeń \(year)", section: "events-admin"))
        return try await request.render("certificates/register", page)
    }
}

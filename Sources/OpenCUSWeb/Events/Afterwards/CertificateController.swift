import Fluent
import OpenCUSCore
import Vapor

/// Certificates of attendance for one event (settings, issue, reissue, print one or all) and
/// the organisation's register of issued certificates per year.
enum CertificateController {
    // MARK: The document

    struct Document: Encodable, Sendable {
        let id: UUID
        let number: String
        let participant: String
        let pesel: String?
        let eventTitle: String
        let kind: String
        let dates: String
        let place: String
        let hours: String
        let organisers: String
        let topics: [CertificateSettingsForm.Topic]
        let issuePlace: String
        let issuedOn: String
        let reissued: String?
        let signatoryName: String
        let signatoryFunction: String
    }

    /// The days a certificate names: those the person was present (the event's days only for
    /// a certificate from before attendance was recorded).
    static func certifiedDates(_ days: [CalendarDay], event: Event) -> String {
        let days = days.sorted()
        guard let first = days.first, let last = days.last else { return EventViews.dates(event.startDay, event.endDay) }
        if first.days(until: last) == days.count - 1 { return EventViews.dates(first, last) }
        return days.map(\.polish).joined(separator: ", ")
    }

    static func document(
        _ c: Certificate, registration: Registration, event: Event, settings: CertificateSettings?, organisers: [String],
        daysPresent: [CalendarDay]
    ) throws -> Document {
        Document(
            id: try c.requireID(), number: c.number,
            participant: registration.anonymisedAt == nil ? registration.fullName : "(dane osobowe usunięte)",
            pesel: (settings?.requirePesel ?? false) ? c.pesel : nil, eventTitle: event.displayTitle, kind: event.kind.polishName,
            dates: certifiedDates(daysPresent, event: event), place: EventViews.place(event),
            hours: ProgrammeHours.inScope(minutes: c.hoursMinutes),
            organisers: organisers.joined(separator: ", "), topics: CertificateSettingsForm.topics(settings?.topics ?? ""),
            issuePlace: settings?.issuePlace ?? event.venueCity ?? "",
            issuedOn: c.issuedOn.polish,
            reissued: c.lastReissuedOn.map {
                "Duplikat / wydanie poprawione z dnia \($0.polish)"
            },
            signatoryName: settings?.signatoryName ?? "", signatoryFunction: settings?.signatoryFunction ?? "")
    }

    static func settings(_ event: Event, on db: any Database) async throws -> CertificateSettings? {
        try await CertificateSettings.query(on: db).filter(\.$event.$id == event.requireID()).first()
    }

    static func render(_ request: Request, event: Event, certificates: [Certificate], back: (String, String)) async throws
        -> Response
    {
        let settings = try await settings(event, on: request.db)
        let registrations = Dictionary(
            uniqueKeysWithValues: try await Registration.query(on: request.db)
                .filter(\.$id ~~ certificates.map { $0.$registration.id }).all().map { (try $0.requireID(), $0) })
        let organisers = try await AttendanceListController.organisers(event, on: request.db)
        let days = try await CertificateService.daysPresent(certificates.map { $0.$registration.id }, on: request.db)
        let documents = try certificates.compactMap { c in
            try registrations[c.$registration.id].map {
                try document(
                    c, registration: $0, event: event, settings: settings, organisers: organisers,
                    daysPresent: days[c.$registration.id] ?? [])
            }
        }
        let page = PrintPage(backURL: back.0, backLabel: back.1, title: event.displayTitle, certificates: documents)
        return try await request.view.render("certificates/print", page).encodeResponse(for: request)
    }

    // MARK: Organiser's page

    static func own(_ request: Request) async throws -> (StaffContext, Event) { try await EventAdminController.ownEvent(request) }

    static func renderPage(
        _ request: Request, event: Event, form: CertificateSettingsForm? = nil, errors: FieldErrors = FieldErrors(),
        status: HTTPStatus = .ok
    ) async throws -> Response {
        let loaded = try await Page.Loaded(
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
        let events = Dictionary(
            uniqueKeysWithValues: try await Event.scoped(to: staff.organisationID, on: request.db)
                .filter(\.$id ~~ Array(Set(all.map { $0.$event.id }))).all().map { (try $0.requireID(), $0.displayTitle) })
        let people = Dictionary(
            uniqueKeysWithValues: try await Registration.query(on: request.db).filter(\.$id ~~ all.map { $0.$registration.id })
                .all().map { (try $0.requireID(), $0) })
        try await request.audit(
            .list, .certificate, subjects: all.map { AuditSubject(type: .registration, id: $0.$registration.id) },
            detail: "rejestr \(year): \(all.count)")
        let page = RegisterPage(
            layout: try await request.layout(title: "Rejestr zaświadczeń \(year)", section: "events-admin"), year: year,
            years: years.map { SelectOption(value: String($0), label: String($0), selected: $0 == year) },
            rows: all.map { c in
                let r = people[c.$registration.id]
                return .init(
                    number: c.number, issuedOn: c.issuedOn.polish,
                    event: events[c.$event.id] ?? "",
                    participant: r.map { $0.anonymisedAt == nil ? $0.fullName : "(dane usunięte po okresie przechowywania)" }
                        ?? "",
                    reissues: c.reissueCount == 0
                        ? "" : "\(c.reissueCount) (ostatnio \(c.lastReissuedOn?.polish ?? ""))")
            },
            summary: PolishPlural(one: "zaświadczenie", few: "zaświadczenia", many: "zaświadczeń").phrase(all.count))
        return try await request.render("certificates/register", page)
    }
}

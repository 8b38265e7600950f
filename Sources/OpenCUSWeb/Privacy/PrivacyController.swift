import Fluent
import OpenCUSCore
import Vapor

/// Data-subject requests (RODO art. 15–17) for the director and the DPO: find everything the
/// organisation holds under an e-mail address, hand it over as a readable document or JSON,
/// anonymise it unless a legal hold applies, and see who has looked at it. The address travels
/// in POST bodies only, so it never lands in URLs, logs or browser history.
enum PrivacyController {
    struct Subject: Sendable {
        let email: String
        let registrations: [Registration]
        let events: [UUID: Event]
        let consents: [ConsentRecord]
        let clauses: [UUID: ConsentText]
        let workshops: [UUID: [String]]
        /// Records in the resident registry (Services) under the same address.
        let persons: [PersonRecords]
        /// Comments in the organisation's consultations left with this address.
        let consultation: ConsultationPrivacy.Found
    }

    struct Form: Content {
        var email: String?
        var format: String?
        var confirm: String?
    }

    static func load(_ email: String, organisationID: UUID, on db: any Database) async throws -> Subject {
        let registrations = try await Registration.scoped(to: organisationID, on: db).filter(\.$email == email).sort(\.$createdAt)
            .all()
        let eventIDs = Array(Set(registrations.map { $0.$event.id }))
        let events = eventIDs.isEmpty ? [] : try await Event.scoped(to: organisationID, on: db).filter(\.$id ~~ eventIDs).all()
        let ids = registrations.compactMap(\.id)
        let persons = try await PersonRecords.load(email: email, organisationID: organisationID, on: db)
        let consentSubjects = ids + persons.flatMap { $0.applications.compactMap(\.id) }
        let consents =
            consentSubjects.isEmpty
            ? []
            : try await ConsentRecord.scoped(to: organisationID, on: db)
                .filter(\.$subjectID ~~ consentSubjects).sort(\.$givenAt).all()
        let clauseIDs = Array(Set(registrations.map { $0.$consentText.id }))
        let clauses = clauseIDs.isEmpty ? [] : try await ConsentText.query(on: db).filter(\.$id ~~ clauseIDs).all()
        var workshops: [UUID: [String]] = [:]
        if !ids.isEmpty {
            let rows = try await RegistrationWorkshop.query(on: db).filter(\.$registration.$id ~~ ids).with(\.$entry).all()
            for row in rows {
                workshops[row.$registration.id, default: []].append("\(row.entry.title) (\(row.placement.polishName))")
            }
        }
        return Subject(
            email: email, registrations: registrations,
            events: Dictionary(uniqueKeysWithValues: try events.map { (try $0.requireID(), $0) }),
            consents: consents, clauses: Dictionary(uniqueKeysWithValues: try clauses.map { (try $0.requireID(), $0) }),
            workshops: workshops,
            persons: persons,
            consultation: try await ConsultationPrivacy.load(email: email, organisationID: organisationID, on: db))
    }

    /// The needs assessment in one line of the RODO copy (days as stored, ISO).
    static func assessmentLine(_ n: NeedsAssessment) -> String {
        let parts: [String?] = [
            n.scheduledOn.map { "termin rozmowy \($0.iso)" },
            n.doneOn.map { "przeprowadzona \($0.iso) (\(n.place.polishName))" },
            n.findings.isEmpty ? nil : "ustalenia: \(n.findings)",
            n.ipusNeeded ? "potrzebny IPUS (termin \(n.ipusDue?.iso ?? "—"))" : nil,
        ]
        return parts.compactMap { $0 }.joined(separator: "; ")
    }

    /// An IPUS plan in one line of the RODO copy.
    static func planLine(_ p: PersonRecords.Plan) -> String {
        var line = "IPUS nr \(p.plan.number) (\(p.plan.state.polishName)), koordynator: \(p.plan.coordinatorName)"
        if let c = p.latest {
            let goals = c.goals.map { "\($0.text) (\($0.status.polishName))" }.joined(separator: ", ")
            line += "; okres \(c.start.iso) – \(c.end.iso); cele: \(goals); usługi i działania: "
            line += c.items.map(\.name).joined(separator: ", ")
        }
        if !p.notes.isEmpty { line += "; notatek z monitoringu: \(p.notes.count)" }
        if !p.plan.summary.isEmpty { line += "; podsumowanie: \(p.plan.summary)" }
        return line
    }

    static func dates(_ event: Event) -> String { EventViews.dates(event.startDay, event.endDay) }

    static func subjects(_ subject: Subject) throws -> [AuditSubject] {
        try subject.registrations.map { AuditSubject(type: .registration, id: try $0.requireID()) }
            + subject.persons.flatMap { try $0.subjects } + subject.consultation.subjects
    }

    @Sendable static func index(_ request: Request) async throws -> Response {
        try request.require(.manageDataSubjects)
        let notice = request.query[Int.self, at: "anonymised"].map { count in
            "Zanonimizowano \(PolishPlural(one: "zgłoszenie", few: "zgłoszenia", many: "zgłoszeń").phrase(count))"
                + ((request.query[Int.self, at: "persons"] ?? 0) > 0
                    ? " i dane osoby w rejestrze mieszkańców (\(PolishPlural.person.phrase(request.query[Int.self, at: "persons"] ?? 0)))"
                    : "")
                + ((request.query[Int.self, at: "comments"] ?? 0) > 0
                    ? " oraz imię, nazwisko i e-mail przy uwagach w konsultacjach (\(request.query[Int.self, at: "comments"] ?? 0))"
                    : "")
                + ". Liczby w statystykach się nie zmieniły."
        }
        return try await renderSubject(request, email: "", subject: nil, notice: notice)
    }

    static func cleanEmail(_ request: Request) throws -> (Form, String?, String?) {
        let form = try request.content.decode(Form.self)
        let raw = TextInput.clean(form.email)
        guard let email = EmailAddress(raw) else {
            return (
                form, nil,
                raw.isEmpty
                    ? "Podaj adres e-mail osoby, której dotyczy wniosek."
                    : "To nie jest poprawny adres e-mail (np. jan.kowalski@gmina.pl)."
            )
        }
        return (form, email.value, nil)
    }

    @Sendable static func subject(_ request: Request) async throws -> Response {
        let staff = try request.require(.manageDataSubjects)
        let (form, email, error) = try cleanEmail(request)
        guard let email else {
            return try await renderSubject(
                request, email: TextInput.clean(form.email), subject: nil, error: error, status: .unprocessableEntity)
        }
        let subject = try await load(email, organisationID: staff.organisationID, on: request.db)
        try await request.audit(
            .search, .dataSubject, subjects: subjects(subject),
            detail:
                "wniosek o dane: znaleziono zgłoszeń \(subject.registrations.count), uwag w konsultacjach \(subject.consultation.comments.count)"
        )
        return try await renderSubject(request, email: email, subject: subject)
    }

    static func renderSubject(
        _ request: Request, email: String, subject: Subject?, error: String? = nil, notice: String? = nil,
        status: HTTPStatus = .ok
    ) async throws -> Response {
        let staff = try request.requireStaff()
        let now = request.clock.now()
        let settings = try await RetentionSettings.load(staff.organisationID, on: request.db)
        // "Who has seen this person's data": every audit record that names one of them.
        var seen: [AuditTrail.Row] = []
        if let subject {
            for id in try subject.registrations.compactMap(\.id) + subject.persons.map({ try $0.person.requireID() })
                + subject.consultation.comments.compactMap(\.id)
            {
                seen += try await AuditTrail.search(
                    .init(subjectID: id), organisationID: staff.organisationID, limit: 200, on: request.db)
            }
        }
        let page = try SubjectPage.make(
            email: email, subject: subject, seen: seen, fundedMonths: settings[.registrationsFunded], now: now,
            layout: try await request.layout(title: "Wnioski o dane osobowe", section: "privacy"), error: error, notice: notice)
        return try await request.render("privacy/subject", page, status: status)
    }

    // MARK: Access (art. 15)

    @Sendable static func export(_ request: Request) async throws -> Response {
        let staff = try request.require(.manageDataSubjects)
        let (form, email, error) = try cleanEmail(request)
        guard let email else {
            return try await renderSubject(
                request, email: TextInput.clean(form.email), subject: nil, error: error, status: .unprocessableEntity)
        }
        let subject = try await load(email, organisationID: staff.organisationID, on: request.db)
        let asJSON = form.format == "json"
        try await request.audit(
            .export, .dataSubject, subjects: subjects(subject),
            detail: "kopia danych (art. 15), format: \(asJSON ? "JSON" : "dokument")")
        let export = try makeExport(subject, organisationName: staff.organisationName, now: request.clock.now())
        if asJSON {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let response = Response(status: .ok, body: .init(data: try encoder.encode(export)))
            response.headers.contentType = .json
            response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"dane-osobowe.json\"")
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
            return response
        }
        return try await request.render(
            "privacy/export",
            ExportPage(layout: try await request.layout(title: "Kopia danych osobowych", section: "privacy"), export: export))
    }

    // MARK: Erasure (art. 17)

    @Sendable static func anonymise(_ request: Request) async throws -> Response {
        let staff = try request.require(.manageDataSubjects)
        let (form, email, error) = try cleanEmail(request)
        guard let email else {
            return try await renderSubject(
                request, email: TextInput.clean(form.email), subject: nil, error: error, status: .unprocessableEntity)
        }
        let subject = try await load(email, organisationID: staff.organisationID, on: request.db)
        let settings = try await RetentionSettings.load(staff.organisationID, on: request.db)
        let now = request.clock.now()
        let holds =
            subject.registrations.compactMap { r in
                subject.events[r.$event.id].flatMap {
                    Anonymiser.hold(r, event: $0, fundedMonths: settings[.registrationsFunded], now: now)
                }
            } + subject.persons.compactMap(\.hold)
        guard holds.isEmpty else {
            return try await renderSubject(
                request, email: email, subject: subject,
                error: "Nie można teraz zanonimizować danych tej osoby — powody są wymienione przy zgłoszeniach.",
                status: .conflict)
        }
        guard form.confirm == "yes" else {
            return try await renderSubject(
                request, email: email, subject: subject, error: "Zaznacz potwierdzenie: anonimizacji nie można cofnąć.",
                status: .unprocessableEntity)
        }
        let actor = AuditActor(staff, request)
        let persons = try await PersonRecords.anonymise(
            subject.persons, organisationID: staff.organisationID, actor: actor,
            reason: "wniosek osoby (RODO art. 17)", now: now, on: request.db)
        let count = try await Anonymiser.anonymise(
            subject.registrations.map { try $0.requireID() }, organisationID: staff.organisationID, actor: actor,
            reason: "wniosek osoby (RODO art. 17)", now: now, on: request.db)
        let comments = try await ConsultationPrivacy.anonymise(
            subject.consultation, actor: actor, reason: "wniosek osoby (RODO art. 17)", now: now, on: request.db)
        return request.redirect(
            to: SiteRoute.privacyIndex.url(query: "anonymised=\(count)&persons=\(persons)&comments=\(comments)"),
            redirectType: .normal)
    }
}

import Fluent
import OpenCUSCore
import SQLKit
import Vapor

/// One application as its coordinator sees it: the person, each requested service with its
/// outcome, the needs assessment, enrolments, the history and (for roles that read the audit)
/// who has seen the person's data. `load` reads the rows; `make` builds the page from them
/// without touching the database.
struct ApplicationPage: Encodable, Sendable {
    struct Line: Encodable, Sendable {
        let label: String
        let value: String
    }
    struct Requested: Encodable, Sendable {
        let id: UUID
        let service: String
        let serviceID: UUID
        let outcome: String
        let outcomeKey: String
        let open: Bool
        let offered: Bool
        let position: Int?
        let criteria: [SelectOption]
        let decisionID: UUID?
        let decisionNumber: String?
        let appealStatus: String?
        let routedTo: String?
        /// What was typed into the routing form when it was refused.
        let routeUnit: String
        /// The refusal form: as typed when it came back with messages, else prefilled.
        let refusal: Refusal
    }
    struct Refusal: Encodable, Sendable {
        let legalBasis: String
        let reasons: String
        let appealBody: String
        let signatoryName: String
        let signatoryFunction: String
        /// This row's messages, keyed by field (empty for the other rows).
        let errors: FieldErrors
    }
    struct Assessment: Encodable, Sendable {
        let scheduledOn: String
        let places: [SelectOption]
        let placeNote: String
        let doneOn: String
        let findings: String
        let ipusNeeded: Bool
        let summary: String?
        let ipusClock: String?
        /// The form is shown open when what was typed comes back with messages.
        let open: Bool
    }
    struct EnrolmentRow: Encodable, Sendable {
        let id: UUID
        let service: String
        let start: String
        let end: String?
        let active: Bool
    }
    struct Event: Encodable, Sendable {
        let at: String
        let actor: String
        let what: String
    }
    let layout: Layout
    let id: UUID
    let number: String
    let person: String
    let lines: [Line]
    let situation: String
    let duplicate: Bool
    let requested: [Requested]
    let enrolments: [EnrolmentRow]
    let history: [Event]
    let assessment: Assessment
    let personID: UUID
    let appealBody: String
    /// Whether a refusal issued now is an administrative decision (the CUS's setting).
    let refusalIsDecision: Bool
    let today: String
    let signatory: String
    /// Who has seen or changed this person's data (only for roles that read the audit).
    let seen: [Event]?
    let notice: String?
    let error: String?
    let errors: FieldErrors

    /// Everything the page shows, read from the database: plain rows of the columns it shows
    /// (this page is opened all day; Fluent's model reflection cost more than the queries,
    /// measured with perf, docs/benchmarks.md).
    struct Loaded: Sendable {
        struct Application: Decodable, Sendable {
            let id: UUID
            let organisation_id: UUID
            let number: String
            let person_id: UUID
            let applicant_role: ApplicantRole
            let representative_name: String
            let representative_basis: String
            let representative_contact: String
            let channel: ApplicationChannel
            let received_at: Date
            let situation: String
            let assessment_due: CalendarDay
            let first_name: String
            let last_name: String
            let birth_date: CalendarDay
            let pesel: String?
            let street: String
            let postcode: String
            let city: String
            let phone: String
            let email: String
            let communication_needs: String
            let accessibility_needs: String
            let possible_duplicate_of: UUID?

            var fullName: String { "\(first_name) \(last_name)" }
        }
        struct Requested: Decodable, Sendable {
            let id: UUID
            let outcome: ServiceOutcome
            let offered_at: Date?
            let criteria_met: String
            let routed_to: String?
            let service_id: UUID
            let service_name: String
            let priority_criteria: String
        }
        struct Decision: Decodable, Sendable {
            let id: UUID
            let requested_service_id: UUID
            let number: String
            let kind: RefusalKind
            let delivered_on: CalendarDay?
            let appeal_lodged_on: CalendarDay?
            let appeal_result: AppealResult?
            let appeal_result_on: CalendarDay?
        }
        struct EnrolmentRow: Decodable, Sendable {
            let id: UUID
            let service_name: String
            let start_day: CalendarDay
            let end_day: CalendarDay?
            let active: Bool
        }
        struct Event: Decodable, Sendable {
            let at: Date
            let actor: String
            let what: String
        }
        let application: Application
        let requested: [Requested]
        let decisions: [Decision]
        let settings: EffectiveIntakeSettings
        /// Reserve-list positions of the requested services that wait on a list.
        let positions: [UUID: Int]
        let assessment: NeedsAssessment?
        let enrolments: [EnrolmentRow]
        let history: [Event]
    }

    /// What the coordinator typed, shown again with messages after a refused form.
    struct Typed: Sendable {
        var notice: String?
        var error: String?
        var errors = FieldErrors()
        var assessment: AssessmentForm?
        /// The requested service whose routing form was refused, and the unit typed into it.
        var route: (requestedID: UUID, unit: String)?
        /// The requested service whose refusal form came back with messages, and what was typed.
        var refusal: (requestedID: UUID, form: IntakeService.RefusalForm)?
    }

    /// The id of each refusal field in the page, before "-<requested service id>".
    static let refusalFieldIDs = [
        "legalBasis": "basis", "reasons": "reasons", "appealBody": "appeal", "signatoryName": "sname",
        "signatoryFunction": "sfun",
    ]

    /// nil when the application is not the organisation's (the caller answers 404).
    static func load(_ applicationID: UUID, organisationID: UUID, on db: any Database) async throws -> Loaded? {
        let sql = try db.sql()
        guard
            let application = try await sql.raw(
                """
                SELECT a.id, a.organisation_id, a.number, a.person_id, a.applicant_role, a.representative_name, a.representative_basis,
                    a.representative_contact, a.channel, a.received_at, a.situation, a.assessment_due, p.first_name, p.last_name, p.birth_date,
                    p.pesel, p.street, p.postcode, p.city, p.phone, p.email, p.communication_needs, p.accessibility_needs, p.possible_duplicate_of
                FROM service_applications a JOIN persons p ON p.id = a.person_id AND p.organisation_id = a.organisation_id
                WHERE a.id = \(bind: applicationID) AND a.organisation_id = \(bind: organisationID)
                """
            ).first(decoding: Loaded.Application.self),
            let organisation = try await Organisation.find(organisationID, on: db)
        else { return nil }
        let requested = try await sql.raw(
            """
            SELECT r.id, r.outcome, r.offered_at, r.criteria_met, r.routed_to, s.id AS service_id, s.name AS service_name, s.priority_criteria
            FROM application_services r JOIN service_definitions s ON s.id = r.service_id
            WHERE r.application_id = \(bind: applicationID) AND r.organisation_id = \(bind: organisationID)
            """
        ).all(decoding: Loaded.Requested.self)
        let requestedIDs = requested.map(\.id)
        var positions: [UUID: Int] = [:]
        for r in requested where r.outcome == .reserve {
            let order = try await IntakeQueries.reserveOrder(
                serviceID: r.service_id, criteriaCount: ServiceDefinition.criteriaList(r.priority_criteria).count, on: db)
            positions[r.id] = order.firstIndex { $0.entry.id == r.id }.map { $0 + 1 }
        }
        let decisions =
            requestedIDs.isEmpty
            ? []
            : try await sql.raw(
                """
                SELECT id, requested_service_id, number, kind, delivered_on, appeal_lodged_on, appeal_result, appeal_result_on
                FROM refusal_decisions WHERE organisation_id = \(bind: organisationID) AND requested_service_id IN \(SQLBind.group(requestedIDs))
                """
            ).all(decoding: Loaded.Decision.self)
        let enrolments =
            requestedIDs.isEmpty
            ? []
            : try await sql.raw(
                """
                SELECT e.id, s.name AS service_name, e.start_day, e.end_day, e.active
                FROM enrolments e JOIN service_definitions s ON s.id = e.service_id
                WHERE e.organisation_id = \(bind: organisationID) AND e.requested_service_id IN \(SQLBind.group(requestedIDs))
                """
            ).all(decoding: Loaded.EnrolmentRow.self)
        return Loaded(
            application: application, requested: requested, decisions: decisions,
            settings: try await EffectiveIntakeSettings.load(organisation, on: db), positions: positions,
            assessment: try await NeedsAssessment.scoped(to: organisationID, on: db).filter(\.$application.$id == applicationID)
                .first(),
            enrolments: enrolments,
            history: try await sql.raw(
                """
                SELECT at, actor, what FROM application_events WHERE application_id = \(bind: applicationID) ORDER BY at
                """
            ).all(decoding: Loaded.Event.self))
    }

    /// The latest 50 audit records about the person, read after this view was recorded (so
    /// that it is among them).
    static func seen(_ loaded: Loaded, on db: any Database) async throws -> [AuditTrail.Row] {
        try await AuditTrail.search(
            .init(subjectID: loaded.application.person_id), organisationID: loaded.application.organisation_id, limit: 50, on: db)
    }

    /// `seen`: nil unless the viewer reads the audit trail.
    static func make(
        _ loaded: Loaded, seen: [AuditTrail.Row]?, typed: Typed, layout: Layout, signatory: String, today: CalendarDay
    ) throws -> ApplicationPage {
        let (application, settings) = (loaded.application, loaded.settings)
        let requested = loaded.requested.map { r -> Requested in
            let decision = loaded.decisions.first { $0.requested_service_id == r.id }
            let criteria = IntakeQueries.criteria(r.criteria_met)
            return Requested(
                id: r.id, service: r.service_name, serviceID: r.service_id, outcome: r.outcome.polishName,
                outcomeKey: r.outcome.rawValue,
                open: r.outcome.isOpen, offered: r.offered_at != nil, position: loaded.positions[r.id],
                criteria: ServiceDefinition.criteriaList(r.priority_criteria).enumerated().map {
                    .init(value: String($0.offset), label: $0.element, selected: criteria.contains($0.offset))
                },
                decisionID: decision?.id, decisionNumber: decision?.number,
                appealStatus: decision.map {
                    RefusalDecision.statusText(
                        kind: $0.kind, deliveredOn: $0.delivered_on, appealLodgedOn: $0.appeal_lodged_on,
                        appealResult: $0.appeal_result,
                        appealResultOn: $0.appeal_result_on, appealDays: settings.rules.appealDays, today: today)
                },
                routedTo: r.routed_to, routeUnit: typed.route?.requestedID == r.id ? typed.route?.unit ?? "" : "",
                refusal: refusalView(
                    typed.refusal?.requestedID == r.id ? typed.refusal?.form : nil, errors: typed.errors,
                    appealBody: settings.appealBody, signatory: signatory))
        }
        var errors = typed.errors
        if let refused = typed.refusal?.requestedID {
            errors = errors.anchored { refusalFieldIDs[$0].map { "\($0)-\(refused.uuidString)" } }
        }
        var lines: [Line] = [
            Line(label: "Data urodzenia", value: application.birth_date.polish),
            Line(label: "PESEL", value: application.pesel ?? "—"),
            Line(
                label: "Adres",
                value: PersonController.address(
                    street: application.street, postcode: application.postcode, city: application.city
                ).nilIfEmpty
                    ?? "—"),
            Line(label: "Telefon", value: application.phone.nilIfEmpty ?? "—"),
            Line(label: "E-mail", value: application.email.nilIfEmpty ?? "—"),
            Line(label: "Wniosek złożył(a)", value: application.applicant_role.polishName),
            Line(label: "Kanał", value: application.channel.polishName),
            Line(label: "Przyjęto", value: WarsawTime.format(application.received_at)),
            Line(
                label: "Ocena potrzeb do",
                value: application.assessment_due.polish),
        ]
        if application.applicant_role != .person {
            lines.insert(
                Line(
                    label: "Przedstawiciel / opiekun",
                    value:
                        "\(application.representative_name) — \(application.representative_basis) (\(application.representative_contact))"
                ),
                at: 5)
        }
        if !application.communication_needs.isEmpty {
            lines.append(Line(label: "Komunikacja", value: application.communication_needs))
        }
        if !application.accessibility_needs.isEmpty {
            lines.append(Line(label: "Dostępność", value: application.accessibility_needs))
        }
        return ApplicationPage(
            layout: layout, id: application.id, number: application.number, person: application.fullName, lines: lines,
            situation: application.situation, duplicate: application.possible_duplicate_of != nil, requested: requested,
            enrolments: loaded.enrolments.map {
                EnrolmentRow(
                    id: $0.id, service: $0.service_name, start: $0.start_day.polish,
                    end: $0.end_day?.polish, active: $0.active)
            },
            history: loaded.history.map { Event(at: WarsawTime.format($0.at), actor: $0.actor, what: $0.what) },
            assessment: assessmentView(stored: loaded.assessment, typed: typed.assessment, today: today),
            personID: application.person_id,
            appealBody: settings.appealBody, refusalIsDecision: settings.rules.refusalIsDecision, today: today.iso,
            signatory: signatory,
            seen: seen?.map {
                Event(
                    at: WarsawTime.format($0.occurred_at), actor: $0.actor_name,
                    what: (AuditAction(rawValue: $0.action)?.polishName ?? $0.action)
                        + ($0.detail.isEmpty ? "" : ": \($0.detail)"))
            },
            notice: typed.notice, error: typed.error, errors: errors)
    }

    static func assessmentView(stored: NeedsAssessment?, typed: AssessmentForm?, today: CalendarDay) -> Assessment {
        var form = typed ?? AssessmentForm()
        if typed == nil, let stored {
            form.scheduledOn = stored.scheduledOn?.iso ?? ""
            form.place = stored.place.rawValue
            form.placeNote = stored.placeNote
            form.doneOn = stored.doneOn?.iso ?? ""
            form.findings = stored.findings
            form.ipusNeeded = stored.ipusNeeded
        }
        var summary: String?
        var clock: String?
        if let stored {
            if let done = stored.doneOn {
                summary =
                    "Ocena potrzeb przeprowadzona \(done.polish) (\(stored.place.polishName)), koordynator: \(stored.coordinator)."
            } else if let on = stored.scheduledOn {
                summary =
                    "Rozmowa zaplanowana na \(on.polish) (\(stored.place.polishName)\(stored.placeNote.isEmpty ? "" : ", \(stored.placeNote)"))."
            }
            if stored.ipusNeeded, let due = stored.ipusDue {
                clock = "IPUS do opracowania do \(due.polish): " + IntakeRules.clock(due: due, today: today).polish
            }
        }
        return Assessment(
            scheduledOn: form.scheduledOn,
            places: AssessmentPlace.allCases.map {
                .init(value: $0.rawValue, label: $0.polishName, selected: $0.rawValue == form.place)
            },
            placeNote: form.placeNote, doneOn: form.doneOn, findings: form.findings, ipusNeeded: form.ipusNeeded,
            summary: summary,
            ipusClock: clock, open: typed != nil)
    }
}

extension ApplicationPage {
    static let defaultLegalBasis =
        "art. 17 ust. 3 ustawy z dnia 19 lipca 2019 r. o realizowaniu usług społecznych przez centrum usług społecznych"

    /// The refusal form of one requested service: what was typed (with its messages) or the defaults.
    static func refusalView(_ typed: IntakeService.RefusalForm?, errors: FieldErrors, appealBody: String, signatory: String)
        -> Refusal
    {
        guard let typed else {
            return Refusal(
                legalBasis: defaultLegalBasis, reasons: "", appealBody: appealBody, signatoryName: signatory,
                signatoryFunction: "Dyrektor Centrum Usług Społecznych", errors: FieldErrors())
        }
        return Refusal(
            legalBasis: typed.legalBasis ?? "", reasons: typed.reasons ?? "", appealBody: typed.appealBody ?? "",
            signatoryName: typed.signatoryName ?? "", signatoryFunction: typed.signatoryFunction ?? "", errors: errors)
    }
}

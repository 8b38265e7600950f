import Fluent
import OpenCUSCore
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

    /// Everything the page shows, read from the database.
    struct Loaded: Sendable {
        let application: ServiceApplication
        let person: Person
        /// With their services loaded.
        let requested: [RequestedService]
        let decisions: [RefusalDecision]
        let settings: EffectiveIntakeSettings
        /// Reserve-list positions of the requested services that wait on a list.
        let positions: [UUID: Int]
        let assessment: NeedsAssessment?
        /// With their services loaded.
        let enrolments: [Enrolment]
        let history: [ApplicationEvent]
    }

    /// What the coordinator typed, shown again with messages after a refused form.
    struct Typed: Sendable {
        var notice: String?
        var error: String?
        var errors = FieldErrors()
        var assessment: AssessmentForm?
        /// The requested service whose routing form was refused, and the unit typed into it.
        var route: (requestedID: UUID, unit: String)?
    }

    /// nil when the application is not the organisation's (the caller answers 404).
    static func load(_ applicationID: UUID, organisationID: UUID, on db: any Database) async throws -> Loaded? {
        guard let application = try await ServiceApplication.find(applicationID, in: organisationID, on: db),
            let person = try await Person.find(application.$person.id, in: organisationID, on: db),
            let organisation = try await Organisation.find(organisationID, on: db)
        else { return nil }
        let id = try application.requireID()
        let requested = try await RequestedService.query(on: db).filter(\.$application.$id == id).with(\.$service).all()
        let requestedIDs = try requested.map { try $0.requireID() }
        var positions: [UUID: Int] = [:]
        for r in requested where r.outcome == .reserve {
            positions[try r.requireID()] = try await IntakeService.reservePositions(r.service, on: db)[try r.requireID()]
        }
        return Loaded(
            application: application, person: person, requested: requested,
            decisions: try await RefusalDecision.scoped(to: organisationID, on: db).filter(\.$requested.$id ~~ requestedIDs)
                .all(),
            settings: try await EffectiveIntakeSettings.load(organisation, on: db), positions: positions,
            assessment: try await NeedsAssessment.scoped(to: organisationID, on: db).filter(\.$application.$id == id).first(),
            enrolments: try await Enrolment.scoped(to: organisationID, on: db).filter(\.$requested.$id ~~ requestedIDs).with(
                \.$service
            ).all(),
            history: try await ApplicationEvent.query(on: db).filter(\.$application.$id == id).sort(\.$at).all())
    }

    /// The latest 50 audit records about the person, read after this view was recorded (so
    /// that it is among them).
    static func seen(_ loaded: Loaded, on db: any Database) async throws -> [AuditTrail.Row] {
        try await AuditTrail.search(
            .init(subjectID: loaded.person.requireID()), organisationID: loaded.application.$organisation.id, limit: 50, on: db)
    }

    /// `seen`: nil unless the viewer reads the audit trail.
    static func make(
        _ loaded: Loaded, seen: [AuditTrail.Row]?, typed: Typed, layout: Layout, signatory: String, today: CalendarDay
    ) throws -> ApplicationPage {
        let (application, person, settings) = (loaded.application, loaded.person, loaded.settings)
        let requested = try loaded.requested.map { r -> Requested in
            let id = try r.requireID()
            let decision = loaded.decisions.first { $0.$requested.id == id }
            return Requested(
                id: id, service: r.service.name, serviceID: try r.service.requireID(), outcome: r.outcome.polishName,
                outcomeKey: r.outcome.rawValue,
                open: r.outcome.isOpen, offered: r.offeredAt != nil, position: loaded.positions[id],
                criteria: r.service.criteriaList.enumerated().map {
                    .init(value: String($0.offset), label: $0.element, selected: r.criteria.contains($0.offset))
                },
                decisionID: decision?.id, decisionNumber: decision?.number,
                appealStatus: decision?.statusText(appealDays: settings.rules.appealDays, today: today), routedTo: r.routedTo,
                routeUnit: typed.route?.requestedID == id ? typed.route?.unit ?? "" : "")
        }
        var lines: [Line] = [
            Line(label: "Data urodzenia", value: CalendarDay(iso: person.birthDate)?.polish ?? person.birthDate),
            Line(label: "PESEL", value: person.pesel ?? "—"),
            Line(label: "Adres", value: PersonController.address(person).nilIfEmpty ?? "—"),
            Line(label: "Telefon", value: person.phone.nilIfEmpty ?? "—"),
            Line(label: "E-mail", value: person.email.nilIfEmpty ?? "—"),
            Line(label: "Wniosek złożył(a)", value: application.applicantRole.polishName),
            Line(label: "Kanał", value: application.channel.polishName),
            Line(label: "Przyjęto", value: WarsawTime.format(application.receivedAt)),
            Line(
                label: "Ocena potrzeb do", value: CalendarDay(iso: application.assessmentDue)?.polish ?? application.assessmentDue
            ),
        ]
        if application.applicantRole != .person {
            lines.insert(
                Line(
                    label: "Przedstawiciel / opiekun",
                    value:
                        "\(application.representativeName) — \(application.representativeBasis) (\(application.representativeContact))"
                ),
                at: 5)
        }
        if !person.communicationNeeds.isEmpty { lines.append(Line(label: "Komunikacja", value: person.communicationNeeds)) }
        if !person.accessibilityNeeds.isEmpty { lines.append(Line(label: "Dostępność", value: person.accessibilityNeeds)) }
        return ApplicationPage(
            layout: layout, id: try application.requireID(), number: application.number, person: person.fullName, lines: lines,
            situation: application.situation, duplicate: person.possibleDuplicateOf != nil, requested: requested,
            enrolments: try loaded.enrolments.map {
                EnrolmentRow(
                    id: try $0.requireID(), service: $0.service.name, start: CalendarDay(iso: $0.startDay)?.polish ?? $0.startDay,
                    end: $0.endDay.flatMap { CalendarDay(iso: $0)?.polish }, active: $0.active)
            },
            history: loaded.history.map { Event(at: WarsawTime.format($0.at), actor: $0.actor, what: $0.what) },
            assessment: assessmentView(stored: loaded.assessment, typed: typed.assessment, today: today),
            personID: try person.requireID(),
            appealBody: settings.appealBody, refusalIsDecision: settings.rules.refusalIsDecision, today: today.iso,
            signatory: signatory,
            seen: seen?.map {
                Event(
                    at: WarsawTime.format($0.occurred_at), actor: $0.actor_name,
                    what: (AuditAction(rawValue: $0.action)?.polishName ?? $0.action)
                        + ($0.detail.isEmpty ? "" : ": \($0.detail)"))
            },
            notice: typed.notice, error: typed.error, errors: typed.errors)
    }

    static func assessmentView(stored: NeedsAssessment?, typed: AssessmentForm?, today: CalendarDay) -> Assessment {
        var form = typed ?? AssessmentForm()
        if typed == nil, let stored {
            form.scheduledOn = stored.scheduledOn ?? ""
            form.place = stored.place.rawValue
            form.placeNote = stored.placeNote
            form.doneOn = stored.doneOn ?? ""
            form.findings = stored.findings
            form.ipusNeeded = stored.ipusNeeded
        }
        var summary: String?
        var clock: String?
        if let stored {
            if let done = stored.doneOn.flatMap(CalendarDay.init(iso:)) {
                summary =
                    "Ocena potrzeb przeprowadzona \(done.polish) (\(stored.place.polishName)), koordynator: \(stored.coordinator)."
            } else if let on = stored.scheduledOn.flatMap(CalendarDay.init(iso:)) {
                summary =
                    "Rozmowa zaplanowana na \(on.polish) (\(stored.place.polishName)\(stored.placeNote.isEmpty ? "" : ", \(stored.placeNote)"))."
            }
            if stored.ipusNeeded, let due = stored.ipusDue.flatMap(CalendarDay.init(iso:)) {
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

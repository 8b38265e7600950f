import Fluent
import Foundation
import OpenCUSCore
import SQLKit

/// A data subject's records in the resident registry (Services): the person, their
/// applications, requested services with outcomes, enrolments and refusal decisions — found by
/// the e-mail address, like their event registrations.
struct PersonRecords: Sendable {
    struct Requested: Sendable {
        let row: RequestedService
        let serviceName: String
    }

    let person: Person
    let applications: [ServiceApplication]
    let requested: [Requested]
    let enrolments: [Enrolment]
    let decisions: [RefusalDecision]
    let assessments: [NeedsAssessment]
    struct Plan: Sendable {
        let plan: IpusPlan
        let versions: [IpusVersion]
        let notes: [IpusNote]
        var latest: IpusContent? { versions.max { $0.version < $1.version }?.content }
    }
    let plans: [Plan]

    static func load(email: String, organisationID: UUID, on db: any Database) async throws -> [PersonRecords] {
        try await load(
            try await Person.scoped(to: organisationID, on: db).filter(\.$email == email).filter(\.$anonymisedAt == nil).all(),
            organisationID: organisationID, on: db)
    }

    static func load(ids: [UUID], organisationID: UUID, on db: any Database) async throws -> [PersonRecords] {
        try await load(
            try await Person.scoped(to: organisationID, on: db).filter(\.$id ~~ ids).filter(\.$anonymisedAt == nil).all(),
            organisationID: organisationID, on: db)
    }

    static func load(_ persons: [Person], organisationID: UUID, on db: any Database) async throws -> [PersonRecords] {
        var out: [PersonRecords] = []
        for person in persons {
            let applications = try await ServiceApplication.scoped(to: organisationID, on: db).filter(
                \.$person.$id == person.requireID()
            )
            .sort(\.$receivedAt).all()
            let requested =
                applications.isEmpty
                ? []
                : try await RequestedService.scoped(to: organisationID, on: db)
                    .filter(\.$application.$id ~~ applications.compactMap(\.id)).with(\.$service).all()
            let enrolments = try await Enrolment.scoped(to: organisationID, on: db).filter(\.$person.$id == person.requireID())
                .all()
            let decisions =
                requested.isEmpty
                ? []
                : try await RefusalDecision.scoped(to: organisationID, on: db)
                    .filter(\.$requested.$id ~~ requested.compactMap(\.id)).all()
            let assessments =
                applications.isEmpty
                ? []
                : try await NeedsAssessment.scoped(to: organisationID, on: db)
                    .filter(\.$application.$id ~~ applications.compactMap(\.id)).all()
            var plans: [Plan] = []
            for plan in try await IpusPlan.scoped(to: organisationID, on: db).filter(\.$person.$id == person.requireID()).all() {
                plans.append(
                    Plan(
                        plan: plan,
                        versions: try await IpusVersion.scoped(to: organisationID, on: db).filter(\.$plan.$id == plan.requireID())
                            .all(),
                        notes: try await IpusNote.scoped(to: organisationID, on: db).filter(\.$plan.$id == plan.requireID()).all()
                    ))
            }
            out.append(
                PersonRecords(
                    person: person, applications: applications,
                    requested: requested.map { Requested(row: $0, serviceName: $0.service.name) },
                    enrolments: enrolments, decisions: decisions, assessments: assessments, plans: plans))
        }
        return out
    }

    /// Why the person's registry data may not be anonymised now, or nil.
    var hold: String? {
        if let open = plans.first(where: { $0.plan.state != .closed }) {
            return
                "Osoba ma indywidualny plan usług społecznych w toku (\(open.plan.number), \(open.plan.state.polishName)). Najpierw zamknij plan."
        }
        if enrolments.contains(where: \.active) {
            return "Osoba korzysta obecnie z usług (\(person.fullName)). Najpierw zakończ usługi w jej wniosku."
        }
        if requested.contains(where: { $0.row.outcome.isOpen }) {
            return
                "Wniosek osoby czeka na rozstrzygnięcie lub na liście rezerwowej. Najpierw go rozstrzygnij albo poproś o jego wycofanie."
        }
        if let decision = decisions.first(where: \.isDecision) {
            // A decision is an official record kept under the archival rules (JRWA); it also
            // stays open for appeal. RODO art. 17 ust. 3 lit. b.
            return
                "W sprawie osoby wydano decyzję nr \(decision.number): dokumentacja decyzji podlega przechowywaniu (instrukcja kancelaryjna, JRWA) i nie może być zanonimizowana na wniosek."
        }
        return nil
    }

    var subjects: [AuditSubject] { get throws { [AuditSubject(type: .person, id: try person.requireID())] } }

    /// Identifying fields replaced, free texts removed; the services, outcomes, dates, city and
    /// birth year stay for statistics. Mail about the applications goes; tokens go.
    static func anonymise(
        _ records: [PersonRecords], organisationID: UUID, actor: AuditActor, reason: String, now: Date, on db: any Database
    ) async throws -> Int {
        guard !records.isEmpty else { return 0 }
        return try await db.writeTransaction { db in
            let sql = try db.sql()
            for record in records {
                let p = record.person
                let email = p.email
                p.firstName = Anonymiser.placeholderFirstName
                p.lastName = Anonymiser.placeholderLastName
                p.pesel = nil
                p.birthDate = CalendarDay(year: p.birthDate.year, month: 1, day: 1) ?? p.birthDate
                p.street = ""
                p.postcode = ""
                p.phone = ""
                p.email = ""
                p.communicationNeeds = ""
                p.accessibilityNeeds = ""
                p.possibleDuplicateOf = nil
                p.anonymisedAt = now
                try await p.update(on: db)
                for application in record.applications {
                    application.situation = ""
                    application.representativeName = ""
                    application.representativeBasis = ""
                    application.representativeContact = ""
                    try await application.update(on: db)
                }
                for assessment in record.assessments {
                    assessment.findings = ""
                    assessment.placeNote = ""
                    try await assessment.update(on: db)
                }
                // Providers' notes on deliveries may describe the person; the records stay (counts, fees).
                let enrolmentIDs = record.enrolments.compactMap(\.id)
                if !enrolmentIDs.isEmpty {
                    try await DeliveryRecord.query(on: db).filter(\.$enrolment.$id ~~ enrolmentIDs).set(\.$note, to: "").update()
                }
                // Plans keep their structure (dates, goal and item counts, goal attainment) for
                // the statistics; every text written about the person goes.
                for plan in record.plans {
                    plan.plan.summary = ""
                    try await plan.plan.update(on: db)
                    for v in plan.versions {
                        var c = v.content
                        c.responsibilities = ""
                        c.goals = c.goals.map {
                            IpusGoal(text: "—", indicator: "", baseline: "", target: "", due: $0.due, status: $0.status, note: "")
                        }
                        c.items = c.items.map {
                            var i = $0; (i.scope, i.responsible, i.provider) = ("", "", "");
                            if i.kind == .supportive { i.name = "—" }; return i
                        }
                        v.content = c
                        (v.reason, v.returnNote) = ("", "")
                        try await v.update(on: db)
                    }
                    for n in plan.notes {
                        (n.what, n.providerFeedback, n.personView) = ("", "", "")
                        try await n.update(on: db)
                    }
                }
                let applicationIDs = record.applications.compactMap(\.id)
                if !applicationIDs.isEmpty {
                    try await sql.delete(from: ApplicationToken.schema).where(
                        "application_id", .in, SQLBind.group(applicationIDs)
                    ).run()
                }
                if !email.isEmpty {
                    let keys = (applicationIDs + record.requested.compactMap(\.row.id)).map { $0.uuidString.lowercased() }
                    struct Message: Decodable {
                        let id: UUID
                        let idempotency_key: String
                    }
                    let doomed = try await sql.raw(
                        """
                        SELECT id, idempotency_key FROM outbox_messages WHERE recipient = \(bind: email) AND organisation_id = \(bind: organisationID)
                        """
                    ).all(decoding: Message.self).filter { m in keys.contains { m.idempotency_key.contains($0) } }.map(\.id)
                    if !doomed.isEmpty {
                        try await sql.delete(from: "outbox_attachments").where("message_id", .in, SQLBind.group(doomed)).run()
                        try await sql.delete(from: "outbox_messages").where("id", .in, SQLBind.group(doomed)).run()
                    }
                }
            }
            let ids = try records.map { try $0.person.requireID() }
            try await Audit.eraseValues(of: ids, at: now, on: db)
            try await Audit.append(
                AuditEvent(
                    actor: actor, organisationID: organisationID, action: .anonymise, recordType: .person,
                    recordID: ids.count == 1 ? ids[0] : nil,
                    subjects: ids.map { AuditSubject(type: .person, id: $0) }, detail: "osób w rejestrze: \(ids.count); \(reason)"
                ),
                at: now, on: db)
            return records.count
        }
    }
}

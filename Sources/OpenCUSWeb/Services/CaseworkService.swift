import Fluent
import Foundation
import OpenCUSCore
import Vapor

/// Needs assessment, routing to another unit, appeals and the CUS's intake settings — the rest
/// of the writes on applications, each one transaction with its history entry and audit record.
extension IntakeService {
    static func saveAssessment(
        applicationID: UUID, form: AssessmentForm, valid: AssessmentForm.Valid, staff: AuditActor, organisation: Organisation,
        now: Date,
        on db: any Database
    ) async throws {
        let organisationID = try organisation.requireID()
        try await db.writeTransaction { db in
            guard let application = try await ServiceApplication.find(applicationID, in: organisationID, on: db) else {
                throw Abort(.notFound)
            }
            let settings = try await EffectiveIntakeSettings.load(organisation, on: db)
            let existing = try await NeedsAssessment.scoped(to: organisationID, on: db).filter(
                \.$application.$id == applicationID
            ).first()
            let a = existing ?? NeedsAssessment()
            let (ipusBefore, findingsBefore) = (existing?.ipusNeeded ?? false, existing?.findings ?? "")
            a.$organisation.id = organisationID
            a.$application.id = applicationID
            a.scheduledOn = valid.scheduledOn ?? existing?.scheduledOn
            a.place = valid.place
            a.placeNote = form.placeNote
            a.doneOn = valid.doneOn
            a.findings = form.findings
            a.ipusNeeded = form.ipusNeeded
            // The 30 days run from the application (art. 20 ust. 2), not from the assessment.
            a.ipusDue =
                form.ipusNeeded
                ? settings.rules.ipusDue(received: CalendarDay(application.receivedAt, in: WallClock.warsaw)) : nil
            a.coordinator = staff.name
            a.updatedAt = now
            try await a.save(on: db)
            var what: String
            if let done = valid.doneOn {
                what = "Przeprowadzono ocenę potrzeb \(done.polish) (\(valid.place.polishName))"
                if form.ipusNeeded, let due = a.ipusDue {
                    what += "; potrzebne usługi koordynowane przez co najmniej 3 miesiące — IPUS do \(due.polish)"
                }
            } else {
                what = "Zaplanowano ocenę potrzeb na \(valid.scheduledOn!.polish) (\(valid.place.polishName))"
            }
            try await event(application, what, actor: staff.name, now: now, on: db)
            var changes = [
                AuditChange(
                    field: "ustalenia oceny", old: findingsBefore.isEmpty ? nil : findingsBefore,
                    new: form.findings.isEmpty ? nil : form.findings, sensitive: true)
            ]
            if ipusBefore != form.ipusNeeded {
                changes.append(
                    AuditChange(
                        field: "potrzebny IPUS", old: ipusBefore ? "tak" : "nie", new: form.ipusNeeded ? "tak" : "nie",
                        sensitive: false))
            }
            try await audit(
                staff, organisationID: organisationID, .update, person: application.$person.id, record: application.id,
                detail: "ocena potrzeb",
                changes: changes, now: now, on: db)
        }
    }

    static func route(_ id: UUID, unit: String, staff: AuditActor, organisationID: UUID, now: Date, on db: any Database)
        async throws
    {
        try await db.writeTransaction { db in
            let (r, application, person, service) = try await loadRequested(id, organisationID: organisationID, on: db)
            try await db.lockForUpdate(ServiceDefinition.self, id: service.requireID())
            let change = try outcomeChange(r, to: .routed)
            try await apply(change, to: r, service: service, now: now, on: db) {
                $0.routedTo = unit
                $0.routingConsentAt = now
            }
            try await event(
                application, "„\(service.name)”: przekazano do: \(unit) (za zgodą wnioskodawcy)", actor: staff.name, now: now,
                on: db)
            try await audit(
                staff, organisationID: organisationID, .update, person: try person.requireID(), record: r.id,
                detail: "przekazanie: \(service.name)",
                changes: [
                    outcomeAudit(change),
                    AuditChange(field: "przekazano do", old: nil, new: unit, sensitive: false),
                ], now: now, on: db)
            try await mail(
                person, subject: "Wniosek nr \(application.number): przekazanie sprawy",
                body:
                    "Dzień dobry,\n\nzgodnie z Twoją zgodą sprawę dotyczącą usługi „\(service.name)” przekazaliśmy do: \(unit). Ta jednostka skontaktuje się z Tobą.",
                key: "routed-\(try r.requireID().uuidString.lowercased())", organisationID: organisationID, now: now, on: db)
            if change.reserveListMoves {
                try await offerNext(service, staff: staff, organisationID: organisationID, now: now, on: db)
            }
        }
    }

    static func recordAppeal(
        _ decisionID: UUID, valid: AppealForm.Valid, staff: AuditActor, organisationID: UUID, now: Date, on db: any Database
    ) async throws {
        try await db.writeTransaction { db in
            guard let decision = try await RefusalDecision.find(decisionID, in: organisationID, on: db) else {
                throw Abort(.notFound)
            }
            guard decision.isDecision else {
                throw IntakeError.wrongState(
                    "To informacja o odmowie, nie decyzja — nie ma od niej odwołania ani terminu do liczenia.")
            }
            let (_, application, person, _) = try await loadRequested(
                decision.$requested.id, organisationID: organisationID, on: db)
            let old = (decision.deliveredOn, decision.appealLodgedOn, decision.appealResult?.polishName)
            decision.deliveredOn = valid.delivered
            decision.appealLodgedOn = valid.lodged
            decision.appealResult = valid.result
            decision.appealResultOn = valid.resultOn
            try await decision.update(on: db)
            var notes: [String] = []
            if old.0 != decision.deliveredOn { notes.append("doręczenie: \(valid.delivered?.polish ?? "usunięto")") }
            if old.1 != decision.appealLodgedOn { notes.append("odwołanie wniesione: \(valid.lodged?.polish ?? "usunięto")") }
            if old.2 != valid.result?.polishName {
                notes.append(valid.result?.polishName ?? "usunięto rozstrzygnięcie odwołania")
            }
            guard !notes.isEmpty else { return }
            try await event(
                application, "Decyzja nr \(decision.number): " + notes.joined(separator: "; "), actor: staff.name, now: now,
                on: db)
            try await Audit.append(
                AuditEvent(
                    actor: staff, organisationID: organisationID, action: .update, recordType: .decision, recordID: decision.id,
                    subjects: [AuditSubject(type: .person, id: try person.requireID())],
                    detail: "decyzja \(decision.number): " + notes.joined(separator: "; ")),
                at: now, on: db)
        }
    }

    static func saveSettings(
        _ valid: IntakeSettingsForm.Valid, organisation: Organisation, staffName: String, now: Date, on db: any Database
    ) async throws {
        try await db.writeTransaction { db in
            let current = try await EffectiveIntakeSettings.load(organisation, on: db)
            let row = try await IntakeSettings.scoped(to: organisation.requireID(), on: db).first() ?? IntakeSettings()
            row.$organisation.id = try organisation.requireID()
            row.assessmentDays = valid.rules.assessmentDays
            row.ipusDays = valid.rules.ipusDays
            row.appealDays = valid.rules.appealDays
            row.appealBody = valid.appealBody
            row.refusalIsDecision = valid.rules.refusalIsDecision
            // Applications keep the version they accepted; a new text is a new version.
            row.rodoVersion = valid.rodoClause == current.rodoClause ? current.rodoVersion : current.rodoVersion + 1
            row.rodoClause = valid.rodoClause
            if row.rodoVersion != current.rodoVersion {
                let versions = ApplicationClauseVersion.scoped(to: try organisation.requireID(), on: db)
                if try await versions.count() == 0 {
                    try await ApplicationClauseVersion.keep(
                        current.rodoClause, version: current.rodoVersion, organisation: organisation, at: now, on: db)
                }
                try await ApplicationClauseVersion.keep(
                    row.rodoClause, version: row.rodoVersion, organisation: organisation, at: now, on: db)
            }
            row.updatedAt = now
            row.updatedBy = staffName
            try await row.save(on: db)
        }
    }
}

extension ApplicationClauseVersion {
    static func keep(_ text: String, version: Int, organisation: Organisation, at: Date, on db: any Database) async throws {
        let v = ApplicationClauseVersion(
            organisationID: try organisation.requireID(),
            version: version,
            text: text,
            adoptedAt: at
        )
        try await v.create(on: db)
    }
}

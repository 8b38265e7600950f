import Fluent
import Foundation
import OpenCUSCore
import Vapor

enum IpusError: Error {
    case invalid(FieldErrors)
    case wrongState(String)
    /// Someone saved the plan after this form was opened: nothing was written.
    case changed(by: String, at: Date)
    case notAllowed(String)
}

/// The only code that changes IPUS plans. Every operation is one write transaction that first
/// checks the revision the form was opened at, so two staff editing the same plan never
/// overwrite each other silently.
enum IpusService {
    struct Actor: Sendable {
        let userID: UUID
        let name: String
        let audit: AuditActor
        let canApprove: Bool
        let seesAll: Bool

        var viewer: IpusActions.Viewer { IpusActions.Viewer(userID: userID, approvesPlans: canApprove, seesAllPlans: seesAll) }
    }

    /// The plan as the actor may touch it: their own or assigned, or any when they see all.
    static func plan(_ id: UUID?, actor: Actor, organisationID: UUID, on db: any Database) async throws -> IpusPlan {
        guard let plan = try await IpusPlan.find(id, in: organisationID, on: db),
            actor.seesAll || plan.isCoordinated(by: actor.userID)
        else {
            throw Abort(.notFound)
        }
        return plan
    }

    static func version(_ plan: IpusPlan, _ number: Int, on db: any Database) async throws -> IpusVersion {
        guard
            let v = try await IpusVersion.scoped(to: plan.$organisation.id, on: db).filter(\.$plan.$id == plan.requireID())
                .filter(
                    \.$version == number
                ).first()
        else {
            throw Abort(.notFound)
        }
        return v
    }

    /// Inside the write transaction: the plan locked (PostgreSQL) and at the revision the form saw.
    static func current(_ id: UUID, revision: Int, actor: Actor, organisationID: UUID, on db: any Database) async throws
        -> IpusPlan
    {
        try await db.lockForUpdate(IpusPlan.self, id: id)
        let plan = try await plan(id, actor: actor, organisationID: organisationID, on: db)
        guard plan.revision == revision else { throw IpusError.changed(by: plan.updatedBy, at: plan.updatedAt) }
        return plan
    }

    static func touch(_ plan: IpusPlan, actor: Actor, now: Date, on db: any Database) async throws {
        plan.revision += 1
        plan.updatedBy = actor.name
        plan.updatedAt = now
        try await plan.update(on: db)
    }

    static func audit(
        _ actor: Actor, _ plan: IpusPlan, _ action: AuditAction, _ detail: String, changes: [AuditChange] = [], now: Date,
        on db: any Database
    ) async throws {
        try await Audit.append(
            AuditEvent(
                actor: actor.audit, organisationID: plan.$organisation.id, action: action, recordType: .plan, recordID: plan.id,
                subjects: [AuditSubject(type: .person, id: plan.$person.id)], detail: "\(plan.number): \(detail)",
                changes: changes),
            at: now, on: db)
    }

    // MARK: Drafting

    /// Starts a plan for an application whose assessment found that an IPUS is needed; the
    /// one who starts it coordinates it.
    static func create(applicationID: UUID, actor: Actor, organisation: Organisation, now: Date, on db: any Database) async throws
        -> IpusPlan
    {
        let organisationID = try organisation.requireID()
        return try await db.writeTransaction { db in
            guard let application = try await ServiceApplication.find(applicationID, in: organisationID, on: db) else {
                throw Abort(.notFound)
            }
            guard
                let assessment = try await NeedsAssessment.scoped(to: organisationID, on: db).filter(
                    \.$application.$id == applicationID
                ).first(),
                assessment.ipusNeeded, let due = assessment.ipusDue
            else {
                throw IpusError.wrongState(
                    "Ocena potrzeb nie wskazała potrzeby IPUS — najpierw ją zapisz z zaznaczeniem „potrzebne usługi koordynowane przez co najmniej 3 miesiące”."
                )
            }
            try await db.lockForUpdate(Organisation.self, id: organisationID)
            if let open = try await IpusPlan.scoped(to: organisationID, on: db).filter(\.$application.$id == applicationID)
                .filter(\.$state != .closed).first()
            {
                throw IpusError.wrongState("Do tego wniosku jest już plan \(open.number) (\(open.state.polishName)).")
            }
            let today = CalendarDay(now, in: WallClock.warsaw)
            let last = try await IpusPlan.scoped(to: organisationID, on: db).filter(\.$year == today.year).max(\.$sequence) ?? 0
            let plan = IpusPlan(
                organisationID: organisationID,
                personID: application.$person.id,
                applicationID: applicationID,
                number: "IPUS/\(last + 1)/\(today.year)",
                year: today.year,
                sequence: last + 1,
                coordinatorUserID: actor.userID,
                coordinatorName: actor.name,
                state: .drafting,
                due: due,
                latestVersion: 1,
                revision: 1,
                updatedBy: actor.name,
                updatedAt: now,
                summary: "",
                createdAt: now
            )
            try await plan.create(on: db)
            let v = IpusVersion(
                organisationID: organisationID,
                planID: try plan.requireID(),
                version: 1,
                state: .drafting,
                contentJSON: IpusVersion.json(IpusContent(start: today, end: IpusRules.latestEnd(start: today))),
                reason: "",
                createdBy: actor.name,
                createdAt: now,
                returnNote: ""
            )
            try await v.create(on: db)
            try await IntakeService.event(
                application, "Rozpoczęto IPUS \(plan.number) (koordynator: \(actor.name))", actor: actor.name, now: now, on: db)
            try await audit(actor, plan, .create, "nowy plan", now: now, on: db)
            return plan
        }
    }

    /// Saves the drafting version. Programme services are matched to the person's active
    /// enrolments: a service they are not qualified for cannot enter the plan.
    static func saveDraft(
        _ id: UUID, revision: Int, valid: IpusForm.Valid, actor: Actor, organisationID: UUID, now: Date, on db: any Database
    ) async throws {
        try await db.writeTransaction { db in
            let plan = try await current(id, revision: revision, actor: actor, organisationID: organisationID, on: db)
            let v = try await version(plan, plan.latestVersion, on: db)
            guard v.state == .drafting, plan.state != .closed, plan.state != .closing else {
                throw IpusError.wrongState(
                    "Tej wersji planu nie można już zmieniać (\(v.state.polishName)). Aby zmienić plan, utwórz nową wersję.")
            }
            var content = valid.content
            content.items = try await matchEnrolments(
                content.items, person: plan.$person.id, organisationID: organisationID, on: db)
            let before = v.content
            v.content = content
            try await v.update(on: db)
            try await touch(plan, actor: actor, now: now, on: db)
            let changes = IpusDiff.between(before, content)
            try await audit(
                actor, plan, .update, "wersja \(v.version): zapisano projekt (\(changes.count) zmian)",
                changes: changes.map { AuditChange(field: $0.what, old: $0.old, new: $0.new, sensitive: true) }, now: now, on: db)
        }
    }

    static func matchEnrolments(_ items: [IpusItem], person: UUID, organisationID: UUID, on db: any Database) async throws
        -> [IpusItem]
    {
        var errors = FieldErrors()
        var out: [IpusItem] = []
        let enrolments = try await Enrolment.scoped(to: organisationID, on: db).filter(\.$person.$id == person).filter(
            \.$active == true
        ).all()
        for (i, item) in items.enumerated() {
            guard item.kind == .service, let serviceID = item.serviceID else { out.append(item); continue }
            guard let service = try await ServiceDefinition.find(serviceID, in: organisationID, on: db) else {
                errors.add("items.\(i).serviceID", "Wybierz usługę z programu.")
                continue
            }
            guard service.ipusEligible else {
                errors.add(
                    "items.\(i).serviceID",
                    "Program nie przewiduje usługi „\(service.name)” w IPUS — wpisz ją jako działanie wspierające albo wybierz inną."
                )
                continue
            }
            guard let enrolment = enrolments.first(where: { $0.$service.id == serviceID }) else {
                let availability = try await IntakeQueries.availabilities([service], on: db)[serviceID]
                let hint =
                    availability.map {
                        $0.free == 0
                            ? " Teraz: \($0.polish) — możesz wpisać osobę na listę rezerwową we wniosku."
                            : " Teraz: \($0.polish)."
                    } ?? ""
                errors.add(
                    "items.\(i).serviceID",
                    "Osoba nie jest zakwalifikowana do usługi „\(service.name)”. Najpierw zakwalifikuj ją we wniosku.\(hint)")
                continue
            }
            var matched = item
            matched.enrolmentID = enrolment.id
            matched.name = service.name
            out.append(matched)
        }
        guard errors.isEmpty else { throw IpusError.invalid(errors) }
        return out
    }

    static func submit(_ id: UUID, revision: Int, actor: Actor, organisationID: UUID, now: Date, on db: any Database) async throws
    {
        try await db.writeTransaction { db in
            let plan = try await current(id, revision: revision, actor: actor, organisationID: organisationID, on: db)
            let v = try await version(plan, plan.latestVersion, on: db)
            guard v.state == .drafting else {
                throw IpusError.wrongState("Ta wersja nie jest w opracowaniu (\(v.state.polishName)).")
            }
            let problems = IpusRules.problems(v.content)
            guard problems.isEmpty else { throw IpusError.invalid(problems) }
            v.state = .awaitingApproval
            v.submittedAt = now
            v.returnNote = ""
            try await v.update(on: db)
            if plan.approvedVersion == nil { plan.state = .awaitingApproval }
            try await touch(plan, actor: actor, now: now, on: db)
            try await audit(actor, plan, .update, "wersja \(v.version) przekazana do zatwierdzenia", now: now, on: db)
        }
    }

    /// The director or an authorised services organiser approves; never the plan's coordinator.
    static func approve(_ id: UUID, revision: Int, actor: Actor, organisationID: UUID, now: Date, on db: any Database)
        async throws
    {
        try await db.writeTransaction { db in
            let plan = try await current(id, revision: revision, actor: actor, organisationID: organisationID, on: db)
            guard IpusActions.mayApprove(coordinatorID: plan.coordinatorUserID, deputyID: plan.deputyUserID, by: actor.viewer)
            else {
                throw IpusError.notAllowed(
                    "Plan zatwierdza dyrektor albo upoważniony organizator usług społecznych — nie koordynator tego planu.")
            }
            let v = try await version(plan, plan.latestVersion, on: db)
            guard v.state == .awaitingApproval else {
                throw IpusError.wrongState("Ta wersja nie czeka na zatwierdzenie (\(v.state.polishName)).")
            }
            if let previous = plan.approvedVersion {
                let old = try await version(plan, previous, on: db)
                old.state = .superseded
                try await old.update(on: db)
            }
            v.state = .approved
            v.approvedBy = actor.name
            v.approvedByUserID = actor.userID
            v.approvedOn = CalendarDay(now, in: WallClock.warsaw)
            try await v.update(on: db)
            plan.approvedVersion = v.version
            plan.state = .active
            try await touch(plan, actor: actor, now: now, on: db)
            try await audit(actor, plan, .update, "zatwierdzono wersję \(v.version)", now: now, on: db)
        }
    }

    static func returnForChanges(
        _ id: UUID, revision: Int, note: String, actor: Actor, organisationID: UUID, now: Date, on db: any Database
    ) async throws {
        try await db.writeTransaction { db in
            let plan = try await current(id, revision: revision, actor: actor, organisationID: organisationID, on: db)
            guard IpusActions.mayApprove(coordinatorID: plan.coordinatorUserID, deputyID: plan.deputyUserID, by: actor.viewer)
            else { throw IpusError.notAllowed("Do poprawy plan zwraca osoba, która go zatwierdza.") }
            let v = try await version(plan, plan.latestVersion, on: db)
            guard v.state == .awaitingApproval else { throw IpusError.wrongState("Ta wersja nie czeka na zatwierdzenie.") }
            guard !note.isEmpty, note.count <= 5_000 else {
                throw IpusError.invalid(FieldErrors("returnNote", "Napisz, co poprawić."))
            }
            v.state = .drafting
            v.returnNote = note
            try await v.update(on: db)
            if plan.approvedVersion == nil { plan.state = .drafting }
            try await touch(plan, actor: actor, now: now, on: db)
            try await audit(
                actor, plan, .update, "wersja \(v.version) zwrócona do poprawy",
                changes: [AuditChange(field: "uwagi", old: nil, new: note, sensitive: true)],
                now: now, on: db)
        }
    }

    /// An update: a new version drafted from the one in force, which stays in force until the
    /// new one is approved.
    static func newVersion(
        _ id: UUID, revision: Int, reason: String, actor: Actor, organisationID: UUID, now: Date, on db: any Database
    ) async throws {
        try await db.writeTransaction { db in
            let plan = try await current(id, revision: revision, actor: actor, organisationID: organisationID, on: db)
            guard plan.state == .active, let inForce = plan.approvedVersion, plan.latestVersion == inForce else {
                throw IpusError.wrongState("Nową wersję tworzy się z planu realizowanego, gdy nie ma już wersji w opracowaniu.")
            }
            guard !reason.isEmpty, reason.count <= 2_000 else {
                throw IpusError.invalid(
                    FieldErrors("reason", "Napisz, co się zmieniło w sytuacji osoby i dlaczego plan trzeba zmienić."))
            }
            let source = try await version(plan, inForce, on: db)
            let v = IpusVersion(
                organisationID: organisationID,
                planID: try plan.requireID(),
                version: inForce + 1,
                state: .drafting,
                contentJSON: source.contentJSON,
                reason: reason,
                createdBy: actor.name,
                createdAt: now,
                returnNote: ""
            )
            try await v.create(on: db)
            plan.latestVersion = v.version
            try await touch(plan, actor: actor, now: now, on: db)
            try await audit(
                actor, plan, .update, "nowa wersja \(v.version)",
                changes: [AuditChange(field: "powód", old: nil, new: reason, sensitive: true)], now: now, on: db)
        }
    }
}

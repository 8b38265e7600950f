import Fluent
import Foundation
import OpenCUSCore
import SQLKit
import Vapor

/// A plan in force: progress, notes, closing and closure, coordinator assignment.
extension IpusService {
    // MARK: Monitoring and closure

    static func recordProgress(
        _ id: UUID, revision: Int, goal index: Int, status: GoalStatus, note: String, actor: Actor, organisationID: UUID,
        now: Date,
        on db: any Database
    ) async throws {
        try await db.writeTransaction { db in
            let plan = try await current(id, revision: revision, actor: actor, organisationID: organisationID, on: db)
            guard plan.state == .active || plan.state == .closing, let inForce = plan.approvedVersion else {
                throw IpusError.wrongState("Postęp celów zapisuje się w planie realizowanym.")
            }
            let v = try await version(plan, inForce, on: db)
            var content = v.content
            guard content.goals.indices.contains(index) else { throw Abort(.notFound) }
            guard note.count <= 2_000 else { throw IpusError.invalid(FieldErrors("goalNote", "Notatka: najwyżej 2000 znaków.")) }
            let old = content.goals[index].status
            content.goals[index].status = status
            content.goals[index].note = note
            v.content = content
            try await v.update(on: db)
            try await touch(plan, actor: actor, now: now, on: db)
            try await audit(
                actor, plan, .update, "postęp celu \(index + 1)",
                changes: [AuditChange(field: "stan celu", old: old.polishName, new: status.polishName, sensitive: false)],
                now: now, on: db)
        }
    }

    struct NoteInput: Sendable {
        let on: CalendarDay
        let what: String
        let providerFeedback: String
        let personView: String
        let isReview: Bool
    }

    static func addNote(
        _ id: UUID, revision: Int, note: NoteInput, actor: Actor, organisationID: UUID, now: Date, on db: any Database
    ) async throws {
        try await db.writeTransaction { db in
            let plan = try await current(id, revision: revision, actor: actor, organisationID: organisationID, on: db)
            guard plan.state != .closed else { throw IpusError.wrongState("Plan jest zamknięty — nie można dopisywać notatek.") }
            let n = IpusNote(
                organisationID: organisationID,
                planID: try plan.requireID(),
                onDay: note.on,
                author: actor.name,
                what: note.what,
                providerFeedback: note.providerFeedback,
                personView: note.personView,
                isReview: note.isReview,
                createdAt: now
            )
            try await n.create(on: db)
            try await touch(plan, actor: actor, now: now, on: db)
            try await audit(
                actor, plan, .update,
                note.isReview ? "przegląd planu \(note.on.polish)" : "notatka z monitoringu \(note.on.polish)",
                changes: [AuditChange(field: "notatka", old: nil, new: note.what, sensitive: true)], now: now, on: db)
        }
    }

    static func startClosing(_ id: UUID, revision: Int, actor: Actor, organisationID: UUID, now: Date, on db: any Database)
        async throws
    {
        try await db.writeTransaction { db in
            let plan = try await current(id, revision: revision, actor: actor, organisationID: organisationID, on: db)
            guard plan.state == .active, plan.latestVersion == plan.approvedVersion else {
                throw IpusError.wrongState("Zamknąć można plan realizowany, bez wersji w opracowaniu.")
            }
            plan.state = .closing
            try await touch(plan, actor: actor, now: now, on: db)
            try await audit(actor, plan, .update, "rozpoczęto zamykanie planu", now: now, on: db)
        }
    }

    struct Closure: Sendable {
        let summaryOn: CalendarDay
        let summary: String
        let attainment: [GoalStatus]
    }

    static func close(
        _ id: UUID, revision: Int, closure: Closure, actor: Actor, organisationID: UUID, now: Date, on db: any Database
    ) async throws {
        try await db.writeTransaction { db in
            let plan = try await current(id, revision: revision, actor: actor, organisationID: organisationID, on: db)
            guard plan.state == .closing, let inForce = plan.approvedVersion else {
                throw IpusError.wrongState("Najpierw rozpocznij zamykanie planu.")
            }
            let v = try await version(plan, inForce, on: db)
            var content = v.content
            var errors = FieldErrors()
            if closure.summaryOn < content.start {
                errors.add("summaryOn", "Rozmowa podsumowująca nie może być przed początkiem planu (\(content.start.polish)).")
            }
            if closure.summaryOn > CalendarDay(now, in: WallClock.warsaw) {
                errors.add("summaryOn", "Rozmowa podsumowująca nie może być w przyszłości.")
            }
            if closure.attainment.count != content.goals.count || closure.attainment.contains(.open) {
                errors.add("attainment", "Oceń każdy cel: osiągnięty, częściowo, nieosiągnięty albo zaniechany.")
            }
            guard errors.isEmpty else { throw IpusError.invalid(errors) }
            for (i, status) in closure.attainment.enumerated() { content.goals[i].status = status }
            v.content = content
            try await v.update(on: db)
            plan.summaryOn = closure.summaryOn
            plan.summary = closure.summary
            plan.closedAt = now
            plan.state = .closed
            try await touch(plan, actor: actor, now: now, on: db)
            try await audit(
                actor, plan, .update, "plan zamknięty",
                changes: [AuditChange(field: "podsumowanie", old: nil, new: closure.summary, sensitive: true)],
                now: now, on: db)
        }
    }

    /// The director (or an organiser) hands the plan to another coordinator or adds a deputy.
    static func assign(
        _ id: UUID, revision: Int, coordinator: (UUID, String), deputy: (UUID, String)?, actor: Actor, organisationID: UUID,
        now: Date,
        on db: any Database
    ) async throws {
        try await db.writeTransaction { db in
            guard actor.seesAll else {
                throw IpusError.notAllowed("Koordynatora przydziela dyrektor albo organizator usług społecznych.")
            }
            let plan = try await current(id, revision: revision, actor: actor, organisationID: organisationID, on: db)
            guard plan.state != .closed else { throw IpusError.wrongState("Plan jest zamknięty.") }
            let before = [plan.coordinatorName, plan.deputyName ?? "—"].joined(separator: ", zastępca: ")
            (plan.coordinatorUserID, plan.coordinatorName) = coordinator
            (plan.deputyUserID, plan.deputyName) = (deputy?.0, deputy?.1)
            try await touch(plan, actor: actor, now: now, on: db)
            try await audit(
                actor, plan, .update, "przydział koordynatora",
                changes: [
                    AuditChange(
                        field: "koordynator", old: before,
                        new: [coordinator.1, deputy?.1 ?? "—"].joined(separator: ", zastępca: "), sensitive: false)
                ],
                now: now, on: db)
        }
    }
}

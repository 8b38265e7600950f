import Fluent
import OpenCUSCore
import Vapor

/// A coordinator's caseload: their plans with clocks, and applications waiting for a plan.
extension IpusPages {
    struct CaseloadRow: Encodable, Sendable {
        let id: UUID
        let number: String
        let person: String
        let coordinator: String
        let state: String
        let alerts: [String]
        let urgent: Bool
        /// The register order (year, then number): "IPUS/2/2026" before "IPUS/11/2026".
        let order: Int
    }

    struct ToDraftRow: Encodable, Sendable {
        let applicationID: UUID
        let number: String
        let person: String
        let due: String
        let clock: String
    }

    struct CaseloadPage: Encodable, Sendable {
        let layout: Layout
        let rows: [CaseloadRow]
        let toDraft: [ToDraftRow]
        let seesAll: Bool
        let showingAll: Bool
        let csrf: String
    }

    /// The coordinator's caseload: their plans (or, for the director and organisers, all) with
    /// every clock that needs them — the 30-day limit, reviews, the plan's end — and the
    /// assessments that asked for a plan nobody has started.
}

extension IpusPages.CaseloadPage {
    struct Loaded: Sendable {
        /// Open plans, by due day.
        let plans: [IpusPlan]
        let persons: [UUID: Person]
        let versions: [IpusVersion]
        let reviews: [IpusNote]
        /// Assessments that asked for a plan nobody has started.
        let toDraft: [IntakeQueries.IpusClockRow]

        /// Everyone the page names, for the audit of the read.
        var people: [UUID] {
            Set(plans.map(\.$person.id) + toDraft.map(\.person_id)).sorted { $0.uuidString < $1.uuidString }
        }
    }

    /// Five queries whatever the number of plans.
    static func load(_ staff: StaffContext, showingAll: Bool, on db: any Database) async throws -> Loaded {
        var query = IpusPlan.scoped(to: staff.organisationID, on: db).filter(\.$state != .closed)
        if !showingAll {
            query = query.group(.or) { $0.filter(\.$coordinatorUserID == staff.userID).filter(\.$deputyUserID == staff.userID) }
        }
        let plans = try await query.sort(\.$due).all()
        let planIDs = try plans.map { try $0.requireID() }
        var persons: [UUID: Person] = [:]
        var versions: [IpusVersion] = []
        var reviews: [IpusNote] = []
        if !plans.isEmpty {
            for p in try await Person.scoped(to: staff.organisationID, on: db).filter(\.$id ~~ plans.map(\.$person.id)).all() {
                persons[try p.requireID()] = p
            }
            versions = try await IpusVersion.scoped(to: staff.organisationID, on: db).filter(\.$plan.$id ~~ planIDs).all()
            reviews = try await IpusNote.scoped(to: staff.organisationID, on: db).filter(\.$plan.$id ~~ planIDs)
                .filter(\.$isReview == true).all()
        }
        let started = Set(try await IpusPlan.scoped(to: staff.organisationID, on: db).all().map(\.$application.id))
        let toDraft = try await IntakeQueries.ipusClocks(organisationID: staff.organisationID, limit: 500, on: db).filter {
            !started.contains($0.application_id)
        }
        return Loaded(plans: plans, persons: persons, versions: versions, reviews: reviews, toDraft: toDraft)
    }

    static func make(
        _ l: Loaded, today: CalendarDay, layout: Layout, seesAll: Bool, showingAll: Bool, csrf: String
    ) throws -> IpusPages.CaseloadPage {
        let rows = try l.plans.map { plan in
            let (alerts, urgent) = self.alerts(plan, l, today: today)
            return IpusPages.CaseloadRow(
                id: try plan.requireID(), number: plan.number, person: l.persons[plan.$person.id]?.fullName ?? "—",
                coordinator: plan.coordinatorName + (plan.deputyName.map { " (zastępca: \($0))" } ?? ""),
                state: plan.state.polishName, alerts: alerts, urgent: urgent, order: plan.year * 100_000 + plan.sequence)
        }
        let toDraft = l.toDraft.map { c in
            IpusPages.ToDraftRow(
                applicationID: c.application_id, number: c.number, person: "\(c.first_name) \(c.last_name)",
                due: c.ipus_due.polish, clock: IntakeRules.clock(due: c.ipus_due, today: today).polish)
        }
        return IpusPages.CaseloadPage(
            layout: layout, rows: rows.sorted { ($0.urgent ? 0 : 1, $0.order) < ($1.urgent ? 0 : 1, $1.order) },
            toDraft: toDraft, seesAll: seesAll, showingAll: showingAll, csrf: csrf)
    }

    /// Every clock of one plan that needs its coordinator, and whether any is urgent.
    static func alerts(_ plan: IpusPlan, _ l: Loaded, today: CalendarDay) -> ([String], Bool) {
        var alerts: [String] = []
        var urgent = false
        if plan.approvedVersion == nil {
            let clock = IntakeRules.clock(due: plan.due, today: today)
            alerts.append("opracowanie do \(plan.due.polish): \(clock.polish)")
            if case .onTime = clock {} else { urgent = true }
        }
        if let n = plan.approvedVersion, let v = l.versions.first(where: { $0.$plan.id == plan.id && $0.version == n }) {
            let c = v.content
            let missed = IpusRules.missedReviews(c, notes: l.reviews.filter { $0.$plan.id == plan.id }.map(\.onDay), today: today)
            if !missed.isEmpty {
                alerts.append("zaległy przegląd (\(missed.map(\.polish).joined(separator: ", ")))")
                urgent = true
            } else if let next = IpusRules.nextReview(c, today: today) {
                alerts.append("przegląd \(next.polish)")
            }
            if IpusRules.endApproaching(c, today: today) {
                alerts.append("koniec planu \(c.end.polish)")
                urgent = true
            }
            if c.end < today {
                alerts.append("okres planu minął \(c.end.polish)")
                urgent = true
            }
        }
        if let latest = l.versions.first(where: { $0.$plan.id == plan.id && $0.version == plan.latestVersion }),
            latest.state == .awaitingApproval
        {
            alerts.append("wersja \(latest.version) czeka na zatwierdzenie")
        }
        return (alerts, urgent)
    }
}

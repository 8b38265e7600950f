import Fluent
import OpenCUSCore
import Vapor

/// Plan statistics for the organisation.
extension IpusPages {
    struct StatisticsPage: Encodable, Sendable {
        struct Row: Encodable, Sendable {
            let label: String
            let count: Int
        }
        let layout: Layout
        let states: [Row]
        let overdue: Int
        let goals: [Row]
    }

    /// Counts only — for the analyst and the director's reports; no names, no plan contents.
}

extension IpusPages.StatisticsPage {
    struct Loaded: Sendable {
        let plans: [IpusPlan]
        /// The approved version of each closed plan (its goals as assessed at closure).
        let finalVersions: [IpusVersion]
    }

    static func load(_ organisationID: UUID, on db: any Database) async throws -> Loaded {
        let plans = try await IpusPlan.scoped(to: organisationID, on: db).all()
        let closed = plans.filter { $0.state == .closed }
        let versions =
            closed.isEmpty
            ? []
            : try await IpusVersion.scoped(to: organisationID, on: db).filter(\.$plan.$id ~~ closed.map { try $0.requireID() })
                .all()
        let final = versions.filter { v in closed.contains { $0.id == v.$plan.id && $0.approvedVersion == v.version } }
        return Loaded(plans: plans, finalVersions: final)
    }

    static func make(_ l: Loaded, today: CalendarDay, layout: Layout) -> IpusPages.StatisticsPage {
        let goals = l.finalVersions.flatMap(\.content.goals)
        return IpusPages.StatisticsPage(
            layout: layout,
            states: IpusState.allCases.map { s in .init(label: s.polishName, count: l.plans.filter { $0.state == s }.count) },
            overdue: l.plans.filter { $0.approvedVersion == nil && $0.state != .closed && $0.due < today }.count,
            goals: GoalStatus.allCases.filter { $0 != .open }.map { s in
                .init(label: s.polishName, count: goals.filter { $0.status == s }.count)
            })
    }
}

import Fluent
import OpenCUSCore
import Vapor

/// One stored version, and the A4 print-outs (the plan in force, the closure summary).
extension IpusPages {
    struct VersionPage: Encodable, Sendable {
        let layout: Layout
        let id: UUID
        let number: String
        let person: String
        let version: Int
        let state: String
        let reason: String
        let approved: String
        let content: [ContentView]
        let previous: Int?
        let diff: [IpusDiff.Change]
    }

    struct PrintPage: Encodable, Sendable {
        let layout: Layout
        let id: UUID
        let organisation: String
        let number: String
        let version: Int
        let person: String
        let coordinator: String
        let approved: String
        let content: [ContentView]
        let summaryOn: String?
        let summary: String
    }
}

extension IpusPages.VersionPage {
    /// One stored version with what changed since the one before it.
    static func make(
        _ plan: IpusPlan, person: Person, version v: IpusVersion, previous: IpusVersion?, layout: Layout
    ) throws -> IpusPages.VersionPage {
        IpusPages.VersionPage(
            layout: layout, id: try plan.requireID(), number: plan.number, person: person.fullName, version: v.version,
            state: v.state.polishName, reason: v.reason, approved: v.approval ?? "—", content: [IpusPages.view(v.content)],
            previous: previous?.version, diff: previous.map { IpusDiff.between($0.content, v.content) } ?? [])
    }
}

extension IpusPages.PrintPage {
    /// The plan to sign (the approved version; before approval, the draft marked as such).
    static func make(
        _ plan: IpusPlan, version v: IpusVersion, person: Person, organisation: Organisation, layout: Layout
    ) throws -> IpusPages.PrintPage {
        IpusPages.PrintPage(
            layout: layout, id: try plan.requireID(), organisation: organisation.name, number: plan.number,
            version: v.version, person: person.fullName, coordinator: plan.coordinatorName,
            approved: v.approval ?? "projekt — jeszcze niezatwierdzony", content: [IpusPages.view(v.content)],
            summaryOn: plan.summaryOn?.polish, summary: plan.summary)
    }
}

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

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

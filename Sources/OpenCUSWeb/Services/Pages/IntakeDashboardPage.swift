import Foundation
import OpenCUSCore

/// The intake dashboard: places per service, the open applications by deadline group, IPUS clocks.
struct IntakeDashboardPage: Encodable, Sendable {
    struct ServiceRow: Encodable, Sendable {
        let id: UUID
        let name: String
        let places: String
        let inUse: Int
        let reserve: Int
        let percent: Int
        let barWidth: Int
        let availability: String
    }
    struct ApplicationRow: Encodable, Sendable {
        let id: UUID
        let number: String
        let person: String
        let received: String
        let open: Int
        let due: String
        let dueState: String
    }
    struct IpusRow: Encodable, Sendable {
        let applicationID: UUID
        let number: String
        let person: String
        let due: String
        let state: String
    }
    let layout: Layout
    let services: [ServiceRow]
    let applications: [ApplicationRow]
    let ipus: [IpusRow]
    let openCount: Int
    let overdueCount: Int
    let dueSoonCount: Int
    let toScheduleCount: Int
    let shownCount: Int
    /// The deadline group listed ("all", "schedule", "soon", "overdue") and its heading.
    let show: String
    let listHeading: String
    /// How many applications the listed group has (all open ones when not filtered).
    let listCount: Int
    let canConfigure: Bool
    let range: String
    let page: Int
    let pages: Int
    let previous: String?
    let next: String?
}

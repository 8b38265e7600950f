import Foundation
import OpenCUSCore

/// One page of a service's reserve list, in its order.
struct ReserveListPage: Encodable, Sendable {
    struct Row: Encodable, Sendable {
        let position: Int
        let applicationID: UUID
        let number: String
        let person: String
        let received: String
        let criteria: String
        let offered: Bool
    }
    let layout: Layout
    let service: String
    let availability: String
    /// People holding a freed place until staff confirm it: apart from the queue.
    let offers: [Row]
    /// The queue, numbered as residents see their place (offers not counted).
    let rows: [Row]
    let total: Int
    /// How the queue is ordered, in words, with the programme's criteria in their order.
    let orderRule: String
    let criteria: [String]
    let page: Int
    let pages: Int
    let previous: String?
    let next: String?
}

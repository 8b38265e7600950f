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
    let rows: [Row]
    let total: Int
    let page: Int
    let pages: Int
    let previous: String?
    let next: String?
}

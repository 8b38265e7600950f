import Fluent
import OpenCUSCore
import Vapor

/// The page models of `EventAdminController` (what its templates receive).
extension EventAdminController {
    struct OverviewPage: Encodable, Sendable {
        struct Item: Encodable, Sendable {
            let id: UUID
            let label: String
            let detail: String?
        }
        typealias Option = SelectOption
        let layout: Layout
        let id: UUID
        let slug: String
        let title: String
        let dates: String
        let place: String
        let status: String
        let statusName: String
        let isPublic: Bool
        let canPublish: Bool
        let notice: String?
        let blocking: [String]
        let warnings: [String]
        let rooms: [Item]
        let people: [Item]
        let organisations: [Item]
        let groups: [Item]
        let attachments: [Item]
        let days: [EventViews.Day]
        let roleOptions: [Option]
        let directory: [Option]
        let entryOptions: [Option]
        let error: String?
        let cloneStart: String
        let images: [Option]
        let coverID: String
        let coverAlt: String
    }
}

import Fluent
import OpenCUSCore
import Vapor

/// The page models of `PublicEventsController` (what its templates receive).
extension PublicEventsController {
    struct ListPage: Encodable, Sendable {
        typealias Option = SelectOption
        let layout: Layout
        let upcoming: [EventViews.Card]
        let archive: [EventViews.Card]
        let kinds: [Option]
        let voivodeships: [Option]
        let organisers: [Option]
        let filtered: Bool
        let summary: String
    }

    struct EventPage: Encodable, Sendable {
        let layout: Layout
        let slug: String
        let title: String
        let subtitle: String?
        let motto: String?
        let kind: String
        let dates: String
        let startISO: String
        let endISO: String
        let venue: [String]
        let onlineURL: String?
        let descriptionHTML: String
        let audience: [TextBlock]
        let aims: [TextBlock]
        let topics: [TextBlock]
        let contactName: String?
        let contactEmail: String?
        let contactPhone: String?
        let partners: [EventViews.PartnerGroup]
        let funding: Funding?
        let days: [EventViews.Day]
        let speakers: [EventViews.Speaker]
        let attachments: [EventViews.Attachment]
        let registration: [TextBlock]
        let cancelled: Bool
        let cancellationNotice: String?
        let isPast: Bool
        let jsonLD: String
        let coverURL: String?
        let coverAlt: String?
        /// Per-entry "add to calendar" links (not in the print view).
        let calendarLinks: Bool
        /// Online registration: the form's address while it is open, and a status line.
        let registrationURL: String?
        let registrationStatus: String?
        /// The published report, when there is one.
        let reportURL: String?
    }
}

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

extension EventAdminController.OverviewPage {
    /// The event's overview from its loaded bundle and the organisation directory.
    static func make(
        _ event: Event, bundle: EventBundle, directory: [Organisation], layout: Layout, notice: String?, error: String?
    ) throws -> EventAdminController.OverviewPage {
        let problems = bundle.problems
        return EventAdminController.OverviewPage(
            layout: layout,
            id: try event.requireID(), slug: event.slug, title: event.displayTitle,
            dates: EventViews.dates(event.startDay, event.endDay),
            place: EventViews.place(event), status: event.status.rawValue, statusName: event.status.polishName,
            isPublic: event.status.isPublic, canPublish: !problems.contains(where: \.blocksPublication),
            notice: notice,
            blocking: problems.filter(\.blocksPublication).map(\.message),
            warnings: problems.filter { !$0.blocksPublication }.map(\.message),
            rooms: try bundle.rooms.map { .init(id: try $0.requireID(), label: $0.name, detail: $0.note) },
            people: try bundle.people.map { .init(id: try $0.requireID(), label: $0.displayName, detail: $0.affiliation) },
            organisations: try bundle.organisations.map {
                .init(id: try $0.requireID(), label: $0.name, detail: $0.role.polishName)
            },
            groups: try bundle.groups.map {
                .init(
                    id: try $0.requireID(), label: $0.title,
                    detail: "wybór: do \($0.maxChoices)\($0.choiceRequired ? ", obowiązkowy" : ", dobrowolny")")
            },
            attachments: try bundle.attachments.map {
                .init(
                    id: try $0.requireID(), label: $0.title,
                    detail: "\($0.filename), \(AttachmentKind.label(forContentType: $0.contentType))"
                )
            },
            days: EventViews.days(bundle, problems: problems),
            roleOptions: EventOrganisationRole.allCases.map { .init(value: $0.rawValue, label: $0.polishName) },
            directory: directory.map { .init(value: $0.slug, label: $0.name) },
            entryOptions: try bundle.entries.map {
                .init(value: try $0.requireID().uuidString, label: "\(EventViews.time($0.startsAt).text) \($0.title)")
            },
            error: error,
            cloneStart: event.startDay.adding(days: 365).iso,
            images: try bundle.attachments.filter { $0.contentType.hasPrefix("image/") }.map {
                .init(value: try $0.requireID().uuidString, label: $0.title)
            },
            coverID: event.coverAttachmentID?.uuidString ?? "", coverAlt: event.coverAlt ?? "")
    }
}

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

extension PublicEventsController.EventPage {
    /// The public page of an event from its loaded bundle and registration settings.
    static func make(
        _ bundle: EventBundle, settings: RegistrationSettings?, hasReport: Bool, now: Date, baseURL: URL, layout: Layout,
        section: String
    ) throws -> PublicEventsController.EventPage {
        let event = bundle.event
        let today = CalendarDay(now, in: WallClock.warsaw)
        let venue = [
            event.venueName, event.venueStreet, [event.venuePostcode, event.venueCity].compactMap { $0 }.joined(separator: " "),
        ]
        .compactMap { $0?.isEmpty == false ? $0 : nil }
        var registrationURL: String?
        var registrationStatus: String?
        if let settings, settings.enabled {
            let availability = settings.window.availability(
                now: now, eventStatus: event.status, lastDay: event.endDay)
            if availability.isOpen {
                registrationURL = SiteRoute.publicRegistrationShowForm.url(event.slug)
                registrationStatus = settings.closesAt.map { "Zgłoszenia przyjmujemy do \(WarsawTime.format($0))." }
            } else if case .eventOver = availability {
                registrationStatus = nil
            } else {
                registrationStatus = availability.polishReason()
            }
        }
        return PublicEventsController.EventPage(
            layout: layout,
            slug: event.slug, title: event.displayTitle, subtitle: event.subtitle, motto: event.motto,
            kind: event.kind.polishName,
            dates: EventViews.dates(event.startDay, event.endDay), startISO: event.startDay.iso, endISO: event.endDay.iso,
            venue: venue, onlineURL: event.onlineURL, descriptionHTML: MarkdownRenderer.html(event.description),
            audience: TextBlock.parse(event.audience), aims: TextBlock.parse(event.aims), topics: TextBlock.parse(event.topics),
            contactName: event.contactName, contactEmail: event.contactEmail, contactPhone: event.contactPhone,
            partners: EventViews.partners(bundle),
            funding: PublicEventsController.Funding(event),
            days: EventViews.days(bundle),
            speakers: EventViews.speakers(bundle),
            attachments: bundle.attachments.filter { a in
                // Images already shown as cover, photo or logo are not repeated as downloads.
                let used = Set(
                    [event.coverAttachmentID] + bundle.people.map(\.photoAttachmentID)
                        + bundle.organisations.map(\.logoAttachmentID))
                return a.$entry.id == nil && !used.contains(a.id)
            }.map { EventViews.attachment($0, slug: event.slug) },
            registration: TextBlock.parse(event.registrationInfo),
            cancelled: event.status == .cancelled, cancellationNotice: event.cancellationNotice,
            isPast: event.endDay < today,
            jsonLD: EventJSON.jsonLD(bundle, baseURL: baseURL),
            coverURL: EventViews.imageURL(event.coverAttachmentID, in: bundle),
            coverAlt: event.coverAlt,
            calendarLinks: section != "print",
            registrationURL: registrationURL, registrationStatus: registrationStatus,
            reportURL: hasReport ? SiteRoute.reportPublicPage.url(event.slug) : nil)
    }
}

extension PublicEventsController.ListPage {
    /// Upcoming events first (soonest first), then the archive (newest first), with the filters.
    static func make(
        _ listing: EventListing, reported: Set<UUID>, today: CalendarDay, kind: EventKind?,
        voivodeship: Voivodeship?, organiser: String?, layout: Layout
    ) throws -> PublicEventsController.ListPage {
        let upcoming = listing.events.filter { $0.endDay >= today }.sorted { $0.startDay < $1.startDay }
        let archive = listing.events.filter { $0.endDay < today }.sorted { $0.startDay > $1.startDay }
        return PublicEventsController.ListPage(
            layout: layout,
            upcoming: upcoming.map { EventViews.card($0, organisers: listing.organisers(of: $0), isPast: false) },
            archive: try archive.map { event in
                var card = EventViews.card(event, organisers: listing.organisers(of: event), isPast: true)
                if reported.contains(try event.requireID()) { card.reportURL = SiteRoute.reportPublicPage.url(event.slug) }
                return card
            },
            kinds: EventKind.allCases.map { .init(value: $0.rawValue, label: $0.polishName, selected: $0 == kind) },
            voivodeships: Voivodeship.allCases.map {
                .init(value: $0.rawValue, label: $0.polishName, selected: $0 == voivodeship)
            },
            organisers: listing.organiserChoices.map { .init(value: $0.slug, label: $0.name, selected: $0.slug == organiser) },
            filtered: kind != nil || voivodeship != nil || organiser != nil,
            summary: PolishPlural(one: "wydarzenie", few: "wydarzenia", many: "wydarzeń").phrase(listing.events.count))
    }
}

extension PublicEventsController {
    struct Funding: Encodable, Sendable {
        let project: String?
        let programme: String?
        let funds: String?
        let statement: String?

        /// The event's funding attribution, or nil when it has none.
        init?(_ event: Event) {
            guard
                [event.fundingProject, event.fundingProgramme, event.fundingFunds, event.fundingStatement].contains(where: {
                    $0?.isEmpty == false
                })
            else { return nil }
            (project, programme, funds, statement) = (
                event.fundingProject, event.fundingProgramme, event.fundingFunds, event.fundingStatement
            )
        }
    }
}

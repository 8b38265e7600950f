import Foundation
import OpenCUSCore

/// Display structs for events, built from an `EventBundle`. Shared by the event page, the print
/// view and the back office so that all three show the programme the same way.
enum EventViews {
    struct Card: Encodable, Sendable {
        let slug: String
        let title: String
        let subtitle: String?
        let kind: String
        let dates: String
        let startISO: String
        let place: String
        let organisers: String
        let registration: String?
        let cancelled: Bool
        var reportURL: String? = nil
    }

    struct Time: Encodable, Sendable {
        /// "10:00"
        let text: String
        /// "2022-06-21T10:00:00+02:00" for `<time datetime>`.
        let iso: String
    }

    struct PersonLine: Encodable, Sendable {
        let role: String
        let name: String
        let affiliation: String?
    }

    struct Entry: Encodable, Sendable {
        let id: UUID
        let start: Time
        let end: Time?
        let type: String
        let title: String
        let descriptionHTML: String
        let place: String?
        let people: [PersonLine]
        let organisations: [String]
        let capacity: String?
        let isBreak: Bool
        let attachments: [Attachment]
        let problems: [String]
    }

    struct Group: Encodable, Sendable {
        let start: Time
        let title: String
        let choiceText: String
        let alternatives: [Entry]
    }

    /// One row of a day: a single entry or a block of parallel alternatives.
    struct Item: Encodable, Sendable {
        let entry: Entry?
        let group: Group?
    }

    struct Day: Encodable, Sendable {
        let iso: String
        let label: String
        let items: [Item]
    }

    struct Attachment: Encodable, Sendable {
        let title: String
        let url: String
        let kind: String
        let size: String
    }

    struct PartnerGroup: Encodable, Sendable {
        let role: String
        let names: [String]
        let members: [Partner]
    }

    struct Partner: Encodable, Sendable {
        let name: String
        let logoURL: String?
    }

    struct Speaker: Encodable, Sendable {
        let name: String
        let affiliation: String?
        let bio: String?
        let photoURL: String?
        let photoAlt: String?
    }

    /// URL of an image attachment of the event, if it is one.
    static func imageURL(_ id: UUID?, in bundle: EventBundle) -> String? {
        guard let id, let a = bundle.attachments.first(where: { $0.id == id }), a.contentType.hasPrefix("image/") else {
            return nil
        }
        return SiteRoute.publicEventDownload.url(bundle.event.slug, id, a.filename)
    }

    static func dates(_ first: CalendarDay, _ last: CalendarDay) -> String {
        if first == last { return first.polish }
        if first.year == last.year && first.month == last.month { return "\(first.day)–\(last.polish)" }
        return "\(first.polish) – \(last.polish)"
    }

    static func place(_ event: Event) -> String {
        let parts = [event.venueName, event.venueCity].compactMap { $0?.isEmpty == false ? $0 : nil }
        if parts.isEmpty { return event.onlineURL == nil ? "" : "online" }
        return parts.joined(separator: ", ") + (event.onlineURL != nil ? " oraz online" : "")
    }

    static func time(_ instant: Date) -> Time {
        let (day, time) = WallClock.local(instant)
        let offset = WallClock.warsaw.secondsFromGMT(for: instant) / 3600
        return Time(text: time.description, iso: "\(day.iso)T\(time):00+\(String(format: "%02d", offset)):00")
    }

    static func card(_ event: Event, organisers: [String], isPast: Bool) -> Card {
        Card(
            slug: event.slug, title: event.displayTitle, subtitle: event.subtitle, kind: event.kind.polishName,
            dates: dates(event.startDay, event.endDay), startISO: event.startDay.iso, place: place(event),
            organisers: organisers.joined(separator: ", "),
            registration: event.registrationInfo.isEmpty || isPast || event.status == .cancelled ? nil : "Rejestracja wymagana",
            cancelled: event.status == .cancelled)
    }

    static func attachment(_ a: EventAttachment, slug: String) -> Attachment {
        Attachment(
            title: a.title, url: SiteRoute.publicEventDownload.url(slug, a.id?.uuidString ?? "", a.filename),
            kind: AttachmentKind.label(forContentType: a.contentType),
            size: ByteCountFormatter.string(fromByteCount: Int64(a.size), countStyle: .file))
    }

    static func entry(_ e: AgendaEntry, in bundle: EventBundle, problems: [ScheduleProblem] = []) -> Entry {
        let id = e.id ?? UUID()
        let people = bundle.entryPeople.filter { $0.$entry.id == id }.compactMap { link -> PersonLine? in
            guard let person = bundle.person(link.$person.id) else { return nil }
            return PersonLine(role: link.role.polishName, name: person.displayName, affiliation: person.affiliation)
        }
        let place = bundle.room(e.$room.id).map { RoomLabel.inSentence($0.name) } ?? e.placeNote
        let group = bundle.group(e.$parallelGroup.id)
        return Entry(
            id: id, start: time(e.startsAt), end: e.endsAt.map(time), type: e.type.polishName, title: e.title,
            descriptionHTML: MarkdownRenderer.html(e.description), place: place, people: people,
            organisations: bundle.entryOrganisations.filter { $0.$entry.id == id }.map(\.name),
            capacity: group != nil ? e.capacity.map { "Liczba miejsc: \($0)" } : nil,
            isBreak: e.type.isBreak,
            attachments: bundle.attachments.filter { $0.$entry.id == id }.map { attachment($0, slug: bundle.event.slug) },
            problems: problems.filter { $0.entryIDs.contains(id) }.map(\.message))
    }

    /// The programme by day; alternatives of one parallel group that start together become one item.
    static func days(_ bundle: EventBundle, problems: [ScheduleProblem] = []) -> [Day] {
        let byDay = Dictionary(grouping: bundle.entries) { WallClock.local($0.startsAt).day }
        return byDay.keys.sorted().map { day in
            var items: [Item] = []
            var consumed = Set<UUID>()
            let entries = byDay[day]!.sorted { ($0.startsAt, $0.title) < ($1.startsAt, $1.title) }
            for e in entries {
                guard let id = e.id, !consumed.contains(id) else { continue }
                if let group = bundle.group(e.$parallelGroup.id) {
                    let alternatives = entries.filter { $0.$parallelGroup.id == group.id }
                    alternatives.forEach { if let id = $0.id { consumed.insert(id) } }
                    let choice =
                        group.maxChoices == 1
                        ? (group.choiceRequired
                            ? "Wybierz jedną z \(alternatives.count) możliwości."
                            : "Możesz wybrać jedną z \(alternatives.count) możliwości.")
                        : "Możesz wybrać do \(group.maxChoices) z \(alternatives.count) możliwości."
                    items.append(
                        Item(
                            entry: nil,
                            group: Group(
                                start: time(e.startsAt), title: group.title, choiceText: choice,
                                alternatives: alternatives.map { entry($0, in: bundle, problems: problems) })))
                } else {
                    consumed.insert(id)
                    items.append(Item(entry: entry(e, in: bundle, problems: problems), group: nil))
                }
            }
            return Day(iso: day.iso, label: "\(day.polishWeekday.capitalizedFirst), \(day.polish)", items: items)
        }
    }

    static func partners(_ bundle: EventBundle) -> [PartnerGroup] {
        EventOrganisationRole.allCases.compactMap { role in
            let links = bundle.organisations.filter { $0.role == role }
            return links.isEmpty
                ? nil
                : PartnerGroup(
                    role: role.polishPlural, names: links.map(\.name),
                    members: links.map { Partner(name: $0.name, logoURL: imageURL($0.logoAttachmentID, in: bundle)) })
        }
    }

    /// People who speak, moderate or present, in order of their first appearance.
    static func speakers(_ bundle: EventBundle) -> [Speaker] {
        var seen = Set<UUID>()
        var out: [Speaker] = []
        for entry in bundle.entries {
            for link in bundle.entryPeople where link.$entry.id == entry.id && !seen.contains(link.$person.id) {
                guard let person = bundle.person(link.$person.id) else { continue }
                seen.insert(link.$person.id)
                let photo = imageURL(person.photoAttachmentID, in: bundle)
                out.append(
                    Speaker(
                        name: person.displayName, affiliation: person.affiliation, bio: person.bio, photoURL: photo,
                        photoAlt: photo == nil ? nil : person.photoAlt))
            }
        }
        return out
    }
}

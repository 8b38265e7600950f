import Fluent
import Foundation
import OpenCUSCore
import Vapor

/// Machine-readable events: schema.org JSON-LD on the event page, and the public JSON feed
/// `GET /api/v1/events` and `GET /api/v1/events/{id}` (documented in the README). Same public
/// statuses as the pages: drafts never appear.
enum EventJSON {
    struct Summary: Content {
        let id: UUID
        let slug: String
        let url: String
        let title: String
        let subtitle: String?
        let kind: String
        let status: String
        let startDay: String
        let endDay: String
        let city: String?
        let voivodeship: String?
        let online: Bool
        let organisers: [String]
    }

    struct Page: Content {
        let items: [Summary]
        let page: Int
        let perPage: Int
        let total: Int
    }

    struct Detail: Content {
        struct Organisation: Content {
            let name: String
            let role: String
            let directorySlug: String?
        }
        struct Room: Content {
            let id: UUID
            let name: String
        }
        struct Person: Content {
            let id: UUID
            let name: String
            let honorific: String?
            let affiliation: String?
        }
        struct Group: Content {
            let id: UUID
            let title: String
            let maxChoices: Int
            let choiceRequired: Bool
        }
        struct EntryPerson: Content {
            let personID: UUID
            let role: String
        }
        struct Entry: Content {
            let id: UUID
            let startsAt: String
            let endsAt: String?
            let type: String
            let title: String
            let description: String
            let roomID: UUID?
            let place: String?
            let parallelGroupID: UUID?
            let capacity: Int?
            let people: [EntryPerson]
            let presentingOrganisations: [String]
        }
        let event: Summary
        let motto: String?
        let venue: [String]
        let onlineURL: String?
        let description: String
        let audience: String
        let aims: String
        let topics: String
        let funding: [String: String]
        let organisations: [Organisation]
        let rooms: [Room]
        let people: [Person]
        let parallelGroups: [Group]
        let agenda: [Entry]
        /// Present when the event takes registrations.
        let registration: RegistrationAPI.Status?
    }

    static func iso(_ date: Date) -> String {
        let t = EventViews.time(date)
        return t.iso
    }

    static func summary(_ event: Event, organisers: [String], baseURL: URL) throws -> Summary {
        Summary(
            id: try event.requireID(), slug: event.slug, url: baseURL.absoluteString + SiteRoute.publicEventPage.url(event.slug),
            title: event.displayTitle,
            subtitle: event.subtitle, kind: event.kind.rawValue, status: event.status.rawValue, startDay: event.startDay.iso,
            endDay: event.endDay.iso, city: event.venueCity, voivodeship: event.voivodeship?.rawValue,
            online: event.onlineURL != nil,
            organisers: organisers)
    }

    @Sendable static func list(_ request: Request) async throws -> Page {
        let kind = request.query[String.self, at: "kind"].flatMap(EventKind.init(rawValue:))
        let voivodeship = request.query[String.self, at: "voivodeship"].flatMap(Voivodeship.init(rawValue:))
        let organiser = request.query[String.self, at: "organiser"].flatMap { $0.isEmpty ? nil : $0 }
        let page = max(1, min(request.query[Int.self, at: "page"] ?? 1, 10_000))
        let perPage = max(1, min(request.query[Int.self, at: "per_page"] ?? 20, 100))
        let listing = try await EventListing.load(kind: kind, voivodeship: voivodeship, organiserSlug: organiser, on: request.db)
        let sorted = listing.events.sorted { ($0.startDay, $0.slug) > ($1.startDay, $1.slug) }
        let slice = sorted.dropFirst((page - 1) * perPage).prefix(perPage)
        return Page(
            items: try slice.map { try summary($0, organisers: listing.organisers(of: $0), baseURL: request.config.baseURL) },
            page: page, perPage: perPage, total: sorted.count)
    }

    @Sendable static func detail(_ request: Request) async throws -> Detail {
        guard let id = request.parameters.get("id", as: UUID.self),
            let event = try await Event.query(on: request.db).filter(\.$id == id)
                .filter(\.$status ~~ EventStatus.allCases.filter(\.isPublic)).first()
        else { throw Abort(.notFound) }
        let bundle = try await EventBundle.load(event, on: request.db)
        let directory = try await Organisation.query(on: request.db)
            .filter(\.$id ~~ bundle.organisations.compactMap { $0.$partner.id }).all()
        let organisers = bundle.organisations.filter { $0.role == .organiser || $0.role == .coOrganiser }.map(\.name)
        var registration: RegistrationAPI.Status?
        if let context = try await RegistrationContext.load(
            event, on: request.db, cache: request.application.opencus.registrationContexts),
            context.settings.enabled
        {
            registration = try await RegistrationAPI.status(context, on: request.db, now: request.clock.now())
        }
        var funding: [String: String] = [:]
        funding["project"] = event.fundingProject
        funding["programme"] = event.fundingProgramme
        funding["funds"] = event.fundingFunds
        funding["statement"] = event.fundingStatement
        return Detail(
            event: try summary(event, organisers: organisers, baseURL: request.config.baseURL),
            motto: event.motto,
            venue: [event.venueName, event.venueStreet, event.venuePostcode, event.venueCity].compactMap { $0 },
            onlineURL: event.onlineURL, description: event.description, audience: event.audience, aims: event.aims,
            topics: event.topics, funding: funding,
            organisations: bundle.organisations.map { link in
                .init(
                    name: link.name, role: link.role.rawValue, directorySlug: directory.first { $0.id == link.$partner.id }?.slug)
            },
            rooms: try bundle.rooms.map { .init(id: try $0.requireID(), name: $0.name) },
            people: try bundle.people.map {
                .init(id: try $0.requireID(), name: $0.name, honorific: $0.honorific, affiliation: $0.affiliation)
            },
            parallelGroups: try bundle.groups.map {
                .init(id: try $0.requireID(), title: $0.title, maxChoices: $0.maxChoices, choiceRequired: $0.choiceRequired)
            },
            agenda: try bundle.entries.map { entry in
                .init(
                    id: try entry.requireID(), startsAt: iso(entry.startsAt), endsAt: entry.endsAt.map(iso),
                    type: entry.type.rawValue,
                    title: entry.title, description: entry.description, roomID: entry.$room.id, place: entry.placeNote,
                    parallelGroupID: entry.$parallelGroup.id, capacity: entry.capacity,
                    people: bundle.entryPeople.filter { $0.$entry.id == entry.id }.map {
                        .init(personID: $0.$person.id, role: $0.role.rawValue)
                    },
                    presentingOrganisations: bundle.entryOrganisations.filter { $0.$entry.id == entry.id }.map(\.name))
            },
            registration: registration)
    }

    /// schema.org/Event for search engines, safe to embed in a `<script>` element: every "<" is
    /// written as \u003c, so no "</script>" can appear in it.
    static func jsonLD(_ bundle: EventBundle, baseURL: URL) -> String {
        struct Place: Encodable {
            let type = "Place"
            let name: String
            let address: String
            enum CodingKeys: String, CodingKey { case type = "@type", name, address }
        }
        struct Org: Encodable {
            let type = "Organization"
            let name: String
            enum CodingKeys: String, CodingKey { case type = "@type", name }
        }
        struct LD: Encodable {
            let context = "https://schema.org"
            let type = "Event"
            let name: String
            let description: String?
            let startDate: String
            let endDate: String
            let eventStatus: String
            let eventAttendanceMode: String
            let location: Place?
            let organizer: [Org]
            let url: String
            enum CodingKeys: String, CodingKey {
                case context = "@context", type = "@type", name, description, startDate, endDate, eventStatus,
                    eventAttendanceMode,
                    location, organizer, url
            }
        }
        let event = bundle.event
        let place = event.venueCity.map { city in
            Place(
                name: event.venueName ?? city,
                address: [event.venueStreet, [event.venuePostcode, city].compactMap { $0 }.joined(separator: " ")].compactMap {
                    $0
                }.joined(separator: ", "))
        }
        let mode =
            event.onlineURL == nil
            ? "OfflineEventAttendanceMode" : (place == nil ? "OnlineEventAttendanceMode" : "MixedEventAttendanceMode")
        let ld = LD(
            name: event.displayTitle, description: event.subtitle ?? event.motto, startDate: event.startDay.iso,
            endDate: event.endDay.iso,
            eventStatus: "https://schema.org/" + (event.status == .cancelled ? "EventCancelled" : "EventScheduled"),
            eventAttendanceMode: "https://schema.org/" + mode, location: place,
            organizer: bundle.organisations.filter { $0.role == .organiser || $0.role == .coOrganiser }.map {
                Org(name: $0.name)
            },
            url: baseURL.absoluteString + SiteRoute.publicEventPage.url(event.slug))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = (try? encoder.encode(ld)).flatMap { String(data: $0, encoding: .utf8) } ?? "{}"
        return json.replacingOccurrences(of: "<", with: "\\u003c").replacingOccurrences(of: ">", with: "\\u003e")
            .replacingOccurrences(of: "&", with: "\\u0026")
    }
}

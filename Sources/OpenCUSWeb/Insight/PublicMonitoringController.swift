import Fluent
import OpenCUSCore
import Vapor

/// The public page "Jak realizujemy program usług społecznych" and its JSON for the gmina's
/// site: the organisation's latest monthly publication (`ProgrammeMonitoring`), read from the
/// published aggregate table only — no query here touches a person's row, and there are no
/// filters (a reader cannot ask for two slices that differ by a few people).
enum PublicMonitoringController {
    struct Published {
        let organisation: Organisation
        let monitoring: ProgrammeMonitoring?
        let publishedAt: Date?
    }

    static func load(_ request: Request) async throws -> Published {
        let organisation = try await PublicCatalogueController.organisation(request)
        let id = try organisation.requireID()
        guard try await InsightSettings.of(id, on: request.db).publishMonitoring else {
            throw Abort(.notFound, reason: "\(organisation.name) nie publikuje w OpenCUS strony monitoringu programu usług.")
        }
        let latest = try await InsightPublication.latest(.monitoring, of: [id], on: request.db)[id]
        return Published(
            organisation: organisation, monitoring: try latest?.decode(ProgrammeMonitoring.self), publishedAt: latest?.publishedAt
        )
    }

    @Sendable static func page(_ request: Request) async throws -> Response {
        let published = try await load(request)
        let organisation = published.organisation
        let programme = try await Programme.scoped(to: try organisation.requireID(), on: request.db).filter(\.$state == .inForce)
            .first()
        return try await request.render(
            "insight/monitoring",
            PublicMonitoringPage.make(
                published.monitoring, organisation: organisation, programme: programme, publishedAt: published.publishedAt,
                layout: try await request.layout(title: "Jak realizujemy program usług społecznych", section: "services")
                    .branded(organisation)))
    }

    @Sendable static func json(_ request: Request) async throws -> Response {
        let published = try await load(request)
        return try await MonitoringJSON(published, base: request.config.baseURL).encodeResponse(for: request)
    }
}

/// The JSON of the monitoring page: each count as its value (null when not shown) and as
/// shown ("<5", "ukryte"), so a consumer never mistakes a hidden count for zero.
struct MonitoringJSON: Content {
    struct Count: Codable, Sendable {
        let value: Int?
        let display: String
        let suppressed: Bool
    }

    struct Service: Codable, Sendable {
        let id: UUID
        let url: String
        let name: String
        let area: String
        let places: Int?
        let using: Count
        let waiting: Count
        let grantedInMonth: Count
        let occupancyPercent: Int?
    }

    struct Totals: Codable, Sendable {
        let places: Int
        let using: Count
        let waiting: Count
        let grantedInMonth: Count
    }

    let organisation: String
    let name: String
    let month: String?
    /// ISO 8601, UTC.
    let publishedAt: String?
    let threshold: Int?
    let services: [Service]
    let totals: Totals?

    init(_ p: PublicMonitoringController.Published, base: URL) {
        let rule = DisclosureRule(threshold: p.monitoring?.threshold ?? DisclosureRule.standard.threshold)
        func count(_ c: DisclosedCell) -> Count { Count(value: c.value, display: c.label(rule), suppressed: c.value == nil) }
        organisation = p.organisation.slug
        name = p.organisation.name
        month = p.monitoring?.month.key
        publishedAt = p.publishedAt.map { ISO8601DateFormatter().string(from: $0) }
        threshold = p.monitoring?.threshold
        services = (p.monitoring?.services ?? []).map { s in
            Service(
                id: s.id, url: base.appendingPathComponent("services/\(p.organisation.slug)/\(s.id.uuidString)").absoluteString,
                name: s.name, area: s.area, places: s.places, using: count(s.using), waiting: count(s.waiting),
                grantedInMonth: count(s.granted), occupancyPercent: s.occupancy)
        }
        totals = p.monitoring.map { m in
            Totals(
                places: m.totalPlaces, using: count(m.totalUsing), waiting: count(m.totalWaiting),
                grantedInMonth: count(m.totalGranted))
        }
    }
}

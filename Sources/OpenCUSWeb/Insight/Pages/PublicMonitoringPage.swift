import Foundation
import OpenCUSCore

/// `insight/monitoring.leaf`: one row per service of the programme with its places, the people
/// using it and waiting at the month's end, those granted it in the month and the occupancy,
/// all as published (small numbers as "<5", cells hidden to protect them as "ukryte").
struct PublicMonitoringPage: Encodable, Sendable {
    struct Row: Encodable, Sendable {
        let name: String
        let url: String
        let area: String
        let places: String
        let using: String
        let waiting: String
        let granted: String
        let occupancy: String
    }

    let layout: Layout
    let organisationName: String
    let catalogueURL: String
    let jsonURL: String
    let programme: String?
    let month: String?
    let publishedAt: String?
    let threshold: Int
    /// The largest count "<threshold" stands for.
    let largestSmall: Int
    let rows: [Row]
    let totals: Row?
    let anyHidden: Bool

    static func make(
        _ m: ProgrammeMonitoring?, organisation: Organisation, programme: Programme?, publishedAt: Date?, layout: Layout
    ) -> Self {
        let rule = DisclosureRule(threshold: m?.threshold ?? DisclosureRule.standard.threshold)
        let rows = (m?.services ?? []).map { s in
            Row(
                name: s.name, url: SiteRoute.catalogueService.url(organisation.slug, s.id), area: s.area,
                places: s.places.map(String.init) ?? "bez limitu", using: s.using.label(rule), waiting: s.waiting.label(rule),
                granted: s.granted.label(rule), occupancy: s.occupancy.map { "\($0) %" } ?? "—")
        }
        let cells = (m?.services ?? []).flatMap { [$0.using, $0.waiting, $0.granted] }
        return Self(
            layout: layout, organisationName: organisation.name, catalogueURL: SiteRoute.catalogue.url(organisation.slug),
            jsonURL: SiteRoute.publicMonitoringJSON.url(organisation.slug),
            programme: programme.map { $0.title + ($0.resolutionNumber.map { " (uchwała nr \($0))" } ?? "") },
            month: m.map { $0.month.fullLabel }, publishedAt: publishedAt.map { WarsawTime.format($0) },
            threshold: rule.threshold,
            largestSmall: rule.threshold - 1, rows: rows,
            totals: m.map {
                Row(
                    name: "Razem", url: "", area: "", places: String($0.totalPlaces), using: $0.totalUsing.label(rule),
                    waiting: $0.totalWaiting.label(rule), granted: $0.totalGranted.label(rule), occupancy: "—")
            },
            anyHidden: cells.contains(.hidden) || [m?.totalUsing, m?.totalWaiting, m?.totalGranted].contains(.hidden))
    }
}

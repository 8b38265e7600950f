import Foundation
import OpenCUSCore

/// `insight/settings.leaf`: the threshold, the residents figure, the indicators shared with the
/// ROPS (checkboxes by group), the public monitoring page, and the publications written so far.
struct InsightSettingsPage: Encodable, Sendable {
    struct Choice: Encodable, Sendable {
        let code: String
        let id: String
        let label: String
        let checked: Bool
    }

    struct Group: Encodable, Sendable {
        let name: String
        let choices: [Choice]
    }

    struct Publication: Encodable, Sendable {
        let kind: String
        let month: String
        let publishedAt: String
    }

    let layout: Layout
    let form: InsightSettingsForm.Encoded
    let errors: FieldErrors
    let groups: [Group]
    let publications: [Publication]
    let month: String
    let monitoringURL: String?
    let monitoringJSON: String?
    let minimum: Int
    let maximum: Int
    let notice: String?

    static func make(
        form: InsightSettingsForm, errors: FieldErrors, organisation: Organisation?, publications: [InsightPublication],
        month: InsightPeriod, notice: String?, layout: Layout
    ) -> Self {
        let chosen = Set(form.sharedCodes)
        func monthLabel(_ key: String) -> String {
            CalendarDay(iso: key + "-01").map { InsightPeriod(.month, containing: $0).fullLabel } ?? key
        }
        return Self(
            layout: layout, form: .init(form), errors: errors,
            groups: IndicatorDefinition.Group.allCases.map { group in
                Group(
                    name: group.polishName,
                    choices: IndicatorCatalogue.all.filter { $0.group == group }.map {
                        Choice(
                            code: $0.code, id: "share-\($0.code)", label: "\($0.name) (\($0.code))",
                            checked: chosen.contains($0.code))
                    })
            },
            publications: publications.map {
                Publication(
                    kind: $0.kind == .regional ? "Wskaźniki dla ROPS" : "Strona monitoringu programu",
                    month: monthLabel($0.month), publishedAt: WarsawTime.format($0.publishedAt))
            },
            month: month.label,
            monitoringURL: organisation.map { SiteRoute.publicMonitoring.url($0.slug) },
            monitoringJSON: organisation.map { SiteRoute.publicMonitoringJSON.url($0.slug) },
            minimum: DisclosureRule.minimumThreshold, maximum: InsightSettingsForm.maximumThreshold, notice: notice)
    }
}

extension InsightSettingsForm {
    /// The form's text as the template shows it back.
    struct Encoded: Encodable, Sendable {
        let threshold: String
        let residents: String
        let residentsSource: String
        let shareWithRegion: Bool
        let publishMonitoring: Bool

        init(_ f: InsightSettingsForm) {
            (threshold, residents, residentsSource) = (f.threshold, f.residents, f.residentsSource)
            (shareWithRegion, publishMonitoring) = (f.shareWithRegion, f.publishMonitoring)
        }
    }
}

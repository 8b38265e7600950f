import Foundation
import OpenCUSCore

/// The monitoring page (`community-plan/monitoring.leaf`): the form for what an action did, the
/// records of the chosen month (with months to move between), and the aims' measurements.
struct MonitoringPage: Encodable, Sendable {
    static let notices = [
        "recorded": "Zapisano przebieg działania.",
        "deleted": "Usunięto wpis.",
        "measured": "Zapisano pomiar wskaźnika.",
        "photo-deleted": "Usunięto zdjęcie; wpis został.",
    ]

    struct Month: Encodable, Sendable {
        let label: String
        let url: String
        let count: Int
        let current: Bool
    }

    struct Record: Encodable, Sendable {
        let day: String
        let action: String
        let participants: Int
        let volunteers: Int
        let notes: String
        let photoURL: String?
        let photoAlt: String?
        let photoConsentBy: String?
        let deleteURL: String
        let deletePhotoURL: String
        let by: String
    }

    struct Measurement: Encodable, Sendable {
        let day: String
        let aim: String
        let value: String
        let note: String
        let by: String
    }

    let layout: Layout
    let planURL: String
    let summaryURL: String
    let addURL: String
    let measureURL: String
    let title: String
    let monthLabel: String
    let months: [Month]
    let records: [Record]
    let monthTotals: String
    let measurements: [Measurement]
    let actionOptions: [SelectOption]
    let aimOptions: [SelectOption]
    let record: ActionRecordForm
    let measurement: AimProgressForm
    let errors: FieldErrors
    let notice: String?

    static let monthNames = [
        "styczeń", "luty", "marzec", "kwiecień", "maj", "czerwiec", "lipiec", "sierpień", "wrzesień", "październik",
        "listopad", "grudzień",
    ]

    static func monthLabel(_ day: CalendarDay) -> String { "\(monthNames[day.month - 1]) \(day.year)" }

    static func make(
        _ plan: CommunityPlan, content: CommunityPlanContent, records: [CommunityPlanRecord],
        measurements: [CommunityPlanMeasurement], month: CalendarDay, record: ActionRecordForm,
        measurement: AimProgressForm, errors: FieldErrors, notice: String?, layout: Layout
    ) throws -> Self {
        let id = try plan.requireID()
        var counts: [String: Int] = [:]
        for r in records { counts[String(r.day.iso.prefix(7)), default: 0] += 1 }
        let monthKey = String(month.iso.prefix(7))
        let shown = records.filter { $0.day.iso.hasPrefix(monthKey) }
        let months = counts.keys.sorted(by: >).compactMap { key -> Month? in
            guard let first = CalendarDay(iso: key + "-01") else { return nil }
            return Month(
                label: monthLabel(first),
                url: SiteRoute.communityPlanMonitoring.url(id, query: "miesiac=\(key)", fragment: "wpisy"),
                count: counts[key] ?? 0, current: key == monthKey)
        }
        return Self(
            layout: layout, planURL: SiteRoute.communityPlanPage.url(id), summaryURL: SiteRoute.communityPlanSummary.url(id),
            addURL: SiteRoute.communityPlanAddRecord.url(id), measureURL: SiteRoute.communityPlanMeasure.url(id),
            title: plan.title, monthLabel: monthLabel(month), months: months,
            records: try shown.map { r in
                let rid = try r.requireID()
                return Record(
                    day: r.day.polish, action: "\(content.actionCode(r.actionKey).map { "\($0). " } ?? "")\(r.actionTitle)",
                    participants: r.participants, volunteers: r.volunteers, notes: r.notes,
                    photoURL: r.photoKey == nil ? nil : SiteRoute.communityPlanPhoto.url(id, rid), photoAlt: r.photoAlt,
                    photoConsentBy: r.photoConsentBy, deleteURL: SiteRoute.communityPlanDeleteRecord.url(id, rid),
                    deletePhotoURL: SiteRoute.communityPlanDeletePhoto.url(id, rid),
                    by: r.createdBy)
            },
            monthTotals:
                "\(PolishPlural(one: "wpis", few: "wpisy", many: "wpisów").phrase(shown.count)), uczestników łącznie: \(shown.reduce(0) { $0 + $1.participants }), wolontariuszy łącznie: \(shown.reduce(0) { $0 + $1.volunteers })",
            measurements: measurements.map { m in
                let aim = content.aims.first { $0.key == m.aimKey }
                return Measurement(
                    day: m.day.polish, aim: "\(content.aimCode(m.aimKey) ?? "—") \(aim?.indicator ?? "")",
                    value: "\(m.value) \(aim?.unit ?? "")", note: m.note, by: m.createdBy)
            },
            actionOptions: content.actions.map {
                SelectOption(
                    value: $0.key, label: "\(content.actionCode($0.key) ?? ""). \($0.title)", selected: $0.key == record.action)
            },
            aimOptions: content.aims.map {
                SelectOption(
                    value: $0.key, label: "\(content.aimCode($0.key) ?? ""). \($0.indicator) (\($0.unit))",
                    selected: $0.key == measurement.aim)
            },
            record: record, measurement: measurement, errors: errors, notice: notice)
    }
}

/// The yearly summary (`community-plan/summary.leaf`), an A4 page to print and its CSV.
struct SummaryPage: Encodable, Sendable {
    struct Year: Encodable, Sendable {
        let year: Int
        let url: String
        let current: Bool
    }

    let layout: Layout
    let planURL: String?
    let csvURL: String
    let organisationName: String
    let title: String
    let period: String
    let areas: String
    let summary: CommunityYearSummary
    let monthNames: [String]
    let years: [Year]

    static func make(
        _ plan: CommunityPlan, content: CommunityPlanContent, summary: CommunityYearSummary, organisationName: String,
        canManage: Bool, layout: Layout
    ) -> Self {
        let id = plan.id ?? UUID()
        return Self(
            layout: layout, planURL: canManage ? SiteRoute.communityPlanPage.url(id) : nil,
            csvURL: SiteRoute.communityPlanSummaryCSV.url(id, query: "rok=\(summary.year)"), organisationName: organisationName,
            title: content.title, period: "\(content.start.polish) – \(content.end.polish)",
            areas: content.areas.joined(separator: ", "), summary: summary,
            monthNames: MonitoringPage.monthNames.map { String($0.prefix(3)) },
            years: (content.start.year...content.end.year).map {
                Year(year: $0, url: SiteRoute.communityPlanSummary.url(id, query: "rok=\($0)"), current: $0 == summary.year)
            })
    }
}

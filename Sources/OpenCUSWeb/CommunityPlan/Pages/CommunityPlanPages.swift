import Foundation
import OpenCUSCore

/// The plan's content as read on the plan page, a version's page and the consultation: its
/// codes (C1, D1), names instead of ids, and each aim's last measured value.
struct CommunityPlanContentView: Encodable, Sendable {
    struct Issue: Encodable, Sendable {
        let group: String
        let issue: String
        let recommendation: String?
    }

    struct Aim: Encodable, Sendable {
        let code: String
        let text: String
        let indicator: String
        let unit: String
        let baseline: Int
        let target: Int
        let due: String
        let latest: String?
        let progress: Int?
    }

    struct Action: Encodable, Sendable {
        let code: String
        let title: String
        let aims: String
        let lead: String
        let partners: String
        let activities: [SelectOption]
        let area: String
        let places: String
        let schedule: String
        let resources: String
        let expected: Int?
    }

    let title: String
    let period: String
    let areas: [String]
    let issues: [Issue]
    let aims: [Aim]
    let actions: [Action]
    let responsible: String

    static func make(_ c: CommunityPlanContent, names: PlanNames, measurements: [AimMeasurement] = []) -> Self {
        Self(
            title: c.title, period: "\(c.start.polish) – \(c.end.polish)", areas: c.areas,
            issues: c.issues.map {
                Issue(group: $0.group, issue: $0.issue, recommendation: $0.recommendationID.flatMap { names.recommendations[$0] })
            },
            aims: c.aims.map { a in
                let last = measurements.filter { $0.aimKey == a.key }.max { ($0.day, $0.value) < ($1.day, $1.value) }
                return Aim(
                    code: c.aimCode(a.key) ?? "", text: a.text, indicator: a.indicator, unit: a.unit, baseline: a.baseline,
                    target: a.target, due: a.due.polish, latest: last.map { "\($0.value) \(a.unit) (\($0.day.polish))" },
                    progress: last.map { a.progressPercent($0.value) })
            },
            actions: c.actions.map { a in
                Action(
                    code: c.actionCode(a.key) ?? "", title: a.title,
                    aims: a.aimKeys.compactMap { c.aimCode($0) }.joined(separator: ", "), lead: a.lead,
                    partners: a.partnerIDs.compactMap { names.partners[$0] }.joined(separator: ", "),
                    activities: a.activityIDs.compactMap { id in
                        names.activities[id].map { SelectOption(value: SiteRoute.activityPage.url(id), label: $0) }
                    },
                    area: a.area.isEmpty ? "cała gmina" : a.area, places: a.places, schedule: a.schedule, resources: a.resources,
                    expected: a.expectedParticipants)
            },
            responsible: c.responsible)
    }
}

/// The plans' list with the form for a new plan (`community-plan/list.leaf`).
struct CommunityPlanListPage: Encodable, Sendable {
    struct Row: Encodable, Sendable {
        let url: String
        let summaryURL: String
        let title: String
        let period: String
        let inForce: String
        let latest: String

        init(_ plan: CommunityPlan, governing: CommunityPlanContent, latest: CommunityPlanVersion) throws {
            let id = try plan.requireID()
            url = SiteRoute.communityPlanPage.url(id)
            summaryURL = SiteRoute.communityPlanSummary.url(id)
            title = plan.title
            period = "\(governing.start.polish) – \(governing.end.polish)"
            inForce = plan.approvedVersion.map { "wersja \($0)" } ?? "brak zatwierdzonej wersji"
            self.latest = "wersja \(latest.version): \(latest.state.polishName)"
        }
    }

    let layout: Layout
    let plans: [Row]
    let form: CommunityPlanForm
    let errors: FieldErrors
    let canManage: Bool
}

/// One plan: the version in force (or the draft before any approval), what can be done next,
/// the table of changes of a version waiting for approval, and the versions' history.
struct CommunityPlanPage: Encodable, Sendable {
    static let notices = [
        "saved": "Zapisano projekt planu.",
        "submitted": "Przekazano plan do zatwierdzenia przez dyrektora.",
        "approved": "Zatwierdzono wersję planu. Od dziś obowiązuje ona, a monitoring prowadzi się według niej.",
        "returned": "Zwrócono wersję do poprawy z uwagą dla autora.",
    ]

    struct VersionRow: Encodable, Sendable {
        let number: Int
        let url: String
        let state: String
        let reason: String
        let created: String
        let approval: String?
    }

    let layout: Layout
    let planID: UUID
    let title: String
    let revision: Int
    let c: CommunityPlanContentView
    let shownLabel: String
    let latestNumber: Int
    let latestState: String
    let latestReason: String
    let returnNote: String?
    let changes: [VersionChange]
    let missing: [String]
    let versions: [VersionRow]
    let canEdit: Bool
    let canSubmit: Bool
    let canDecide: Bool
    let canStartNew: Bool
    let canConsult: Bool
    let consultationURL: String?
    let consultationLabel: String?
    let notice: String?
    let problem: String?

    static func make(
        _ plan: CommunityPlan, versions: [CommunityPlanVersion], names: PlanNames, measurements: [AimMeasurement],
        consultation: ConsultationRound?, staff: StaffContext, notice: String?, problem: String?, layout: Layout
    ) throws -> Self {
        guard let latest = versions.last else { throw CommunityPlanProblem.notDraft }
        let latestContent = try latest.content()
        let governing = versions.first { $0.version == plan.approvedVersion } ?? latest
        let previous = versions.first { $0.version == latest.version - 1 }
        let changes =
            try previous.map { CommunityPlanDiff.between(try $0.content(), latestContent, names: names) } ?? []
        let id = try plan.requireID()
        return Self(
            layout: layout, planID: id, title: plan.title, revision: plan.revision,
            c: .make(try governing.content(), names: names, measurements: measurements),
            shownLabel: governing.state == .approved
                ? "Obowiązująca wersja \(governing.version), zatwierdzona: \(governing.approvedBy ?? ""), \(governing.approvedOn?.polish ?? "")"
                : "Wersja \(governing.version) (\(governing.state.polishName))",
            latestNumber: latest.version, latestState: latest.state.polishName, latestReason: latest.reason,
            returnNote: latest.returnNote.isEmpty ? nil : latest.returnNote,
            changes: changes,
            missing: latest.state == .drafting ? CommunityPlanRules.missingForApproval(latestContent) : [],
            versions: versions.reversed().map { v in
                VersionRow(
                    number: v.version, url: SiteRoute.communityPlanVersion.url(id, v.version), state: v.state.polishName,
                    reason: v.reason, created: "\(v.createdBy), \(CalendarDay(v.createdAt, in: WallClock.warsaw).polish)",
                    approval: v.approvedBy.map { "\($0), \(v.approvedOn?.polish ?? "")" })
            },
            canEdit: latest.state == .drafting,
            canSubmit: latest.state == .drafting,
            canDecide: latest.state == .awaitingApproval && staff.allows(.approveCommunityPlan),
            canStartNew: latest.state == .approved,
            canConsult: staff.allows(.manageConsultations) && consultation == nil,
            consultationURL: try consultation.map { SiteRoute.consultationRound.url(try $0.requireID()) },
            consultationLabel: consultation?.subject,
            notice: notice, problem: problem)
    }
}

/// One version with the table of changes against the one before (`community-plan/version.leaf`).
struct CommunityPlanVersionPage: Encodable, Sendable {
    let layout: Layout
    let planURL: String
    let planTitle: String
    let number: Int
    let state: String
    let reason: String
    let approval: String?
    let previousNumber: Int?
    let changes: [VersionChange]
    let c: CommunityPlanContentView

    static func make(
        _ plan: CommunityPlan, _ version: CommunityPlanVersion, previous: CommunityPlanVersion?, names: PlanNames,
        layout: Layout
    ) throws -> Self {
        let content = try version.content()
        return Self(
            layout: layout, planURL: SiteRoute.communityPlanPage.url(try plan.requireID()), planTitle: plan.title,
            number: version.version, state: version.state.polishName, reason: version.reason,
            approval: version.approvedBy.map { "\($0), \(version.approvedOn?.polish ?? "")" },
            previousNumber: previous?.version,
            changes: try previous.map { CommunityPlanDiff.between(try $0.content(), content, names: names) } ?? [],
            c: .make(content, names: names))
    }
}

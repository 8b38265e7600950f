import Foundation

/// The plan of organising the local community (plan organizowania społeczności lokalnej): which
/// parts of the gmina it covers, which groups and issues it answers (linked to the diagnosis's
/// recommendations where there are some), its aims with measurable indicators, and the actions
/// that pursue them. Versions work like IPUS: a draft, approved by the director, in force until a
/// newer version is approved.

/// An aim with one indicator: where it starts, where it should be and by when. Indicators are
/// whole numbers (people, meetings, volunteers, percent) so that progress can be computed.
public struct PlanAim: Sendable, Codable, Equatable {
    /// Stable across versions: monitoring records and progress point here, not to a position.
    public var key: String
    public var text: String
    public var indicator: String
    public var unit: String
    public var baseline: Int
    public var target: Int
    public var due: CalendarDay

    public init(
        key: String, text: String, indicator: String, unit: String, baseline: Int, target: Int, due: CalendarDay
    ) {
        (self.key, self.text, self.indicator, self.unit, self.baseline, self.target, self.due) = (
            key, text, indicator, unit, baseline, target, due
        )
    }

    /// How far from the baseline to the target a value has come, 0–100 (past the target stays 100;
    /// an aim to lower something counts the fall).
    public func progressPercent(_ value: Int) -> Int {
        guard target != baseline else { return value == target ? 100 : 0 }
        let share = Double(value - baseline) / Double(target - baseline)
        return Int((min(max(share, 0), 1) * 100).rounded())
    }
}

/// A group of residents and the issue the plan answers for them.
public struct PlanIssue: Sendable, Codable, Equatable {
    public var group: String
    public var issue: String
    /// A recommendation of the organisation's diagnosis this answers, when one does.
    public var recommendationID: UUID?

    public init(group: String, issue: String, recommendationID: UUID? = nil) {
        (self.group, self.issue, self.recommendationID) = (group, issue, recommendationID)
    }
}

/// What the plan does: who leads, with which partners, where, when, with what, for how many.
public struct PlanAction: Sendable, Codable, Equatable {
    public var key: String
    public var title: String
    public var aimKeys: [String]
    public var lead: String
    public var partnerIDs: [UUID]
    /// Supportive activities of the centre's calendar that carry the action out.
    public var activityIDs: [UUID]
    public var area: String
    public var places: String
    public var schedule: String
    public var resources: String
    public var expectedParticipants: Int?

    public init(
        key: String, title: String, aimKeys: [String], lead: String, partnerIDs: [UUID] = [], activityIDs: [UUID] = [],
        area: String, places: String, schedule: String, resources: String, expectedParticipants: Int?
    ) {
        (self.key, self.title, self.aimKeys, self.lead, self.partnerIDs, self.activityIDs) = (
            key, title, aimKeys, lead, partnerIDs, activityIDs
        )
        (self.area, self.places, self.schedule, self.resources, self.expectedParticipants) = (
            area, places, schedule, resources, expectedParticipants
        )
    }
}

public struct CommunityPlanContent: Sendable, Codable, Equatable {
    public var title: String
    public var start: CalendarDay
    public var end: CalendarDay
    /// Localities, estates or parts of the gmina the plan covers.
    public var areas: [String]
    public var issues: [PlanIssue]
    public var aims: [PlanAim]
    public var actions: [PlanAction]
    /// The people responsible for the plan and what each does.
    public var responsible: String

    public init(
        title: String, start: CalendarDay, end: CalendarDay, areas: [String], issues: [PlanIssue], aims: [PlanAim],
        actions: [PlanAction], responsible: String
    ) {
        (self.title, self.start, self.end, self.areas, self.issues) = (title, start, end, areas, issues)
        (self.aims, self.actions, self.responsible) = (aims, actions, responsible)
    }

    /// "C1", "C2"… by position: what people call the aims on paper.
    public func aimCode(_ key: String) -> String? { aims.firstIndex { $0.key == key }.map { "C\($0 + 1)" } }
    public func actionCode(_ key: String) -> String? { actions.firstIndex { $0.key == key }.map { "D\($0 + 1)" } }
}

/// The life of one version of the plan.
public enum CommunityPlanVersionState: String, Sendable, Codable, CaseIterable {
    case drafting
    case awaitingApproval = "awaiting_approval"
    case approved
    case superseded

    public var polishName: String {
        switch self {
        case .drafting: "w opracowaniu"
        case .awaitingApproval: "czeka na zatwierdzenie"
        case .approved: "zatwierdzona, obowiązuje"
        case .superseded: "zastąpiona nowszą wersją"
        }
    }

    public var editable: Bool { self == .drafting }
}

/// What changed between two versions of the plan, in words, for the director approving it.
public enum CommunityPlanDiff {
    public static func between(_ a: CommunityPlanContent, _ b: CommunityPlanContent, names: PlanNames) -> [VersionChange] {
        var out = VersionDiff.value("Tytuł", a.title, b.title)
        out += VersionDiff.value("Okres", "\(a.start.polish) – \(a.end.polish)", "\(b.start.polish) – \(b.end.polish)")
        out += VersionDiff.lists("Obszar", a.areas, b.areas)
        out += VersionDiff.lists("Grupa i problem", a.issues.map(describe), b.issues.map(describe))
        out += keyed(
            "Cel", a.aims.map { ($0.key, a.aimCode($0.key) ?? "", describe($0, in: a)) },
            b.aims.map { ($0.key, b.aimCode($0.key) ?? "", describe($0, in: b)) })
        out += keyed(
            "Działanie", a.actions.map { ($0.key, a.actionCode($0.key) ?? "", describe($0, in: a, names: names)) },
            b.actions.map { ($0.key, b.actionCode($0.key) ?? "", describe($0, in: b, names: names)) })
        out += VersionDiff.value("Osoby odpowiedzialne", a.responsible, b.responsible)
        return out
    }

    /// Aims and actions keep their key across versions: one added in the middle renumbers the
    /// rest (D3 becomes D4) without changing them, so entries are matched by key, not position,
    /// and only real additions, removals and edits are listed ("Działanie D4").
    static func keyed(_ label: String, _ old: [(String, String, String)], _ new: [(String, String, String)]) -> [VersionChange] {
        var out: [VersionChange] = []
        for (key, code, text) in new {
            if let before = old.first(where: { $0.0 == key }) {
                if before.2 != text { out.append(VersionChange(what: "\(label) \(code)", old: before.2, new: text)) }
            } else {
                out.append(VersionChange(what: "\(label) \(code)", old: "—", new: text))
            }
        }
        for (key, code, text) in old where !new.contains(where: { $0.0 == key }) {
            out.append(VersionChange(what: "\(label) \(code) (usunięty)", old: text, new: "—"))
        }
        return out
    }

    static func describe(_ i: PlanIssue) -> String { "\(i.group): \(i.issue)" }

    static func describe(_ aim: PlanAim, in c: CommunityPlanContent) -> String {
        "\(aim.text); \(aim.indicator): \(aim.baseline) → \(aim.target) \(aim.unit) do \(aim.due.polish)"
    }

    static func describe(_ action: PlanAction, in c: CommunityPlanContent, names: PlanNames) -> String {
        var parts = [action.title, "prowadzi: \(action.lead)"]
        let aims = action.aimKeys.compactMap { c.aimCode($0) }
        if !aims.isEmpty { parts.append("cele: \(aims.joined(separator: ", "))") }
        let partners = action.partnerIDs.compactMap { names.partners[$0] }
        if !partners.isEmpty { parts.append("partnerzy: \(partners.joined(separator: ", "))") }
        let activities = action.activityIDs.compactMap { names.activities[$0] }
        if !activities.isEmpty { parts.append("zajęcia: \(activities.joined(separator: ", "))") }
        for (label, value) in [
            ("obszar", action.area), ("miejsca", action.places), ("harmonogram", action.schedule),
            ("zasoby", action.resources),
        ] where !value.isEmpty {
            parts.append("\(label): \(value)")
        }
        if let n = action.expectedParticipants { parts.append("uczestników: \(n)") }
        return parts.joined(separator: "; ")
    }
}

/// Names of the organisation's partners, activities and diagnosis recommendations, for what the
/// plan stores only by id.
public struct PlanNames: Sendable {
    public var partners: [UUID: String]
    public var activities: [UUID: String]
    public var recommendations: [UUID: String]

    public init(partners: [UUID: String] = [:], activities: [UUID: String] = [:], recommendations: [UUID: String] = [:]) {
        (self.partners, self.activities, self.recommendations) = (partners, activities, recommendations)
    }
}

import Foundation

/// The community organising plan's edit form as typed: every row keeps what was typed so a
/// refused save loses nothing; rows left blank (the empty "add" rows) are ignored.
public struct CommunityPlanForm: Sendable, Codable, Equatable {
    public struct IssueRow: Sendable, Codable, Equatable {
        public var group = ""
        public var issue = ""
        public var recommendationID = ""
        public var remove = false
        public init() {}
        var isBlank: Bool { [group, issue, recommendationID].allSatisfy(\.isEmpty) }
    }

    public struct AimRow: Sendable, Codable, Equatable {
        public var key = ""
        public var text = ""
        public var indicator = ""
        public var unit = ""
        public var baseline = ""
        public var target = ""
        public var due = ""
        public var remove = false
        public init() {}
        var isBlank: Bool { [text, indicator, unit, baseline, target, due].allSatisfy(\.isEmpty) }
    }

    public struct ActionRow: Sendable, Codable, Equatable {
        public var key = ""
        public var title = ""
        public var aims: [String] = []
        public var lead = ""
        public var partners: [String] = []
        public var activities: [String] = []
        public var area = ""
        public var places = ""
        public var schedule = ""
        public var resources = ""
        public var expected = ""
        public var remove = false
        public init() {}
        var isBlank: Bool {
            [title, lead, area, places, schedule, resources, expected].allSatisfy(\.isEmpty) && aims.isEmpty
                && partners.isEmpty && activities.isEmpty
        }
    }

    public var title = ""
    public var start = ""
    public var end = ""
    /// One locality or estate per line.
    public var areas = ""
    public var issues: [IssueRow] = []
    public var aims: [AimRow] = []
    public var actions: [ActionRow] = []
    public var responsible = ""

    public init() {}

    public init(_ c: CommunityPlanContent) {
        title = c.title
        start = c.start.iso
        end = c.end.iso
        areas = c.areas.joined(separator: "\n")
        issues = c.issues.map { i in
            var row = IssueRow()
            (row.group, row.issue, row.recommendationID) = (i.group, i.issue, i.recommendationID?.uuidString ?? "")
            return row
        }
        aims = c.aims.map { a in
            var row = AimRow()
            (row.key, row.text, row.indicator, row.unit) = (a.key, a.text, a.indicator, a.unit)
            (row.baseline, row.target, row.due) = (String(a.baseline), String(a.target), a.due.iso)
            return row
        }
        actions = c.actions.map { a in
            var row = ActionRow()
            (row.key, row.title, row.aims, row.lead) = (a.key, a.title, a.aimKeys, a.lead)
            (row.partners, row.activities) = (a.partnerIDs.map(\.uuidString), a.activityIDs.map(\.uuidString))
            (row.area, row.places, row.schedule, row.resources) = (a.area, a.places, a.schedule, a.resources)
            row.expected = a.expectedParticipants.map(String.init) ?? ""
            return row
        }
        responsible = c.responsible
    }

    public static let longestPeriodYears = 5
    static let largestNumber = 10_000_000

    /// Errors keyed "title", "start", "end", "areas", "responsible", "issues.N.field",
    /// "aims.N.field", "actions.N.field". `names` are what ids may point to; `newKey` gives rows
    /// added in this save their stable key.
    public func validate(names: PlanNames, newKey: () -> String = { UUID().uuidString.lowercased() }) -> Result<
        CommunityPlanContent, FieldErrors
    > {
        var errors = FieldErrors()
        func text(_ value: String, _ key: String, _ what: String, max: Int, required: Bool) -> String {
            if required && value.isEmpty { errors.add(key, "\(what): wpisz treść.") }
            if value.count > max { errors.add(key, "\(what): najwyżej \(max) znaków (jest \(value.count)).") }
            return value
        }
        func day(_ text: String, _ key: String, _ what: String) -> CalendarDay? {
            guard !text.isEmpty else { errors.add(key, "\(what): podaj datę."); return nil }
            guard let d = CalendarDay(iso: text) else {
                errors.add(key, "\(what): podaj datę w formacie RRRR-MM-DD."); return nil
            }
            return d
        }
        func number(_ text: String, _ key: String, _ what: String, required: Bool) -> Int? {
            let digits = text.filter { !$0.isWhitespace }
            if digits.isEmpty {
                if required { errors.add(key, "\(what): wpisz liczbę.") }
                return nil
            }
            guard digits.allSatisfy(\.isASCII), let n = Int(digits), n >= 0, n <= Self.largestNumber else {
                errors.add(key, "\(what): wpisz liczbę całkowitą od 0 do 10 000 000, np. 25."); return nil
            }
            return n
        }
        let title = text(title, "title", "Tytuł planu", max: 300, required: true)
        let start = day(start, "start", "Początek okresu planu")
        let end = day(end, "end", "Koniec okresu planu")
        if let start, let end {
            if end < start { errors.add("end", "Plan nie może kończyć się przed początkiem.") }
            if (end.year - start.year, end.month, end.day) > (Self.longestPeriodYears, start.month, start.day) {
                errors.add(
                    "end", "Plan obejmuje najwyżej \(Self.longestPeriodYears) lat; podziel dłuższy okres na kolejne plany.")
            }
        }
        let areaLines = areas.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        var areaList: [String] = []
        for line in areaLines where !areaList.contains(line) { areaList.append(line) }
        if areaList.isEmpty {
            errors.add("areas", "Wpisz co najmniej jeden obszar (miejscowość, osiedle), każdy w osobnym wierszu.")
        }
        if areaList.count > 100 || areaList.contains(where: { $0.count > 200 }) {
            errors.add("areas", "Najwyżej 100 obszarów po 200 znaków.")
        }
        var issues: [PlanIssue] = []
        for (i, row) in self.issues.enumerated() where !row.remove && !row.isBlank {
            let group = text(row.group, "issues.\(i).group", "Grupa mieszkańców", max: 300, required: true)
            let issue = text(row.issue, "issues.\(i).issue", "Problem lub potrzeba", max: 2_000, required: true)
            var recommendation: UUID?
            if !row.recommendationID.isEmpty {
                if let id = UUID(uuidString: row.recommendationID), names.recommendations[id] != nil {
                    recommendation = id
                } else {
                    errors.add("issues.\(i).recommendationID", "Wybierz rekomendację z diagnozy albo zostaw puste.")
                }
            }
            issues.append(PlanIssue(group: group, issue: issue, recommendationID: recommendation))
        }
        var aims: [PlanAim] = []
        for (i, row) in self.aims.enumerated() where !row.remove && !row.isBlank {
            let t = text(row.text, "aims.\(i).text", "Cel", max: 1_000, required: true)
            let indicator = text(row.indicator, "aims.\(i).indicator", "Wskaźnik", max: 300, required: true)
            let unit = text(row.unit, "aims.\(i).unit", "Jednostka", max: 40, required: true)
            let baseline = number(row.baseline, "aims.\(i).baseline", "Wartość wyjściowa", required: true)
            let target = number(row.target, "aims.\(i).target", "Wartość docelowa", required: true)
            let due = day(row.due, "aims.\(i).due", "Termin osiągnięcia")
            if let due, let start, let end, due < start || due > end {
                errors.add("aims.\(i).due", "Termin celu musi przypaść w okresie planu (\(start.polish) – \(end.polish)).")
            }
            if let baseline, let target, baseline == target {
                errors.add(
                    "aims.\(i).target", "Wartość docelowa musi różnić się od wyjściowej, inaczej nie da się zmierzyć postępu.")
            }
            if let baseline, let target, let due {
                let key = row.key.isEmpty || aims.contains(where: { $0.key == row.key }) ? newKey() : row.key
                aims.append(
                    PlanAim(key: key, text: t, indicator: indicator, unit: unit, baseline: baseline, target: target, due: due))
            }
        }
        let aimKeys = Set(aims.map(\.key))
        var actions: [PlanAction] = []
        for (i, row) in self.actions.enumerated() where !row.remove && !row.isBlank {
            let t = text(row.title, "actions.\(i).title", "Działanie", max: 300, required: true)
            let lead = text(row.lead, "actions.\(i).lead", "Kto prowadzi", max: 300, required: true)
            let area = text(row.area, "actions.\(i).area", "Obszar", max: 200, required: false)
            if !area.isEmpty && !areaList.contains(area) {
                errors.add("actions.\(i).area", "Wybierz obszar z listy obszarów planu albo zostaw puste (cała gmina).")
            }
            let places = text(row.places, "actions.\(i).places", "Miejsca", max: 500, required: false)
            let schedule = text(row.schedule, "actions.\(i).schedule", "Harmonogram", max: 500, required: true)
            let resources = text(row.resources, "actions.\(i).resources", "Zasoby", max: 1_000, required: false)
            let expected = number(row.expected, "actions.\(i).expected", "Przewidywana liczba uczestników", required: false)
            var partnerIDs: [UUID] = []
            for raw in row.partners {
                guard let id = UUID(uuidString: raw), names.partners[id] != nil else {
                    errors.add("actions.\(i).partners", "Wybierz partnerów z listy partnerów centrum.")
                    continue
                }
                if !partnerIDs.contains(id) { partnerIDs.append(id) }
            }
            var activityIDs: [UUID] = []
            for raw in row.activities {
                guard let id = UUID(uuidString: raw), names.activities[id] != nil else {
                    errors.add("actions.\(i).activities", "Wybierz zajęcia z kalendarza centrum.")
                    continue
                }
                if !activityIDs.contains(id) { activityIDs.append(id) }
            }
            // An aim removed in this same save drops out of the actions that pointed to it; the
            // table of changes shows it.
            let aimsOfAction = row.aims.filter { aimKeys.contains($0) }
            let key = row.key.isEmpty || actions.contains(where: { $0.key == row.key }) ? newKey() : row.key
            actions.append(
                PlanAction(
                    key: key, title: t, aimKeys: aimsOfAction, lead: lead, partnerIDs: partnerIDs, activityIDs: activityIDs,
                    area: area, places: places, schedule: schedule, resources: resources, expectedParticipants: expected))
        }
        let responsible = text(responsible, "responsible", "Osoby odpowiedzialne", max: 3_000, required: true)
        guard errors.isEmpty, let start, let end else { return .failure(errors) }
        return .success(
            CommunityPlanContent(
                title: title, start: start, end: end, areas: areaList, issues: issues, aims: aims, actions: actions,
                responsible: responsible))
    }
}

public enum CommunityPlanRules {
    /// Why a draft cannot go to the director yet, in words; empty when it can.
    public static func missingForApproval(_ c: CommunityPlanContent) -> [String] {
        var out: [String] = []
        if c.aims.isEmpty { out.append("Dodaj co najmniej jeden cel ze wskaźnikiem.") }
        if c.actions.isEmpty { out.append("Dodaj co najmniej jedno działanie.") }
        for (i, aim) in c.aims.enumerated() where !c.actions.contains(where: { $0.aimKeys.contains(aim.key) }) {
            out.append("Cel C\(i + 1) nie ma żadnego działania: wskaż go w działaniu, które do niego prowadzi.")
        }
        return out
    }
}

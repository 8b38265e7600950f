import Foundation

/// The plan's edit form as typed: every row keeps what was typed, so a refused save loses
/// nothing. Rows left entirely blank (the empty "add" rows) are ignored.
public struct IpusForm: Sendable, Codable, Equatable {
    public struct GoalRow: Sendable, Codable, Equatable {
        public var text = ""
        public var indicator = ""
        public var baseline = ""
        public var target = ""
        public var due = ""
        public var remove = false
        public init() {}
        var isBlank: Bool { [text, indicator, baseline, target, due].allSatisfy(\.isEmpty) }
    }

    public struct ItemRow: Sendable, Codable, Equatable {
        public var kind = IpusItemKind.service.rawValue
        /// A programme service (kind "service").
        public var serviceID = ""
        /// A supportive activity's name (kind "supportive").
        public var name = ""
        public var provider = ""
        public var scope = ""
        public var frequency = ""
        public var start = ""
        public var end = ""
        public var responsible = ""
        /// An activity of the centre's calendar (kind "supportive", optional).
        public var activityID = ""
        public var remove = false
        public init() {}
        var isBlank: Bool {
            [serviceID, name, provider, scope, frequency, start, end, responsible, activityID].allSatisfy(\.isEmpty)
        }
    }

    public var start = ""
    public var end = ""
    public var responsibilities = ""
    /// Review dates, one per field.
    public var reviews: [String] = []
    public var goals: [GoalRow] = []
    public var items: [ItemRow] = []

    public init() {}

    public init(_ c: IpusContent) {
        start = c.start.iso
        end = c.end.iso
        responsibilities = c.responsibilities
        reviews = c.reviews.map(\.iso)
        goals = c.goals.map { g in
            var row = GoalRow()
            (row.text, row.indicator, row.baseline, row.target, row.due) = (
                g.text, g.indicator, g.baseline, g.target, g.due?.iso ?? ""
            )
            return row
        }
        items = c.items.map { i in
            var row = ItemRow()
            row.kind = i.kind.rawValue
            row.serviceID = i.serviceID?.uuidString ?? ""
            (row.name, row.provider, row.scope, row.frequency) = (
                i.kind == .supportive ? i.name : "", i.provider, i.scope, i.frequency
            )
            (row.start, row.end, row.responsible) = (i.start.iso, i.end?.iso ?? "", i.responsible)
            row.activityID = i.activityID?.uuidString ?? ""
            return row
        }
    }

    /// A checked form: the content with programme services still to be matched to the person's
    /// enrolments (which only the database knows), and the goals' statuses carried over.
    public struct Valid: Sendable, Equatable {
        public var content: IpusContent
    }

    /// Errors keyed "start", "end", "reviews", "goals.N.field", "items.N.field".
    /// `activities`: the centre's activities a supportive item may point to (title, organiser);
    /// an item pointing to one takes its title and organiser when those fields are left empty.
    public func validate(
        keeping previous: IpusContent?, serviceNames: [UUID: String],
        activities: [UUID: (title: String, organiser: String)] = [:]
    ) -> Result<Valid, FieldErrors> {
        var errors = FieldErrors()
        func day(_ text: String, _ key: String, _ what: String, required: Bool) -> CalendarDay? {
            if text.isEmpty {
                if required { errors.add(key, "\(what): podaj datę.") }
                return nil
            }
            guard let d = CalendarDay(iso: text) else {
                errors.add(key, "\(what): podaj datę w formacie RRRR-MM-DD."); return nil
            }
            return d
        }
        func text(_ value: String, _ key: String, _ what: String, max: Int, required: Bool) -> String {
            if required && value.isEmpty { errors.add(key, "\(what): wpisz treść.") }
            if value.count > max { errors.add(key, "\(what): najwyżej \(max) znaków.") }
            return value
        }
        let start = day(start, "start", "Początek planu", required: true)
        let end = day(end, "end", "Koniec planu", required: true)
        if let start, let end {
            if end < start { errors.add("end", "Plan nie może kończyć się przed dniem rozpoczęcia.") }
            if end > IpusRules.latestEnd(start: start) {
                errors.add(
                    "end",
                    "IPUS trwa najwyżej rok: przy początku \(start.polish) koniec może przypaść najpóźniej \(IpusRules.latestEnd(start: start).polish)."
                )
            }
        }
        let responsibilities = text(
            responsibilities, "responsibilities", "Zadania i odpowiedzialność", max: 5_000, required: false)
        var reviewDays: [CalendarDay] = []
        for (i, r) in reviews.enumerated() where !r.isEmpty {
            if let d = day(r, "reviews.\(i)", "Termin przeglądu", required: false) { reviewDays.append(d) }
        }
        var goals: [IpusGoal] = []
        let kept = previous?.goals ?? []
        for (i, g) in self.goals.enumerated() where !g.remove && !g.isBlank {
            let t = text(g.text, "goals.\(i).text", "Cel (słowami osoby)", max: 2_000, required: true)
            let indicator = text(g.indicator, "goals.\(i).indicator", "Miernik", max: 300, required: false)
            let baseline = text(g.baseline, "goals.\(i).baseline", "Stan wyjściowy", max: 300, required: false)
            let target = text(g.target, "goals.\(i).target", "Wartość docelowa", max: 300, required: false)
            let due = day(g.due, "goals.\(i).due", "Termin celu", required: false)
            // A goal kept from the approved version keeps its progress (status and note).
            let same = kept.first { $0.text == t }
            goals.append(
                IpusGoal(
                    text: t, indicator: indicator, baseline: baseline, target: target, due: due, status: same?.status ?? .open,
                    note: same?.note ?? ""))
        }
        var items: [IpusItem] = []
        for (i, row) in self.items.enumerated() where !row.remove && !row.isBlank {
            let kind = IpusItemKind(rawValue: row.kind) ?? .service
            var serviceID: UUID?
            var name = ""
            var row = row
            var activityID: UUID?
            if kind == .supportive && !row.activityID.isEmpty {
                if let id = UUID(uuidString: row.activityID), let activity = activities[id] {
                    activityID = id
                    if row.name.isEmpty { row.name = activity.title }
                    if row.provider.isEmpty { row.provider = activity.organiser }
                } else {
                    errors.add("items.\(i).activityID", "Wybierz działanie z kalendarza centrum albo zostaw puste.")
                }
            }
            if kind == .service {
                serviceID = UUID(uuidString: row.serviceID)
                if let id = serviceID, let n = serviceNames[id] {
                    name = n
                } else {
                    errors.add("items.\(i).serviceID", "Wybierz usługę z programu.")
                }
            } else {
                name = text(row.name, "items.\(i).name", "Działanie wspierające", max: 300, required: true)
            }
            let provider = text(row.provider, "items.\(i).provider", "Kto realizuje", max: 300, required: kind == .supportive)
            let scope = text(row.scope, "items.\(i).scope", "Zakres", max: 2_000, required: true)
            let frequency = text(row.frequency, "items.\(i).frequency", "Częstotliwość", max: 300, required: true)
            let s = day(row.start, "items.\(i).start", "Od kiedy", required: true)
            let e = day(row.end, "items.\(i).end", "Do kiedy", required: false)
            if let s, let e, e < s { errors.add("items.\(i).end", "Koniec nie może być przed początkiem.") }
            let responsible = text(row.responsible, "items.\(i).responsible", "Kto odpowiada", max: 300, required: true)
            if let s {
                items.append(
                    IpusItem(
                        kind: kind, serviceID: serviceID, enrolmentID: nil, name: name, provider: provider, scope: scope,
                        frequency: frequency,
                        start: s, end: e, responsible: responsible, activityID: activityID))
            }
        }
        guard errors.isEmpty, let start, let end else { return .failure(errors) }
        return .success(
            Valid(
                content: IpusContent(
                    start: start, end: end, goals: goals, items: items, responsibilities: responsibilities,
                    reviews: Array(Set(reviewDays)).sorted())))
    }
}

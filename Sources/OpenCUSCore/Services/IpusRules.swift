import Foundation

/// The individual social services plan (indywidualny plan usług społecznych, IPUS) and its rules
/// from art. 20 of the act: drafted with the person within 30 days of the application, lasting at
/// most a year, approved by the director or a services organiser they authorised — never by the
/// plan's own coordinator.

/// Where a plan is in its life. An update is not a state of the plan but a new version in
/// drafting while the approved one stays in force (see `IpusVersionState`).
public enum IpusState: String, Sendable, Codable, CaseIterable {
    case drafting
    case awaitingApproval = "awaiting_approval"
    case active
    case closing
    case closed

    public var polishName: String {
        switch self {
        case .drafting: "w opracowaniu"
        case .awaitingApproval: "czeka na zatwierdzenie"
        case .active: "realizowany"
        case .closing: "zamykanie"
        case .closed: "zamknięty"
        }
    }

    /// Closed plans are read-only; a plan being closed keeps only its closure editable.
    public var contentEditable: Bool { self == .drafting }
}

/// The life of one version: drafted, sent for approval, approved (then in force until a newer
/// version is approved) or superseded.
public enum IpusVersionState: String, Sendable, Codable {
    case drafting
    case awaitingApproval = "awaiting_approval"
    case approved
    case superseded

    public var polishName: String {
        switch self {
        case .drafting: "w opracowaniu"
        case .awaitingApproval: "czeka na zatwierdzenie"
        case .approved: "zatwierdzona"
        case .superseded: "zastąpiona nowszą wersją"
        }
    }
}

public enum GoalStatus: String, Sendable, Codable, CaseIterable {
    case open
    case achieved
    case partlyAchieved = "partly_achieved"
    case notAchieved = "not_achieved"
    case dropped

    public var polishName: String {
        switch self {
        case .open: "w trakcie"
        case .achieved: "osiągnięty"
        case .partlyAchieved: "osiągnięty częściowo"
        case .notAchieved: "nieosiągnięty"
        case .dropped: "zaniechany"
        }
    }
}

/// What the person wants to achieve, in their words, and how progress is measured.
public struct IpusGoal: Sendable, Codable, Equatable {
    public var text: String
    public var indicator: String
    public var baseline: String
    public var target: String
    public var due: CalendarDay?
    public var status: GoalStatus
    public var note: String

    public init(
        text: String, indicator: String, baseline: String, target: String, due: CalendarDay?, status: GoalStatus = .open,
        note: String = ""
    ) {
        (self.text, self.indicator, self.baseline, self.target, self.due, self.status, self.note) = (
            text, indicator, baseline, target, due, status, note
        )
    }
}

/// A service from the programme (delivered through the person's enrolment) or a supportive
/// activity outside it (a volunteer, neighbours, a self-help group, another institution).
public enum IpusItemKind: String, Sendable, Codable, CaseIterable {
    case service
    case supportive

    public var polishName: String { self == .service ? "usługa z programu" : "działanie wspierające" }
}

public struct IpusItem: Sendable, Codable, Equatable {
    public var kind: IpusItemKind
    /// The programme service (kind `.service`) and the person's enrolment that delivers it.
    public var serviceID: UUID?
    public var enrolmentID: UUID?
    /// The service's or activity's name as shown on the plan.
    public var name: String
    public var provider: String
    public var scope: String
    public var frequency: String
    public var start: CalendarDay
    public var end: CalendarDay?
    public var responsible: String
    /// A supportive item may point to an activity of the centre's calendar: the plan page then
    /// shows the person's sign-up and attendance there.
    public var activityID: UUID?

    public init(
        kind: IpusItemKind, serviceID: UUID? = nil, enrolmentID: UUID?, name: String, provider: String, scope: String,
        frequency: String, start: CalendarDay,
        end: CalendarDay?, responsible: String, activityID: UUID? = nil
    ) {
        self.activityID = activityID
        (self.kind, self.serviceID, self.enrolmentID, self.name, self.provider, self.scope) = (
            kind, serviceID, enrolmentID, name, provider, scope
        )
        self.frequency = frequency
        (self.start, self.end, self.responsible) = (start, end, responsible)
    }
}

/// The content of one version of a plan — what is approved, compared and printed.
public struct IpusContent: Sendable, Codable, Equatable {
    public var start: CalendarDay
    public var end: CalendarDay
    public var goals: [IpusGoal]
    public var items: [IpusItem]
    /// Who does what: the person, their family, the coordinator, providers.
    public var responsibilities: String
    public var reviews: [CalendarDay]

    public init(
        start: CalendarDay, end: CalendarDay, goals: [IpusGoal] = [], items: [IpusItem] = [], responsibilities: String = "",
        reviews: [CalendarDay] = []
    ) {
        (self.start, self.end, self.goals, self.items, self.responsibilities, self.reviews) = (
            start, end, goals, items, responsibilities, reviews
        )
    }
}

public enum IpusRules {
    /// The latest end a plan may have: the day before the same date a year later (a plan
    /// starting 1 March ends on 28 February at the latest; one starting 29 February, whose date
    /// does not exist next year, on 28 February).
    public static func latestEnd(start: CalendarDay) -> CalendarDay {
        let sameDay =
            CalendarDay(year: start.year + 1, month: start.month, day: start.day)
            ?? CalendarDay(year: start.year + 1, month: start.month + 1, day: 1)!
        return sameDay.adding(days: -1)
    }

    /// What must hold before a version can be sent for approval.
    public static func problems(_ c: IpusContent) -> FieldErrors {
        var errors = FieldErrors()
        if c.end < c.start { errors.add("end", "Plan nie może kończyć się przed dniem rozpoczęcia.") }
        if c.end > latestEnd(start: c.start) {
            errors.add(
                "end",
                "IPUS trwa najwyżej rok: przy początku \(c.start.polish) koniec może przypaść najpóźniej \(latestEnd(start: c.start).polish)."
            )
        }
        if c.goals.isEmpty { errors.add("goals", "Dodaj co najmniej jeden cel — tak, jak określa go osoba.") }
        if c.items.isEmpty { errors.add("items", "Dodaj co najmniej jedną usługę albo działanie wspierające.") }
        if c.reviews.isEmpty { errors.add("reviews", "Wyznacz co najmniej jeden termin przeglądu planu.") }
        if c.reviews.contains(where: { $0 < c.start || $0 > c.end }) {
            errors.add("reviews", "Terminy przeglądów muszą przypadać w okresie planu.")
        }
        for item in c.items where item.start < c.start || (item.end ?? c.end) > c.end {
            errors.add("items", "„\(item.name)”: daty muszą mieścić się w okresie planu (\(c.start.polish) – \(c.end.polish)).")
        }
        return errors
    }

    /// The next review on or after today, if any.
    public static func nextReview(_ c: IpusContent, today: CalendarDay) -> CalendarDay? {
        c.reviews.filter { $0 >= today }.min()
    }

    /// Reviews whose day has passed without a monitoring note recorded on or after it.
    public static func missedReviews(_ c: IpusContent, notes: [CalendarDay], today: CalendarDay) -> [CalendarDay] {
        c.reviews.filter { review in review < today && !notes.contains { $0 >= review } }
    }

    /// "Plan end approaching" is the last 30 days.
    public static func endApproaching(_ c: IpusContent, today: CalendarDay) -> Bool {
        let left = today.days(until: c.end)
        return left >= 0 && left <= 30
    }
}

/// What changed between two versions, in words, for the reviewer.
public enum IpusDiff {
    public typealias Change = VersionChange

    public static func between(_ a: IpusContent, _ b: IpusContent) -> [Change] {
        var out: [Change] = []
        if a.start != b.start { out.append(Change(what: "Początek planu", old: a.start.polish, new: b.start.polish)) }
        if a.end != b.end { out.append(Change(what: "Koniec planu", old: a.end.polish, new: b.end.polish)) }
        out += VersionDiff.lists("Cel", a.goals.map(describe), b.goals.map(describe))
        out += VersionDiff.lists("Usługa lub działanie", a.items.map(describe), b.items.map(describe))
        if a.responsibilities != b.responsibilities {
            out.append(Change(what: "Zadania i odpowiedzialność", old: a.responsibilities, new: b.responsibilities))
        }
        if a.reviews != b.reviews {
            out.append(
                Change(
                    what: "Terminy przeglądów", old: a.reviews.map(\.polish).joined(separator: ", "),
                    new: b.reviews.map(\.polish).joined(separator: ", ")))
        }
        return out
    }

    static func describe(_ g: IpusGoal) -> String {
        var parts = [g.text]
        if !g.indicator.isEmpty { parts.append("miernik: \(g.indicator) (\(g.baseline) → \(g.target))") }
        if let due = g.due { parts.append("do \(due.polish)") }
        return parts.joined(separator: "; ")
    }

    static func describe(_ i: IpusItem) -> String {
        [
            i.name, i.provider, i.scope, i.frequency, "od \(i.start.polish)" + (i.end.map { " do \($0.polish)" } ?? ""),
            "odpowiada: \(i.responsible)",
        ]
        .filter { !$0.isEmpty }.joined(separator: "; ")
    }
}

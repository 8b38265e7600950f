import Foundation

/// Monitoring of the community organising plan: what each action did on a day (counted people,
/// no names), how the aims' indicators moved, and the yearly summary built from both.

/// One record of an action: the day, how many residents and volunteers took part, what happened.
/// A photo is optional; when given it needs a description for blind readers and the organiser's
/// statement that the people in it agreed to its use (checked in the web layer with the file).
public struct ActionRecordForm: Sendable, Codable, Equatable {
    public var action = ""
    public var day = ""
    public var participants = ""
    public var volunteers = ""
    public var notes = ""
    public var photoAlt = ""
    public var photoConsent = false

    public init() {}

    public struct Valid: Sendable, Equatable {
        public let actionKey: String
        public let day: CalendarDay
        public let participants: Int
        public let volunteers: Int
        public let notes: String

        public init(actionKey: String, day: CalendarDay, participants: Int, volunteers: Int, notes: String) {
            (self.actionKey, self.day, self.participants, self.volunteers, self.notes) = (
                actionKey, day, participants, volunteers, notes
            )
        }
    }

    /// `photo` tells whether a file came with the form: then its description and consent are required.
    public func validate(plan: CommunityPlanContent, today: CalendarDay, photo: Bool) -> Result<Valid, FieldErrors> {
        var errors = FieldErrors()
        if !plan.actions.contains(where: { $0.key == action }) { errors.add("action", "Wybierz działanie z planu.") }
        var when: CalendarDay?
        if day.isEmpty {
            errors.add("day", "Podaj dzień, w którym działanie się odbyło.")
        } else if let d = CalendarDay(iso: day) {
            if d > today { errors.add("day", "Zapisujemy to, co już się odbyło: dzień nie może być w przyszłości.") }
            if d < plan.start || d > plan.end {
                errors.add("day", "Dzień musi przypaść w okresie planu (\(plan.start.polish) – \(plan.end.polish)).")
            }
            when = d
        } else {
            errors.add("day", "Podaj dzień w formacie RRRR-MM-DD.")
        }
        func count(_ text: String, _ key: String, _ what: String, max: Int) -> Int {
            let digits = text.filter { !$0.isWhitespace }
            if digits.isEmpty { return 0 }
            guard digits.allSatisfy(\.isASCII), let n = Int(digits), n >= 0, n <= max else {
                errors.add(key, "\(what): wpisz liczbę od 0 do \(max)."); return 0
            }
            return n
        }
        let participants = count(participants, "participants", "Liczba uczestników", max: 100_000)
        let volunteers = count(volunteers, "volunteers", "Liczba wolontariuszy", max: 10_000)
        if notes.isEmpty { errors.add("notes", "Opisz krótko, co się wydarzyło.") }
        if notes.count > 3_000 { errors.add("notes", "Opis: najwyżej 3000 znaków (jest \(notes.count)).") }
        if photo {
            if photoAlt.isEmpty {
                errors.add("photoAlt", "Opisz zdjęcie dla osób niewidomych, np. „Seniorzy przy wspólnym stole w świetlicy”.")
            }
            if photoAlt.count > 300 { errors.add("photoAlt", "Opis zdjęcia: najwyżej 300 znaków.") }
            if !photoConsent {
                errors.add(
                    "photoConsent",
                    "Zdjęcie z ludźmi dodajemy tylko za ich zgodą na wizerunek: potwierdź zgodę albo nie dodawaj zdjęcia.")
            }
        }
        guard errors.isEmpty, let when else { return .failure(errors) }
        return .success(
            Valid(actionKey: action, day: when, participants: participants, volunteers: volunteers, notes: notes))
    }
}

/// A measured value of an aim's indicator on a day.
public struct AimProgressForm: Sendable, Codable, Equatable {
    public var aim = ""
    public var day = ""
    public var value = ""
    public var note = ""

    public init() {}

    public struct Valid: Sendable, Equatable {
        public let aimKey: String
        public let day: CalendarDay
        public let value: Int
        public let note: String

        public init(aimKey: String, day: CalendarDay, value: Int, note: String) {
            (self.aimKey, self.day, self.value, self.note) = (aimKey, day, value, note)
        }
    }

    public func validate(plan: CommunityPlanContent, today: CalendarDay) -> Result<Valid, FieldErrors> {
        var errors = FieldErrors()
        if !plan.aims.contains(where: { $0.key == aim }) { errors.add("aim", "Wybierz cel z planu.") }
        let when = CalendarDay(iso: day)
        if when == nil { errors.add("day", "Podaj dzień pomiaru w formacie RRRR-MM-DD.") }
        if let when, when > today { errors.add("day", "Dzień pomiaru nie może być w przyszłości.") }
        let digits = value.filter { !$0.isWhitespace }
        let number = digits.allSatisfy(\.isASCII) ? Int(digits).flatMap { (0...10_000_000).contains($0) ? $0 : nil } : nil
        if number == nil {
            errors.add("value", "Wpisz zmierzoną wartość wskaźnika jako liczbę całkowitą, np. 42.")
        }
        if note.count > 1_000 { errors.add("note", "Uwagi: najwyżej 1000 znaków.") }
        guard errors.isEmpty, let when, let number else { return .failure(errors) }
        return .success(Valid(aimKey: aim, day: when, value: number, note: note))
    }
}

/// The facts the yearly summary is computed from, read by the web layer.
public struct ActionRecordFact: Sendable, Equatable {
    public let actionKey: String
    public let actionTitle: String
    public let day: CalendarDay
    public let participants: Int
    public let volunteers: Int

    public init(actionKey: String, actionTitle: String, day: CalendarDay, participants: Int, volunteers: Int) {
        (self.actionKey, self.actionTitle, self.day, self.participants, self.volunteers) = (
            actionKey, actionTitle, day, participants, volunteers
        )
    }
}

public struct AimMeasurement: Sendable, Equatable {
    public let aimKey: String
    public let day: CalendarDay
    public let value: Int

    public init(aimKey: String, day: CalendarDay, value: Int) { (self.aimKey, self.day, self.value) = (aimKey, day, value) }
}

/// A meeting of a supportive activity from the centre's calendar, with everyone who came counted.
public struct ActivitySessionFact: Sendable, Equatable {
    public let activityID: UUID
    public let title: String
    public let day: CalendarDay
    public let participants: Int

    public init(activityID: UUID, title: String, day: CalendarDay, participants: Int) {
        (self.activityID, self.title, self.day, self.participants) = (activityID, title, day, participants)
    }
}

/// The yearly summary of the plan's monitoring: per action and month, per aim, and in total.
public struct CommunityYearSummary: Sendable, Equatable, Encodable {
    public struct ActionRow: Sendable, Equatable, Encodable {
        public let code: String
        public let title: String
        /// Records per month, January first (12 entries).
        public let recordsByMonth: [Int]
        public let participantsByMonth: [Int]
        public let records: Int
        public let participants: Int
        public let volunteers: Int
        public let expectedParticipants: Int?
    }

    public struct AimRow: Sendable, Equatable, Encodable {
        public let code: String
        public let text: String
        public let indicator: String
        public let unit: String
        public let baseline: Int
        public let target: Int
        public let due: CalendarDay
        /// The last value measured in or before the year, and when.
        public let latest: Int?
        public let latestDay: CalendarDay?
        public let progressPercent: Int?
        /// For pages: "24 (1 grudnia 2026)" or "brak pomiaru"; "67 %" or "—"; the due day in Polish.
        public let latestLabel: String
        public let progressLabel: String
        public let dueLabel: String
    }

    /// Activities of the calendar that carry the plan's actions out: meetings held in the year.
    public struct ActivityRow: Sendable, Equatable, Encodable {
        public let title: String
        public let actionCodes: String
        public let sessions: Int
        public let participants: Int
    }

    public let year: Int
    public let actions: [ActionRow]
    public let activities: [ActivityRow]
    public let aims: [AimRow]
    public let records: Int
    public let participants: Int
    public let volunteerEntries: Int

    /// `records` outside the year are ignored; records of actions no longer in the plan are kept
    /// under the title they had (code "—"), so nothing recorded disappears from the year.
    public static func compute(
        year: Int, plan: CommunityPlanContent, records: [ActionRecordFact], measurements: [AimMeasurement],
        sessions: [ActivitySessionFact] = []
    ) -> CommunityYearSummary {
        let inYear = records.filter { $0.day.year == year }
        var keys = plan.actions.map(\.key)
        for r in inYear where !keys.contains(r.actionKey) { keys.append(r.actionKey) }
        let actions: [ActionRow] = keys.compactMap { key in
            let mine = inYear.filter { $0.actionKey == key }
            let action = plan.actions.first { $0.key == key }
            guard action != nil || !mine.isEmpty else { return nil }
            var byMonth = Array(repeating: 0, count: 12)
            var peopleByMonth = Array(repeating: 0, count: 12)
            for r in mine {
                byMonth[r.day.month - 1] += 1
                peopleByMonth[r.day.month - 1] += r.participants
            }
            return ActionRow(
                code: plan.actionCode(key) ?? "—", title: action?.title ?? mine.last?.actionTitle ?? "",
                recordsByMonth: byMonth, participantsByMonth: peopleByMonth, records: mine.count,
                participants: mine.reduce(0) { $0 + $1.participants }, volunteers: mine.reduce(0) { $0 + $1.volunteers },
                expectedParticipants: action?.expectedParticipants)
        }
        let yearEnd = CalendarDay(year: year, month: 12, day: 31)!
        let aims = plan.aims.map { aim in
            let last = measurements.filter { $0.aimKey == aim.key && $0.day <= yearEnd }
                .max { ($0.day, $0.value) < ($1.day, $1.value) }
            return AimRow(
                code: plan.aimCode(aim.key) ?? "", text: aim.text, indicator: aim.indicator, unit: aim.unit,
                baseline: aim.baseline, target: aim.target, due: aim.due, latest: last?.value, latestDay: last?.day,
                progressPercent: last.map { aim.progressPercent($0.value) },
                latestLabel: last.map { "\($0.value) (\($0.day.polish))" } ?? "brak pomiaru",
                progressLabel: last.map { "\(aim.progressPercent($0.value)) %" } ?? "—", dueLabel: aim.due.polish)
        }
        var linked: [UUID] = []
        for action in plan.actions { for id in action.activityIDs where !linked.contains(id) { linked.append(id) } }
        let activities: [ActivityRow] = linked.compactMap { id in
            let held = sessions.filter { $0.activityID == id && $0.day.year == year }
            guard let title = held.first?.title ?? sessions.first(where: { $0.activityID == id })?.title else { return nil }
            let codes = plan.actions.filter { $0.activityIDs.contains(id) }.compactMap { plan.actionCode($0.key) }
            return ActivityRow(
                title: title, actionCodes: codes.joined(separator: ", "), sessions: held.count,
                participants: held.reduce(0) { $0 + $1.participants })
        }
        return CommunityYearSummary(
            year: year, actions: actions, activities: activities, aims: aims, records: inYear.count,
            participants: inYear.reduce(0) { $0 + $1.participants }, volunteerEntries: inYear.reduce(0) { $0 + $1.volunteers })
    }

    /// One table for spreadsheets: a row per action and month with records, a total row per
    /// action, and a row per aim.
    public var csvRows: [[String]] {
        var rows = [
            [
                "rodzaj", "kod", "nazwa", "miesiąc", "wpisy", "uczestnicy", "wolontariusze", "wartość wyjściowa",
                "wartość docelowa", "wartość zmierzona", "postęp %",
            ]
        ]
        for a in actions {
            for m in 0..<12 where a.recordsByMonth[m] > 0 {
                rows.append([
                    "działanie", a.code, a.title, String(format: "%04d-%02d", year, m + 1), String(a.recordsByMonth[m]),
                    String(a.participantsByMonth[m]), "", "", "", "", "",
                ])
            }
            rows.append([
                "działanie razem", a.code, a.title, String(year), String(a.records), String(a.participants),
                String(a.volunteers), "", a.expectedParticipants.map(String.init) ?? "", "", "",
            ])
        }
        for a in aims {
            rows.append([
                "cel", a.code, "\(a.text) — \(a.indicator) (\(a.unit))", String(year), "", "", "", String(a.baseline),
                String(a.target), a.latest.map(String.init) ?? "", a.progressPercent.map(String.init) ?? "",
            ])
        }
        return rows
    }
}

import Foundation

/// The kinds of supportive activities ("działania wspierające") a CUS runs or helps run.
public enum ActivityKind: String, Sendable, Codable, CaseIterable {
    case selfHelpGroup = "self_help_group"
    case club
    case volunteering
    case neighbourlyHelp = "neighbourly_help"
    case integration
    case education

    public var polishName: String {
        switch self {
        case .selfHelpGroup: "grupa samopomocowa"
        case .club: "klub"
        case .volunteering: "działanie wolontariackie"
        case .neighbourlyHelp: "pomoc sąsiedzka"
        case .integration: "wydarzenie integracyjne"
        case .education: "zajęcia edukacyjne"
        }
    }
}

/// When an activity happens: once, or every week (or every n weeks) on chosen weekdays between
/// two days, with exceptions (holidays, a cancelled meeting). Times are Warsaw wall times.
public struct ActivitySchedule: Sendable, Codable, Equatable {
    /// ISO weekdays: 1 = Monday … 7 = Sunday. Empty: a one-off on `first`.
    public var weekdays: [Int]
    /// 1 = every week, 2 = every other week (counted from the week of `first`).
    public var everyWeeks: Int
    public var first: CalendarDay
    /// The last day a weekly activity may happen; nil for a one-off.
    public var last: CalendarDay?
    public var start: TimeOfDay
    public var end: TimeOfDay
    public var except: [CalendarDay]

    public init(
        weekdays: [Int], everyWeeks: Int = 1, first: CalendarDay, last: CalendarDay?, start: TimeOfDay, end: TimeOfDay,
        except: [CalendarDay] = []
    ) {
        self.weekdays = weekdays.sorted()
        self.everyWeeks = everyWeeks
        self.first = first
        self.last = last
        self.start = start
        self.end = end
        self.except = except.sorted()
    }

    public var isOneOff: Bool { weekdays.isEmpty }

    /// Monday = 1 … Sunday = 7, by counting days from Monday 2024-01-01 (kept apart from
    /// Foundation's calendar, which the tests use as the independent check).
    public static func isoWeekday(_ day: CalendarDay) -> Int {
        let offset = CalendarDay(year: 2024, month: 1, day: 1)!.days(until: day)
        return ((offset % 7) + 7) % 7 + 1
    }

    /// The days the activity happens between `from` and `through` (inclusive).
    public func occurrences(from: CalendarDay, through: CalendarDay) -> [CalendarDay] {
        let excluded = Set(except)
        if isOneOff {
            return from <= first && first <= through && !excluded.contains(first) ? [first] : []
        }
        let start = max(from, first)
        let stop = min(through, last ?? through)
        guard start <= stop else { return [] }
        // The Monday of the first week: "every other week" counts weeks from it.
        let firstMonday = first.adding(days: -(Self.isoWeekday(first) - 1))
        var days: [CalendarDay] = []
        var day = start
        while day <= stop {
            let week = firstMonday.days(until: day) / 7
            if weekdays.contains(Self.isoWeekday(day)) && week % max(everyWeeks, 1) == 0 && !excluded.contains(day) {
                days.append(day)
            }
            day = day.adding(days: 1)
        }
        return days
    }

    /// The next day it happens on or after `today`, looking a year ahead.
    public func next(after today: CalendarDay) -> CalendarDay? {
        occurrences(from: today, through: today.adding(days: 366)).first
    }

    static let weekdayNames = ["poniedziałek", "wtorek", "środa", "czwartek", "piątek", "sobota", "niedziela"]
    static let weekdayEvery = [
        "w każdy poniedziałek", "w każdy wtorek", "w każdą środę", "w każdy czwartek", "w każdy piątek",
        "w każdą sobotę", "w każdą niedzielę",
    ]

    /// "w każdy wtorek i czwartek, 10:00–12:00, od 5 stycznia 2026 do 30 czerwca 2026 (bez: 6 kwietnia 2026)".
    public var polish: String {
        let hours = "\(start)–\(end)"
        if isOneOff { return "\(first.polish), \(hours)" }
        let names = weekdays.map { Self.weekdayNames[$0 - 1] }
        var when: String
        if everyWeeks == 1 && weekdays.count == 1 {
            when = Self.weekdayEvery[weekdays[0] - 1]
        } else {
            let list = names.count > 1 ? names.dropLast().joined(separator: ", ") + " i " + names.last! : names[0]
            when = everyWeeks == 1 ? "co tydzień: \(list)" : "co \(everyWeeks) tygodnie: \(list)"
        }
        var text = "\(when), \(hours), od \(first.polish)"
        if let last { text += " do \(last.polish)" }
        if !except.isEmpty { text += " (bez: " + except.map(\.polish).joined(separator: ", ") + ")" }
        return text
    }
}

/// The staff form of an activity.
public struct ActivityForm: Sendable, Codable, Equatable {
    public var title: String?
    public var kind: String?
    public var organiser: String?
    public var place: String?
    public var description: String?
    public var audience: String?
    public var accessibility: String?
    public var firstDay: String?
    public var lastDay: String?
    public var weekdays: [String]?
    public var everyWeeks: String?
    public var start: String?
    public var end: String?
    /// Days it does not happen, one per line (RRRR-MM-DD).
    public var except: String?
    public var capacity: String?
    public var signUps: String?
    /// A partner from the registry who runs or co-runs the activity (optional).
    public var partner: String?

    public init() {}

    public struct Valid: Sendable, Equatable {
        public let title: String
        public let kind: ActivityKind
        public let organiser: String
        public let place: String
        public let description: String
        public let audience: String
        public let accessibility: String
        public let schedule: ActivitySchedule
        public let capacity: Int?
        public let signUps: Bool
        public let partnerID: UUID?

        public init(
            title: String, kind: ActivityKind, organiser: String, place: String, description: String, audience: String,
            accessibility: String, schedule: ActivitySchedule, capacity: Int?, signUps: Bool, partnerID: UUID? = nil
        ) {
            self.partnerID = partnerID
            self.title = title
            self.kind = kind
            self.organiser = organiser
            self.place = place
            self.description = description
            self.audience = audience
            self.accessibility = accessibility
            self.schedule = schedule
            self.capacity = capacity
            self.signUps = signUps
        }
    }

    /// `partners`: the organisation's partners by id (name); a chosen partner fills an empty organiser.
    public func validate(today: CalendarDay, partners: [UUID: String] = [:]) -> Result<Valid, FieldErrors> {
        var errors = FieldErrors()
        let partnerText = TextInput.clean(partner)
        var partnerID: UUID?
        if !partnerText.isEmpty {
            if let id = UUID(uuidString: partnerText), partners[id] != nil {
                partnerID = id
            } else {
                errors.add("partner", "Wybierz partnera z listy albo zostaw puste.")
            }
        }
        var form = self
        if TextInput.clean(organiser).isEmpty, let partnerID { form.organiser = partners[partnerID] }
        return form.checked(today: today, partnerID: partnerID, errors: errors)
    }

    func checked(today: CalendarDay, partnerID: UUID?, errors: FieldErrors) -> Result<Valid, FieldErrors> {
        var errors = errors
        func text(_ raw: String?, _ field: String, max: Int, required: String? = nil, multiline: Bool = false) -> String {
            let value = TextInput.clean(raw, multiline: multiline)
            if let required, value.isEmpty { errors.add(field, required) }
            if value.count > max { errors.add(field, "Najwyżej \(max) znaków (jest \(value.count)).") }
            return value
        }
        let title = text(self.title, "title", max: 200, required: "Wpisz nazwę działania.")
        let kind = ActivityKind(rawValue: TextInput.clean(self.kind))
        if kind == nil { errors.add("kind", "Wybierz rodzaj działania.") }
        let organiser = text(
            self.organiser, "organiser", max: 200, required: "Wpisz, kto prowadzi działanie (np. CUS albo stowarzyszenie).")
        let place = text(self.place, "place", max: 300, required: "Wpisz miejsce (adres albo „online”).")
        let description = text(self.description, "description", max: 4_000, multiline: true)
        let audience = text(self.audience, "audience", max: 300)
        let accessibility = text(self.accessibility, "accessibility", max: 1_000, multiline: true)
        let first = CalendarDay(iso: TextInput.clean(firstDay))
        if first == nil { errors.add("firstDay", "Podaj datę w postaci RRRR-MM-DD.") }
        let lastText = TextInput.clean(lastDay)
        let last = lastText.isEmpty ? nil : CalendarDay(iso: lastText)
        if !lastText.isEmpty && last == nil { errors.add("lastDay", "Podaj datę w postaci RRRR-MM-DD albo zostaw puste.") }
        let days = (weekdays ?? []).compactMap { Int(TextInput.clean($0)) }
        if days.contains(where: { !(1...7).contains($0) }) { errors.add("weekdays", "Wybierz dni tygodnia z listy.") }
        if !days.isEmpty && last == nil && lastText.isEmpty {
            errors.add("lastDay", "Podaj, do kiedy działanie się powtarza.")
        }
        if let first, let last, last < first { errors.add("lastDay", "Ostatni dzień nie może być przed pierwszym.") }
        if let first, let last, first.days(until: last) > 731 {
            errors.add("lastDay", "Najwyżej dwa lata naprzód — potem dodaj nowy okres.")
        }
        let every = Int(TextInput.clean(everyWeeks).isEmpty ? "1" : TextInput.clean(everyWeeks))
        if every == nil || !(1...4).contains(every!) { errors.add("everyWeeks", "Wybierz, co ile tygodni.") }
        let start = TimeOfDay(TextInput.clean(self.start))
        let end = TimeOfDay(TextInput.clean(self.end))
        if start == nil { errors.add("start", "Podaj godzinę w postaci GG:MM, np. 10:00.") }
        if end == nil { errors.add("end", "Podaj godzinę w postaci GG:MM, np. 12:00.") }
        if let start, let end, end <= start { errors.add("end", "Koniec musi być po początku.") }
        var exceptions: [CalendarDay] = []
        for line in QuestionForm.lines(except) {
            if let day = CalendarDay(iso: line) {
                exceptions.append(day)
            } else {
                errors.add("except", "„\(line.prefix(20))” to nie data w postaci RRRR-MM-DD (każda w osobnym wierszu).")
            }
        }
        let capacityText = TextInput.clean(capacity)
        let capacity = capacityText.isEmpty ? nil : Int(capacityText)
        if !capacityText.isEmpty && (capacity == nil || capacity! < 1 || capacity! > 10_000) {
            errors.add("capacity", "Wpisz liczbę miejsc od 1 do 10 000 albo zostaw puste (bez limitu).")
        }
        let signUps = self.signUps == "on"
        guard errors.isEmpty, let kind, let first, let start, let end else { return .failure(errors) }
        return .success(
            Valid(
                title: title, kind: kind, organiser: organiser, place: place, description: description, audience: audience,
                accessibility: accessibility,
                schedule: ActivitySchedule(
                    weekdays: Array(Set(days)), everyWeeks: every ?? 1, first: first, last: days.isEmpty ? nil : last,
                    start: start,
                    end: end, except: exceptions), capacity: capacity, signUps: signUps, partnerID: partnerID))
    }
}

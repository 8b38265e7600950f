import Foundation

/// What a provider records for one enrolment on one day.
public enum Attendance: String, Sendable, Codable, CaseIterable {
    case attended
    case absent
    case cancelled

    public var polishName: String {
        switch self {
        case .attended: "obecność"
        case .absent: "nieobecność"
        case .cancelled: "odwołane"
        }
    }
}

/// One delivery as typed (a single record or one row of a group session).
public struct DeliveryForm: Sendable, Equatable {
    public var day = ""
    public var minutes = ""
    public var units = ""
    public var attendance = ""
    public var note = ""

    public init() {}

    public struct Valid: Sendable, Equatable {
        public let day: CalendarDay
        public let minutes: Int?
        public let units: Int?
        public let attendance: Attendance
        public let note: String
    }

    /// The day must fall inside the enrolment (from its start, to its end if it ended) and not
    /// in the future; a duration or a number of units is needed when the person attended.
    public func validate(enrolmentStart: CalendarDay, enrolmentEnd: CalendarDay?, today: CalendarDay) -> Result<
        Valid, FieldErrors
    > {
        var errors = FieldErrors()
        let d = CalendarDay(iso: day)
        if d == nil { errors.add("day", "Podaj datę zajęć (RRRR-MM-DD).") }
        if let d {
            if d > today { errors.add("day", "Nie można zapisać zajęć z przyszłości.") }
            if d < enrolmentStart {
                errors.add("day", "Osoba korzysta z usługi od \(enrolmentStart.polish) — ta data jest wcześniejsza.")
            }
            if let end = enrolmentEnd, d > end {
                errors.add("day", "Osoba korzystała z usługi do \(end.polish) — ta data jest późniejsza.")
            }
        }
        func number(_ text: String, _ field: String, _ range: ClosedRange<Int>, _ what: String) -> Int? {
            guard !text.isEmpty else { return nil }
            guard let n = Int(text), range.contains(n) else {
                errors.add(field, "\(what): podaj liczbę od \(range.lowerBound) do \(range.upperBound)."); return nil
            }
            return n
        }
        let minutes = number(minutes, "minutes", 1...1_440, "Czas (minuty)")
        let units = number(units, "units", 1...100, "Liczba jednostek")
        let attendance = Attendance(rawValue: attendance)
        if attendance == nil { errors.add("attendance", "Zaznacz: obecność, nieobecność albo odwołane.") }
        if attendance == .attended && minutes == nil && units == nil && errors["minutes"] == nil && errors["units"] == nil {
            errors.add("minutes", "Przy obecności podaj czas w minutach albo liczbę jednostek.")
        }
        if note.count > 2_000 { errors.add("note", "Notatka: najwyżej 2000 znaków.") }
        guard errors.isEmpty, let d, let attendance else { return .failure(errors) }
        return .success(Valid(day: d, minutes: minutes, units: units, attendance: attendance, note: note))
    }
}

/// A month as "2026-11": the period of summaries and fees.
public struct Month: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int

    public init?(_ text: String) {
        let parts = text.split(separator: "-")
        guard parts.count == 2, let y = Int(parts[0]), let m = Int(parts[1]), (2000...2999).contains(y), (1...12).contains(m)
        else { return nil }
        (year, month) = (y, m)
    }

    public init(_ day: CalendarDay) { (year, month) = (day.year, day.month) }

    public var first: CalendarDay { CalendarDay(year: year, month: month, day: 1)! }
    public var last: CalendarDay { CalendarDay(year: year, month: month, day: CalendarDay.daysIn(month: month, year: year))! }
    public var description: String { "\(year)-\(month < 10 ? "0" : "")\(month)" }
    public var previous: Month { Month(month == 1 ? "\(year - 1)-12" : "\(year)-\(month - 1)")! }
    public var next: Month { Month(month == 12 ? "\(year + 1)-1" : "\(year)-\(month + 1)")! }

    static let names = [
        "styczeń", "luty", "marzec", "kwiecień", "maj", "czerwiec", "lipiec", "sierpień", "wrzesień", "październik", "listopad",
        "grudzień",
    ]
    public var polish: String { "\(name) \(year)" }
    /// "listopad".
    public var name: String { Month.names[month - 1] }

    public static func < (a: Month, b: Month) -> Bool { (a.year, a.month) < (b.year, b.month) }
}

/// The month's figures of one service (and provider).
public struct DeliverySummary: Sendable, Equatable {
    public var sessions = 0
    public var attended = 0
    public var absent = 0
    public var cancelled = 0
    public var minutes = 0
    public var units = 0

    public init() {}

    public mutating func add(_ attendance: Attendance, minutes: Int?, units: Int?) {
        sessions += 1
        switch attendance {
        case .attended:
            attended += 1
            self.minutes += minutes ?? 0
            self.units += units ?? 1
        case .absent: absent += 1
        case .cancelled: cancelled += 1
        }
    }

    /// Attended out of the sessions that took place (cancelled ones did not), in whole percent.
    public var attendanceRate: Int? {
        let held = attended + absent
        return held == 0 ? nil : (attended * 100 + held / 2) / held
    }
}

/// The month's charge for one enrolment: from what was delivered (attended only) and the
/// programme's fee rule, less the person's exemption.
public enum FeeCalculation {
    public struct Charge: Sendable, Equatable {
        public let gross: Int
        public let exemptionPercent: Int
        public let due: Int
        /// "6 × 5,00 zł za zajęcia", "7,5 h × 30,00 zł".
        public let basis: String
    }

    public static func charge(rule: FeeRule, attendedMinutes: Int, attendedUnits: Int, exemptionPercent: Int) -> Charge {
        let percent = min(100, max(0, exemptionPercent))
        let gross: Int
        let basis: String
        switch rule {
        case .free:
            return Charge(gross: 0, exemptionPercent: 0, due: 0, basis: "usługa bezpłatna")
        case .perUnit(let price, let unit):
            gross = attendedUnits * price
            basis = "\(attendedUnits) × \(Money.polish(price)) za \(unit)"
        case .perHour(let price):
            // Billed to the minute, rounded half up to the grosz.
            gross = (attendedMinutes * price + 30) / 60
            let hours =
                attendedMinutes % 60 == 0
                ? "\(attendedMinutes / 60)"
                : String(format: "%.2f", Double(attendedMinutes) / 60).replacingOccurrences(of: ".", with: ",")
            basis = "\(hours) h × \(Money.polish(price))"
        }
        let due = gross - (gross * percent + 50) / 100
        return Charge(
            gross: gross, exemptionPercent: percent, due: due, basis: basis + (percent > 0 ? ", zwolnienie \(percent)%" : ""))
    }
}

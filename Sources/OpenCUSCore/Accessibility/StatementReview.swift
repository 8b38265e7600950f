/// The accessibility statement (deklaracja dostępności) must be reviewed and, where needed,
/// updated every year by 31 March (ustawa z dnia 4 kwietnia 2019 r. o dostępności cyfrowej
/// stron internetowych i aplikacji mobilnych podmiotów publicznych, art. 10 ust. 4; the deadline
/// is configurable through `deadlineMonth/Day`).
public struct StatementReviewRule: Sendable {
    public let deadlineMonth: Int
    public let deadlineDay: Int

    public init(deadlineMonth: Int = 3, deadlineDay: Int = 31) {
        self.deadlineMonth = deadlineMonth
        self.deadlineDay = deadlineDay
    }

    /// The latest deadline on or before `today`; a review on or after 1 January of that
    /// deadline's year satisfies it.
    public func isOverdue(lastReviewed: CalendarDay, today: CalendarDay) -> Bool {
        let deadlineThisYear = CalendarDay(year: today.year, month: deadlineMonth, day: deadlineDay)!
        let requiredYear = today > deadlineThisYear ? today.year : today.year - 1
        return lastReviewed.year < requiredYear
    }

    /// The next deadline after `today` (for the reminder text).
    public func nextDeadline(after today: CalendarDay) -> CalendarDay {
        let thisYear = CalendarDay(year: today.year, month: deadlineMonth, day: deadlineDay)!
        return today <= thisYear ? thisYear : CalendarDay(year: today.year + 1, month: deadlineMonth, day: deadlineDay)!
    }
}

/// How far the site complies with WCAG 2.1 AA — the three statuses the statutory template knows.
public enum ComplianceStatus: String, Sendable, Codable, CaseIterable {
    case full
    case partial
    case none

    public var polishText: String {
        switch self {
        case .full:
            "Strona internetowa jest zgodna z ustawą o dostępności cyfrowej stron internetowych i aplikacji mobilnych podmiotów publicznych."
        case .partial:
            "Strona internetowa jest częściowo zgodna z ustawą o dostępności cyfrowej stron internetowych i aplikacji mobilnych podmiotów publicznych z powodu niezgodności lub wyłączeń wymienionych poniżej."
        case .none:
            "Strona internetowa jest niezgodna z ustawą o dostępności cyfrowej stron internetowych i aplikacji mobilnych podmiotów publicznych."
        }
    }

    public var polishLabel: String {
        switch self {
        case .full: "zgodna"
        case .partial: "częściowo zgodna"
        case .none: "niezgodna"
        }
    }
}

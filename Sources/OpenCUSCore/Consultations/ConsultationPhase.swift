import Foundation

/// What staff decide about a round; the rest of its life follows from its dates.
public enum ConsultationStatus: String, Sendable, Codable, CaseIterable {
    /// Being prepared: nothing public.
    case draft
    /// Published with its dates: open from `opensAt`, closed from `closesAt`.
    case announced
    /// The report is public; the round is finished.
    case reportPublished = "report_published"
}

/// Where a round stands at a given moment: draft → announced → open → closed → report published.
/// Opening and closing follow the announced dates (Europe/Warsaw) with nobody pressing a button,
/// so a round can never stay open past the date the wójt's order gave.
public enum ConsultationPhase: String, Sendable, Codable, CaseIterable {
    case draft, announced, open, closed
    case reportPublished = "report_published"

    public init(status: ConsultationStatus, opensAt: Date, closesAt: Date, now: Date) {
        switch status {
        case .draft: self = .draft
        case .reportPublished: self = .reportPublished
        case .announced: self = now < opensAt ? .announced : (now < closesAt ? .open : .closed)
        }
    }

    public var polishName: String {
        switch self {
        case .draft: "w przygotowaniu"
        case .announced: "ogłoszone"
        case .open: "trwają"
        case .closed: "zakończone, trwa opracowanie uwag"
        case .reportPublished: "zakończone, opublikowano raport"
        }
    }

    /// Residents see the round from its announcement.
    public var isPublic: Bool { self != .draft }

    /// Comments come in only while the round is open (staff may type in paper and e-mailed
    /// comments received by the closing day until the report is published: see `acceptsStaffEntry`).
    public var acceptsOnlineComments: Bool { self == .open }

    public var acceptsStaffEntry: Bool { self == .open || self == .closed }

    /// The numbers residents quote must not move once they can comment.
    public var documentIsFrozen: Bool { self == .open || self == .closed || self == .reportPublished }

    /// Positions are given after the close, before the report goes out.
    public var acceptsAnswers: Bool { self == .closed }
}

/// The first and last day of a round, as gminas announce them ("od 1 do 14 grudnia"): open
/// from the start of the first day to the end of the last, in Warsaw time.
public struct ConsultationDates: Sendable, Equatable {
    public let firstDay: CalendarDay
    public let lastDay: CalendarDay

    public init(firstDay: CalendarDay, lastDay: CalendarDay) {
        self.firstDay = firstDay
        self.lastDay = lastDay
    }

    public var opensAt: Date { Self.midnight(firstDay) }
    public var closesAt: Date { Self.midnight(lastDay.adding(days: 1)) }

    /// Midnight in Warsaw always exists and happens once (the clocks change at 02:00 and 03:00).
    static func midnight(_ day: CalendarDay) -> Date {
        guard case .exact(let instant) = WallClock.resolve(day: day, time: TimeOfDay(hour: 0, minute: 0)!) else {
            preconditionFailure("midnight in Europe/Warsaw is always a single instant")
        }
        return instant
    }
    public var days: Int { firstDay.days(until: lastDay) + 1 }
}

import Foundation

/// When a registration form accepts submissions.
public struct RegistrationWindow: Sendable, Equatable {
    public var opensAt: Date?
    public var closesAt: Date?

    public init(opensAt: Date?, closesAt: Date?) {
        self.opensAt = opensAt
        self.closesAt = closesAt
    }

    public enum Availability: Sendable, Equatable {
        case open
        case notYetOpen(opensAt: Date)
        case closed(closedAt: Date)
        case eventCancelled
        case eventOver
        case notPublished

        public var isOpen: Bool { self == .open }

        /// Why the form accepts nothing, in Polish (nil when open).
        public func polishReason(zone: TimeZone = WallClock.warsaw) -> String? {
            func when(_ date: Date) -> String {
                let (day, time) = WallClock.local(date, in: zone)
                return "\(day.polish), godz. \(time)"
            }
            switch self {
            case .open: return nil
            case .notYetOpen(let opensAt): return "Rejestracja rozpocznie się \(when(opensAt))."
            case .closed(let closedAt): return "Rejestracja zakończyła się \(when(closedAt))."
            case .eventCancelled: return "Wydarzenie zostało odwołane – rejestracja jest zamknięta."
            case .eventOver: return "Wydarzenie już się odbyło."
            case .notPublished: return "Wydarzenie nie jest opublikowane."
            }
        }

        public var code: String {
            switch self {
            case .open: "open"
            case .notYetOpen: "not_yet_open"
            case .closed: "closed"
            case .eventCancelled: "event_cancelled"
            case .eventOver: "event_over"
            case .notPublished: "not_published"
            }
        }
    }

    public func availability(now: Date, eventStatus: EventStatus, lastDay: CalendarDay, zone: TimeZone = WallClock.warsaw)
        -> Availability
    {
        switch eventStatus {
        case .cancelled: return .eventCancelled
        case .draft: return .notPublished
        case .archived: return .eventOver
        case .published: break
        }
        if CalendarDay(now, in: zone) > lastDay { return .eventOver }
        if let opensAt, now < opensAt { return .notYetOpen(opensAt: opensAt) }
        if let closesAt, now >= closesAt { return .closed(closedAt: closesAt) }
        return .open
    }
}

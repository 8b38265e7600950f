import Foundation

/// A wall-clock time of day in minutes after midnight ("10:00" = 600).
public struct TimeOfDay: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let minutes: Int

    public init?(hour: Int, minute: Int) {
        guard (0...23).contains(hour), (0...59).contains(minute) else { return nil }
        self.minutes = hour * 60 + minute
    }

    /// "09:00", "9:00" or "9.00" (how Polish programmes write times).
    public init?(_ text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(whereSeparator: { $0 == ":" || $0 == "." })
        guard parts.count == 2, parts[1].count == 2, (1...2).contains(parts[0].count),
            let h = Int(parts[0]), let m = Int(parts[1])
        else { return nil }
        self.init(hour: h, minute: m)
    }

    public var hour: Int { minutes / 60 }
    public var minute: Int { minutes % 60 }
    public var description: String { String(format: "%02d:%02d", hour, minute) }
    public static func < (a: TimeOfDay, b: TimeOfDay) -> Bool { a.minutes < b.minutes }
}

/// Converting a local wall time in Europe/Warsaw to an instant. Twice a year the wall clock
/// misbehaves: on the last Sunday of March 02:00–02:59 does not exist, and on the last Sunday of
/// October 02:00–02:59 happens twice. Both are reported instead of silently guessed.
public enum LocalTimeResolution: Equatable, Sendable {
    case exact(Date)
    /// The time happens twice; `first` is the earlier (summer time) instant, `second` an hour later.
    case ambiguous(first: Date, second: Date)
    case nonexistent
}

public enum WallClock {
    public static let warsaw = TimeZone(identifier: "Europe/Warsaw")!

    public static func resolve(day: CalendarDay, time: TimeOfDay, in zone: TimeZone = warsaw) -> LocalTimeResolution {
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC")!
        guard
            let naive = utc.date(
                from: DateComponents(year: day.year, month: day.month, day: day.day, hour: time.hour, minute: time.minute))
        else { return .nonexistent }
        // Try every offset the zone uses around that moment; keep those that map back to the wall time.
        let offsets = Set(
            [-86_400, -3_600, 0, 3_600, 86_400].map { zone.secondsFromGMT(for: naive.addingTimeInterval(TimeInterval($0))) })
        let candidates = offsets.map { naive.addingTimeInterval(TimeInterval(-$0)) }
            .filter { zone.secondsFromGMT(for: $0) == Int(naive.timeIntervalSince($0)) }
            .sorted()
        switch candidates.count {
        case 0: return .nonexistent
        case 1: return .exact(candidates[0])
        default: return .ambiguous(first: candidates[0], second: candidates[candidates.count - 1])
        }
    }

    /// The wall-clock day and time of an instant in `zone`.
    public static func local(_ instant: Date, in zone: TimeZone = warsaw) -> (day: CalendarDay, time: TimeOfDay) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: instant)
        return (CalendarDay(year: c.year!, month: c.month!, day: c.day!)!, TimeOfDay(hour: c.hour!, minute: c.minute!)!)
    }
}

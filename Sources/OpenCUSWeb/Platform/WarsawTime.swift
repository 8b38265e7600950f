import Foundation
import OpenCUSCore

/// Every time shown to users is Europe/Warsaw, whatever the server's zone.
/// The zone itself is `WallClock.warsaw` (Core).
enum WarsawTime {
    /// "23.11.2026, 14:05"
    static func format(_ date: Date) -> String {
        formatter.string(from: date)
    }

    private static let formatter: DateFormatter = {
        let f = DateFormatter()
        f.locale = Locale(identifier: "pl_PL")
        f.timeZone = WallClock.warsaw
        f.dateFormat = "dd.MM.yyyy, HH:mm"
        return f
    }()
}

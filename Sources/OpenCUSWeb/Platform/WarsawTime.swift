import Foundation
import OpenCUSCore

/// Every time shown to users is Europe/Warsaw, whatever the server's zone. One convention on
/// screen and in e-mails: the day in words as `CalendarDay.polish` writes it, then the time
/// ("23 listopada 2026, 14:05"); spreadsheets get a sortable form instead.
/// The zone itself is `WallClock.warsaw` (Core).
enum WarsawTime {
    /// "23 listopada 2026, 14:05"
    static func format(_ date: Date) -> String {
        let local = WallClock.local(date, in: WallClock.warsaw)
        return "\(local.day.polish), \(local.time)"
    }

    /// "2026-11-23 14:05": what Excel and LibreOffice read as a date and time (CSV files).
    static func spreadsheet(_ date: Date) -> String {
        let local = WallClock.local(date, in: WallClock.warsaw)
        return "\(local.day.iso) \(local.time)"
    }
}

import Foundation

/// A calendar entry for RFC 5545 output.
public struct CalendarEvent: Sendable, Equatable {
    public enum When: Sendable, Equatable {
        /// Local times in Europe/Warsaw; `end` may be missing ("18:00 kolacja").
        case timed(start: Date, end: Date?)
        /// Whole days, `last` inclusive.
        case days(first: CalendarDay, last: CalendarDay)
    }

    public var uid: String
    public var when: When
    public var summary: String
    public var description: String?
    public var location: String?
    public var url: String?
    public var cancelled: Bool

    public init(
        uid: String, when: When, summary: String, description: String? = nil, location: String? = nil, url: String? = nil,
        cancelled: Bool = false
    ) {
        self.uid = uid
        self.when = when
        self.summary = summary
        self.description = description
        self.location = location
        self.url = url
        self.cancelled = cancelled
    }
}

/// Writes iCalendar (RFC 5545) text: CRLF lines folded at 75 octets without splitting UTF-8
/// characters, TEXT values escaped, times with TZID=Europe/Warsaw and a VTIMEZONE that carries
/// the EU daylight-saving rule. A wall time that happens twice (last Sunday of October, 02:xx)
/// is written in UTC instead, since a TZID time cannot say which of the two is meant.
public enum ICalendar {
    public static func document(_ events: [CalendarEvent], stamp: Date, name: String? = nil) -> String {
        var lines = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//OpenCUS//OpenCUS Events//PL", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
        ]
        if let name { lines.append("X-WR-CALNAME:" + escape(name)) }
        lines += vtimezone
        for event in events {
            lines.append("BEGIN:VEVENT")
            lines.append("UID:" + escape(event.uid))
            lines.append("DTSTAMP:" + utc(stamp))
            switch event.when {
            case .timed(let start, let end):
                lines.append("DTSTART" + local(start))
                if let end { lines.append("DTEND" + local(end)) }
            case .days(let first, let last):
                lines.append("DTSTART;VALUE=DATE:" + basic(first))
                lines.append("DTEND;VALUE=DATE:" + basic(dayAfter(last)))
            }
            lines.append("SUMMARY:" + escape(event.summary))
            if let description = event.description, !description.isEmpty { lines.append("DESCRIPTION:" + escape(description)) }
            if let location = event.location, !location.isEmpty { lines.append("LOCATION:" + escape(location)) }
            if let url = event.url { lines.append("URL:" + url) }
            lines.append("STATUS:" + (event.cancelled ? "CANCELLED" : "CONFIRMED"))
            lines.append("END:VEVENT")
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    /// RFC 5545 §3.3.11: backslash, semicolon, comma and newline are escaped in TEXT.
    public static func escape(_ text: String) -> String {
        var out = ""
        for ch in text.replacingOccurrences(of: "\r\n", with: "\n") {
            switch ch {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n", "\r": out += "\\n"
            default:
                if ch.unicodeScalars.allSatisfy({ $0.properties.generalCategory != .control }) { out.append(ch) }
            }
        }
        return out
    }

    /// RFC 5545 §3.1: lines longer than 75 octets continue on the next line after a space.
    public static func fold(_ line: String) -> String {
        var result = ""
        var count = 0
        for ch in line {
            let size = String(ch).utf8.count
            if count + size > 75 {
                result += "\r\n "
                count = 1
            }
            result.append(ch)
            count += size
        }
        return result
    }

    static let vtimezone = [
        "BEGIN:VTIMEZONE", "TZID:Europe/Warsaw",
        "BEGIN:DAYLIGHT", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "TZNAME:CEST", "DTSTART:19700329T020000",
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "END:DAYLIGHT",
        "BEGIN:STANDARD", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "TZNAME:CET", "DTSTART:19701025T030000",
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "END:STANDARD",
        "END:VTIMEZONE",
    ]

    private static func local(_ instant: Date) -> String {
        let (day, time) = WallClock.local(instant)
        if case .ambiguous = WallClock.resolve(day: day, time: time) { return ":" + utc(instant) }
        return ";TZID=Europe/Warsaw:" + basic(day) + String(format: "T%02d%02d00", time.hour, time.minute)
    }

    private static func utc(_ instant: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: instant)
        return String(format: "%04d%02d%02dT%02d%02d%02dZ", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
    }

    private static func basic(_ day: CalendarDay) -> String {
        String(format: "%04d%02d%02d", day.year, day.month, day.day)
    }

    private static func dayAfter(_ day: CalendarDay) -> CalendarDay {
        if let next = CalendarDay(year: day.year, month: day.month, day: day.day + 1) { return next }
        if let next = CalendarDay(year: day.year, month: day.month + 1, day: 1) { return next }
        return CalendarDay(year: day.year + 1, month: 1, day: 1)!
    }
}

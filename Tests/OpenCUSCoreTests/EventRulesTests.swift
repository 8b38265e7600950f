import Foundation
import Testing

@testable import OpenCUSCore

@Suite struct RomanNumeralTests {
    @Test(arguments: [
        (1, "I"), (2, "II"), (4, "IV"), (5, "V"), (9, "IX"), (10, "X"), (14, "XIV"), (40, "XL"), (1990, "MCMXC"),
        (2026, "MMXXVI"), (3999, "MMMCMXCIX"),
    ])
    func converts(value: Int, expected: String) {
        #expect(RomanNumeral.string(value) == expected)
    }

    @Test func outOfRange() {
        #expect(RomanNumeral.string(0) == nil)
        #expect(RomanNumeral.string(4000) == nil)
        #expect(RomanNumeral.string(-3) == nil)
    }
}

@Suite struct WallClockTests {
    func day(_ iso: String) -> CalendarDay { CalendarDay(iso: iso)! }
    func utc(_ iso: String) -> Date { ISO8601DateFormatter().date(from: iso)! }

    @Test func summerAndWinterOffsets() {
        #expect(WallClock.resolve(day: day("2022-06-21"), time: TimeOfDay("10:00")!) == .exact(utc("2022-06-21T08:00:00Z")))
        #expect(WallClock.resolve(day: day("2026-01-15"), time: TimeOfDay("10:00")!) == .exact(utc("2026-01-15T09:00:00Z")))
    }

    @Test func midnightStart() {
        #expect(WallClock.resolve(day: day("2026-11-30"), time: TimeOfDay("00:00")!) == .exact(utc("2026-11-29T23:00:00Z")))
        let back = WallClock.local(utc("2026-11-29T23:00:00Z"))
        #expect(back.day == day("2026-11-30"))
        #expect(back.time == TimeOfDay("00:00"))
    }

    @Test func lastSundayOfOctoberRepeatsTwoOClock() {
        // 25 October 2026: clocks go back from 03:00 CEST to 02:00 CET.
        #expect(
            WallClock.resolve(day: day("2026-10-25"), time: TimeOfDay("02:30")!)
                == .ambiguous(first: utc("2026-10-25T00:30:00Z"), second: utc("2026-10-25T01:30:00Z")))
        #expect(WallClock.resolve(day: day("2026-10-25"), time: TimeOfDay("01:59")!) == .exact(utc("2026-10-24T23:59:00Z")))
        #expect(WallClock.resolve(day: day("2026-10-25"), time: TimeOfDay("03:00")!) == .exact(utc("2026-10-25T02:00:00Z")))
    }

    @Test func lastSundayOfMarchSkipsTwoOClock() {
        #expect(WallClock.resolve(day: day("2026-03-29"), time: TimeOfDay("02:30")!) == .nonexistent)
        #expect(WallClock.resolve(day: day("2026-03-29"), time: TimeOfDay("03:00")!) == .exact(utc("2026-03-29T01:00:00Z")))
    }

    @Test func timeParsing() {
        #expect(TimeOfDay("9.00")?.description == "09:00")
        #expect(TimeOfDay("18:00")?.minutes == 1080)
        #expect(TimeOfDay("24:00") == nil)
        #expect(TimeOfDay("12:5") == nil)
        #expect(TimeOfDay("noon") == nil)
    }
}

@Suite struct ScheduleCheckTests {
    let d1 = CalendarDay(iso: "2022-06-21")!
    let d2 = CalendarDay(iso: "2022-06-22")!
    let warszawa = UUID()
    let europejska = UUID()

    func at(_ day: CalendarDay, _ time: String) -> Date {
        guard case .exact(let date) = WallClock.resolve(day: day, time: TimeOfDay(time)!) else { fatalError() }
        return date
    }

    func entry(
        _ title: String, _ day: CalendarDay, _ start: String, _ end: String?, room: UUID?, people: Set<UUID> = [],
        group: UUID? = nil
    ) -> ScheduleEntry {
        ScheduleEntry(
            id: UUID(), title: title, start: at(day, start), end: end.map { at(day, $0) }, roomID: room,
            roomName: room == warszawa ? "Warszawa" : "Europejska", personIDs: people, parallelGroupID: group)
    }

    @Test func theWorkshopsAsPublishedShareOneRoomAndCannotBePublished() {
        let group = UUID()
        let entries = [
            entry("Zarządzanie usługami społecznymi", d2, "09:00", "12:00", room: warszawa, group: group),
            entry("Organizowanie Społeczności Lokalnej", d2, "09:00", "12:00", room: warszawa, group: group),
            entry("Indywidualne plany usług społecznych", d2, "09:00", "12:00", room: warszawa, group: group),
        ]
        let problems = ScheduleCheck.problems(entries: entries, firstDay: d1, lastDay: d2)
        #expect(problems.count == 3)
        #expect(problems.allSatisfy { $0.kind == .parallelRoomShared && $0.blocksPublication })
        #expect(problems[0].message.contains("„Warszawa”"))
    }

    @Test func separateRoomsAndBackToBackEntriesAreFine() {
        let group = UUID()
        let entries = [
            entry("Warsztat 1", d2, "09:00", "12:00", room: warszawa, group: group),
            entry("Warsztat 2", d2, "09:00", "12:00", room: europejska, group: group),
            entry("Przerwa kawowa", d2, "12:00", "12:30", room: warszawa),
            entry("Kolacja", d1, "18:00", nil, room: europejska),
            entry("Koncert", d1, "18:30", nil, room: europejska),
        ]
        #expect(ScheduleCheck.problems(entries: entries, firstDay: d1, lastDay: d2).isEmpty)
    }

    @Test func roomClashNamesBothEntriesAndTheirTimes() {
        let entries = [
            entry("Panel ROPS", d1, "16:15", "16:45", room: warszawa),
            entry("Okiem eksperta", d1, "16:30", "17:30", room: warszawa),
        ]
        let problems = ScheduleCheck.problems(entries: entries, firstDay: d1, lastDay: d2)
        #expect(problems.count == 1)
        #expect(problems[0].kind == .roomClash)
        #expect(
            problems[0].message
                == "Kolizja sali „Warszawa”: „Panel ROPS” i „Okiem eksperta” odbywają się w tym samym czasie (21 czerwca 2022, 16:15–16:45 i 16:30–17:30)."
        )
    }

    @Test func samePersonInTwoPlacesIsAWarningOnly() {
        let moderator = UUID()
        let entries = [
            entry("Panel A", d1, "10:00", "11:00", room: warszawa, people: [moderator]),
            entry("Panel B", d1, "10:30", "11:30", room: europejska, people: [moderator]),
        ]
        let problems = ScheduleCheck.problems(
            entries: entries, firstDay: d1, lastDay: d2, personNames: [moderator: "prof. Jan Przykładowy"])
        #expect(problems.count == 1)
        #expect(problems[0].kind == .personClash)
        #expect(!problems[0].blocksPublication)
        #expect(problems[0].message.hasPrefix("prof. Jan Przykładowy występuje jednocześnie"))
    }

    @Test func entriesOutsideTheEventOrEndingBeforeTheyStart() {
        let entries = [
            entry("Za wcześnie", CalendarDay(iso: "2022-06-20")!, "10:00", "11:00", room: nil),
            entry("Odwrotnie", d1, "11:00", "10:00", room: nil),
        ]
        let kinds = ScheduleCheck.problems(entries: entries, firstDay: d1, lastDay: d2).map(\.kind)
        #expect(kinds.contains(.outsideEventDays))
        #expect(kinds.contains(.endNotAfterStart))
    }
}

@Suite struct ICalendarTests {
    @Test func escapingAndFolding() {
        #expect(ICalendar.escape("a;b,c\\d\ne") == "a\\;b\\,c\\\\d\\ne")
        let long = "SUMMARY:" + String(repeating: "ż", count: 60)
        let folded = ICalendar.fold(long)
        for line in folded.components(separatedBy: "\r\n") {
            #expect(line.utf8.count <= 75)
        }
        #expect(folded.replacingOccurrences(of: "\r\n ", with: "") == long)
    }

    @Test func documentUsesWarsawTimesAndUTCForTheRepeatedHour() {
        let summer = ISO8601DateFormatter().date(from: "2022-06-21T08:00:00Z")!
        let repeated = ISO8601DateFormatter().date(from: "2026-10-25T00:30:00Z")!  // 02:30 CEST, happens twice
        let text = ICalendar.document(
            [
                CalendarEvent(
                    uid: "a@x", when: .timed(start: summer, end: summer.addingTimeInterval(3600)),
                    summary: "Otwarcie, część 1; powitanie"),
                CalendarEvent(uid: "b@x", when: .timed(start: repeated, end: nil), summary: "Nocny pociąg"),
                CalendarEvent(
                    uid: "c@x", when: .days(first: CalendarDay(iso: "2022-06-21")!, last: CalendarDay(iso: "2022-06-30")!),
                    summary: "Kongres", cancelled: true),
            ], stamp: summer)
        #expect(text.hasPrefix("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"))
        #expect(text.contains("DTSTART;TZID=Europe/Warsaw:20220621T100000\r\n"))
        #expect(text.contains("DTEND;TZID=Europe/Warsaw:20220621T110000\r\n"))
        #expect(text.contains("SUMMARY:Otwarcie\\, część 1\\; powitanie\r\n"))
        #expect(text.contains("DTSTART:20261025T003000Z\r\n"))
        #expect(text.contains("DTSTART;VALUE=DATE:20220621\r\nDTEND;VALUE=DATE:20220701\r\n"))
        #expect(text.contains("STATUS:CANCELLED"))
        #expect(text.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Warsaw"))
        #expect(text.hasSuffix("END:VCALENDAR\r\n"))
    }
}

@Suite struct RoomLabelTests {
    @Test(arguments: [
        ("Bruksela", "sala Bruksela"), ("12", "sala 12"), ("B2", "sala B2"),
        ("Sala główna", "Sala główna"), ("sala konferencyjna nr 3", "sala konferencyjna nr 3"),
        ("Aula Jarocińskiego Ośrodka Kultury", "Aula Jarocińskiego Ośrodka Kultury"), ("Świetlica wiejska", "Świetlica wiejska"),
        ("Pokój 104", "Pokój 104"), ("Foyer", "Foyer"), ("Salon", "sala Salon"),
    ])
    func aRoomIsNamedOnceInASentence(_ name: String, _ expected: String) {
        #expect(RoomLabel.inSentence(name) == expected)
    }
}

import Foundation
import Testing

@testable import OpenCUSCore

/// Supportive activities' schedules, checked against Foundation's Gregorian calendar as an
/// independent oracle, and the forms of activities, sign-ups and counted attendance.
@Suite struct ActivityScheduleTests {
    static func day(_ iso: String) -> CalendarDay { CalendarDay(iso: iso)! }

    /// Foundation's weekday (1 = Sunday) as ISO (1 = Monday).
    static func oracleWeekday(_ day: CalendarDay) -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let date = calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day))!
        let weekday = calendar.component(.weekday, from: date)
        return weekday == 1 ? 7 : weekday - 1
    }

    @Test func weekdaysMatchFoundationOverTenYears() {
        var day = Self.day("2020-01-01")
        while day < Self.day("2030-01-01") {
            #expect(ActivitySchedule.isoWeekday(day) == Self.oracleWeekday(day), "\(day)")
            day = day.adding(days: 1)
        }
        #expect(ActivitySchedule.isoWeekday(Self.day("1999-12-31")) == 5, "before the reference Monday")
    }

    @Test func weeklyOccurrencesMatchABruteForceOracle() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<40 {
            let weekdays = Array(
                Set((0..<Int.random(in: 1...3, using: &generator)).map { _ in Int.random(in: 1...7, using: &generator) }))
            let every = Int.random(in: 1...3, using: &generator)
            let first = Self.day("2026-01-01").adding(days: Int.random(in: 0...60, using: &generator))
            let last = first.adding(days: Int.random(in: 20...300, using: &generator))
            let except = [first.adding(days: 7), first.adding(days: 15)]
            let schedule = ActivitySchedule(
                weekdays: weekdays, everyWeeks: every, first: first, last: last, start: TimeOfDay("10:00")!,
                end: TimeOfDay("11:00")!, except: except)
            // The oracle: walk the days with Foundation's weekday and count whole weeks from the
            // Monday of the first week.
            var expected: [CalendarDay] = []
            var day = first
            let monday = first.adding(days: -(Self.oracleWeekday(first) - 1))
            while day <= last {
                if weekdays.contains(Self.oracleWeekday(day)) && (monday.days(until: day) / 7) % every == 0
                    && !except.contains(day)
                {
                    expected.append(day)
                }
                day = day.adding(days: 1)
            }
            #expect(schedule.occurrences(from: first.adding(days: -10), through: last.adding(days: 10)) == expected)
            // A window inside the period gives the same days, cut to the window.
            let from = first.adding(days: 30)
            let through = first.adding(days: 60)
            #expect(
                schedule.occurrences(from: from, through: through) == expected.filter { from <= $0 && $0 <= through })
        }
    }

    @Test func aOneOffHappensOnceUnlessExcluded() {
        let once = ActivitySchedule(
            weekdays: [], first: Self.day("2026-12-19"), last: nil, start: TimeOfDay("14:00")!, end: TimeOfDay("18:00")!)
        #expect(once.occurrences(from: Self.day("2026-12-01"), through: Self.day("2026-12-31")) == [Self.day("2026-12-19")])
        #expect(once.occurrences(from: Self.day("2026-12-20"), through: Self.day("2026-12-31")).isEmpty)
        #expect(once.polish == "19 grudnia 2026, 14:00–18:00")
        #expect(once.next(after: Self.day("2026-12-07")) == Self.day("2026-12-19"))
    }

    @Test func schedulesReadInPolish() {
        let club = ActivitySchedule(
            weekdays: [4, 2], first: Self.day("2026-01-05"), last: Self.day("2026-06-30"), start: TimeOfDay("10:00")!,
            end: TimeOfDay("12:00")!, except: [Self.day("2026-04-07")])
        #expect(
            club.polish
                == "co tydzień: wtorek i czwartek, 10:00–12:00, od 5 stycznia 2026 do 30 czerwca 2026 (bez: 7 kwietnia 2026)")
        let wednesday = ActivitySchedule(
            weekdays: [3], first: Self.day("2026-01-07"), last: Self.day("2026-12-30"), start: TimeOfDay("16:00")!,
            end: TimeOfDay("18:00")!)
        #expect(wednesday.polish.hasPrefix("w każdą środę, 16:00–18:00"))
        let fortnightly = ActivitySchedule(
            weekdays: [1], everyWeeks: 2, first: Self.day("2026-01-05"), last: Self.day("2026-03-31"), start: TimeOfDay("17:00")!,
            end: TimeOfDay("19:00")!)
        #expect(fortnightly.polish.hasPrefix("co 2 tygodnie: poniedziałek"))
        #expect(
            fortnightly.occurrences(from: Self.day("2026-01-01"), through: Self.day("2026-02-01")).map(\.iso) == [
                "2026-01-05", "2026-01-19",
            ])
    }

    @Test func theActivityFormSaysWhatIsWrong() throws {
        var form = ActivityForm()
        form.title = "Klub"
        form.kind = "club"
        form.organiser = "CUS"
        form.place = "Świetlica"
        form.firstDay = "2026-12-01"
        form.weekdays = ["2", "9"]
        form.start = "12:00"
        form.end = "10:00"
        form.except = "2026-12-24\nwigilia"
        form.capacity = "0"
        guard case .failure(let errors) = form.validate(today: Self.day("2026-12-07")) else {
            Issue.record("accepted")
            return
        }
        #expect(errors["weekdays"] == "Wybierz dni tygodnia z listy.")
        #expect(errors["lastDay"] == "Podaj, do kiedy działanie się powtarza.")
        #expect(errors["end"] == "Koniec musi być po początku.")
        #expect(errors["except"]?.hasPrefix("„wigilia” to nie data") == true)
        #expect(errors["capacity"] != nil)
        form.weekdays = ["2", "4"]
        form.lastDay = "2026-12-31"
        form.end = "13:00"
        form.except = "2026-12-24"
        form.capacity = ""
        form.signUps = "on"
        let valid = try form.validate(today: Self.day("2026-12-07")).get()
        #expect(valid.schedule.weekdays == [2, 4] && valid.capacity == nil && valid.signUps)
        #expect(
            valid.schedule.occurrences(from: Self.day("2026-12-20"), through: Self.day("2026-12-31")).map(\.iso) == [
                "2026-12-22", "2026-12-29", "2026-12-31",
            ])
    }

    @Test func signUpsNeedAWayToReachThePersonAndConsent() {
        #expect(ActivitySignUpForm(name: "Ala", phone: "600 100 200", consent: "on").validate() != .bot)
        guard case .invalid(let errors) = ActivitySignUpForm(name: " ", phone: "12", email: "x@", consent: nil).validate() else {
            Issue.record("accepted")
            return
        }
        #expect(errors["name"] != nil && errors["phone"] != nil && errors["email"] != nil && errors["consent"] != nil)
        guard case .invalid(let none) = ActivitySignUpForm(name: "Ala", consent: "on").validate() else {
            Issue.record("accepted")
            return
        }
        #expect(none["phone"] == "Podaj telefon albo e-mail, żebyśmy mogli dać znać o zmianach.")
        var bot = ActivitySignUpForm(name: "Ala", phone: "600100200", consent: "on")
        bot.website = "http://spam"
        #expect(bot.validate() == .bot)
    }

    @Test func countedAttendanceAddsUp() throws {
        let plain = try CountedAttendance.read(["total": "14"]).get()
        #expect(plain.total == 14 && plain.breakdown.isEmpty)
        let split = try CountedAttendance.read(["total": "9", "n-60+-k": "6", "n-60+-m": "3", "n-18–59-k": "0"]).get()
        #expect(split.breakdown == ["60+|k": 6, "60+|m": 3])
        guard case .failure(let errors) = CountedAttendance.read(["total": "10", "n-60+-k": "6"]) else {
            Issue.record("accepted")
            return
        }
        #expect(errors["total"]?.contains("daje 6, a razem wpisano 10") == true)
        #expect((try? CountedAttendance.read(["total": "-1"]).get()) == nil)
        #expect((try? CountedAttendance.read(["total": "3", "n-60+-k": "dużo"]).get()) == nil)
    }

    @Test func anIpusItemPointsToAnActivityAndTakesItsName() throws {
        let activity = UUID()
        var form = IpusForm()
        form.start = "2026-12-01"
        form.end = "2027-05-31"
        form.responsibilities = "Osoba i koordynatorka."
        var row = IpusForm.ItemRow()
        (row.kind, row.activityID, row.scope, row.frequency, row.start, row.responsible) = (
            "supportive", activity.uuidString, "spotkania", "dwa razy w tygodniu", "2026-12-08", "OSL"
        )
        form.items = [row]
        var goal = IpusForm.GoalRow()
        (goal.text, goal.indicator, goal.baseline, goal.target, goal.due) = (
            "Wychodzić z domu", "wyjścia", "0", "2", "2027-03-01"
        )
        form.goals = [goal]
        let valid = try form.validate(
            keeping: nil, serviceNames: [:], activities: [activity: (title: "Klub Seniora", organiser: "CUS Jaśminowo")]
        ).get()
        #expect(valid.content.items[0].activityID == activity)
        #expect(valid.content.items[0].name == "Klub Seniora" && valid.content.items[0].provider == "CUS Jaśminowo")
        #expect(IpusForm(valid.content).items[0].activityID == activity.uuidString)
        form.items[0].activityID = UUID().uuidString
        guard case .failure(let errors) = form.validate(keeping: nil, serviceNames: [:], activities: [:]) else {
            Issue.record("accepted an unknown activity")
            return
        }
        #expect(errors["items.0.activityID"] == "Wybierz działanie z kalendarza centrum albo zostaw puste.")
        // Plans stored before activities existed still decode (no key: no activity).
        let old =
            #"{"kind":"supportive","name":"Sąsiadka","provider":"sąsiedzi","scope":"zakupy","frequency":"co tydzień","start":"2026-01-05","responsible":"OSL"}"#
        let item = try JSONDecoder().decode(IpusItem.self, from: Data(old.utf8))
        #expect(item.activityID == nil && item.name == "Sąsiadka")
    }

    @Test func volunteerHoursAreReadInPolishForms() {
        #expect(VolunteerHoursForm.minutes("2") == 120)
        #expect(VolunteerHoursForm.minutes("1,5") == 90)
        #expect(VolunteerHoursForm.minutes("1.25") == 75)
        #expect(VolunteerHoursForm.minutes("1:30") == 90)
        #expect(VolunteerHoursForm.minutes("0:00") == nil && VolunteerHoursForm.minutes("25") == nil)
        #expect(VolunteerHoursForm.minutes("1:75") == nil && VolunteerHoursForm.minutes("dwie") == nil)
        #expect(VolunteerHoursForm.text(150) == "2 godz. 30 min" && VolunteerHoursForm.text(45) == "45 min")
        #expect(VolunteerHoursForm.text(120) == "2 godz.")
    }
}

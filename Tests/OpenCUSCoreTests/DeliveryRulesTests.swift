import Foundation
import Testing

@testable import OpenCUSCore

@Suite struct DeliveryRulesTests {
    let start = CalendarDay(iso: "2026-10-01")!
    let today = CalendarDay(iso: "2026-11-18")!

    func form(_ day: String, _ attendance: String, minutes: String = "", units: String = "") -> DeliveryForm {
        var f = DeliveryForm()
        (f.day, f.attendance, f.minutes, f.units) = (day, attendance, minutes, units)
        return f
    }

    @Test func aDeliveryFallsInsideTheEnrolmentAndNotInTheFuture() {
        guard
            case .failure(let before) = form("2026-09-30", "attended", minutes: "60").validate(
                enrolmentStart: start, enrolmentEnd: nil, today: today)
        else {
            Issue.record("before the enrolment accepted"); return
        }
        #expect(before["day"]?.contains("od 1 października 2026") == true)
        guard
            case .failure(let after) = form("2026-11-10", "attended", minutes: "60").validate(
                enrolmentStart: start, enrolmentEnd: CalendarDay(iso: "2026-11-05"), today: today)
        else {
            Issue.record("after the end accepted"); return
        }
        #expect(after["day"]?.contains("do 5 listopada 2026") == true)
        #expect((try? form("2026-11-19", "absent").validate(enrolmentStart: start, enrolmentEnd: nil, today: today).get()) == nil)
        #expect(
            (try? form("2026-11-18", "absent").validate(enrolmentStart: start, enrolmentEnd: nil, today: today).get())?.attendance
                == .absent)
    }

    @Test func attendanceNeedsADurationOrUnits() {
        guard
            case .failure(let e) = form("2026-11-10", "attended").validate(enrolmentStart: start, enrolmentEnd: nil, today: today)
        else { Issue.record("accepted"); return }
        #expect(e["minutes"] != nil)
        #expect(
            (try? form("2026-11-10", "attended", minutes: "90").validate(enrolmentStart: start, enrolmentEnd: nil, today: today)
                .get())?.minutes == 90)
        guard
            case .failure(let bad) = form("2026-11-10", "maybe", minutes: "-5").validate(
                enrolmentStart: start, enrolmentEnd: nil, today: today)
        else { Issue.record("accepted"); return }
        #expect(bad["attendance"] != nil && bad["minutes"] != nil)
    }

    @Test func summariesCountAttendanceOverSessionsThatTookPlace() {
        var s = DeliverySummary()
        s.add(.attended, minutes: 60, units: nil)
        s.add(.attended, minutes: 30, units: nil)
        s.add(.absent, minutes: nil, units: nil)
        s.add(.cancelled, minutes: nil, units: nil)
        #expect(s.sessions == 4 && s.attended == 2 && s.minutes == 90 && s.units == 2 && s.attendanceRate == 67)
        #expect(DeliverySummary().attendanceRate == nil)
    }

    @Test func feesFollowTheRuleAndTheExemption() {
        #expect(FeeCalculation.charge(rule: .free, attendedMinutes: 600, attendedUnits: 10, exemptionPercent: 0).due == 0)
        let classes = FeeCalculation.charge(
            rule: .perUnit(grosze: 500, unit: "zajęcia"), attendedMinutes: 0, attendedUnits: 6, exemptionPercent: 0)
        #expect(classes.gross == 3_000 && classes.due == 3_000 && classes.basis == "6 × 5,00\u{00A0}zł za zajęcia")
        let care = FeeCalculation.charge(
            rule: .perHour(grosze: 3_000), attendedMinutes: 450, attendedUnits: 5, exemptionPercent: 50)
        #expect(
            care.gross == 22_500 && care.due == 11_250 && care.basis.contains("7,50 h") && care.basis.contains("zwolnienie 50%"))
        #expect(
            FeeCalculation.charge(rule: .perHour(grosze: 1_999), attendedMinutes: 1, attendedUnits: 1, exemptionPercent: 0).gross
                == 33, "19,99 zł/h for a minute, rounded")
        #expect(
            FeeCalculation.charge(
                rule: .perUnit(grosze: 500, unit: "x"), attendedMinutes: 0, attendedUnits: 3, exemptionPercent: 100
            ).due == 0)
    }

    @Test func monthsParseAndStep() {
        #expect(Month("2026-11")?.last.iso == "2026-11-30" && Month("2026-13") == nil && Month("x") == nil)
        #expect(Month("2026-01")!.previous.description == "2025-12" && Month("2026-12")!.next.description == "2027-01")
        #expect(Month("2026-02")!.polish == "luty 2026")
    }
}

@Suite struct PolishCollationTests {
    @Test func polishLettersFollowTheirBaseLetters() {
        let names = ["Żak", "Łukasik", "Lis", "Zając", "Śliwa", "Sowa", "Ćwik", "Czarnecka", "Źrebiec", "adamska", "Mazur"]
        #expect(
            names.sorted(by: PolishCollation.less) == [
                "adamska", "Czarnecka", "Ćwik", "Lis", "Łukasik", "Mazur", "Sowa", "Śliwa", "Zając", "Źrebiec", "Żak",
            ])
    }
}

import Testing

@testable import OpenCUSCore

@Suite struct DiagnosisRulesTests {
    func day(_ iso: String) -> CalendarDay { CalendarDay(iso: iso)! }

    @Test func theFiveYearClockWarnsAYearAheadAndWhenOverdue() {
        #expect(DiagnosisClock(lastAdopted: nil, today: day("2026-12-07")) == .none)
        #expect(DiagnosisClock(lastAdopted: day("2023-06-30"), today: day("2026-12-07")) == .valid(due: day("2028-06-30")))
        #expect(
            DiagnosisClock(lastAdopted: day("2022-03-15"), today: day("2026-12-07")) == .dueSoon(due: day("2027-03-15"), days: 98)
        )
        #expect(
            DiagnosisClock(lastAdopted: day("2021-12-06"), today: day("2026-12-07")) == .overdue(due: day("2026-12-06"), days: 1))
        // 29 February 2024 + 5 years: the last day of February 2029.
        #expect(DiagnosisClock(lastAdopted: day("2024-02-29"), today: day("2026-12-07")) == .valid(due: day("2029-02-28")))
        #expect(
            DiagnosisClock(lastAdopted: day("2021-12-06"), today: day("2026-12-07")).warning?.contains("1 dzień temu") == true)
        #expect(DiagnosisClock(lastAdopted: day("2023-06-30"), today: day("2026-12-07")).warning == nil)
    }

    @Test func aTypedIndicatorNeedsANumberASourceAndAYear() throws {
        var form = DiagnosisIndicatorForm()
        form.section = "situation"
        form.name = "Osoby w wieku 65+"
        form.value = "2 610"
        form.unit = "osób"
        form.source = "GUS, BDL"
        form.year = "2025"
        let valid = try form.validate(today: day("2026-12-07")).get()
        #expect(valid.value == "2610" && valid.section == .situation && valid.year == 2025)
        form.value = "dużo"
        form.source = ""
        form.year = "2030"
        form.section = "x"
        guard case .failure(let errors) = form.validate(today: day("2026-12-07")) else {
            Issue.record("accepted")
            return
        }
        #expect(errors.fields == ["section", "value", "source", "year"])
    }

    @Test func ownFiguresFollowTheSmallNumberRuleAndSayHowTheyWereComputed() {
        #expect(SmallNumbers.display(0) == "0" && SmallNumbers.display(4) == "mniej niż 5" && SmallNumbers.display(5) == "5")
        var figures = DiagnosisFigures(year: 2026)
        figures.requestedByArea = [.socialAssistance: 12, .disability: 3, .housing: 0]
        figures.reserveNow = [.init("Usługi opiekuńcze", 7), .init("Klub seniora", 0)]
        figures.refusedByService = [.init("Usługi opiekuńcze", 2)]
        figures.plansApprovedInYear = 9
        figures.eventsInYear = 3
        figures.confirmedRegistrationsInYear = 140
        let rows = figures.rows
        #expect(
            rows.map(\.name) == [
                "Wnioskowane usługi: pomoc społeczna", "Wnioskowane usługi: wspieranie osób niepełnosprawnych",
                "Lista rezerwowa: Usługi opiekuńcze", "Odmowy: Usługi opiekuńcze",
                "Indywidualne plany usług społecznych zatwierdzone w 2026 r.",
                "Indywidualne plany usług społecznych zamknięte w 2026 r.",
                "Wydarzenia centrum w 2026 r. i potwierdzone zgłoszenia",
            ])
        #expect(rows.map(\.value) == ["12", "mniej niż 5", "7", "mniej niż 5", "9", "0", "3 / 140"])
        #expect(rows.allSatisfy { !$0.computation.isEmpty })
    }
}

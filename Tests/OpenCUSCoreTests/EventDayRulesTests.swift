import Foundation
import Testing

@testable import OpenCUSCore

@Suite struct EventDayRulesTests {
    @Test func registerNumbersAndCodes() {
        #expect(CertificateNumber(sequence: 12, year: 2025, code: "ROPS-OPOLE").text == "12/2025/ROPS-OPOLE")
        #expect(CertificateNumber.normalisedCode(" cus jaśminowo ") == "CUS-JASMINOWO")
        #expect(CertificateNumber.normalisedCode("Łódź-1") == "LODZ-1")
        #expect(CertificateNumber.normalisedCode("x") == nil)
        #expect(CertificateNumber.normalisedCode("ROPS/OPOLE") == nil, "a slash would break the number")
        #expect(CertificateNumber.normalisedCode("-ROPS") == nil)
        #expect(CertificateNumber(sequence: 2, year: 2025, code: "A") < CertificateNumber(sequence: 10, year: 2025, code: "A"))
    }

    @Test func programmeHoursSkipBreaksAndCountOneWorkshopPerBlock() {
        let day = Date(timeIntervalSince1970: 1_655_800_000)
        func item(_ start: Int, _ minutes: Int, countable: Bool = true, group: UUID? = nil, id: UUID = UUID())
            -> ProgrammeHours.Item
        {
            .init(
                id: id, start: day.addingTimeInterval(Double(start * 60)),
                end: day.addingTimeInterval(Double((start + minutes) * 60)), countable: countable, group: group)
        }
        let block = UUID()
        let short = UUID()
        let items = [
            item(0, 90), item(90, 30, countable: false), item(120, 180, group: block), item(120, 60, group: block, id: short),
            item(300, 60),
            ProgrammeHours.Item(id: UUID(), start: day, end: nil, countable: true, group: nil),
        ]
        #expect(ProgrammeHours.minutes(items) == 90 + 180 + 60, "the longest workshop when none was chosen")
        #expect(ProgrammeHours.minutes(items, attended: [short]) == 90 + 60 + 60, "the one attended")
        #expect(ProgrammeHours.polish(minutes: 330) == "5,5 godziny")
        #expect(ProgrammeHours.polish(minutes: 360) == "6 godzin")
        #expect(ProgrammeHours.polish(minutes: 60) == "1 godzina")
        #expect(ProgrammeHours.polish(minutes: 120) == "2 godziny")
        #expect(ProgrammeHours.inScope(minutes: 600) == "w wymiarze 10 godzin zegarowych")
        #expect(ProgrammeHours.inScope(minutes: 120) == "w wymiarze 2 godzin zegarowych")
        #expect(ProgrammeHours.inScope(minutes: 60) == "w wymiarze 1 godziny zegarowej")
        #expect(ProgrammeHours.inScope(minutes: 270) == "w wymiarze 4,5 godziny zegarowej")
    }

    /// A two-day training: a person present on the second day only is certified for that
    /// day's programme (with the workshop they attended), not for both days.
    @Test func certifiedHoursFollowTheDaysPresent() {
        let warsaw = TimeZone(identifier: "Europe/Warsaw")!
        // 2026-06-22 and 2026-06-23, 09:00 Warsaw (07:00 UTC).
        let first = Date(timeIntervalSince1970: 1_782_111_600)
        let second = first.addingTimeInterval(86_400)
        func item(_ day: Date, _ start: Int, _ minutes: Int, group: UUID? = nil, id: UUID = UUID()) -> ProgrammeHours.Item {
            .init(
                id: id, start: day.addingTimeInterval(Double(start * 60)),
                end: day.addingTimeInterval(Double((start + minutes) * 60)), countable: true, group: group)
        }
        let block = UUID()
        let chosen = UUID()
        let items = [
            // Day one: 5 h. Day two: 2 h and the workshop attended, 1,5 h.
            item(first, 0, 180), item(first, 240, 120),
            item(second, 0, 120), item(second, 150, 90, group: block, id: chosen), item(second, 150, 150, group: block),
        ]
        let day1 = CalendarDay(first, in: warsaw)
        let day2 = CalendarDay(second, in: warsaw)
        func certified(_ days: Set<CalendarDay>, manual: Int? = nil, programme: [ProgrammeHours.Item]? = nil) -> Int {
            ProgrammeHours.certified(
                programme ?? items, attended: [chosen], daysPresent: days, eventDays: 2, manualMinutes: manual, timeZone: warsaw)
        }
        #expect(certified([day1, day2]) == 300 + 120 + 90)
        #expect(certified([day2]) == 120 + 90, "only the day present, with the workshop attended")
        #expect(certified([day1]) == 300)
        #expect(certified([]) == 0)
        // Hours typed by the organiser for the whole event are shared out by the programme.
        #expect(certified([day1, day2], manual: 600) == 600)
        #expect(certified([day1], manual: 600) == Int((600.0 * 300 / 510).rounded()))
        // No timed programme: by days.
        #expect(certified([day2], manual: 480, programme: []) == 240)
    }

    @Test func smallGroupsArePooledAndHiddenWhenStillSmall() {
        let result = SmallGroups.suppress([("wielkopolskie", 12), ("opolskie", 3), ("lubuskie", 5), ("śląskie", 1)])
        #expect(result.shown.map(\.label) == ["wielkopolskie", "lubuskie"])
        #expect(result.pooled == 4 && !result.pooledShown)
        #expect(result.rows(other: "inne").map(\.label) == ["wielkopolskie", "lubuskie"], "a pool of 4 stays hidden")
        let pooled = SmallGroups.suppress([("a", 3), ("b", 3), ("c", 7)])
        #expect(
            pooled.pooledShown && pooled.rows(other: "inne") == [.init(label: "c", count: 7), .init(label: "inne", count: 6)])
    }

    @Test func deskSearchIgnoresCaseAndPolishLetters() {
        #expect(LooseMatch.matches("lukasz lecki", "Łukasz Łęcki, CUS Starachowice"))
        #expect(LooseMatch.matches("ŻAK", "Ewa Żak"))
        #expect(!LooseMatch.matches("nowak", "Ewa Żak"))
        #expect(LooseMatch.matches("  ", "anything"))
    }

    @Test func certificateSettingsAreValidatedWithPolishMessages() throws {
        let valid = try CertificateSettingsForm(
            registerCode: "rops opole", hours: "6,5", signatoryName: "Jan Kowalski", signatoryFunction: "Dyrektor",
            issuePlace: "Opole", topics: "Standardy usług | 2\nIPUS"
        ).validate().get()
        #expect(valid.registerCode == "ROPS-OPOLE" && valid.hoursMinutes == 390 && !valid.requirePesel)
        #expect(valid.topics == [.init(title: "Standardy usług", hours: "2"), .init(title: "IPUS", hours: nil)])
        guard
            case .failure(let errors) = CertificateSettingsForm(
                registerCode: "", hours: "6,3", signatoryName: "", signatoryFunction: "", issuePlace: "",
                topics: "Temat | dużo"
            ).validate()
        else { Issue.record("should fail"); return }
        for field in ["registerCode", "hours", "signatoryName", "signatoryFunction", "issuePlace", "topics"] {
            #expect(errors[field] != nil, "\(field)")
        }
        #expect(
            try CertificateSettingsForm(registerCode: "A1", signatoryName: "x", signatoryFunction: "y", issuePlace: "z")
                .validate().get().hoursMinutes == nil)
    }

    @Test func surveyQuestionsAnswersAndResults() throws {
        let questions = [
            SurveyQuestion(id: "q1", kind: .scale, text: "Ocena", required: true),
            SurveyQuestion(id: "q2", kind: .single, text: "Przyda się?", options: ["Tak", "Nie"]),
            SurveyQuestion(id: "q3", kind: .multiple, text: "Tematy", options: ["A", "B", "C"]),
            SurveyQuestion(id: "q4", kind: .text, text: "Uwagi"),
        ]
        guard
            case .failure(let errors) = SurveyAnswers.validate(
                ["q_q1": ["7"], "q_q2": ["0", "1"], "q_q3": ["9"]], questions: questions)
        else {
            Issue.record("should fail"); return
        }
        #expect(errors["q_q1"] != nil && errors["q_q2"] != nil && errors["q_q3"] != nil)
        guard case .failure(let missing) = SurveyAnswers.validate([:], questions: questions) else {
            Issue.record("required"); return
        }
        #expect(missing["q_q1"] == "Odpowiedz na to pytanie – jest obowiązkowe.")
        let long = String(repeating: "ż", count: SurveyAnswers.maximumTextLength + 1)
        if case .success = SurveyAnswers.validate(["q_q1": ["3"], "q_q4": [long]], questions: questions) {
            Issue.record("too long accepted")
        }
        let a = try SurveyAnswers.validate(
            ["q_q1": ["5"], "q_q2": ["0"], "q_q3": ["2", "0", "2"], "q_q4": ["  Więcej przerw "]], questions: questions
        ).get()
        #expect(a.values == ["q1": ["5"], "q2": ["0"], "q3": ["0", "2"], "q4": ["Więcej przerw"]])
        let b = try SurveyAnswers.validate(["q_q1": ["4"]], questions: questions).get()
        let results = SurveyResult.compute(questions, answers: [a, b])
        #expect(results[0].answered == 2 && results[0].averageText == "4,5" && results[0].bars.map(\.count) == [0, 0, 0, 1, 1])
        #expect(results[1].bars == [.init(label: "Tak", count: 1), .init(label: "Nie", count: 0)] && results[1].answered == 1)
        #expect(results[2].bars.map(\.count) == [1, 0, 1])
        #expect(results[3].texts == ["Więcej przerw"])
        let invalid = SurveyQuestion.validate(kind: "single", text: "Pytanie", options: "Tak", required: false, id: "q9")
        if case .success = invalid { Issue.record("one option accepted") }
    }

    @Test func chartsAreAccessibleAndEscaped() {
        let svg = SVGBarChart.render(
            id: "c1", title: "Ocena <b>", bars: [.init(label: "Tak & nie", count: 3), .init(label: "Nie", count: 0)])
        #expect(svg.contains("role=\"img\"") && svg.contains("aria-labelledby=\"c1-t c1-d\""))
        #expect(svg.contains("<title id=\"c1-t\">Ocena &lt;b&gt;</title>") && svg.contains("Tak &amp; nie: 3; Nie: 0 (razem 3)"))
        #expect(!svg.contains("<b>"))
    }
}

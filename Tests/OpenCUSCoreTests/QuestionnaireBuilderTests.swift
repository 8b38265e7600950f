import Foundation
import Testing

@testable import OpenCUSCore

/// The survey builder's forms, the paper-entry codes, quotas, and the results under the
/// small-number rule, checked against counts worked out by hand on a small data set.
@Suite struct QuestionnaireBuilderTests {
    static let definition = QuestionnaireDefinition(sections: [
        QuestionnaireSection(
            key: "s1", title: "O Tobie",
            questions: [
                QuestionDefinition(key: "q1", text: "Wiek", kind: .single, required: true, options: ["do 59", "60+"]),
                QuestionDefinition(
                    key: "q2", text: "Czego brakuje?", kind: .multiple, options: ["opieka", "transport", "klub"],
                    allowsOther: true),
            ]),
        QuestionnaireSection(
            key: "s2", title: "Opieka", condition: QuestionCondition(question: "q1", anyOf: ["60+"]),
            questions: [
                QuestionDefinition(key: "q3", text: "Ocena", kind: .scale5, required: true),
                QuestionDefinition(key: "q4", text: "Ułóż", kind: .ranking, options: ["a", "b", "c"]),
                QuestionDefinition(key: "q5", text: "Zdania", kind: .grid, statements: ["x", "y"]),
                QuestionDefinition(key: "q6", text: "Od kiedy?", kind: .date),
                QuestionDefinition(key: "q7", text: "Uwagi", kind: .text),
            ]),
    ])
    static let today = CalendarDay(iso: "2026-12-07")!

    // MARK: Builder forms

    @Test func aQuestionFormBecomesAQuestionWithAConditionOnAnEarlierAnswer() throws {
        var definition = Self.definition
        let form = QuestionForm(
            section: "s2", text: "  Ile godzin?  ", kind: "number", required: "on", options: "ignored\nlines",
            condition: ["q1:2"])
        let key = definition.nextQuestionKey
        #expect(key == "q8")
        let (section, question) = try form.validate(key: key, in: definition).get()
        #expect(section == "s2" && question.text == "Ile godzin?" && question.kind == .number && question.required)
        #expect(question.options.isEmpty, "a number question keeps no options")
        #expect(question.condition == QuestionCondition(question: "q1", anyOf: ["60+"]))
        definition.put(question, inSection: section)
        #expect(definition.number(of: "q8") == "2.6" && definition.problems.isEmpty)
        #expect(definition.describe(question.condition) == "jeśli w pytaniu 1.1 zaznaczono „60+”")
        // The edit form shows the same condition selected again.
        #expect(QuestionForm(question, section: section, in: definition).condition == ["q1:2"])
    }

    @Test func badQuestionFormsSayWhatIsWrongNextToTheField() {
        let definition = Self.definition
        let empty = QuestionForm(section: "s9", text: " ", kind: "single", options: "tak\ntak")
        guard case .failure(let errors) = empty.validate(key: "q8", in: definition) else {
            Issue.record("accepted")
            return
        }
        #expect(errors["text"] == "Wpisz treść pytania.")
        #expect(errors["section"] == "Wybierz część ankiety.")
        #expect(errors["options"] == "Odpowiedzi się powtarzają — każda musi być inna.")
        let noKind = QuestionForm(section: "s1", text: "x", kind: "essay")
        #expect(throws: FieldErrors.self) { try noKind.validate(key: "q8", in: definition).get() }
        // Two questions in one condition, an unknown value, a text question as the condition.
        for (condition, message) in [
            (["q1:1", "q2:1"], "Warunek może dotyczyć tylko jednego wcześniejszego pytania."),
            (["q1:9"], "Wybierz warunek z listy."), (["q7:1"], "Wybierz warunek z listy."),
        ] {
            let form = QuestionForm(section: "s2", text: "x", kind: "text", condition: condition)
            guard case .failure(let errors) = form.validate(key: "q8", in: definition) else {
                Issue.record("accepted \(condition)")
                continue
            }
            #expect(errors["condition"] == message)
        }
        // A condition may only look back: question 1.1 cannot depend on 1.2 (an edit of q1).
        let forward = QuestionForm(section: "s1", text: "Wiek", kind: "single", options: "a\nb", condition: ["q2:1"])
        guard case .failure(let errors) = forward.validate(key: "q1", in: definition) else {
            Issue.record("accepted a forward condition")
            return
        }
        #expect(errors["condition"] == "Warunek może dotyczyć tylko pytania zadanego wcześniej.")
    }

    @Test func conditionChoicesListOnlyEarlierChoiceAndScaleQuestions() {
        let before = ConditionChoice.before(3, in: Self.definition).map(\.value)
        #expect(before == ["q1:1", "q1:2", "q2:1", "q2:2", "q2:3", "q3:s1", "q3:s2", "q3:s3", "q3:s4", "q3:s5"])
        #expect(ConditionChoice.before(0, in: Self.definition).isEmpty)
    }

    @Test func questionsMoveWithinTheirSectionAndKeysAreNeverReused() {
        var definition = Self.definition
        definition.move(question: "q4", up: true)
        #expect(definition.sections[1].questions.map(\.key) == ["q4", "q3", "q5", "q6", "q7"])
        definition.move(question: "q4", up: true)
        #expect(definition.sections[1].questions.map(\.key) == ["q4", "q3", "q5", "q6", "q7"], "the first stays first")
        #expect(Self.definition.dependents(of: "q1") == ["2.1", "2.2", "2.3", "2.4", "2.5"])
        definition.remove(question: "q7")
        #expect(definition.nextQuestionKey == "q7", "the highest remaining is q6")
        definition.remove(question: "q2")
        #expect(definition.nextQuestionKey == "q7")
        #expect(definition.nextSectionKey == "s3")
    }

    @Test func aSectionFormNeedsATitle() throws {
        #expect(throws: FieldErrors.self) {
            try QuestionnaireSectionForm(title: "").validate(key: "s3", in: Self.definition).get()
        }
        let section = try QuestionnaireSectionForm(title: "Na koniec", condition: ["q1:1"])
            .validate(key: "s3", in: Self.definition).get()
        #expect(section.condition == QuestionCondition(question: "q1", anyOf: ["do 59"]) && section.questions.isEmpty)
    }

    @Test func anExistingSectionKeepsItsQuestionsAndItsConditionLooksBack() throws {
        var definition = Self.definition
        let edited = try QuestionnaireSectionForm(title: "Opieka w domu", condition: ["q2:2"]).validate(key: "s2", in: definition)
            .get()
        #expect(edited.questions.map(\.key) == ["q3", "q4", "q5", "q6", "q7"])
        #expect(edited.condition == QuestionCondition(question: "q2", anyOf: ["transport"]))
        definition.replace(edited)
        #expect(definition.sections[1].title == "Opieka w domu" && definition.numbered.count == 7)
        // The first section cannot depend on its own question.
        guard
            case .failure(let errors) = QuestionnaireSectionForm(title: "O Tobie", condition: ["q1:1"])
                .validate(key: "s1", in: definition)
        else {
            Issue.record("accepted")
            return
        }
        #expect(errors["sectionCondition"] == "Warunek może dotyczyć tylko pytania zadanego wcześniej.")
        #expect(definition.questionsBefore(section: "s2") == 2 && definition.questionsBefore(section: "s9") == 7)
    }

    // MARK: Paper entry

    @Test func paperCodesBecomeTheSameAnswersAsTheOnlineForm() throws {
        let codes: [String: [String]] = [
            "q1": ["2"], "q2": ["1, 4"], "q2-other": ["dowóz obiadów"], "q3": ["4"], "q4": ["3 1 2"],
            "q5-s1": ["5"], "q5-s2": [""], "q6": ["7.03.2020"], "q7": ["Dziękuję"],
        ]
        let fields = try PaperEntry.fields(codes, definition: Self.definition).get()
        #expect(fields["q1"] == ["60+"])
        #expect(fields["q2"] == ["opieka", QuestionnaireResponse.otherValue])
        #expect(fields["q4-r1"] == ["c"] && fields["q4-r2"] == ["a"] && fields["q4-r3"] == ["b"])
        #expect(fields["q6"] == ["2020-03-07"])
        let response = try QuestionnaireResponse.read(
            fields, definition: Self.definition, today: Self.today, requireAnswers: false
        )
        .get()
        #expect(response.answers["q2"] == .choices(["opieka", QuestionnaireResponse.otherValue], other: "dowóz obiadów"))
        #expect(response.answers["q4"] == .ranking(["c", "a", "b"]))
        #expect(response.answers["q5"] == .grid([0: 5]))
        #expect(response.answers["q6"] == .date(CalendarDay(iso: "2020-03-07")!))
    }

    @Test func paperCodesOutOfRangeAreRefusedAndHiddenAnswersDropped() throws {
        let bad: [String: [String]] = ["q1": ["3"], "q2": ["1 x"], "q4": ["1 1 2"]]
        guard case .failure(let errors) = PaperEntry.fields(bad, definition: Self.definition) else {
            Issue.record("accepted")
            return
        }
        #expect(errors["q1"] == "Pytanie 1.1: wpisz jeden numer odpowiedzi od 1 do 2.")
        #expect(errors["q2"] == "Pytanie 1.2: wpisz numery odpowiedzi od 1 do 4, oddzielone spacją.")
        #expect(errors["q4"]?.hasPrefix("Pytanie 2.2: wpisz numery wszystkich 3 odpowiedzi") == true)
        // Someone under 60 also rated question 2.1 on paper: the section is not for them.
        let fields = try PaperEntry.fields(["q1": ["1"], "q3": ["2"]], definition: Self.definition).get()
        let response = try QuestionnaireResponse.read(
            fields, definition: Self.definition, today: Self.today, requireAnswers: false
        )
        .get()
        #expect(response.answers == ["q1": .choice("do 59", other: nil)])
        // Paper cannot make anyone answer: a blank required question is no error there, only online.
        #expect(
            (try? QuestionnaireResponse.read([:], definition: Self.definition, today: Self.today, requireAnswers: false).get())
                != nil)
        #expect((try? QuestionnaireResponse.read([:], definition: Self.definition, today: Self.today).get()) == nil)
    }

    // MARK: Quotas and contact

    @Test func quotasAreTypedPerOptionAndCountedPerValue() throws {
        let quotas = try #require(try SurveyQuotas.parse(question: "q1", text: "60+: 2\n do 59 : 10", in: Self.definition).get())
        #expect(quotas.limits == ["60+": 2, "do 59": 10])
        #expect(quotas.text(in: Self.definition) == "do 59: 10\n60+: 2")
        let answer: [String: QuestionAnswer] = ["q1": .choice("60+", other: nil)]
        #expect(quotas.exceeded(by: answer, counts: ["60+": 1]) == nil)
        #expect(quotas.exceeded(by: answer, counts: ["60+": 2]) == "60+")
        #expect(quotas.exceeded(by: ["q1": .choice("do 59", other: nil)], counts: ["60+": 2]) == nil)
        #expect((try SurveyQuotas.parse(question: "", text: "", in: Self.definition).get()) == nil)
        for (question, text, field) in [
            ("q2", "opieka: 3", "quotaQuestion"), ("q1", "70+: 3", "quotas"), ("q1", "60+ trzy", "quotas"),
            ("q1", "60+: 0", "quotas"), ("", "60+: 3", "quotaQuestion"),
        ] {
            guard case .failure(let errors) = SurveyQuotas.parse(question: question, text: text, in: Self.definition) else {
                Issue.record("accepted \(question) \(text)")
                continue
            }
            #expect(errors[field] != nil, "\(question) \(text)")
        }
    }

    @Test func contactIsOptionalButNeedsConsentWhenGiven() throws {
        let none = try SurveyContact.read([:]).get()
        #expect(none.name == nil && none.email == nil)
        let given = try SurveyContact.read([
            "contactName": ["Ala"], "contactEmail": ["ala@example.pl"], "contactConsent": ["yes"],
        ])
        .get()
        #expect(given.name == "Ala" && given.email?.value == "ala@example.pl")
        guard case .failure(let errors) = SurveyContact.read(["contactEmail": ["nie-mail"]]) else {
            Issue.record("accepted")
            return
        }
        #expect(errors["contactEmail"] != nil && errors["contactConsent"] != nil)
    }

    // MARK: Results

    /// 13 questionnaires worked out by hand: 9 people aged 60+ (6 rate 4, 3 rate 5), 4 under 60.
    static var responses: [[String: QuestionAnswer]] {
        var all: [[String: QuestionAnswer]] = []
        for i in 0..<9 {
            all.append([
                "q1": .choice("60+", other: nil), "q2": .choices(i < 7 ? ["opieka"] : ["opieka", "klub"], other: nil),
                "q3": .scale(i < 6 ? 4 : 5), "q4": .ranking(i < 5 ? ["a", "b", "c"] : ["b", "a", "c"]),
                "q5": .grid(i < 2 ? [0: 5, 1: 2] : [0: 3]),
            ])
        }
        for _ in 0..<4 {
            all.append(["q1": .choice("do 59", other: nil), "q2": .choices(["transport"], other: nil)])
        }
        return all
    }

    @Test func talliesCountThoseWhoAnsweredAndHideCountsFromOneToFour() {
        let tallies = QuestionTally.compute(Self.definition, responses: Self.responses)
        let q1 = tallies[0]
        #expect(q1.answered == 13)
        #expect(q1.rows.map(\.shown) == ["mniej niż 5", "9"])
        #expect(q1.rows.map(\.percent) == ["—", "69%"], "9 of 13")
        let q2 = tallies[1]
        #expect(q2.rows.map(\.label) == ["opieka", "transport", "klub", "Inne"])
        #expect(q2.rows.map(\.count) == [9, 4, 2, 0])
        #expect(q2.rows.map(\.shown) == ["9", "mniej niż 5", "mniej niż 5", "0"])
        let q3 = tallies[2]
        #expect(q3.rows.map(\.count) == [0, 0, 0, 6, 3])
        #expect(q3.means.map(\.value) == ["4,3"], "(6·4 + 3·5) / 9 = 4.33")
        let ranking = tallies[3]
        #expect(ranking.rows.map(\.count) == [5, 4, 0], "first places")
        #expect(ranking.means.map(\.value) == ["1,4", "1,6", "3,0"], "a: (5·1 + 4·2)/9")
        let grid = tallies[4]
        #expect(grid.rows.map(\.count) == [2, 0], "agree (4–5): statement x twice, y never")
        #expect(grid.means.map(\.value) == ["3,4"], "x: (2·5 + 7·3)/9; y has 2 answers, too few for a mean")
        let chart = q1.chart(id: "c1") ?? ""
        #expect(chart.contains("do 59: mniej niż 5; 60+: 9") && chart.contains(">mniej niż 5</text>"))
    }

    @Test func theCrossTabLeavesOutGroupsOfFewerThanFive() throws {
        let q1 = Self.definition.sections[0].questions[0]
        let q2 = Self.definition.sections[0].questions[1]
        let cross = try #require(CrossTab.compute(by: q1, of: q2, responses: Self.responses))
        #expect(cross.groups.map(\.label) == ["60+"], "the 4 people under 60 are not shown as a group")
        #expect(cross.hiddenGroups == 1)
        #expect(cross.groups[0].size == 9)
        #expect(cross.groups[0].cells.map(\.shown) == ["9", "0", "mniej niż 5", "0"])
        #expect(cross.groups[0].cells.map(\.percent) == ["100%", "0%", "—", "0%"])
        #expect(CrossTab.compute(by: q1, of: q1, responses: Self.responses) == nil)
        #expect(CrossTab.compute(by: q1, of: Self.definition.sections[1].questions[4], responses: Self.responses) == nil)
    }

    @Test func theExportHasOneRowPerQuestionnaireAndAColumnPerAnswer() {
        let table = QuestionnaireExport.table(
            Self.definition,
            rows: [
                .init(
                    number: 7, channel: "na papierze", day: Self.today,
                    answers: [
                        "q1": .choice("60+", other: nil), "q2": .choices(["opieka", "__other__"], other: "obiady"),
                        "q4": .ranking(["b", "a", "c"]), "q5": .grid([1: 4]), "q7": .text("Dzięki"),
                    ])
            ])
        #expect(
            table[0] == [
                "nr ankiety", "sposób wypełnienia", "data", "1.1", "1.2", "1.2 inne", "2.1", "2.2 miejsce 1", "2.2 miejsce 2",
                "2.2 miejsce 3", "2.3 [1]", "2.3 [2]", "2.4", "2.5",
            ])
        #expect(
            table[1] == [
                "7", "na papierze", "2026-12-07", "60+", "opieka | Inne", "obiady", "", "b", "a", "c", "", "4", "", "Dzięki",
            ])
    }
}

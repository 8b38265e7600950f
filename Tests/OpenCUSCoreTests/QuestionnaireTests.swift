import Testing

@testable import OpenCUSCore

@Suite struct QuestionnaireTests {
    static let definition = QuestionnaireDefinition(sections: [
        QuestionnaireSection(
            key: "s1", title: "O Tobie",
            questions: [
                QuestionDefinition(
                    key: "age", text: "Ile masz lat?", kind: .single, required: true, options: ["do 29", "30–64", "65 i więcej"]),
                QuestionDefinition(
                    key: "carer", text: "Czy opiekujesz się bliską osobą?", kind: .single, required: true,
                    options: ["tak", "nie"]),
                QuestionDefinition(
                    key: "hours", text: "Ile godzin dziennie?", kind: .number, required: true,
                    condition: QuestionCondition(question: "carer", anyOf: ["tak"])),
            ]),
        QuestionnaireSection(
            key: "s2", title: "Seniorzy", condition: QuestionCondition(question: "age", anyOf: ["65 i więcej"]),
            questions: [
                QuestionDefinition(
                    key: "needs", text: "Czego brakuje?", kind: .multiple, required: true, options: ["transport", "opieka"],
                    allowsOther: true),
                QuestionDefinition(key: "rate", text: "Jak oceniasz usługi?", kind: .scale5),
            ]),
        QuestionnaireSection(
            key: "s3", title: "Opinie",
            questions: [
                QuestionDefinition(
                    key: "grid", text: "Na ile się zgadzasz?", kind: .grid, required: true,
                    statements: ["Czuję się bezpiecznie", "Wiem, gdzie szukać pomocy"]),
                QuestionDefinition(key: "rank", text: "Ułóż od najważniejszej", kind: .ranking, options: ["a", "b", "c"]),
                QuestionDefinition(key: "when", text: "Kiedy ostatnio?", kind: .date),
                QuestionDefinition(key: "free", text: "Uwagi", kind: .text),
            ]),
    ])

    let today = CalendarDay(iso: "2026-12-07")!

    @Test func questionsAreNumberedBySectionAndTheDefinitionIsChecked() {
        #expect(Self.definition.numbered.map(\.number) == ["1.1", "1.2", "1.3", "2.1", "2.2", "3.1", "3.2", "3.3", "3.4"])
        #expect(Self.definition.problems.isEmpty)
        let broken = QuestionnaireDefinition(sections: [
            QuestionnaireSection(
                key: "s", title: "S",
                questions: [
                    QuestionDefinition(
                        key: "a", text: "A", kind: .single, options: ["x"],
                        condition: QuestionCondition(question: "b", anyOf: ["y"])),
                    QuestionDefinition(key: "b", text: "", kind: .text),
                    QuestionDefinition(
                        key: "c", text: "C", kind: .grid, condition: QuestionCondition(question: "b", anyOf: ["y"])),
                    QuestionDefinition(
                        key: "a", text: "D", kind: .scale5, condition: QuestionCondition(question: "a", anyOf: ["z"])),
                ])
        ])
        #expect(broken.problems.count == 7, "\(broken.problems)")
    }

    @Test func aFullAnswerIsReadAndHiddenQuestionsAreIgnored() throws {
        let fields: [String: [String]] = [
            "age": ["30–64"], "carer": ["nie"], "hours": ["12"],  // hours hidden: carer is "nie"
            "needs": ["transport"],  // section 2 hidden: not a senior
            "grid-s1": ["4"], "grid-s2": ["2"], "rank-r1": ["c"], "rank-r2": ["a"], "rank-r3": ["b"], "when": ["2026-11-30"],
            "free": ["  Więcej <b>zajęć</b>  "],
        ]
        let response = try QuestionnaireResponse.read(fields, definition: Self.definition, today: today).get()
        #expect(response.answers["hours"] == nil && response.answers["needs"] == nil)
        #expect(response.answers["grid"] == .grid([0: 4, 1: 2]))
        #expect(response.answers["rank"] == .ranking(["c", "a", "b"]))
        #expect(response.answers["free"] == .text("Więcej <b>zajęć</b>"))
        #expect(response.answers.count == 6)
    }

    @Test func requiredVisibleQuestionsAndBadValuesAreNamedByNumber() {
        let fields: [String: [String]] = [
            "age": ["65 i więcej"], "carer": ["tak"], "hours": ["dużo"], "needs": ["__other__"], "rate": ["7"],
            "grid-s1": ["3"], "rank-r1": ["a"], "rank-r2": ["a"], "rank-r3": ["b"], "when": ["2027-01-01"],
        ]
        guard case .failure(let errors) = QuestionnaireResponse.read(fields, definition: Self.definition, today: today) else {
            Issue.record("accepted")
            return
        }
        #expect(errors.fields == ["hours", "needs", "rate", "grid", "rank", "when"])
        #expect(errors["hours"] == "Pytanie 1.3: Wpisz liczbę, np. 3.")
        #expect(errors["needs"]?.contains("inna odpowiedź") == true)
        #expect(errors["grid"]?.contains("każde stwierdzenie") == true)
        guard case .failure(let empty) = QuestionnaireResponse.read([:], definition: Self.definition, today: today) else {
            return
        }
        #expect(empty.fields == ["age", "carer", "grid"], "section 2 and 1.3 stay hidden without answers")
    }

    @Test func aSeniorSeesTheirSectionAndOtherIsKept() throws {
        let fields: [String: [String]] = [
            "age": ["65 i więcej"], "carer": ["nie"], "needs": ["opieka", "__other__", "kino"],
            "needs-other": ["dowóz do lekarza"],
            "rate": ["5"], "grid-s1": ["5"], "grid-s2": ["5"],
        ]
        guard case .failure(let notOnList) = QuestionnaireResponse.read(fields, definition: Self.definition, today: today) else {
            Issue.record("an option not on the list was accepted")
            return
        }
        #expect(notOnList["needs"] == "Pytanie 2.1: Wybierz odpowiedzi z listy.")
        let ok = try QuestionnaireResponse.read(
            fields.merging(["needs": ["opieka", "__other__"]]) { $1 }, definition: Self.definition, today: today
        ).get()
        #expect(ok.answers["needs"] == .choices(["opieka", "__other__"], other: "dowóz do lekarza"))
        #expect(ok.answers["rate"] == .scale(5))
    }
}

import Foundation

/// The kinds of questions a resident questionnaire asks (LimeSurvey's everyday set).
public enum QuestionKind: String, Sendable, Codable, CaseIterable {
    case single
    case multiple
    case scale5 = "scale_5"
    case scale10 = "scale_10"
    case grid
    case number
    case text
    case date
    case ranking

    public var polishName: String {
        switch self {
        case .single: "jednokrotny wybór"
        case .multiple: "wielokrotny wybór"
        case .scale5: "skala 1–5"
        case .scale10: "skala 0–10"
        case .grid: "tabela stwierdzeń (1–5)"
        case .number: "liczba"
        case .text: "tekst"
        case .date: "data"
        case .ranking: "ranking"
        }
    }

    /// Kinds whose answer is one or more of the listed options (or a point of a scale), which a
    /// condition can test.
    public var isChoice: Bool { [.single, .multiple, .scale5, .scale10].contains(self) }
    public var hasOptions: Bool { [.single, .multiple, .ranking].contains(self) }

    /// The values of a scale, as the answer stores them.
    public var scale: ClosedRange<Int>? {
        switch self {
        case .scale5, .grid: 1...5
        case .scale10: 0...10
        default: nil
        }
    }
}

/// "Show this when the answer to an earlier question is one of these values."
public struct QuestionCondition: Sendable, Codable, Equatable {
    public var question: String
    public var anyOf: [String]

    public init(question: String, anyOf: [String]) {
        self.question = question
        self.anyOf = anyOf
    }
}

public struct QuestionDefinition: Sendable, Codable, Equatable {
    /// Stable across edits ("q7"): answers are stored under it.
    public var key: String
    public var text: String
    public var kind: QuestionKind
    public var required: Bool
    /// Choices (single, multiple, ranking).
    public var options: [String]
    /// "Inne (jakie?)" with a text box (single and multiple).
    public var allowsOther: Bool
    /// The rows of a grid, each answered on the 1–5 scale.
    public var statements: [String]
    public var condition: QuestionCondition?

    public init(
        key: String, text: String, kind: QuestionKind, required: Bool = false, options: [String] = [],
        allowsOther: Bool = false, statements: [String] = [], condition: QuestionCondition? = nil
    ) {
        self.key = key
        self.text = text
        self.kind = kind
        self.required = required
        self.options = options
        self.allowsOther = allowsOther
        self.statements = statements
        self.condition = condition
    }
}

public struct QuestionnaireSection: Sendable, Codable, Equatable {
    public var key: String
    public var title: String
    public var condition: QuestionCondition?
    public var questions: [QuestionDefinition]

    public init(key: String, title: String, condition: QuestionCondition? = nil, questions: [QuestionDefinition]) {
        self.key = key
        self.title = title
        self.condition = condition
        self.questions = questions
    }
}

/// A questionnaire: sections of questions, numbered "2.3" the same way on screen and on paper,
/// with conditions that show a question or a whole section depending on earlier answers.
public struct QuestionnaireDefinition: Sendable, Codable, Equatable {
    public var sections: [QuestionnaireSection]

    public init(sections: [QuestionnaireSection]) { self.sections = sections }

    /// Every question in order with its number ("1.1").
    public var numbered: [(number: String, section: QuestionnaireSection, question: QuestionDefinition)] {
        sections.enumerated().flatMap { s in
            s.element.questions.enumerated().map { q in ("\(s.offset + 1).\(q.offset + 1)", s.element, q.element) }
        }
    }

    public func number(of key: String) -> String? { numbered.first { $0.question.key == key }?.number }

    /// What makes the definition unusable, in words staff understand (empty when it is fine).
    public var problems: [String] {
        var problems: [String] = []
        var seen: [String: QuestionDefinition] = [:]
        for (number, section, question) in numbered {
            if seen[question.key] != nil { problems.append("Pytanie \(number): powtórzony klucz \(question.key).") }
            if question.text.trimmingCharacters(in: .whitespaces).isEmpty { problems.append("Pytanie \(number) nie ma treści.") }
            if question.kind.hasOptions && question.options.count < 2 {
                problems.append("Pytanie \(number) potrzebuje co najmniej dwóch odpowiedzi do wyboru.")
            }
            if Set(question.options).count != question.options.count {
                problems.append("Pytanie \(number): odpowiedzi do wyboru się powtarzają.")
            }
            if question.kind == .grid && question.statements.isEmpty {
                problems.append("Pytanie \(number) (tabela) potrzebuje co najmniej jednego stwierdzenia.")
            }
            for condition in [section.condition, question.condition].compactMap({ $0 }) {
                if let problem = Self.problem(condition, earlier: seen, at: number) { problems.append(problem) }
            }
            seen[question.key] = question
        }
        return problems
    }

    /// A condition may only look back: at an earlier question that has values to test.
    static func problem(_ condition: QuestionCondition, earlier: [String: QuestionDefinition], at number: String) -> String? {
        guard let target = earlier[condition.question] else {
            return "Pytanie \(number): warunek może dotyczyć tylko pytania zadanego wcześniej."
        }
        guard target.kind.isChoice else {
            return "Pytanie \(number): warunek może dotyczyć pytania z wyborem lub skalą."
        }
        let values = target.kind.scale.map { $0.map(String.init) } ?? target.options
        if condition.anyOf.isEmpty || !Set(condition.anyOf).isSubset(of: Set(values)) {
            return "Pytanie \(number): warunek wskazuje odpowiedź, której nie ma w pytaniu, od którego zależy."
        }
        return nil
    }

    /// The keys of the questions shown for these answers: sections and questions whose
    /// condition holds, judged in order (a hidden question's answer never opens anything).
    public func visible(given answers: [String: QuestionAnswer]) -> [String] {
        var shown: [String] = []
        var shownAnswers: [String: QuestionAnswer] = [:]
        func holds(_ condition: QuestionCondition?) -> Bool {
            guard let condition else { return true }
            guard let answer = shownAnswers[condition.question] else { return false }
            return !Set(answer.values).isDisjoint(with: condition.anyOf)
        }
        for section in sections where holds(section.condition) {
            for question in section.questions where holds(question.condition) {
                shown.append(question.key)
                if let answer = answers[question.key] { shownAnswers[question.key] = answer }
            }
        }
        return shown
    }
}

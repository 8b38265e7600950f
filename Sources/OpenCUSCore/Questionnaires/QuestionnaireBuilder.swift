import Foundation

/// What a condition can point at: one value of an earlier choice or scale question, offered
/// to staff as "1.2 Czy mieszka Pan/Pani sam/a? — tak" and sent back as `q3:1` (the option's
/// position, or `q3:s7` for the point 7 of a scale), so option texts never travel in a value.
public struct ConditionChoice: Sendable, Equatable, Encodable {
    public let value: String
    public let label: String

    /// Every value of every choice or scale question before `position` (a question's place in
    /// `numbered`; nil = after the last question, for a new one).
    public static func before(_ position: Int?, in definition: QuestionnaireDefinition) -> [ConditionChoice] {
        let numbered = definition.numbered
        let earlier = numbered.prefix(position ?? numbered.count)
        return earlier.flatMap { number, _, question -> [ConditionChoice] in
            guard question.kind.isChoice else { return [] }
            let short = question.text.count > 70 ? String(question.text.prefix(69)) + "…" : question.text
            if let scale = question.kind.scale {
                return scale.map { ConditionChoice(value: "\(question.key):s\($0)", label: "\(number) \(short) — \($0)") }
            }
            return question.options.enumerated().map {
                ConditionChoice(value: "\(question.key):\($0.offset + 1)", label: "\(number) \(short) — \($0.element)")
            }
        }
    }

    /// The chosen values back as a condition; all of them must belong to one question.
    static func condition(_ values: [String], in definition: QuestionnaireDefinition) -> Result<
        QuestionCondition?, ConditionProblem
    > {
        let chosen = values.map { TextInput.clean($0) }.filter { !$0.isEmpty }
        guard !chosen.isEmpty else { return .success(nil) }
        var key: String?
        var anyOf: [String] = []
        for value in chosen {
            let parts = value.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, let question = definition.numbered.first(where: { $0.question.key == parts[0] })?.question
            else { return .failure(ConditionProblem("Wybierz warunek z listy.")) }
            if let key, key != question.key {
                return .failure(ConditionProblem("Warunek może dotyczyć tylko jednego wcześniejszego pytania."))
            }
            key = question.key
            if parts[1].hasPrefix("s"), let scale = question.kind.scale, let point = Int(parts[1].dropFirst()),
                scale.contains(point)
            {
                anyOf.append(String(point))
            } else if let index = Int(parts[1]), question.options.indices.contains(index - 1), question.kind.isChoice {
                anyOf.append(question.options[index - 1])
            } else {
                return .failure(ConditionProblem("Wybierz warunek z listy."))
            }
        }
        return .success(QuestionCondition(question: key!, anyOf: anyOf))
    }

    /// A condition as the values its select sends (to show it selected again).
    public static func values(of condition: QuestionCondition?, in definition: QuestionnaireDefinition) -> [String] {
        guard let condition, let question = definition.numbered.first(where: { $0.question.key == condition.question })?.question
        else { return [] }
        if question.kind.scale != nil { return condition.anyOf.map { "\(question.key):s\($0)" } }
        return condition.anyOf.compactMap { value in question.options.firstIndex(of: value).map { "\(question.key):\($0 + 1)" } }
    }
}

/// Why the chosen values do not make a condition.
public struct ConditionProblem: Error, Sendable {
    public let message: String
    init(_ message: String) { self.message = message }
}

/// The staff form for one question of a questionnaire (add or edit).
public struct QuestionForm: Sendable, Codable, Equatable {
    public static let maximumOptions = 30
    public static let maximumOptionLength = 200
    public static let maximumText = 500

    public var section: String?
    public var text: String?
    public var kind: String?
    public var required: String?
    /// One option (or statement) per line.
    public var options: String?
    public var allowsOther: String?
    public var statements: String?
    public var condition: [String]?

    public init(
        section: String? = nil, text: String? = nil, kind: String? = nil, required: String? = nil, options: String? = nil,
        allowsOther: String? = nil, statements: String? = nil, condition: [String]? = nil
    ) {
        self.section = section
        self.text = text
        self.kind = kind
        self.required = required
        self.options = options
        self.allowsOther = allowsOther
        self.statements = statements
        self.condition = condition
    }

    /// The form filled with a question, for editing.
    public init(_ question: QuestionDefinition, section: String, in definition: QuestionnaireDefinition) {
        self.init(
            section: section, text: question.text, kind: question.kind.rawValue, required: question.required ? "on" : nil,
            options: question.options.joined(separator: "\n"), allowsOther: question.allowsOther ? "on" : nil,
            statements: question.statements.joined(separator: "\n"),
            condition: ConditionChoice.values(of: question.condition, in: definition))
    }

    static func lines(_ raw: String?) -> [String] {
        TextInput.clean(raw, multiline: true).split(separator: "\n").map { TextInput.clean(String($0)) }.filter { !$0.isEmpty }
    }

    /// The question this form describes, keyed `key`, placed in `definition` at the end of its
    /// section (or where the question `key` already stands); the condition may only look back.
    public func validate(key: String, in definition: QuestionnaireDefinition) -> Result<
        (section: String, question: QuestionDefinition), FieldErrors
    > {
        var errors = FieldErrors()
        let text = TextInput.clean(self.text, multiline: true)
        if text.isEmpty { errors.add("text", "Wpisz treść pytania.") }
        if text.count > Self.maximumText { errors.add("text", "Najwyżej \(Self.maximumText) znaków (jest \(text.count)).") }
        let section = TextInput.clean(self.section)
        if !definition.sections.contains(where: { $0.key == section }) { errors.add("section", "Wybierz część ankiety.") }
        guard let kind = QuestionKind(rawValue: TextInput.clean(self.kind)) else {
            errors.add("kind", "Wybierz rodzaj pytania.")
            return .failure(errors)
        }
        var options: [String] = []
        var statements: [String] = []
        if kind.hasOptions {
            options = Self.lines(self.options)
            if options.count < 2 { errors.add("options", "Wpisz co najmniej dwie odpowiedzi, każdą w osobnym wierszu.") }
            if options.count > Self.maximumOptions { errors.add("options", "Najwyżej \(Self.maximumOptions) odpowiedzi.") }
            if Set(options).count != options.count { errors.add("options", "Odpowiedzi się powtarzają — każda musi być inna.") }
            if let long = options.first(where: { $0.count > Self.maximumOptionLength }) {
                errors.add(
                    "options", "Odpowiedź „\(long.prefix(30))…” jest za długa (najwyżej \(Self.maximumOptionLength) znaków).")
            }
            if options.contains(QuestionnaireResponse.otherValue) { errors.add("options", "Ta odpowiedź jest zastrzeżona.") }
        }
        if kind == .grid {
            statements = Self.lines(self.statements)
            if statements.isEmpty { errors.add("statements", "Wpisz co najmniej jedno stwierdzenie, każde w osobnym wierszu.") }
            if statements.count > Self.maximumOptions { errors.add("statements", "Najwyżej \(Self.maximumOptions) stwierdzeń.") }
            if statements.contains(where: { $0.count > Self.maximumOptionLength }) {
                errors.add("statements", "Stwierdzenie może mieć najwyżej \(Self.maximumOptionLength) znaków.")
            }
        }
        // Conditions look back: at questions numbered before this one's place.
        let position = definition.numbered.firstIndex { $0.question.key == key } ?? positionAtEnd(of: section, in: definition)
        var condition: QuestionCondition?
        switch ConditionChoice.condition(self.condition ?? [], in: definition) {
        case .failure(let problem): errors.add("condition", problem.message)
        case .success(let parsed):
            condition = parsed
            if let parsed {
                let earlier = Dictionary(
                    definition.numbered.prefix(position).map { ($0.question.key, $0.question) }, uniquingKeysWith: { a, _ in a })
                if let problem = QuestionnaireDefinition.problem(parsed, earlier: earlier, at: "") {
                    errors.add("condition", problem.replacingOccurrences(of: "Pytanie : w", with: "W"))
                }
            }
        }
        guard errors.isEmpty else { return .failure(errors) }
        return .success(
            (
                section,
                QuestionDefinition(
                    key: key, text: text, kind: kind, required: required == "on", options: options,
                    allowsOther: allowsOther == "on" && [.single, .multiple].contains(kind), statements: statements,
                    condition: condition)
            ))
    }

    /// Where a new question of `section` will stand in `numbered`.
    func positionAtEnd(of section: String, in definition: QuestionnaireDefinition) -> Int {
        var count = 0
        for s in definition.sections {
            count += s.questions.count
            if s.key == section { return count }
        }
        return count
    }
}

/// The staff form for a section of a questionnaire.
public struct QuestionnaireSectionForm: Sendable, Codable, Equatable {
    public var title: String?
    public var condition: [String]?

    public init(title: String? = nil, condition: [String]? = nil) {
        self.title = title
        self.condition = condition
    }

    /// A new section goes at the end, so its condition may point at any question so far; an
    /// existing one (`key` already in the definition) keeps its questions, and its condition may
    /// only point at questions before it.
    public func validate(key: String, in definition: QuestionnaireDefinition) -> Result<QuestionnaireSection, FieldErrors> {
        var errors = FieldErrors()
        let title = TextInput.clean(self.title)
        if title.isEmpty { errors.add("sectionTitle", "Wpisz tytuł części.") }
        if title.count > 200 { errors.add("sectionTitle", "Najwyżej 200 znaków.") }
        let existing = definition.sections.first { $0.key == key }
        var condition: QuestionCondition?
        switch ConditionChoice.condition(self.condition ?? [], in: definition) {
        case .failure(let problem): errors.add("sectionCondition", problem.message)
        case .success(let parsed):
            condition = parsed
            if let parsed {
                let before = definition.questionsBefore(section: key)
                let earlier = Dictionary(
                    definition.numbered.prefix(before).map { ($0.question.key, $0.question) }, uniquingKeysWith: { a, _ in a })
                if let problem = QuestionnaireDefinition.problem(parsed, earlier: earlier, at: "") {
                    errors.add("sectionCondition", problem.replacingOccurrences(of: "Pytanie : w", with: "W"))
                }
            }
        }
        guard errors.isEmpty else { return .failure(errors) }
        return .success(QuestionnaireSection(key: key, title: title, condition: condition, questions: existing?.questions ?? []))
    }
}

extension QuestionnaireDefinition {
    /// The next unused question key ("q12"): keys are never reused, so answers stay attached.
    public var nextQuestionKey: String { "q\(Self.highest(numbered.map(\.question.key), prefix: "q") + 1)" }
    public var nextSectionKey: String { "s\(Self.highest(sections.map(\.key), prefix: "s") + 1)" }

    static func highest(_ keys: [String], prefix: String) -> Int {
        keys.compactMap { $0.hasPrefix(prefix) ? Int($0.dropFirst(prefix.count)) : nil }.max() ?? 0
    }

    /// Puts a question in place: replaces it where it stands (moving it if its section changed),
    /// or appends it to its section.
    public mutating func put(_ question: QuestionDefinition, inSection section: String) {
        let current = sections.firstIndex { $0.questions.contains { $0.key == question.key } }
        if let current, sections[current].key == section,
            let index = sections[current].questions.firstIndex(where: { $0.key == question.key })
        {
            sections[current].questions[index] = question
            return
        }
        if let current { sections[current].questions.removeAll { $0.key == question.key } }
        if let target = sections.firstIndex(where: { $0.key == section }) { sections[target].questions.append(question) }
    }

    /// How many questions come before a section (all of them for a new one).
    public func questionsBefore(section key: String) -> Int {
        var count = 0
        for section in sections {
            if section.key == key { return count }
            count += section.questions.count
        }
        return count
    }

    /// Replaces a section's title and condition, keeping its questions where they are.
    public mutating func replace(_ section: QuestionnaireSection) {
        guard let index = sections.firstIndex(where: { $0.key == section.key }) else { return }
        sections[index] = section
    }

    public mutating func remove(question key: String) {
        for index in sections.indices { sections[index].questions.removeAll { $0.key == key } }
    }

    /// Moves a question one place up or down within its section.
    public mutating func move(question key: String, up: Bool) {
        for s in sections.indices {
            guard let index = sections[s].questions.firstIndex(where: { $0.key == key }) else { continue }
            let other = up ? index - 1 : index + 1
            if sections[s].questions.indices.contains(other) { sections[s].questions.swapAt(index, other) }
        }
    }

    /// The questions whose condition, or whose section's condition, tests `key`.
    public func dependents(of key: String) -> [String] {
        numbered.filter { $0.question.condition?.question == key || $0.section.condition?.question == key }
            .map(\.number)
    }

    /// The single-choice questions, whose options can carry quotas.
    public var quotaQuestions: [(number: String, question: QuestionDefinition)] {
        numbered.filter { $0.question.kind == .single }.map { ($0.number, $0.question) }
    }
}

extension QuestionnaireDefinition {
    /// The condition in words, as the paper and the page print it: "jeśli w pytaniu 1.2
    /// zaznaczono „tak” lub „nie”" (nil without a condition).
    public func describe(_ condition: QuestionCondition?) -> String? {
        guard let condition, let number = number(of: condition.question) else { return nil }
        return "jeśli w pytaniu \(number) zaznaczono " + condition.anyOf.map { "„\($0)”" }.joined(separator: " lub ")
    }
}

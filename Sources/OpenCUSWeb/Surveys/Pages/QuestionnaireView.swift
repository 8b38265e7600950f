import Foundation
import OpenCUSCore

/// A questionnaire as the three templates show it — the resident's form, the paper version
/// and the staff entry screen — with the same numbering ("2.3") and, for the form, what was
/// typed so far and the message next to each question.
struct QuestionnaireView: Encodable, Sendable {
    struct Option: Encodable, Sendable {
        /// What the form sends (the option's text, a scale point, or the "other" marker).
        let value: String
        let label: String
        /// The number printed on paper and typed in by staff.
        let code: Int
        let id: String
        let checked: Bool
    }

    struct Statement: Encodable, Sendable {
        let name: String
        let label: String
        let number: Int
        let value: String
        let points: [Option]
    }

    struct Place: Encodable, Sendable {
        let name: String
        let place: Int
        let choices: [Option]
    }

    struct Question: Encodable, Sendable {
        let key: String
        let number: String
        let text: String
        let kind: String
        let kindName: String
        let required: Bool
        /// "jeśli w pytaniu 1.2 zaznaczono „tak”".
        let condition: String?
        let showIfName: String?
        let showIfValues: String?
        let options: [Option]
        let allowsOther: Bool
        let otherCode: Int
        let otherText: String
        let otherChecked: Bool
        let statements: [Statement]
        let places: [Place]
        /// Text, number and date answers as typed (and the staff code).
        let value: String
        let error: String?
        /// The codes staff type for this question ("1 = tak, 2 = nie").
        let codeHint: String
        let isMultiple: Bool
        let isChoice: Bool
        let isScale: Bool
        let isGrid: Bool
        let isRanking: Bool
        let isText: Bool
        let isNumber: Bool
        let isDate: Bool
    }

    struct Section: Encodable, Sendable {
        let key: String
        let number: Int
        let title: String
        let condition: String?
        let showIfName: String?
        let showIfValues: String?
        let questions: [Question]
    }

    let sections: [Section]
    let questionCount: Int

    static func showIf(_ condition: QuestionCondition?) -> (String?, String?) {
        guard let condition else { return (nil, nil) }
        return (condition.question, Survey.encode(condition.anyOf))
    }

    static func make(_ definition: QuestionnaireDefinition, fields: [String: [String]], errors: FieldErrors)
        -> QuestionnaireView
    {
        func first(_ name: String) -> String { fields[name]?.first ?? "" }
        let sections = definition.sections.enumerated().map { s, section in
            let (sectionName, sectionValues) = showIf(section.condition)
            return Section(
                key: section.key, number: s + 1, title: section.title, condition: definition.describe(section.condition),
                showIfName: sectionName, showIfValues: sectionValues,
                questions: section.questions.enumerated().map { q, question in
                    let key = question.key
                    let given = fields[key] ?? []
                    var options: [Option] = []
                    if let scale = question.kind.scale, question.kind != .grid {
                        options = scale.map {
                            Option(
                                value: String($0), label: String($0), code: $0, id: "\(key)-\($0)",
                                checked: given.contains(String($0)))
                        }
                    } else if question.kind.hasOptions {
                        options = question.options.enumerated().map {
                            Option(
                                value: $0.element, label: $0.element, code: $0.offset + 1, id: "\(key)-\($0.offset + 1)",
                                checked: given.contains($0.element))
                        }
                    }
                    let otherCode = PaperEntry.otherCode(question)
                    let statements = question.statements.enumerated().map { i, statement in
                        let name = "\(key)-s\(i + 1)"
                        return Statement(
                            name: name, label: statement, number: i + 1, value: first(name),
                            points: (1...5).map {
                                Option(
                                    value: String($0), label: String($0), code: $0, id: "\(name)-\($0)",
                                    checked: first(name) == String($0))
                            })
                    }
                    let places: [Place] =
                        question.kind == .ranking
                        ? question.options.indices.map { i in
                            let name = "\(key)-r\(i + 1)"
                            return Place(
                                name: name, place: i + 1,
                                choices: question.options.enumerated().map {
                                    Option(
                                        value: $0.element, label: $0.element, code: $0.offset + 1, id: "\(name)-\($0.offset + 1)",
                                        checked: first(name) == $0.element)
                                })
                        } : []
                    let (name, values) = showIf(question.condition)
                    return Question(
                        key: key, number: "\(s + 1).\(q + 1)", text: question.text, kind: question.kind.rawValue,
                        kindName: question.kind.polishName, required: question.required,
                        condition: definition.describe(question.condition), showIfName: name, showIfValues: values,
                        options: options, allowsOther: question.allowsOther, otherCode: otherCode,
                        otherText: first("\(key)-other"), otherChecked: given.contains(QuestionnaireResponse.otherValue),
                        statements: statements, places: places, value: first(key),
                        error: errors[key], codeHint: codeHint(question),
                        isMultiple: question.kind == .multiple, isChoice: question.kind == .single || question.kind == .multiple,
                        isScale: question.kind == .scale5 || question.kind == .scale10, isGrid: question.kind == .grid,
                        isRanking: question.kind == .ranking, isText: question.kind == .text,
                        isNumber: question.kind == .number, isDate: question.kind == .date)
                })
        }
        return QuestionnaireView(sections: sections, questionCount: definition.numbered.count)
    }

    /// What staff type for a question on the entry screen.
    static func codeHint(_ question: QuestionDefinition) -> String {
        let listed =
            question.options.enumerated().map { "\($0.offset + 1) = \($0.element)" }
            + (question.allowsOther ? ["\(PaperEntry.otherCode(question)) = inne"] : [])
        switch question.kind {
        case .single: return "Numer odpowiedzi: " + listed.joined(separator: ", ") + "."
        case .multiple: return "Numery odpowiedzi oddzielone spacją: " + listed.joined(separator: ", ") + "."
        case .ranking: return "Numery od najważniejszej, np. „2 1 3”: " + listed.joined(separator: ", ") + "."
        case .scale5: return "Punkt skali od 1 do 5."
        case .scale10: return "Punkt skali od 0 do 10."
        case .grid: return "Dla każdego stwierdzenia punkt od 1 do 5."
        case .number: return "Liczba."
        case .text: return "Przepisz odpowiedź."
        case .date: return "Data: RRRR-MM-DD lub DD.MM.RRRR."
        }
    }
}

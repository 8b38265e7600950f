import Foundation

/// One question's answer as stored: anonymous by construction (no field holds who answered).
public enum QuestionAnswer: Sendable, Codable, Equatable {
    case choice(String, other: String?)
    case choices([String], other: String?)
    case scale(Int)
    /// Statement index → 1–5.
    case grid([Int: Int])
    case number(Double)
    case text(String)
    case date(CalendarDay)
    /// Options from the most to the least important.
    case ranking([String])

    /// What a condition tests: the chosen options or the scale point.
    public var values: [String] {
        switch self {
        case .choice(let value, _): [value]
        case .choices(let values, _): values
        case .scale(let point): [String(point)]
        default: []
        }
    }
}

/// Reads a filled questionnaire from the form fields a page or the paper-entry screen sends:
/// `q7` (one value, or several for multiple choice), `q7-other` (the "other" text), `q7-s2`
/// (grid row 2), `q7-r1` … (the option ranked 1st, 2nd …). Answers to questions the
/// conditions hide are ignored, never stored, whatever the client sent.
public struct QuestionnaireResponse: Sendable {
    public static let otherValue = "__other__"
    public static let maximumText = 4_000

    public let answers: [String: QuestionAnswer]

    /// `requireAnswers: false` for a paper questionnaire typed in by staff: paper cannot make
    /// anyone answer, so a blank required question is recorded as not answered.
    public static func read(
        _ fields: [String: [String]], definition: QuestionnaireDefinition, today: CalendarDay,
        requireAnswers: Bool = true
    ) -> Result<QuestionnaireResponse, FieldErrors> {
        var parsed: [String: QuestionAnswer] = [:]
        var errors = FieldErrors()
        func one(_ name: String) -> String { TextInput.clean(fields[name]?.first, multiline: true) }
        for (number, _, question) in definition.numbered {
            let key = question.key
            let raw = (fields[key] ?? []).map { TextInput.clean($0) }.filter { !$0.isEmpty }
            let other = one("\(key)-other")
            var problem: String?
            switch question.kind {
            case .single:
                if let value = raw.first {
                    if value == otherValue && question.allowsOther {
                        if other.isEmpty { problem = "Wpisz, jaka to inna odpowiedź." }
                        parsed[key] = .choice(otherValue, other: other)
                    } else if question.options.contains(value) {
                        parsed[key] = .choice(value, other: nil)
                    } else {
                        problem = "Wybierz jedną z odpowiedzi."
                    }
                }
            case .multiple:
                if !raw.isEmpty {
                    let allowed = Set(question.options + (question.allowsOther ? [otherValue] : []))
                    if !Set(raw).isSubset(of: allowed) {
                        problem = "Wybierz odpowiedzi z listy."
                    } else if raw.contains(otherValue) && other.isEmpty {
                        problem = "Wpisz, jaka to inna odpowiedź."
                    }
                    parsed[key] = .choices(
                        question.options.filter(raw.contains) + (raw.contains(otherValue) ? [otherValue] : []),
                        other: raw.contains(otherValue) ? other : nil)
                }
            case .scale5, .scale10:
                if let value = raw.first {
                    if let point = Int(value), question.kind.scale!.contains(point) {
                        parsed[key] = .scale(point)
                    } else {
                        problem = "Wybierz punkt skali."
                    }
                }
            case .grid:
                var rows: [Int: Int] = [:]
                for index in question.statements.indices {
                    let value = one("\(key)-s\(index + 1)")
                    guard !value.isEmpty else { continue }
                    if let point = Int(value), (1...5).contains(point) {
                        rows[index] = point
                    } else {
                        problem = "Oceń w skali 1–5."
                    }
                }
                if !rows.isEmpty {
                    parsed[key] = .grid(rows)
                    if requireAnswers && question.required && rows.count < question.statements.count {
                        problem = "Oceń każde stwierdzenie."
                    }
                }
            case .number:
                if let value = raw.first {
                    if let number = Double(value.replacingOccurrences(of: ",", with: ".")), number.isFinite {
                        parsed[key] = .number(number)
                    } else {
                        problem = "Wpisz liczbę, np. 3."
                    }
                }
            case .text:
                let text = one(key)
                if !text.isEmpty {
                    if text.count > maximumText { problem = "Najwyżej \(maximumText) znaków (jest \(text.count))." }
                    parsed[key] = .text(text)
                }
            case .date:
                if let value = raw.first {
                    if let day = CalendarDay(iso: value), !(today < day) {
                        parsed[key] = .date(day)
                    } else {
                        problem = "Podaj datę w postaci RRRR-MM-DD, nie późniejszą niż dziś."
                    }
                }
            case .ranking:
                let ranked = question.options.indices.map { one("\(key)-r\($0 + 1)") }
                let given = ranked.filter { !$0.isEmpty }
                if !given.isEmpty {
                    if given.count != question.options.count || Set(given) != Set(question.options) {
                        problem = "Ustaw każdą odpowiedź na innym miejscu (od 1 do \(question.options.count))."
                    } else {
                        parsed[key] = .ranking(ranked)
                    }
                }
            }
            if let problem { errors.add(key, "Pytanie \(number): \(problem)") }
        }
        let shown = definition.visible(given: parsed)
        // Hidden questions: their answers go, and their errors with them.
        var kept: [String: QuestionAnswer] = [:]
        var visibleErrors = FieldErrors()
        for (number, _, question) in definition.numbered where shown.contains(question.key) {
            if let message = errors[question.key] {
                visibleErrors.add(question.key, message)
            } else if let answer = parsed[question.key] {
                kept[question.key] = answer
            } else if question.required && requireAnswers {
                visibleErrors.add(question.key, "Pytanie \(number): odpowiedz na to pytanie — jest wymagane.")
            }
        }
        return visibleErrors.isEmpty ? .success(QuestionnaireResponse(answers: kept)) : .failure(visibleErrors)
    }
}

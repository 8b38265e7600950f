import Foundation

/// Typing in a paper questionnaire with the keyboard only: each question is one short field
/// holding the numbers printed next to the ticked answers ("2", "1 4", ranking "3 1 2"), so staff
/// never reach for the mouse. The paper version numbers the options 1, 2, … and "Inne" last.
/// The codes are turned into the same fields the online form sends, then read by the same rules.
public enum PaperEntry {
    /// The number printed next to "Inne (jakie?)": after the listed options.
    public static func otherCode(_ question: QuestionDefinition) -> Int { question.options.count + 1 }

    public static func fields(_ codes: [String: [String]], definition: QuestionnaireDefinition) -> Result<
        [String: [String]], FieldErrors
    > {
        var fields: [String: [String]] = [:]
        var errors = FieldErrors()
        func one(_ name: String) -> String { TextInput.clean(codes[name]?.first) }
        for (number, _, question) in definition.numbered {
            let key = question.key
            let code = one(key)
            let numbers = code.split(whereSeparator: { $0 == " " || $0 == "," || $0 == ";" }).map(String.init)
            func option(_ text: String) -> String? {
                guard let n = Int(text) else { return nil }
                if question.options.indices.contains(n - 1) { return question.options[n - 1] }
                if question.allowsOther && n == otherCode(question) { return QuestionnaireResponse.otherValue }
                return nil
            }
            let range = question.allowsOther ? otherCode(question) : question.options.count
            switch question.kind {
            case .single:
                guard !code.isEmpty else { continue }
                if numbers.count == 1, let value = option(numbers[0]) {
                    fields[key] = [value]
                } else {
                    errors.add(key, "Pytanie \(number): wpisz jeden numer odpowiedzi od 1 do \(range).")
                }
            case .multiple:
                guard !code.isEmpty else { continue }
                let values = numbers.map(option)
                if values.contains(where: { $0 == nil }) {
                    errors.add(key, "Pytanie \(number): wpisz numery odpowiedzi od 1 do \(range), oddzielone spacją.")
                } else {
                    fields[key] = values.compactMap { $0 }
                }
            case .ranking:
                guard !code.isEmpty else { continue }
                let values = numbers.map(option)
                if values.contains(where: { $0 == nil }) || values.count != question.options.count
                    || Set(numbers).count != numbers.count
                {
                    errors.add(
                        key,
                        "Pytanie \(number): wpisz numery wszystkich \(question.options.count) odpowiedzi od najważniejszej, np. „2 1 3”."
                    )
                } else {
                    for (rank, value) in values.enumerated() { fields["\(key)-r\(rank + 1)"] = [value!] }
                }
            case .date:
                guard !code.isEmpty else { continue }
                fields[key] = [isoDay(code) ?? code]
            case .grid:
                for index in question.statements.indices {
                    let name = "\(key)-s\(index + 1)"
                    let value = one(name)
                    if !value.isEmpty { fields[name] = [value] }
                }
            case .scale5, .scale10, .number:
                if !code.isEmpty { fields[key] = [code] }
            case .text:
                let text = TextInput.clean(codes[key]?.first, multiline: true)
                if !text.isEmpty { fields[key] = [text] }
            }
            let other = TextInput.clean(codes["\(key)-other"]?.first, multiline: true)
            if !other.isEmpty { fields["\(key)-other"] = [other] }
        }
        return errors.isEmpty ? .success(fields) : .failure(errors)
    }

    /// "7.03.1950" or "07.03.1950" as "1950-03-07"; nil when it is not that shape.
    static func isoDay(_ text: String) -> String? {
        let parts = text.split(separator: ".").map(String.init)
        guard parts.count == 3, let d = Int(parts[0]), let m = Int(parts[1]), let y = Int(parts[2]), parts[2].count == 4 else {
            return nil
        }
        return String(format: "%04d-%02d-%02d", y, m, d)
    }
}

/// Limits of answers per value of one single-choice question (usually the locality), so that a
/// survey is not filled only by the loudest estate. Typed by staff as "Jaśminowo: 120" lines.
public struct SurveyQuotas: Sendable, Codable, Equatable {
    public var question: String
    public var limits: [String: Int]

    public init(question: String, limits: [String: Int]) {
        self.question = question
        self.limits = limits
    }

    public static func parse(question key: String, text raw: String?, in definition: QuestionnaireDefinition) -> Result<
        SurveyQuotas?, FieldErrors
    > {
        let key = TextInput.clean(key)
        let lines = QuestionForm.lines(raw)
        guard !key.isEmpty else {
            return lines.isEmpty
                ? .success(nil) : .failure(FieldErrors("quotaQuestion", "Wybierz pytanie, którego dotyczą limity."))
        }
        guard let question = definition.quotaQuestions.first(where: { $0.question.key == key })?.question else {
            return .failure(FieldErrors("quotaQuestion", "Limity można ustawić dla pytania jednokrotnego wyboru."))
        }
        var limits: [String: Int] = [:]
        for line in lines {
            guard let colon = line.lastIndex(of: ":"),
                let limit = Int(line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)), limit > 0
            else {
                return .failure(
                    FieldErrors(
                        "quotas", "Wiersz „\(line.prefix(40))”: wpisz odpowiedź, dwukropek i liczbę, np. „Jaśminowo: 120”."))
            }
            let option = TextInput.clean(String(line[..<colon]))
            guard question.options.contains(option) else {
                return .failure(FieldErrors("quotas", "„\(option.prefix(40))” nie jest odpowiedzią na wybrane pytanie."))
            }
            limits[option] = limit
        }
        if limits.isEmpty {
            return .failure(FieldErrors("quotas", "Wpisz limity, każdy w osobnym wierszu, np. „Jaśminowo: 120”."))
        }
        return .success(SurveyQuotas(question: key, limits: limits))
    }

    /// The quotas as staff typed them, in the question's order.
    public func text(in definition: QuestionnaireDefinition) -> String {
        let options = definition.numbered.first { $0.question.key == question }?.question.options ?? []
        return options.compactMap { option in limits[option].map { "\(option): \($0)" } }.joined(separator: "\n")
    }

    /// The value whose quota this response would exceed, given how many answers each value has.
    public func exceeded(by answers: [String: QuestionAnswer], counts: [String: Int]) -> String? {
        guard case .choice(let value, _) = answers[question], let limit = limits[value] else { return nil }
        return (counts[value] ?? 0) >= limit ? value : nil
    }
}

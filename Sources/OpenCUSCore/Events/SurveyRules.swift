import Foundation

/// An evaluation survey (ankieta ewaluacyjna) after an event. Answers are stored without any
/// link to the registration that gave them; only the fact that a registration has answered is
/// kept elsewhere (one answer per registration), so results are anonymous by construction.
public struct SurveyQuestion: Sendable, Codable, Equatable, Identifiable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case scale, single, multiple, text

        public var polishName: String {
            switch self {
            case .scale: "ocena w skali 1–5"
            case .single: "jednokrotny wybór"
            case .multiple: "wielokrotny wybór"
            case .text: "odpowiedź opisowa"
            }
        }
    }

    public let id: String
    public let kind: Kind
    public let text: String
    public let options: [String]
    public let required: Bool

    public init(id: String, kind: Kind, text: String, options: [String] = [], required: Bool = false) {
        self.id = id
        self.kind = kind
        self.text = text
        self.options = options
        self.required = required
    }

    public var fieldName: String { "q_\(id)" }

    /// A question as the organiser typed it, or what to correct.
    public static func validate(kind raw: String?, text rawText: String?, options rawOptions: String?, required: Bool, id: String)
        -> Result<SurveyQuestion, FieldErrors>
    {
        var errors = FieldErrors()
        let text = TextInput.clean(rawText)
        if text.isEmpty || text.count > 300 { errors.add("text", "Wpisz treść pytania (najwyżej 300 znaków).") }
        let kind = Kind(rawValue: raw ?? "")
        if kind == nil { errors.add("kind", "Wybierz rodzaj pytania.") }
        var options: [String] = []
        if kind == .single || kind == .multiple {
            options = TextInput.clean(rawOptions, multiline: true).split(separator: "\n")
                .map { String($0.trimmingCharacters(in: .whitespaces).prefix(200)) }.filter { !$0.isEmpty }
            if options.count < 2 || options.count > 12 {
                errors.add("options", "Podaj od 2 do 12 odpowiedzi do wyboru, każdą w osobnym wierszu.")
            }
            if Set(options).count != options.count { errors.add("options", "Odpowiedzi do wyboru nie mogą się powtarzać.") }
        }
        guard errors.isEmpty, let kind else { return .failure(errors) }
        return .success(SurveyQuestion(id: id, kind: kind, text: text, options: options, required: required))
    }
}

/// One person's answers: question id → chosen values ("1"…"5", option indexes "0"…, or text).
public struct SurveyAnswers: Sendable, Codable, Equatable {
    public var values: [String: [String]]

    public init(_ values: [String: [String]] = [:]) { self.values = values }

    public static let maximumTextLength = 2000

    /// Checks a submitted form against the questions; unknown fields are ignored.
    public static func validate(_ form: [String: [String]], questions: [SurveyQuestion]) -> Result<SurveyAnswers, FieldErrors> {
        var errors = FieldErrors()
        var out: [String: [String]] = [:]
        for q in questions {
            let raw = (form[q.fieldName] ?? []).map { TextInput.clean($0, multiline: q.kind == .text) }.filter { !$0.isEmpty }
            switch q.kind {
            case .scale:
                if let v = raw.first {
                    guard let n = Int(v), (1...5).contains(n) else {
                        errors.add(q.fieldName, "Wybierz ocenę od 1 do 5."); continue
                    }
                    out[q.id] = [String(n)]
                }
            case .single, .multiple:
                let indexes = raw.compactMap(Int.init).filter { q.options.indices.contains($0) }
                if indexes.count != raw.count { errors.add(q.fieldName, "Wybierz odpowiedź z listy."); continue }
                if q.kind == .single && indexes.count > 1 { errors.add(q.fieldName, "Wybierz jedną odpowiedź."); continue }
                if !indexes.isEmpty { out[q.id] = Array(Set(indexes)).sorted().map(String.init) }
            case .text:
                if let v = raw.first {
                    if v.count > maximumTextLength {
                        errors.add(q.fieldName, "Odpowiedź może mieć najwyżej \(maximumTextLength) znaków (ma \(v.count)).");
                        continue
                    }
                    out[q.id] = [v]
                }
            }
            if q.required && out[q.id] == nil && errors[q.fieldName] == nil {
                errors.add(q.fieldName, "Odpowiedz na to pytanie – jest obowiązkowe.")
            }
        }
        return errors.isEmpty ? .success(SurveyAnswers(out)) : .failure(errors)
    }
}

/// What the results page shows for each question.
public struct SurveyResult: Sendable, Equatable {
    public struct Bar: Sendable, Equatable, Encodable {
        public let label: String
        public let count: Int
    }

    public let question: SurveyQuestion
    /// How many people answered this question.
    public let answered: Int
    public let bars: [Bar]
    /// Scale questions only.
    public let average: Double?
    /// Text answers, in the order given (text questions only).
    public let texts: [String]

    public static func compute(_ questions: [SurveyQuestion], answers: [SurveyAnswers]) -> [SurveyResult] {
        questions.map { q in
            let given = answers.compactMap { $0.values[q.id] }
            switch q.kind {
            case .scale:
                let numbers = given.compactMap { $0.first.flatMap(Int.init) }
                let bars = (1...5).map { n in Bar(label: String(n), count: numbers.filter { $0 == n }.count) }
                let average = numbers.isEmpty ? nil : Double(numbers.reduce(0, +)) / Double(numbers.count)
                return SurveyResult(question: q, answered: numbers.count, bars: bars, average: average, texts: [])
            case .single, .multiple:
                let bars = q.options.enumerated().map { i, label in
                    Bar(label: label, count: given.filter { $0.contains(String(i)) }.count)
                }
                return SurveyResult(question: q, answered: given.count, bars: bars, average: nil, texts: [])
            case .text:
                let texts = given.compactMap(\.first)
                return SurveyResult(question: q, answered: texts.count, bars: [], average: nil, texts: texts)
            }
        }
    }

    /// "4,3" — the Polish decimal comma.
    public var averageText: String? {
        average.map { String(format: "%.1f", $0).replacingOccurrences(of: ".", with: ",") }
    }
}

/// A horizontal bar chart as inline SVG that a screen reader can read: a title and a
/// description naming every value (the page shows the same numbers in a table too).
public enum SVGBarChart {
    public static func render(id: String, title: String, bars: [SurveyResult.Bar]) -> String {
        render(id: id, title: title, items: bars.map { ($0.label, $0.count, String($0.count)) })
    }

    /// Rows under the small-number rule: a hidden count gets no bar and its "mniej niż 5" label.
    public static func render(id: String, title: String, bars: [ResultRow]) -> String {
        render(
            id: id, title: title,
            items: bars.map { ($0.label, $0.shown == String($0.count) ? $0.count : 0, $0.shown) })
    }

    static func render(id: String, title: String, items: [(label: String, count: Int, shown: String)]) -> String {
        let total = items.reduce(0) { $0 + $1.count }
        return render(
            id: id, title: title, items: items.map { ($0.label, Double($0.count), $0.shown) }, summary: " (razem \(total))")
    }

    /// Bars for values that do not add up (shares, medians of a trend): no total in the description.
    public static func render(id: String, title: String, values: [(label: String, magnitude: Double, shown: String)]) -> String {
        render(id: id, title: title, items: values, summary: "")
    }

    static func render(id: String, title: String, items: [(label: String, magnitude: Double, shown: String)], summary: String)
        -> String
    {
        let labelWidth = 220, barWidth = 320, rowHeight = 28, top = 8
        let height = top * 2 + rowHeight * max(items.count, 1)
        let maximum = max(items.map(\.magnitude).max() ?? 0, 1)
        let description = items.map { "\($0.label): \($0.shown)" }.joined(separator: "; ")
        var out = """
            <svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 \(labelWidth + barWidth + 110) \(height)" role="img" \
            aria-labelledby="\(id)-t \(id)-d"><title id="\(id)-t">\(escape(title))</title><desc id="\(id)-d">\(escape(description))\
            \(summary)</desc>
            """
        for (i, item) in items.enumerated() {
            let y = top + i * rowHeight
            let width = Int(Double(barWidth) * item.magnitude / maximum)
            let label = item.label.count > 32 ? String(item.label.prefix(31)) + "…" : item.label
            out += """
                <text x="\(labelWidth - 8)" y="\(y + 18)" text-anchor="end" class="chart-label">\(escape(label))</text>\
                <rect x="\(labelWidth)" y="\(y + 4)" width="\(max(width, item.magnitude > 0 ? 2 : 0))" height="\(rowHeight - 8)" class="chart-bar"></rect>\
                <text x="\(labelWidth + width + 6)" y="\(y + 18)" class="chart-value">\(escape(item.shown))</text>
                """
        }
        return out + "</svg>"
    }

    public static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}

/// Validation messages keyed by form field name, in Polish, shown next to the field.
/// Every form in OpenCUS validates into one of these so that templates render errors the same way.
public struct FieldErrors: Error, Sendable, Equatable, Encodable {
    public private(set) var messages: [String: String] = [:]
    /// The fields in the order their first message was added (the order of the form, as validators check it).
    public private(set) var fields: [String] = []
    /// The id of the element a field's message links to, where it is not the field's name (see `anchored`).
    private var anchors: [String: String] = [:]

    public init() {}

    public init(_ field: String, _ message: String) { add(field, message) }

    public var isEmpty: Bool { messages.isEmpty }

    public subscript(field: String) -> String? { messages[field] }

    /// Keeps the first message for a field: it is usually the most basic problem ("pole wymagane").
    public mutating func add(_ field: String, _ message: String) {
        if messages[field] == nil {
            messages[field] = message
            fields.append(field)
        }
    }

    /// The messages of one row of a repeated form ("goals.1.text" → "text" for prefix "goals.1."),
    /// for the row's template.
    public func within(_ prefix: String) -> [String: String] {
        Dictionary(
            uniqueKeysWithValues: messages.compactMap { key, message in
                key.hasPrefix(prefix) ? (String(key.dropFirst(prefix.count)), message) : nil
            })
    }

    /// The messages in the form's order, for the list at the top of the form.
    public var ordered: [(field: String, message: String)] { fields.map { ($0, messages[$0] ?? "") } }

    /// The same messages, linking to the ids the page gives its fields: `anchor` maps a field's
    /// name to an element id (`nil` keeps the name). For forms whose rows or groups are named
    /// differently in the HTML than in the form ("goals.1.text" → "goal-1-text").
    public func anchored(_ anchor: (String) -> String?) -> FieldErrors {
        var copy = self
        for field in fields { if let id = anchor(field) { copy.anchors[field] = id } }
        return copy
    }

    public static func == (a: FieldErrors, b: FieldErrors) -> Bool { a.messages == b.messages }

    /// The sentence above a form with errors ("Formularz zawiera 2 błędy. Popraw zaznaczone pola."); `nil` without errors.
    public var summary: String? {
        messages.isEmpty
            ? nil
            : "Formularz zawiera \(PolishPlural(one: "błąd", few: "błędy", many: "błędów").phrase(messages.count)). Popraw zaznaczone pola."
    }

    /// Each message under its field's name (`errors.title` in a template), and under the reserved
    /// names `Summary` (the sentence) and `List` (in order: `field`, `message`, and `anchor`, the id
    /// of the field to link to, absent for `form`, a message about the whole form). Field names
    /// start with a lower-case letter, so they never meet the reserved ones.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for (field, message) in messages { try container.encode(message, forKey: Key(field)) }
        if let summary { try container.encode(summary, forKey: Key("Summary")) }
        try container.encode(
            ordered.map {
                Item(field: $0.field, message: $0.message, anchor: anchors[$0.field] ?? ($0.field == "form" ? nil : $0.field))
            },
            forKey: Key("List"))
    }

    private struct Item: Encodable {
        let field: String
        let message: String
        let anchor: String?
    }

    private struct Key: CodingKey {
        let stringValue: String
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }
}

/// Validation messages keyed by form field name, in Polish, shown next to the field.
/// Every form in OpenCUS validates into one of these so that templates render errors the same way.
public struct FieldErrors: Error, Sendable, Equatable, Encodable {
    public private(set) var messages: [String: String] = [:]

    public init() {}

    public init(_ field: String, _ message: String) { messages[field] = message }

    public var isEmpty: Bool { messages.isEmpty }

    public subscript(field: String) -> String? { messages[field] }

    /// Keeps the first message for a field: it is usually the most basic problem ("pole wymagane").
    public mutating func add(_ field: String, _ message: String) {
        if messages[field] == nil { messages[field] = message }
    }

    /// The sentence above a form with errors ("Formularz zawiera 2 błędy. Popraw zaznaczone pola."); `nil` without errors.
    public var summary: String? {
        messages.isEmpty
            ? nil
            : "Formularz zawiera \(PolishPlural(one: "błąd", few: "błędy", many: "błędów").phrase(messages.count)). Popraw zaznaczone pola."
    }

    public func encode(to encoder: any Encoder) throws {
        try messages.encode(to: encoder)
    }
}

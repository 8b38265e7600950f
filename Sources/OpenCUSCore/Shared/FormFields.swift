/// Forms arrive from HTML, where an empty field may be missing and a checkbox is "on" or absent:
/// the one way OpenCUS forms decode their fields, each by its name and leniently (a missing or
/// unreadable field is empty, so that validation names it with a message).
struct FormFields {
    let container: KeyedDecodingContainer<AnyKey>

    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(_ decoder: any Decoder) throws { container = try decoder.container(keyedBy: AnyKey.self) }

    func string(_ key: String) -> String {
        (try? container.decodeIfPresent(String.self, forKey: AnyKey(stringValue: key))) ?? ""
    }

    func bool(_ key: String) -> Bool {
        if let flag = try? container.decodeIfPresent(Bool.self, forKey: AnyKey(stringValue: key)) { return flag }
        return ["on", "true", "1", "yes", "tak"].contains(string(key).lowercased())
    }

    /// Sets every listed text field of `form` from the field of the same name.
    func fill<Form, Key: CodingKey>(_ form: inout Form, _ fields: [(Key, WritableKeyPath<Form, String>)]) {
        for (key, path) in fields { form[keyPath: path] = string(key.stringValue) }
    }
}

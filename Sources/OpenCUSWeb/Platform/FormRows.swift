/// Forms with repeated rows name their fields `goals[0][text]`, `goals[1][text]`…; Vapor decodes
/// them into a dictionary keyed by the index as text. The rows' order is the index typed into
/// the form (a removed middle row leaves a gap; "10" comes after "9").
enum FormRows {
    static func ordered<T>(_ rows: [String: T]?) -> [T] {
        (rows ?? [:]).compactMap { key, value in Int(key).map { ($0, value) } }.sorted { $0.0 < $1.0 }.map(\.1)
    }
}

import Foundation

/// Uploaded files, kept under `DATA_DIR/uploads/` with random names: outside the public folder
/// (nothing there can ever be executed or served directly), outside git, and found only through
/// their database row, which carries the organisation and the checked content type.
struct FileStorage: Sendable {
    let directory: String

    init(dataDirectory: String) {
        self.directory = dataDirectory + "/uploads"
    }

    func save(_ bytes: [UInt8]) throws -> String {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let key = UUID().uuidString.lowercased()
        let url = URL(fileURLWithPath: directory).appendingPathComponent(key)
        try Data(bytes).write(to: url, options: .atomic)
        return key
    }

    func read(_ key: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: directory).appendingPathComponent(try checked(key)))
    }

    func delete(_ key: String) {
        guard let key = try? checked(key) else { return }
        try? FileManager.default.removeItem(at: URL(fileURLWithPath: directory).appendingPathComponent(key))
    }

    struct BadKey: Error {}

    /// Keys are UUIDs; anything else (a path, "..") is refused.
    private func checked(_ key: String) throws -> String {
        guard UUID(uuidString: key) != nil else { throw BadKey() }
        return key
    }
}

import Foundation
import NIOCore
import OpenCUSCore

/// Delivers one rendered message. Implementations throw on failure; a failure that retrying
/// cannot fix conforms to `PermanentDeliveryFailure`.
protocol MailTransport: Sendable {
    func deliver(_ message: MailMessage, rendered: String) async throws
}

protocol PermanentDeliveryFailure: Error {
    var isPermanent: Bool { get }
    /// A description without personal data, for logs.
    var logSummary: String { get }
}

/// Default transport: writes every message as an `.eml` file (opens in any mail program), so a
/// new user sees exactly what OpenCUS would send without configuring a mail server.
struct FileMailTransport: MailTransport {
    let directory: String

    func deliver(_ message: MailMessage, rendered: String) async throws {
        let fm = FileManager.default
        try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let stamp = FileMailTransport.stampFormatter.string(from: message.date)
        let safeID = message.messageID.map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "_" }
        let final = URL(fileURLWithPath: directory).appendingPathComponent("\(stamp)-\(String(safeID)).eml")
        let temporary = final.deletingLastPathComponent().appendingPathComponent(".\(UUID().uuidString).tmp")
        // Write then rename: a reader never sees half a message, and a crash leaves no .eml.
        try Data(rendered.utf8).write(to: temporary)
        if fm.fileExists(atPath: final.path) { try fm.removeItem(at: final) }
        try fm.moveItem(at: temporary, to: final)
    }

    private static let stampFormatter: DateFormatter = {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyyMMdd-HHmmss"
        return f
    }()
}

struct SMTPMailTransport: MailTransport {
    let client: SMTPClient

    func deliver(_ message: MailMessage, rendered: String) async throws {
        try await client.send(
            .init(from: message.from.email.value, recipients: [message.to.email.value], data: rendered))
    }
}

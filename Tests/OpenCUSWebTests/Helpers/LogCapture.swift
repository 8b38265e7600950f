import Foundation
import Logging
import NIOConcurrencyHelpers

/// Collects every log line of the test process so that tests can prove what never reaches
/// the logs (personal data). Lines keep their metadata, as a real log handler would print it.
enum LogCapture {
    private static let lines = NIOLockedValueBox<[String]>([])
    private static let bootstrapped: Bool = {
        LoggingSystem.bootstrap { label in CapturingHandler(label: label) }
        return true
    }()

    static func bootstrapOnce() { _ = bootstrapped }

    static var all: String { lines.withLockedValue { $0.joined(separator: "\n") } }

    static func append(_ line: String) { lines.withLockedValue { $0.append(line) } }

    struct CapturingHandler: LogHandler {
        let label: String
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            var merged = metadata
            if let extra = event.metadata { merged.merge(extra) { $1 } }
            LogCapture.append("\(event.level) \(label): \(event.message) \(merged)")
        }
    }
}

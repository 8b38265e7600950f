import Foundation
import Testing

/// HTML snapshot testing without a dependency: the page is normalised (ids, tokens, stamps) and
/// compared with `__Snapshots__/<name>.html` next to this file. With OPENCUS_RECORD_SNAPSHOTS=1
/// the file is (re)written and the test fails, so a recording never passes silently.
enum Snapshot {
    static func normalise(_ html: String) -> String {
        var text = html
        let patterns: [(String, String)] = [
            ("[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}", "<uuid>"),
            ("name=\"csrf_token\" value=\"[^\"]*\"", "name=\"csrf_token\" value=\"<csrf>\""),
        ]
        for (pattern, replacement) in patterns {
            text = text.replacingOccurrences(of: pattern, with: replacement, options: .regularExpression)
        }
        return text
    }

    static func directory(_ filePath: String) -> URL {
        URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("__Snapshots__")
    }

    static func expectMatches(
        _ html: String, named name: String, filePath: String = #filePath, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let folder = directory(filePath)
        let file = folder.appendingPathComponent(name + ".html")
        let actual = normalise(html)
        if ProcessInfo.processInfo.environment["OPENCUS_RECORD_SNAPSHOTS"] == "1" {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try actual.write(to: file, atomically: true, encoding: .utf8)
            Issue.record("Recorded snapshot \(name); run again without OPENCUS_RECORD_SNAPSHOTS", sourceLocation: sourceLocation)
            return
        }
        guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
            Issue.record(
                "Missing snapshot \(file.path); record it with OPENCUS_RECORD_SNAPSHOTS=1", sourceLocation: sourceLocation)
            return
        }
        if expected != actual {
            let expectedLines = expected.components(separatedBy: "\n")
            let actualLines = actual.components(separatedBy: "\n")
            let firstDifference = zip(expectedLines, actualLines).enumerated().first { $0.element.0 != $0.element.1 }
            let line = firstDifference?.offset ?? min(expectedLines.count, actualLines.count)
            Issue.record(
                "Snapshot \(name) differs at line \(line + 1):\n expected: \(line < expectedLines.count ? expectedLines[line] : "<end>")\n actual:   \(line < actualLines.count ? actualLines[line] : "<end>")",
                sourceLocation: sourceLocation)
        }
    }
}

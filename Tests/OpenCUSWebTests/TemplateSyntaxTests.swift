import Foundation
import Testing

/// Leaf reads `#if(x) text` (no colon) as a tag without a body and fails the whole page at
/// render time with a 500, only when that page is opened. Every template is checked here.
@Suite struct TemplateSyntaxTests {
    static let views = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/OpenCUSWeb/Resources/Views")

    /// `#if(` and `#elseif(` whose balanced parentheses are not followed by ":".
    static func conditionsWithoutColon(_ text: String) -> [String] {
        var found: [String] = []
        let chars = Array(text)
        var i = 0
        while i < chars.count {
            let rest = String(chars[i..<min(i + 8, chars.count)])
            let opener = rest.hasPrefix("#if(") ? 4 : rest.hasPrefix("#elseif(") ? 8 : 0
            guard opener > 0 else {
                i += 1
                continue
            }
            var depth = 0
            var j = i + opener - 1
            while j < chars.count {
                if chars[j] == "(" { depth += 1 }
                if chars[j] == ")" {
                    depth -= 1
                    if depth == 0 { break }
                }
                j += 1
            }
            if j + 1 >= chars.count || chars[j + 1] != ":" { found.append(String(chars[i..<min(j + 12, chars.count)])) }
            i = j + 1
        }
        return found
    }

    @Test func everyConditionInEveryTemplateHasItsColon() throws {
        let files = try #require(FileManager.default.enumerator(at: Self.views, includingPropertiesForKeys: nil))
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "leaf" }
        #expect(files.count > 50)
        for file in files {
            let problems = Self.conditionsWithoutColon(try String(contentsOf: file, encoding: .utf8))
            #expect(problems.isEmpty, "\(file.lastPathComponent): \(problems)")
        }
        let found = Self.conditionsWithoutColon("#if(a) b#endif #if(count(x) > 0):y#endif #elseif(c):d")
        #expect(found.count == 1 && found[0].hasPrefix("#if(a) b"))
    }
}

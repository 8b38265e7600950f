import Foundation
import Ink
import OpenCUSCore

/// Markdown typed by organisers (event descriptions) rendered to HTML that cannot carry script.
///
/// Ink passes raw HTML through and writes link URLs as given, so: every "<" is turned into an
/// entity before parsing (no HTML element can form); links keep their href only when it is
/// http(s) or mailto, otherwise they become plain text; images are reduced to their alt text
/// (a description has no business loading third-party images); headings move two levels down
/// so that the page keeps one h1 and the section's h2.
enum MarkdownRenderer {
    static func html(_ markdown: String) -> String {
        guard !markdown.isEmpty else { return "" }
        var parser = MarkdownParser()
        parser.addModifier(Modifier(target: .html) { input in input.html.htmlEscaped })
        parser.addModifier(Modifier(target: .links) { input in safeLink(input.html, markdown: input.markdown) })
        parser.addModifier(Modifier(target: .images) { input in imageAlt(input.markdown).htmlEscaped })
        parser.addModifier(Modifier(target: .headings) { input in shiftHeading(input.html) })
        return parser.html(from: markdown.replacingOccurrences(of: "<", with: "&lt;"))
    }

    private static func safeLink(_ html: String, markdown: Substring) -> String {
        let inner: String
        if let open = html.firstIndex(of: ">"), let close = html.range(of: "</a>", options: .backwards), open < close.lowerBound {
            inner = String(html[html.index(after: open)..<close.lowerBound])
        } else {
            inner = html
        }
        guard let start = markdown.range(of: "]("), markdown.hasSuffix(")") else { return inner }
        let target = String(markdown[start.upperBound..<markdown.index(before: markdown.endIndex)])
            .trimmingCharacters(in: .whitespaces)
        let isMail = target.hasPrefix("mailto:") && EmailAddress(String(target.dropFirst(7))) != nil
        guard isMail || EventForm.isWebAddress(target) else { return inner }
        return "<a href=\"\(target.htmlEscaped)\">\(inner)</a>"
    }

    private static func imageAlt(_ markdown: Substring) -> String {
        guard let open = markdown.firstIndex(of: "["), let close = markdown.firstIndex(of: "]"), open < close else { return "" }
        return String(markdown[markdown.index(after: open)..<close])
    }

    private static func shiftHeading(_ html: String) -> String {
        var out = html
        for level in stride(from: 6, through: 1, by: -1) {
            let shifted = min(level + 2, 6)
            out = out.replacingOccurrences(of: "<h\(level)>", with: "<h\(shifted)>")
                .replacingOccurrences(of: "</h\(level)>", with: "</h\(shifted)>")
        }
        return out
    }
}

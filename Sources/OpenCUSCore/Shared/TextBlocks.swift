/// Plain text typed by staff turned into paragraphs and bullet lists for display, without
/// allowing any markup: a blank line starts a new paragraph, lines starting with "- " form a list.
/// Templates escape every item, so `<script>` typed into a form shows as text.
public struct TextBlock: Sendable, Equatable, Encodable {
    public let paragraph: String?
    public let items: [String]?

    public static func paragraph(_ text: String) -> TextBlock { TextBlock(paragraph: text, items: nil) }
    public static func list(_ items: [String]) -> TextBlock { TextBlock(paragraph: nil, items: items) }

    public static func parse(_ text: String) -> [TextBlock] {
        let normalised = text.replacingOccurrences(of: "\r\n", with: "\n")
        var blocks: [TextBlock] = []
        for chunk in normalised.components(separatedBy: "\n\n") {
            let lines = chunk.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard !lines.isEmpty else { continue }
            if lines.allSatisfy({ $0.hasPrefix("- ") || $0.hasPrefix("* ") }) {
                blocks.append(.list(lines.map { String($0.dropFirst(2)).trimmingCharacters(in: .whitespaces) }))
            } else {
                blocks.append(.paragraph(lines.joined(separator: " ")))
            }
        }
        return blocks
    }
}

import Foundation

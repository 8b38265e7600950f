import Foundation

/// The document a consultation round puts before residents, split into numbered sections and
/// paragraphs so that a comment can name exactly what it is about ("2.3").
///
/// Numbering is positional and per section: a heading line (`#`, `##`, … at the start of a line)
/// opens the next section, a blank line ends a paragraph (a list or a table stays one paragraph).
/// The same text always gives the same numbers, editing the wording of a paragraph keeps every
/// number, and inserting one moves only the later paragraphs of its own section. Once the round
/// opens the text is frozen (`ConsultationPhase.documentIsFrozen`), so the numbers residents
/// quote never move. Text before the first heading is an untitled introduction, section 1.
public struct ConsultedDocument: Sendable, Equatable {
    public struct Paragraph: Sendable, Equatable {
        /// "2.3": section 2, paragraph 3. What comments store and the page's anchors use.
        public let reference: String
        /// The paragraph as typed (Markdown), rendered by the web layer's safe renderer.
        public let markdown: String
    }

    public struct Section: Sendable, Equatable {
        public let number: Int
        /// Empty for an introduction without a heading.
        public let title: String
        public let paragraphs: [Paragraph]
    }

    public let sections: [Section]

    /// The longest document accepted (a diagnosis runs to some 60–120 pages; 400 000 characters
    /// is about 200 pages of plain text) and the most paragraphs a round can number.
    public static let maximumCharacters = 400_000
    public static let maximumParagraphs = 3_000

    public init(markdown: String) {
        var sections: [Section] = []
        var title = ""
        var paragraphs: [String] = []
        var current: [String] = []
        var seenHeading = false

        func endParagraph() {
            let text = current.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
            if !text.isEmpty { paragraphs.append(text) }
            current = []
        }
        func endSection() {
            endParagraph()
            guard seenHeading || !paragraphs.isEmpty else { return }
            let number = sections.count + 1
            sections.append(
                Section(
                    number: number, title: title,
                    paragraphs: paragraphs.enumerated().map {
                        Paragraph(reference: "\(number).\($0.offset + 1)", markdown: $0.element)
                    }
                ))
            paragraphs = []
        }

        let lines = markdown.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .split(separator: "\n", omittingEmptySubsequences: false)
        for line in lines {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if let heading = Self.heading(trimmed) {
                endSection()
                seenHeading = true
                title = heading
            } else if trimmed.isEmpty {
                endParagraph()
            } else {
                current.append(String(line))
            }
        }
        endSection()
        self.sections = sections
    }

    /// "## Title" → "Title"; nil when the line is not an ATX heading.
    static func heading(_ line: String) -> String? {
        let hashes = line.prefix { $0 == "#" }
        guard (1...6).contains(hashes.count) else { return nil }
        let rest = line.dropFirst(hashes.count)
        guard rest.isEmpty || rest.first == " " else { return nil }
        let text = rest.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "#"))
            .trimmingCharacters(in: .whitespaces)
        return text
    }

    public var paragraphs: [Paragraph] { sections.flatMap(\.paragraphs) }

    public func paragraph(_ reference: String) -> Paragraph? { paragraphs.first { $0.reference == reference } }

    /// The section a reference belongs to, for "Rozdział 2. Potrzeby, akapit 2.3".
    public func section(of reference: String) -> Section? {
        sections.first { section in section.paragraphs.contains { $0.reference == reference } }
    }
}

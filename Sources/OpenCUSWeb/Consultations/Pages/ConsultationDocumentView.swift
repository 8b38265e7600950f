import OpenCUSCore

/// The consulted document as pages show it: sections with their paragraphs, each paragraph's
/// number, its anchor (`p-2-3`) and its Markdown rendered safely.
struct ConsultationDocumentView: Encodable, Sendable {
    struct Paragraph: Encodable, Sendable {
        let reference: String
        let anchor: String
        let html: String
        /// Comments on this paragraph the page may show (public: only after the close or approved).
        let commentCount: Int
    }

    struct Section: Encodable, Sendable {
        let number: Int
        let title: String
        let heading: String
        let paragraphs: [Paragraph]
    }

    let sections: [Section]
    let paragraphCount: Int

    static func anchor(_ reference: String) -> String { "p-" + reference.replacingOccurrences(of: ".", with: "-") }

    static func make(_ document: ConsultedDocument, counts: [String: Int] = [:]) -> ConsultationDocumentView {
        ConsultationDocumentView(
            sections: document.sections.map { section in
                Section(
                    number: section.number, title: section.title,
                    heading: section.title.isEmpty ? "Wprowadzenie" : section.title,
                    paragraphs: section.paragraphs.map {
                        Paragraph(
                            reference: $0.reference, anchor: anchor($0.reference), html: MarkdownRenderer.html($0.markdown),
                            commentCount: counts[$0.reference] ?? 0)
                    })
            }, paragraphCount: document.paragraphs.count)
    }

    /// The choices of a comment form's paragraph field: the whole document, then every paragraph
    /// with the start of its text so that a resident recognises it.
    static func paragraphOptions(_ document: ConsultedDocument, selected: String) -> [SelectOption] {
        [SelectOption(value: "", label: "cały dokument", selected: selected.isEmpty)]
            + document.paragraphs.map { paragraph in
                let words = paragraph.markdown.split(whereSeparator: \.isWhitespace).prefix(8).joined(separator: " ")
                return SelectOption(
                    value: paragraph.reference, label: "\(paragraph.reference) — \(words)…",
                    selected: selected == paragraph.reference)
            }
    }
}

/// How a round is described to residents: dates, ways of taking part, coordinator, legal basis.
struct ConsultationFacts: Encodable, Sendable {
    let subject: String
    let aim: String
    let scope: String
    let documentTitle: String
    let period: String
    let phase: String
    let phaseKey: String
    let online: Bool
    let paperPlace: String?
    let email: String?
    let meeting: String?
    let coordinator: String
    let coordinatorContact: String
    let legalBasis: String?

    static func make(_ round: ConsultationRound, phase: ConsultationPhase) -> ConsultationFacts {
        var basis: [String] = []
        if !round.orderNumber.isEmpty {
            basis.append(
                "Zarządzenie nr \(round.orderNumber)" + (round.orderDate.map { " z dnia \($0.polish)" } ?? ""))
        }
        if !round.resolution.isEmpty { basis.append(round.resolution) }
        return ConsultationFacts(
            subject: round.subject, aim: round.aim, scope: round.scope, documentTitle: round.documentTitle,
            period: "od \(round.firstDay.polish) do \(round.lastDay.polish) (\(round.dates.days) dni)",
            phase: phase.polishName, phaseKey: phase.rawValue, online: round.online, paperPlace: round.paperPlace,
            email: round.email,
            meeting: round.meetingDay.map { day in
                "\(day.polish), godz. \(round.meetingTime ?? ""), \(round.meetingPlace ?? "")"
            },
            coordinator: round.coordinator, coordinatorContact: round.coordinatorContact,
            legalBasis: basis.isEmpty ? nil : basis.joined(separator: "; "))
    }
}

import Foundation
import OpenCUSCore

/// `insight/documents.leaf`: each kind of yearly document for the last three years, with its
/// state (none yet, draft, finalised with its number) and a button to draft the missing ones.
struct YearlyDocumentListPage: Encodable, Sendable {
    struct Cell: Encodable, Sendable {
        let year: Int
        let state: String
        let url: String?
    }

    struct Row: Encodable, Sendable {
        let kind: String
        let name: String
        let audience: String
        let cells: [Cell]
    }

    let layout: Layout
    let rows: [Row]
    let errors: FieldErrors

    static func make(_ documents: [YearlyDocument], years: [Int], errors: FieldErrors, layout: Layout) -> Self {
        Self(
            layout: layout,
            rows: YearlyDocumentKind.allCases.map { kind in
                Row(
                    kind: kind.rawValue, name: kind.polishName, audience: kind.audience,
                    cells: years.map { year in
                        let d = documents.first { $0.kind == kind && $0.year == year }
                        return Cell(
                            year: year,
                            state: d.map { $0.number.map { "zatwierdzony, nr \($0)" } ?? "projekt" } ?? "",
                            url: d?.id.map { SiteRoute.yearlyDocument.url($0) })
                    })
            }, errors: errors)
    }
}

/// `insight/document.leaf` (the editor, or the finalised document) and
/// `insight/document-print.leaf` (A4).
struct YearlyDocumentPage: Encodable, Sendable {
    struct Section: Encodable, Sendable {
        let key: String
        let fieldID: String
        let title: String
        let text: String
        let paragraphs: [String]
        let guidance: String
        let tables: [DocumentTable]
        let fromElsewhere: Bool
        let error: String?
    }

    let layout: Layout
    let title: String
    let year: Int
    let number: String?
    let isFinal: Bool
    let finalisedLine: String?
    let dataAsOf: String
    let revision: Int
    let sections: [Section]
    let errors: FieldErrors
    let canFinalise: Bool
    let notice: String?
    let organisationName: String?
    let saveURL: String
    let refreshURL: String
    let finaliseURL: String
    let printURL: String
    let csvURL: String
    let listURL: String

    static func make(
        _ d: YearlyDocument, content: YearlyDocumentContent, errors: FieldErrors, canFinalise: Bool, notice: String?,
        organisationName: String? = nil, layout: Layout
    ) throws -> Self {
        let id = try d.requireID()
        return Self(
            layout: layout, title: d.kind.polishName, year: d.year, number: d.number, isFinal: d.isFinal,
            finalisedLine: d.finalisedAt.map { "Zatwierdził(a) \(d.finalisedBy ?? "") \(WarsawTime.format($0))" },
            dataAsOf: WarsawTime.format(d.dataAsOf), revision: d.revision,
            sections: content.sections.map { s in
                Section(
                    key: s.key, fieldID: "text-\(s.key)", title: s.title, text: s.text,
                    paragraphs: s.text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init),
                    guidance: s.guidance, tables: s.tables, fromElsewhere: s.fromElsewhere, error: errors["text-\(s.key)"])
            },
            errors: errors.anchored { $0.hasPrefix("text-") ? $0 : nil }, canFinalise: canFinalise && !d.isFinal,
            notice: notice, organisationName: organisationName, saveURL: SiteRoute.yearlyDocumentSave.url(id),
            refreshURL: SiteRoute.yearlyDocumentRefresh.url(id), finaliseURL: SiteRoute.yearlyDocumentFinalise.url(id),
            printURL: SiteRoute.yearlyDocumentPrint.url(id), csvURL: SiteRoute.yearlyDocumentCSV.url(id),
            listURL: SiteRoute.yearlyDocuments.url())
    }
}

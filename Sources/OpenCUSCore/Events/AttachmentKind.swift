/// File types accepted as event attachments, recognised from the first bytes of the content,
/// never from the name or the browser's claim (a renamed .exe stays refused).
public enum AttachmentKind: String, Sendable, CaseIterable {
    case pdf, docx, odt, xlsx, png, jpeg, webp

    public static let maximumBytes = 20 * 1024 * 1024

    public var contentType: String {
        switch self {
        case .pdf: "application/pdf"
        case .docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case .odt: "application/vnd.oasis.opendocument.text"
        case .xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        case .png: "image/png"
        case .jpeg: "image/jpeg"
        case .webp: "image/webp"
        }
    }

    public var fileExtension: String { self == .jpeg ? "jpg" : rawValue }
    public var isImage: Bool { [.png, .jpeg, .webp].contains(self) }

    public static func label(forContentType type: String) -> String {
        switch allCases.first(where: { $0.contentType == type }) {
        case .pdf: "PDF"
        case .docx: "Word (DOCX)"
        case .odt: "OpenDocument (ODT)"
        case .xlsx: "Excel (XLSX)"
        case .png, .jpeg, .webp: "obraz"
        case nil: "plik"
        }
    }

    public static func detect(_ bytes: [UInt8]) -> AttachmentKind? {
        func starts(_ prefix: [UInt8], at offset: Int = 0) -> Bool {
            bytes.count >= offset + prefix.count && Array(bytes[offset..<(offset + prefix.count)]) == prefix
        }
        if starts(Array("%PDF-".utf8)) { return .pdf }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if starts([0xFF, 0xD8, 0xFF]) { return .jpeg }
        if starts(Array("RIFF".utf8)) && starts(Array("WEBP".utf8), at: 8) { return .webp }
        guard starts([0x50, 0x4B, 0x03, 0x04]) else { return nil }
        // OpenDocument: the first stored file is "mimetype", its content follows at byte 38.
        if starts(Array("mimetype".utf8), at: 30) && starts(Array("application/vnd.oasis.opendocument.text".utf8), at: 38) {
            return .odt
        }
        // Office Open XML: file names sit uncompressed in the zip headers.
        let hasTypes = contains(bytes, Array("[Content_Types].xml".utf8))
        if hasTypes && contains(bytes, Array("word/document.xml".utf8)) { return .docx }
        if hasTypes && contains(bytes, Array("xl/workbook.xml".utf8)) { return .xlsx }
        return nil
    }

    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, haystack.count >= needle.count else { return false }
        let first = needle[0]
        var i = 0
        while i <= haystack.count - needle.count {
            if haystack[i] == first && Array(haystack[i..<(i + needle.count)]) == needle { return true }
            i += 1
        }
        return false
    }

    /// A download name that is safe in a path and in a Content-Disposition header: no folders,
    /// no control or quote characters, at most 100 characters, and the extension of the real type.
    public static func safeFilename(_ original: String, kind: AttachmentKind) -> String {
        let base = original.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let stem = base.contains(".") ? String(base[..<base.lastIndex(of: ".")!]) : base
        var cleaned = ""
        for ch in stem {
            if ch.isLetter || ch.isNumber || ch == "-" || ch == "_" {
                cleaned.append(ch)
            } else if (ch == " " || ch == ".") && !cleaned.hasSuffix("-") {
                cleaned.append("-")
            }
        }
        cleaned = String(cleaned.prefix(90)).trimmingCharacters(in: CharacterSet(charactersIn: "-"))
        return (cleaned.isEmpty ? "zalacznik" : cleaned) + "." + kind.fileExtension
    }
}

import Foundation

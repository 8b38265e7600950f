/// Normalises text typed into forms before validation: trims, unifies line endings and drops
/// control characters that have no business in a name or an address (they break e-mail headers
/// and CSV exports). Newlines survive only where `multiline` is set.
public enum TextInput {
    public static func clean(_ raw: String?, multiline: Bool = false) -> String {
        guard let raw else { return "" }
        let unified = raw.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        let kept = unified.unicodeScalars.filter { scalar in
            if scalar == "\n" { return multiline }
            if scalar == "\t" { return multiline }
            switch scalar.properties.generalCategory {
            case .control: return false
            // Zero-width joiner stays: emoji sequences and some scripts need it.
            case .format: return scalar.value == 0x200D
            default: return true
            }
        }
        var result = String(String.UnicodeScalarView(kept))
        if !multiline { result = result.split(whereSeparator: { $0 == " " }).joined(separator: " ") }
        return result.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

import Foundation

extension TextInput {
    /// A number as people type it in Poland: "12,5", "12.5", "12 480" (spaces and non-breaking
    /// spaces between thousands). nil when it is not a finite number.
    public static func decimal(_ raw: String?) -> Double? {
        let text = clean(raw).replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "\u{00A0}", with: "")
            .replacingOccurrences(of: "\u{202F}", with: "").replacingOccurrences(of: ",", with: ".")
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == "-") }),
            let value = Double(text), value.isFinite
        else { return nil }
        return value
    }
}

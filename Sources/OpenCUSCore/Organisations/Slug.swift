/// The short identifier of an organisation used in URLs and on the command line
/// (`rops-poznan`, `cus-starachowice`): lower-case ASCII letters, digits and single hyphens.
public struct Slug: Sendable, Hashable, Codable, CustomStringConvertible {
    public let value: String

    public init?(_ raw: String) {
        let value = raw.trimmingCharacters(in: .whitespaces)
        guard (2...60).contains(value.count),
            value.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }),
            !value.hasPrefix("-"), !value.hasSuffix("-"), !value.contains("--")
        else { return nil }
        self.value = value
    }

    /// Builds a slug from a Polish name: "Gmina Jarocin" → "gmina-jarocin", "Łódź" → "lodz".
    public static func from(name: String) -> Slug? {
        var out = ""
        for ch in name.lowercased() {
            if let mapped = polishLetters[ch] {
                out.append(mapped)
            } else if ch.isASCII && (ch.isLetter || ch.isNumber) {
                out.append(ch)
            } else if !out.hasSuffix("-") && !out.isEmpty {
                out.append("-")
            }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return Slug(String(out.prefix(60)).trimmingCharacters(in: CharacterSet(charactersIn: "-")))
    }

    public var description: String { value }

    private static let polishLetters: [Character: Character] = [
        "ą": "a", "ć": "c", "ę": "e", "ł": "l", "ń": "n", "ó": "o", "ś": "s", "ź": "z", "ż": "z",
    ]

    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        guard let parsed = Slug(raw) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "Invalid slug"))
        }
        self = parsed
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(value)
    }
}

import Foundation

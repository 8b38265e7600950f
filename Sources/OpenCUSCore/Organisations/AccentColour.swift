import Foundation

/// A colour as the web writes it ("#0a4d8c"), with the WCAG 2.1 measures needed to accept it as
/// an organisation's accent: relative luminance and contrast ratio (WCAG 2.1, definitions of
/// "relative luminance" and "contrast ratio").
public struct RGBColour: Sendable, Equatable {
    public let red: UInt8
    public let green: UInt8
    public let blue: UInt8

    public init(red: UInt8, green: UInt8, blue: UInt8) {
        (self.red, self.green, self.blue) = (red, green, blue)
    }

    public static let white = RGBColour(red: 255, green: 255, blue: 255)

    /// "#rrggbb" or "#rgb", case-insensitive, the "#" optional; anything else is nil.
    public init?(hex text: String) {
        var digits = text.trimmingCharacters(in: .whitespaces).lowercased()
        if digits.hasPrefix("#") { digits.removeFirst() }
        guard digits.allSatisfy(\.isHexDigit), digits.count == 3 || digits.count == 6 else { return nil }
        if digits.count == 3 { digits = digits.map { "\($0)\($0)" }.joined() }
        let value = Int(digits, radix: 16)!
        self.init(red: UInt8(value >> 16 & 0xFF), green: UInt8(value >> 8 & 0xFF), blue: UInt8(value & 0xFF))
    }

    /// "#rrggbb", lower case: the form stored and written into style sheets.
    public var hex: String { String(format: "#%02x%02x%02x", red, green, blue) }

    public var relativeLuminance: Double {
        func channel(_ value: UInt8) -> Double {
            let c = Double(value) / 255
            return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue)
    }

    /// From 1 (the same) to 21 (black on white), whichever of the two is lighter.
    public func contrast(with other: RGBColour) -> Double {
        let (a, b) = (relativeLuminance, other.relativeLuminance)
        return (max(a, b) + 0.05) / (min(a, b) + 0.05)
    }

    /// The same hue towards black (`fraction` 0…1): the hover state of buttons and links.
    public func darkened(by fraction: Double) -> RGBColour {
        func scale(_ value: UInt8) -> UInt8 { UInt8((Double(value) * (1 - fraction)).rounded()) }
        return RGBColour(red: scale(red), green: scale(green), blue: scale(blue))
    }
}

/// An organisation's accent colour: links and buttons on its public pages. They are drawn on
/// white and carry white text, so the colour must reach 4.5:1 against white (WCAG 2.1 AA,
/// 1.4.3 for text; it also covers 1.4.11's 3:1 for controls).
public enum AccentColour {
    public static let minimumContrast = 4.5

    /// The colour to store, or a Polish message for the field. Empty means "the site's own colours".
    public static func validate(_ text: String) -> Result<RGBColour?, FieldErrors> {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return .success(nil) }
        guard let colour = RGBColour(hex: trimmed) else {
            return .failure(FieldErrors("accentColour", "Podaj kolor w zapisie szesnastkowym, np. #0a4d8c."))
        }
        let ratio = colour.contrast(with: .white)
        guard ratio >= minimumContrast else {
            return .failure(
                FieldErrors(
                    "accentColour",
                    "Kolor \(colour.hex) ma kontrast \(polish(ratio)):1 z białym tłem, a potrzeba co najmniej 4,5:1 (WCAG 2.1 AA) — inaczej linki i przyciski będą nieczytelne dla części osób. Wybierz ciemniejszy odcień."
                ))
        }
        return .success(colour)
    }

    /// "3,98": two decimals, rounded down so that 4.499 never reads as 4,50.
    static func polish(_ ratio: Double) -> String {
        String(format: "%.2f", (ratio * 100).rounded(.down) / 100).replacingOccurrences(of: ".", with: ",")
    }
}

/// The short code a confirmed participant shows at the desk (typed by a hand scanner from the
/// QR code, or read aloud): the registration's number in the event, a dash and three letters
/// that make it unguessable ("42-K7M"). Unique in the event by construction (the number is),
/// short enough to type, and free of letters that look alike (no 0/O, 1/I/L, 5/S, 8/B, 2/Z).
public enum CheckInCode {
    static let alphabet = Array("ACDEFHJKMNPRTUVWXY34679")

    public static func make<G: RandomNumberGenerator>(sequence: Int64, using generator: inout G) -> String {
        "\(sequence)-" + String((0..<3).map { _ in alphabet.randomElement(using: &generator)! })
    }

    public static func make(sequence: Int64) -> String {
        var generator = SystemRandomNumberGenerator()
        return make(sequence: sequence, using: &generator)
    }

    /// A desk entry read as a code, or nil when it is a name to search for. Scanners and people
    /// type it in any case, with spaces, and sometimes with a Polish keyboard's dash variants.
    public static func normalise(_ typed: String) -> String? {
        let folded = typed.uppercased().filter { !$0.isWhitespace }
            .map { "‐‑‒–—−".contains($0) ? "-" : $0 }
        let text = String(folded)
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...7).contains(parts[0].count), parts[0].allSatisfy(\.isASCIIDigit),
            parts[1].count == 3, parts[1].allSatisfy({ alphabet.contains($0) })
        else { return nil }
        return "\(Int(parts[0])!)-\(parts[1])"
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}

import Foundation

/// Sorting names the Polish way (Ł after L, Ś after S, Ż after Ź after Z), case-insensitively,
/// without depending on the platform's locale data (Linux builds may lack it).
public enum PolishCollation {
    static let alphabet = Array("aąbcćdeęfghijklłmnńoópqrsśtuvwxyzźż")
    static let rank: [Character: Int] = Dictionary(uniqueKeysWithValues: alphabet.enumerated().map { ($1, $0) })

    /// A sort key: letters by their place in the Polish alphabet, other characters after them.
    public static func key(_ s: String) -> [Int] {
        s.lowercased().map { rank[$0] ?? (100 + Int($0.unicodeScalars.first!.value)) }
    }

    public static func less(_ a: String, _ b: String) -> Bool {
        let (ka, kb) = (key(a), key(b))
        return ka.lexicographicallyPrecedes(kb) || (ka == kb && a < b)
    }
}

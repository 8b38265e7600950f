/// Editions of congresses are named with Roman numerals ("II Kongres", "V Ogólnopolski Kongres",
/// "X Jubileuszowa Konferencja").
public enum RomanNumeral {
    /// nil outside 1...3999, which Roman numerals cannot write in the usual form.
    public static func string(_ value: Int) -> String? {
        guard (1...3999).contains(value) else { return nil }
        let table: [(Int, String)] = [
            (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
            (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
        ]
        var rest = value
        var out = ""
        for (number, letters) in table {
            while rest >= number {
                out += letters
                rest -= number
            }
        }
        return out
    }
}

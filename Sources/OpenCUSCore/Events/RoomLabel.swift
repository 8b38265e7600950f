/// How a room is named in a sentence: "sala Bruksela", "sala 12" — but "Sala główna" and
/// "Aula Jarocińskiego Ośrodka Kultury" as they are, since their name already says what they are
/// (never "sala Sala główna").
public enum RoomLabel {
    /// First words that already name a kind of room or place.
    static let nouns: Set<String> = [
        "sala", "sali", "aula", "auli", "pokój", "pok.", "gabinet", "świetlica", "hala", "audytorium", "auditorium", "foyer",
        "hol", "scena", "namiot", "klub", "kawiarnia", "dziedziniec", "ogród", "plac", "taras", "pracownia", "biblioteka",
        "czytelnia", "studio", "kaplica", "stołówka", "jadalnia", "atrium", "galeria", "strefa", "przestrzeń",
    ]

    public static func inSentence(_ name: String) -> String {
        let first = name.split(whereSeparator: { $0 == " " || $0 == "\u{A0}" }).first.map { $0.lowercased() } ?? ""
        return nouns.contains(first) ? name : "sala \(name)"
    }
}

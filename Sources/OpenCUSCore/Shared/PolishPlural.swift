/// Polish has three plural forms for integers (CLDR "one", "few", "many"):
/// 1 miejsce · 2–4, 22–24, 32–34… miejsca · 0, 5–21, 25–31… miejsc.
/// The teens (12–14) take "many" even though they end in 2–4.
public struct PolishPlural: Sendable, Hashable {
    public let one: String
    public let few: String
    public let many: String

    public init(one: String, few: String, many: String) {
        self.one = one
        self.few = few
        self.many = many
    }

    public func form(for count: Int) -> String {
        let n = abs(count)
        if n == 1 { return one }
        let lastDigit = n % 10
        let lastTwo = n % 100
        if (2...4).contains(lastDigit) && !(12...14).contains(lastTwo) { return few }
        return many
    }

    /// "3 miejsca", "25 miejsc".
    public func phrase(_ count: Int) -> String { "\(count) \(form(for: count))" }
}

extension PolishPlural {
    public static let message = PolishPlural(one: "wiadomość", few: "wiadomości", many: "wiadomości")
    public static let minute = PolishPlural(one: "minutę", few: "minuty", many: "minut")
    public static let place = PolishPlural(one: "miejsce", few: "miejsca", many: "miejsc")
    public static let person = PolishPlural(one: "osoba", few: "osoby", many: "osób")
    /// After "do", "dla", "od": "do 1 osoby", "do 3 osób", "do 25 osób".
    public static let personGenitive = PolishPlural(one: "osoby", few: "osób", many: "osób")
    public static let day = PolishPlural(one: "dzień", few: "dni", many: "dni")
    public static let organisation = PolishPlural(one: "organizacja", few: "organizacje", many: "organizacji")
}

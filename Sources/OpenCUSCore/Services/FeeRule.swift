/// What a service costs the resident, only as the programme says (art. 5 of the act: a fee
/// exists only if the programme sets it). Amounts are whole grosze.
public enum FeeRule: Sendable, Equatable, Codable {
    case free
    case perUnit(grosze: Int, unit: String)
    case perHour(grosze: Int)

    public var kind: String {
        switch self {
        case .free: "free"
        case .perUnit: "per_unit"
        case .perHour: "per_hour"
        }
    }

    public var grosze: Int? {
        switch self {
        case .free: nil
        case .perUnit(let g, _), .perHour(let g): g
        }
    }

    /// "bezpłatna", "12,50 zł za godzinę", "30,00 zł za wizytę".
    public var polishDescription: String {
        switch self {
        case .free: "bezpłatna"
        case .perHour(let g): "\(Money.polish(g)) za godzinę"
        case .perUnit(let g, let unit): "\(Money.polish(g)) za \(unit)"
        }
    }

    public static func make(kind: String, grosze: Int?, unit: String?) -> FeeRule? {
        switch kind {
        case "free": return .free
        case "per_hour": return grosze.map { .perHour(grosze: $0) }
        case "per_unit":
            guard let grosze, let unit, !unit.isEmpty else { return nil }
            return .perUnit(grosze: grosze, unit: unit)
        default: return nil
        }
    }
}

public enum Money {
    /// 1250 → "12,50 zł" (Polish decimal comma; thousands with a non-breaking space).
    public static func polish(_ grosze: Int) -> String {
        let zloty = grosze / 100
        let rest = grosze % 100
        var digits = String(zloty)
        var groups: [String] = []
        while digits.count > 3 {
            groups.insert(String(digits.suffix(3)), at: 0)
            digits.removeLast(3)
        }
        groups.insert(digits, at: 0)
        return groups.joined(separator: "\u{00A0}") + "," + (rest < 10 ? "0" : "") + String(rest) + "\u{00A0}zł"
    }

    /// "12,50", "12.5", "12 zł", "1 250,00" → grosze; nil for anything else or more than two
    /// decimals.
    public static func parse(_ text: String) -> Int? {
        var t = text.replacingOccurrences(of: "zł", with: "").replacingOccurrences(of: "\u{00A0}", with: "")
            .replacingOccurrences(of: " ", with: "")
        t = t.replacingOccurrences(of: ",", with: ".")
        guard !t.isEmpty, t.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }), t.filter({ $0 == "." }).count <= 1 else {
            return nil
        }
        let parts = t.split(separator: ".", omittingEmptySubsequences: false)
        guard let whole = Int(parts[0].isEmpty ? "0" : String(parts[0])), whole < 1_000_000 else { return nil }
        var cents = 0
        if parts.count == 2 {
            let fraction = String(parts[1])
            guard fraction.count <= 2, let value = Int(fraction.isEmpty ? "0" : fraction) else { return nil }
            cents = fraction.count == 1 ? value * 10 : value
        }
        return whole * 100 + cents
    }
}

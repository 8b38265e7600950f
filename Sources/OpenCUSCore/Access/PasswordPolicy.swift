import Foundation

/// Password rules for staff accounts, after NIST SP 800-63B: length and a blocklist rather
/// than composition rules. The upper bound exists because bcrypt reads only the first 72 bytes.
public struct PasswordPolicy: Sendable {
    public let minimumLength: Int
    public let maximumBytes: Int

    public init(minimumLength: Int = 12, maximumBytes: Int = 72) {
        self.minimumLength = minimumLength
        self.maximumBytes = maximumBytes
    }

    public enum Problem: Sendable, Equatable {
        case tooShort(minimum: Int)
        case tooLong(maximumBytes: Int)
        case tooFewDistinctCharacters
        case common
        case containsPersonalData

        /// A message that says what to do, in Polish.
        public var message: String {
            switch self {
            case .tooShort(let minimum):
                "Hasło musi mieć co najmniej \(minimum) znaków. Najłatwiej użyć kilku słów oddzielonych spacjami."
            case .tooLong(let maximumBytes):
                "Hasło jest za długie: liczy się najwyżej \(maximumBytes) bajtów (polskie litery zajmują po dwa). Skróć je."
            case .tooFewDistinctCharacters:
                "Hasło składa się z kilku powtarzających się znaków. Użyj co najmniej 6 różnych znaków."
            case .common:
                "To hasło jest na liście najczęściej używanych haseł. Wybierz inne."
            case .containsPersonalData:
                "Hasło nie może zawierać Twojego imienia, nazwiska ani adresu e-mail."
            }
        }
    }

    /// All problems with `password`, empty when it is acceptable.
    public func problems(password: String, email: String, name: String) -> [Problem] {
        var found: [Problem] = []
        if password.count < minimumLength { found.append(.tooShort(minimum: minimumLength)) }
        if password.utf8.count > maximumBytes { found.append(.tooLong(maximumBytes: maximumBytes)) }
        if Set(password).count < 6 && password.count >= minimumLength { found.append(.tooFewDistinctCharacters) }
        let lowered = password.lowercased()
        if PasswordPolicy.isCommon(lowered) { found.append(.common) }
        let localPart = email.lowercased().split(separator: "@").first.map(String.init) ?? ""
        let personal = ([localPart] + name.lowercased().split(separator: " ").map(String.init)).filter { $0.count >= 4 }
        if personal.contains(where: { lowered.contains($0) }) { found.append(.containsPersonalData) }
        return found
    }

    /// A password is common when it, or its core without the digits and punctuation people
    /// add around a word ("Password2024!", "!!dragon123456"), or a word repeated
    /// ("haslohaslohaslo"), is on the shipped list (`Resources/common-passwords.txt`, the most
    /// frequent leaked passwords) or starts with one of the stems below.
    static func isCommon(_ lowered: String) -> Bool {
        let squashed = String(lowered.filter { $0.isLetter || $0.isNumber })
        let decoration: (Character) -> Bool = { !$0.isLetter }
        let core = String(lowered.drop(while: decoration).reversed().drop(while: decoration).reversed())
        var candidates = [lowered, squashed, core]
        for unit in 3...8 where squashed.count % unit == 0 && squashed.count > unit {
            let piece = String(squashed.prefix(unit))
            if String(repeating: piece, count: squashed.count / unit) == squashed { candidates.append(piece) }
        }
        if candidates.contains(where: { $0.count >= 4 && (common.contains($0) || commonList.contains($0)) }) { return true }
        return commonStems.contains(where: { squashed.hasPrefix($0) && squashed.count <= $0.count + 4 })
    }

    /// Loaded once, on first use (about 10,000 lines).
    static let commonList: Set<String> = {
        guard let url = Bundle.module.url(forResource: "common-passwords", withExtension: "txt"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { return [] }
        return Set(text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { String($0) })
    }()

    static let commonStems: [String] = [
        "password", "haslo", "qwerty", "zaq12wsx", "123456789", "opencus", "administrator", "polska", "kochamcie",
        "centrumuslug", "uslugispoleczne",
    ]

    static let common: Set<String> = [
        "123456789012", "1234567890123", "qwertyuiopas", "qwertyuiop123", "password1234", "password12345",
        "haslo1234567", "haslo12345678", "zaq12wsxcde3", "1q2w3e4r5t6y", "1qaz2wsx3edc", "qazwsxedcrfv",
        "aaaaaaaaaaaa", "abcdefghijkl", "abc123abc123", "iloveyou1234", "administrator", "admin1234567",
        "polska123456", "kochamcie123", "zaq1@wsx3edc", "haslohaslo12", "qwerty123456", "1234qwerasdf",
        "passwordpassword", "zaq1xsw2cde3", "mojehaslo123",
    ]
}

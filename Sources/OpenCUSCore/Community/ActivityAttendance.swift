import Foundation

/// A resident's sign-up for a supportive activity from the public calendar: a name and one way
/// to reach them (phone or e-mail), with the consent clause; a honeypot catches scripts.
public struct ActivitySignUpForm: Sendable, Codable, Equatable {
    public var name: String?
    public var phone: String?
    public var email: String?
    public var consent: String?
    public var website: String?

    public init(name: String? = nil, phone: String? = nil, email: String? = nil, consent: String? = nil) {
        self.name = name
        self.phone = phone
        self.email = email
        self.consent = consent
    }

    public struct Valid: Sendable, Equatable {
        public let name: String
        public let phone: String?
        public let email: EmailAddress?
    }

    public enum Outcome: Sendable, Equatable {
        case valid(Valid)
        case invalid(FieldErrors)
        case bot
    }

    public func validate() -> Outcome {
        if !TextInput.clean(website).isEmpty { return .bot }
        var errors = FieldErrors()
        let name = TextInput.clean(self.name)
        if name.isEmpty { errors.add("name", "Wpisz imię i nazwisko.") }
        if name.count > 200 { errors.add("name", "Najwyżej 200 znaków.") }
        let phone = TextInput.clean(self.phone)
        let digits = phone.filter(\.isNumber)
        if !phone.isEmpty && (digits.count < 9 || digits.count > 15 || phone.contains(where: { !"0123456789 +-()".contains($0) }))
        {
            errors.add("phone", "Wpisz numer telefonu, np. 600 100 200.")
        }
        let email = TextInput.clean(self.email)
        if !email.isEmpty && EmailAddress(email) == nil {
            errors.add("email", "To nie jest poprawny adres e-mail. Przykład: jan.kowalski@poczta.pl.")
        }
        if phone.isEmpty && email.isEmpty { errors.add("phone", "Podaj telefon albo e-mail, żebyśmy mogli dać znać o zmianach.") }
        if consent != "on" { errors.add("consent", "Zaznacz, że przeczytałeś/przeczytałaś informację o danych.") }
        guard errors.isEmpty else { return .invalid(errors) }
        return .valid(Valid(name: name, phone: phone.isEmpty ? nil : phone, email: EmailAddress(email)))
    }
}

/// How many people came, without names: a total and, when the organiser records it, the same
/// people by age band and sex (which then must add up to the total).
public struct CountedAttendance: Sendable, Codable, Equatable {
    public static let ageBands = ["0–17", "18–59", "60+"]
    public static let sexes = [("k", "kobiety"), ("m", "mężczyźni")]

    public let total: Int
    /// "60+|k" → 7; empty when only the total was recorded.
    public let breakdown: [String: Int]

    public init(total: Int, breakdown: [String: Int]) {
        self.total = total
        self.breakdown = breakdown
    }

    /// The form's fields: `total`, `n-60+-k` …
    public static func read(_ fields: [String: String]) -> Result<CountedAttendance, FieldErrors> {
        var errors = FieldErrors()
        let totalText = TextInput.clean(fields["total"])
        let total = Int(totalText)
        if total == nil || total! < 0 || total! > 100_000 { errors.add("total", "Wpisz, ile osób przyszło (liczba, np. 12).") }
        var breakdown: [String: Int] = [:]
        for band in ageBands {
            for (sex, label) in sexes {
                let key = "\(band)|\(sex)"
                let text = TextInput.clean(fields["n-\(band)-\(sex)"])
                guard !text.isEmpty else { continue }
                if let n = Int(text), n >= 0 {
                    breakdown[key] = n
                } else {
                    errors.add("n-\(band)-\(sex)", "Wpisz liczbę (\(label), \(band)).")
                }
            }
        }
        if let total, errors.isEmpty, !breakdown.isEmpty, breakdown.values.reduce(0, +) != total {
            errors.add(
                "total",
                "Podział według wieku i płci daje \(breakdown.values.reduce(0, +)), a razem wpisano \(total) — popraw jedno z nich."
            )
        }
        guard errors.isEmpty, let total else { return .failure(errors) }
        return .success(CountedAttendance(total: total, breakdown: breakdown.filter { $0.value > 0 }))
    }
}

import Foundation

/// A volunteer of the centre with the volunteering agreement ("porozumienie o wykonywaniu
/// świadczeń wolontariusza", ustawa o działalności pożytku publicznego i o wolontariacie, art. 44):
/// its number, the day it was signed, its period and the scope of the work.
public struct VolunteerForm: Sendable, Codable, Equatable {
    public var name: String?
    public var phone: String?
    public var email: String?
    public var availability: String?
    public var skills: String?
    public var areas: String?
    public var consent: String?
    public var agreementNumber: String?
    public var signedOn: String?
    public var validFrom: String?
    public var validUntil: String?
    public var scope: String?

    public init() {}

    public struct Valid: Sendable, Equatable {
        public let name: String
        public let phone: String
        public let email: String
        public let availability: String
        public let skills: String
        public let areas: String
        public let agreementNumber: String
        public let signedOn: CalendarDay?
        public let validFrom: CalendarDay?
        public let validUntil: CalendarDay?
        public let scope: String
    }

    public func validate() -> Result<Valid, FieldErrors> {
        var errors = FieldErrors()
        func text(_ raw: String?, _ field: String, max: Int, required: String? = nil, multiline: Bool = false) -> String {
            let value = TextInput.clean(raw, multiline: multiline)
            if let required, value.isEmpty { errors.add(field, required) }
            if value.count > max { errors.add(field, "Najwyżej \(max) znaków (jest \(value.count)).") }
            return value
        }
        func day(_ raw: String?, _ field: String) -> CalendarDay? {
            let value = TextInput.clean(raw)
            guard !value.isEmpty else { return nil }
            guard let day = CalendarDay(iso: value) else {
                errors.add(field, "Podaj datę w postaci RRRR-MM-DD.")
                return nil
            }
            return day
        }
        let name = text(self.name, "name", max: 200, required: "Wpisz imię i nazwisko.")
        let phone = text(self.phone, "phone", max: 30)
        let email = text(self.email, "email", max: 254)
        if !email.isEmpty && EmailAddress(email) == nil { errors.add("email", "To nie jest poprawny adres e-mail.") }
        if phone.isEmpty && email.isEmpty { errors.add("phone", "Podaj telefon albo e-mail wolontariusza.") }
        let availability = text(self.availability, "availability", max: 500)
        let skills = text(self.skills, "skills", max: 1_000, multiline: true)
        let areas = text(self.areas, "areas", max: 500)
        if consent != "on" {
            errors.add("consent", "Potwierdź, że wolontariusz zapoznał się z informacją o przetwarzaniu danych.")
        }
        let number = text(agreementNumber, "agreementNumber", max: 50)
        let signedOn = day(self.signedOn, "signedOn")
        let from = day(validFrom, "validFrom")
        let until = day(validUntil, "validUntil")
        let scope = text(self.scope, "scope", max: 2_000, multiline: true)
        if !number.isEmpty {
            if signedOn == nil && errors["signedOn"] == nil { errors.add("signedOn", "Podaj dzień podpisania porozumienia.") }
            if from == nil && errors["validFrom"] == nil { errors.add("validFrom", "Podaj, od kiedy obowiązuje porozumienie.") }
            if scope.isEmpty { errors.add("scope", "Opisz zakres świadczeń wolontariusza.") }
        }
        if let from, let until, until < from { errors.add("validUntil", "Koniec nie może być przed początkiem.") }
        guard errors.isEmpty else { return .failure(errors) }
        return .success(
            Valid(
                name: name, phone: phone, email: email, availability: availability, skills: skills, areas: areas,
                agreementNumber: number, signedOn: signedOn, validFrom: from, validUntil: until, scope: scope))
    }
}

/// Hours a volunteer gave: the day, how long ("2", "1,5" or "1:30"), for which activity, what.
public struct VolunteerHoursForm: Sendable, Codable, Equatable {
    public var day: String?
    public var duration: String?
    public var activity: String?
    public var what: String?

    public init(day: String? = nil, duration: String? = nil, activity: String? = nil, what: String? = nil) {
        self.day = day
        self.duration = duration
        self.activity = activity
        self.what = what
    }

    public struct Valid: Sendable, Equatable {
        public let day: CalendarDay
        public let minutes: Int
        public let activityID: UUID?
        public let what: String
    }

    /// "2" → 120, "1,5" → 90, "1:30" → 90; nil when it is not a duration of 1 minute to 24 hours.
    public static func minutes(_ raw: String) -> Int? {
        let text = raw.trimmingCharacters(in: .whitespaces)
        var minutes: Int?
        if text.contains(":") {
            let parts = text.split(separator: ":").map(String.init)
            if parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]), (0..<60).contains(m), h >= 0 {
                minutes = h * 60 + m
            }
        } else if let hours = Double(text.replacingOccurrences(of: ",", with: ".")), hours.isFinite {
            minutes = Int((hours * 60).rounded())
        }
        guard let minutes, (1...(24 * 60)).contains(minutes) else { return nil }
        return minutes
    }

    /// "2 godz. 30 min".
    public static func text(_ minutes: Int) -> String {
        let (h, m) = (minutes / 60, minutes % 60)
        return m == 0 ? "\(h) godz." : h == 0 ? "\(m) min" : "\(h) godz. \(m) min"
    }

    public func validate(today: CalendarDay, activities: Set<UUID>) -> Result<Valid, FieldErrors> {
        var errors = FieldErrors()
        let day = CalendarDay(iso: TextInput.clean(self.day))
        if day == nil { errors.add("day", "Podaj dzień w postaci RRRR-MM-DD.") }
        if let day, today < day {
            errors.add("day", "Godziny wpisuje się po ich przepracowaniu (dzień nie może być w przyszłości).")
        }
        let minutes = Self.minutes(TextInput.clean(duration))
        if minutes == nil { errors.add("duration", "Wpisz czas, np. 2 albo 1,5 albo 1:30 (najwyżej 24 godziny).") }
        let activityText = TextInput.clean(activity)
        var activityID: UUID?
        if !activityText.isEmpty {
            if let id = UUID(uuidString: activityText), activities.contains(id) {
                activityID = id
            } else {
                errors.add("activity", "Wybierz działanie z listy.")
            }
        }
        let what = TextInput.clean(self.what, multiline: true)
        if what.isEmpty { errors.add("what", "Opisz krótko, co wolontariusz robił.") }
        if what.count > 500 { errors.add("what", "Najwyżej 500 znaków.") }
        guard errors.isEmpty, let day, let minutes else { return .failure(errors) }
        return .success(Valid(day: day, minutes: minutes, activityID: activityID, what: what))
    }
}

import Foundation

/// What an organiser types into the event form, with its validation. Field names match the
/// HTML form so that each message lands next to its field.
public struct EventForm: Sendable, Codable, Equatable {
    public var slug: String = ""
    public var series: String = ""
    public var edition: String = ""
    public var title: String = ""
    public var subtitle: String = ""
    public var motto: String = ""
    public var kind: String = EventKind.congress.rawValue
    public var startDay: String = ""
    public var endDay: String = ""
    public var venueName: String = ""
    public var venueStreet: String = ""
    public var venuePostcode: String = ""
    public var venueCity: String = ""
    public var voivodeship: String = ""
    public var onlineURL: String = ""
    public var description: String = ""
    public var audience: String = ""
    public var aims: String = ""
    public var topics: String = ""
    public var contactName: String = ""
    public var contactEmail: String = ""
    public var contactPhone: String = ""
    public var fundingProject: String = ""
    public var fundingProgramme: String = ""
    public var fundingFunds: String = ""
    public var fundingStatement: String = ""
    public var registrationInfo: String = ""

    public init() {}

    /// Missing fields decode as empty (they then fail validation with a message instead of
    /// failing the whole request).
    public init(from decoder: any Decoder) throws {
        self.init()
        try FormFields(decoder).fill(&self, Self.fields)
    }

    enum CodingKeys: String, CodingKey {
        case slug, series, edition, title, subtitle, motto, kind, startDay, endDay, venueName, venueStreet, venuePostcode,
            venueCity, voivodeship, onlineURL, description, audience, aims, topics, contactName, contactEmail, contactPhone,
            fundingProject, fundingProgramme, fundingFunds, fundingStatement, registrationInfo
    }

    /// Computed: key paths are not Sendable, so this cannot be a stored static.
    static var fields: [(CodingKeys, WritableKeyPath<EventForm, String>)] {
        [
            (.slug, \.slug),
            (.series, \.series),
            (.edition, \.edition),
            (.title, \.title),
            (.subtitle, \.subtitle),
            (.motto, \.motto),
            (.kind, \.kind),
            (.startDay, \.startDay),
            (.endDay, \.endDay),
            (.venueName, \.venueName),
            (.venueStreet, \.venueStreet),
            (.venuePostcode, \.venuePostcode),
            (.venueCity, \.venueCity),
            (.voivodeship, \.voivodeship),
            (.onlineURL, \.onlineURL),
            (.description, \.description),
            (.audience, \.audience),
            (.aims, \.aims),
            (.topics, \.topics),
            (.contactName, \.contactName),
            (.contactEmail, \.contactEmail),
            (.contactPhone, \.contactPhone),
            (.fundingProject, \.fundingProject),
            (.fundingProgramme, \.fundingProgramme),
            (.fundingFunds, \.fundingFunds),
            (.fundingStatement, \.fundingStatement),
            (.registrationInfo, \.registrationInfo),
        ]
    }

    public static let shortLimit = 300
    public static let longLimit = 20_000
    public static let maximumDays = 31

    public func cleaned() -> EventForm {
        var f = self
        for path in [
            \EventForm.slug, \.series, \.edition, \.title, \.subtitle, \.motto, \.kind, \.startDay, \.endDay, \.venueName,
            \.venueStreet, \.venuePostcode, \.venueCity, \.voivodeship, \.onlineURL, \.contactName, \.contactEmail,
            \.contactPhone,
            \.fundingProject, \.fundingProgramme, \.fundingFunds,
        ] {
            f[keyPath: path] = TextInput.clean(f[keyPath: path])
        }
        for path in [\EventForm.description, \.audience, \.aims, \.topics, \.fundingStatement, \.registrationInfo] {
            f[keyPath: path] = TextInput.clean(f[keyPath: path], multiline: true)
        }
        f.slug = f.slug.lowercased()
        return f
    }

    /// A valid form, ready to be stored.
    public struct Valid: Sendable, Equatable {
        public let kind: EventKind
        public let edition: Int?
        public let firstDay: CalendarDay
        public let lastDay: CalendarDay
        public let voivodeship: Voivodeship?
        /// The given slug, or one made from title, edition and year.
        public let slug: Slug
    }

    public func validate() -> Result<Valid, FieldErrors> {
        var errors = FieldErrors()
        func limit(_ value: String, _ field: String, _ max: Int) {
            if value.count > max { errors.add(field, "Tekst jest za długi: najwyżej \(max) znaków (jest \(value.count)).") }
        }
        if title.isEmpty { errors.add("title", "Podaj tytuł wydarzenia.") }
        for (value, field) in [
            (title, "title"), (subtitle, "subtitle"), (motto, "motto"), (series, "series"), (venueName, "venueName"),
            (venueStreet, "venueStreet"), (venueCity, "venueCity"), (contactName, "contactName"),
            (fundingProject, "fundingProject"),
            (fundingProgramme, "fundingProgramme"), (fundingFunds, "fundingFunds"),
        ] {
            limit(value, field, Self.shortLimit)
        }
        for (value, field) in [
            (description, "description"), (audience, "audience"), (aims, "aims"), (topics, "topics"),
            (fundingStatement, "fundingStatement"), (registrationInfo, "registrationInfo"),
        ] {
            limit(value, field, Self.longLimit)
        }
        let kind = EventKind(rawValue: self.kind)
        if kind == nil { errors.add("kind", "Wybierz rodzaj wydarzenia z listy.") }
        var edition: Int?
        if !self.edition.isEmpty {
            if let number = Int(self.edition), RomanNumeral.string(number) != nil {
                edition = number
            } else {
                errors.add("edition", "Numer edycji to liczba od 1 do 3999 (np. 2 – wyświetli się jako „II”).")
            }
        }
        let first = CalendarDay(iso: startDay)
        let last = CalendarDay(iso: endDay.isEmpty ? startDay : endDay)
        if first == nil { errors.add("startDay", "Podaj datę rozpoczęcia w formacie RRRR-MM-DD.") }
        if last == nil && !endDay.isEmpty { errors.add("endDay", "Podaj datę zakończenia w formacie RRRR-MM-DD.") }
        if let first, let last {
            if last < first {
                errors.add("endDay", "Data zakończenia nie może być wcześniejsza niż data rozpoczęcia (\(first.polish)).")
            } else if let days = Calendar(identifier: .gregorian).dateComponents(
                [.day], from: first.dateComponents, to: last.dateComponents
            ).day,
                days >= Self.maximumDays
            {
                errors.add("endDay", "Wydarzenie może trwać najwyżej \(Self.maximumDays) dni.")
            }
        }
        if venueCity.isEmpty && onlineURL.isEmpty {
            errors.add("venueCity", "Podaj miejscowość albo – dla wydarzenia online – adres transmisji.")
        }
        if !venuePostcode.isEmpty && !Self.isPostcode(venuePostcode) {
            errors.add("venuePostcode", "Kod pocztowy ma postać 00-000.")
        }
        if !onlineURL.isEmpty && !Self.isWebAddress(onlineURL) {
            errors.add("onlineURL", "Adres musi zaczynać się od https:// (lub http://) i nie może zawierać spacji.")
        }
        var voivodeship: Voivodeship?
        if !self.voivodeship.isEmpty {
            voivodeship = Voivodeship(rawValue: self.voivodeship)
            if voivodeship == nil { errors.add("voivodeship", "Wybierz województwo z listy.") }
        }
        if !contactEmail.isEmpty && EmailAddress(contactEmail) == nil {
            errors.add("contactEmail", "To nie jest poprawny adres e-mail. Przykład: kongres@rops.example.pl")
        }
        if !contactPhone.isEmpty
            && (!contactPhone.allSatisfy({ $0.isNumber || " +-()".contains($0) }) || contactPhone.filter(\.isNumber).count < 9)
        {
            errors.add("contactPhone", "Numer telefonu może zawierać cyfry, spacje, +, - i nawiasy; podaj co najmniej 9 cyfr.")
        }
        var slug: Slug?
        if !self.slug.isEmpty {
            slug = Slug(self.slug)
            if slug == nil {
                errors.add(
                    "slug",
                    "Adres strony może zawierać małe litery bez polskich znaków, cyfry i pojedyncze myślniki (np. kongres-cus-2025)."
                )
            }
        }
        guard errors.isEmpty, let kind, let first, let last else { return .failure(errors) }
        let generated = Slug.from(
            name: [edition.flatMap(RomanNumeral.string), title, String(first.year)].compactMap { $0 }.joined(separator: " "))
        guard let finalSlug = slug ?? generated else {
            errors.add("slug", "Nie udało się utworzyć adresu z tytułu. Wpisz adres strony ręcznie.")
            return .failure(errors)
        }
        return .success(
            Valid(kind: kind, edition: edition, firstDay: first, lastDay: last, voivodeship: voivodeship, slug: finalSlug))
    }

    static func isPostcode(_ text: String) -> Bool {
        let chars = Array(text)
        return chars.count == 6 && chars[2] == "-"
            && chars.enumerated().allSatisfy { $0.offset == 2 || $0.element.isASCII && $0.element.isNumber }
    }

    public static func isWebAddress(_ text: String) -> Bool {
        guard text.count <= 500, !text.contains(where: { $0.isWhitespace || "<>\"'".contains($0) }),
            let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
            url.host != nil
        else { return false }
        return true
    }
}

extension CalendarDay {
    var dateComponents: DateComponents { DateComponents(year: year, month: month, day: day) }

    /// The days from `self` through `last`, inclusive.
    public func days(through last: CalendarDay) -> [CalendarDay] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard var date = calendar.date(from: dateComponents) else { return [] }
        var out: [CalendarDay] = []
        while out.count < 400 {
            let day = CalendarDay(date, in: calendar.timeZone)
            if day > last { break }
            out.append(day)
            date = calendar.date(byAdding: .day, value: 1, to: date)!
        }
        return out
    }

    /// "poniedziałek" … "niedziela".
    public var polishWeekday: String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let weekday = calendar.component(.weekday, from: calendar.date(from: dateComponents)!)
        return ["niedziela", "poniedziałek", "wtorek", "środa", "czwartek", "piątek", "sobota"][weekday - 1]
    }

    /// Whole days from `self` to `other` (negative when `other` is earlier).
    public func days(until other: CalendarDay) -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar.dateComponents(
            [.day], from: calendar.date(from: dateComponents)!, to: calendar.date(from: other.dateComponents)!
        ).day!
    }

    public func adding(days: Int) -> CalendarDay {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let date = calendar.date(byAdding: .day, value: days, to: calendar.date(from: dateComponents)!)!
        return CalendarDay(date, in: calendar.timeZone)
    }
}

import Foundation

/// Where a diagnosis of the needs and potential of the community stands (art. 4 of the 2019
/// act: at least every five years, consulted with residents, the basis of the programme).
public enum DiagnosisStatus: String, Sendable, Codable, CaseIterable {
    case planned
    case inPreparation = "in_preparation"
    case consulted
    case adopted
    case published

    public var polishName: String {
        switch self {
        case .planned: "zaplanowana"
        case .inPreparation: "w przygotowaniu"
        case .consulted: "po konsultacjach"
        case .adopted: "przyjęta"
        case .published: "opublikowana"
        }
    }

    /// Adopted and published diagnoses start the five-year clock.
    public var isAdopted: Bool { self == .adopted || self == .published }
}

/// The parts such documents have (following the KPRP guidance and OZPS practice).
public enum DiagnosisSection: String, Sendable, Codable, CaseIterable {
    case situation
    case needs
    case resources
    case voice
    case conclusions

    public var polishName: String {
        switch self {
        case .situation: "Sytuacja społeczna i demograficzna"
        case .needs: "Potrzeby w obszarach usług społecznych"
        case .resources: "Zasoby i potencjał"
        case .voice: "Głos mieszkańców i użytkowników usług"
        case .conclusions: "Wnioski i rekomendacje dla programu"
        }
    }

    public var hint: String {
        switch self {
        case .situation: "Ludność, struktura wieku, gospodarstwa domowe, migracje, sytuacja na rynku pracy, ubóstwo."
        case .needs: "Potrzeby w 14 obszarach usług społecznych (art. 2 ustawy), z danymi i ich źródłami."
        case .resources: "Realizatorzy, organizacje pozarządowe, wolontariusze, miejsca i infrastruktura, kadry."
        case .voice: "Wyniki ankiet, wywiadów i konsultacji; czego mieszkańcy oczekują."
        case .conclusions: "Co wynika z diagnozy; rekomendacje połącz poniżej z usługami programu."
        }
    }
}

/// The five-year clock of the diagnosis (art. 4 ust. 2 of the act, as ROPS guidance reads it:
/// a new diagnosis at least every five years) **(R)**.
public enum DiagnosisClock: Sendable, Equatable {
    /// No adopted diagnosis yet: the programme has no diagnosed basis.
    case none
    case valid(due: CalendarDay)
    /// Less than a year left.
    case dueSoon(due: CalendarDay, days: Int)
    case overdue(due: CalendarDay, days: Int)

    public static let years = 5
    public static let warnDays = 365

    public init(lastAdopted: CalendarDay?, today: CalendarDay) {
        guard let last = lastAdopted else {
            self = .none
            return
        }
        // 29 February + 5 years is 28 February (the day before 1 March).
        let due =
            CalendarDay(year: last.year + Self.years, month: last.month, day: last.day)
            ?? CalendarDay(year: last.year + Self.years, month: 3, day: 1)!.adding(days: -1)
        let left = today.days(until: due)
        if left < 0 {
            self = .overdue(due: due, days: -left)
        } else if left <= Self.warnDays {
            self = .dueSoon(due: due, days: left)
        } else {
            self = .valid(due: due)
        }
    }

    /// Less than a year left, or past: the staff home and the public catalogue say so.
    public var isDue: Bool {
        switch self {
        case .dueSoon, .overdue: true
        case .none, .valid: false
        }
    }

    /// What residents read on the catalogue when the diagnosis is due (nil otherwise).
    public var publicNote: String? {
        switch self {
        case .none, .valid: nil
        case .dueSoon(let due, _):
            "Diagnoza potrzeb i potencjału, na której opiera się program, jest aktualna do \(due.polish) r."
        case .overdue(let due, _):
            "Ostatnia diagnoza potrzeb i potencjału straciła aktualność \(due.polish) r. (diagnozę sporządza się co najmniej raz na pięć lat)."
        }
    }

    /// The sentence the staff pages show, or nil when all is well.
    public var warning: String? {
        switch self {
        case .none: "Centrum nie ma przyjętej diagnozy potrzeb i potencjału — program usług nie ma podstawy w diagnozie."
        case .valid: nil
        case .dueSoon(let due, let days):
            "Diagnoza potrzeb i potencjału traci aktualność \(due.polish) (za \(PolishPlural.day.phrase(days))). Czas przygotować nową."
        case .overdue(let due, let days):
            "Diagnoza potrzeb i potencjału straciła aktualność \(due.polish) (\(PolishPlural.day.phrase(days)) temu). Przygotuj nową diagnozę."
        }
    }
}

/// A figure typed in by staff: what, how much, in what unit, from where and for which year.
public struct DiagnosisIndicatorForm: Sendable, Codable, Equatable {
    public var section = ""
    public var name = ""
    public var value = ""
    public var unit = ""
    public var source = ""
    public var year = ""

    public init() {}

    public init(from decoder: any Decoder) throws {
        self.init()
        let fields = try FormFields(decoder)
        for (key, path) in Self.fields { self[keyPath: path] = fields.string(key) }
    }

    static var fields: [(String, WritableKeyPath<DiagnosisIndicatorForm, String>)] {
        [
            ("section", \.section), ("name", \.name), ("value", \.value), ("unit", \.unit), ("source", \.source),
            ("year", \.year),
        ]
    }

    public struct Valid: Sendable, Equatable {
        public let section: DiagnosisSection
        public let name: String
        public let value: String
        public let unit: String
        public let source: String
        public let year: Int
    }

    public func validate(today: CalendarDay) -> Result<Valid, FieldErrors> {
        var f = self
        for (_, path) in Self.fields { f[keyPath: path] = TextInput.clean(f[keyPath: path]) }
        var errors = FieldErrors()
        let section = DiagnosisSection(rawValue: f.section)
        if section == nil { errors.add("section", "Wybierz część diagnozy.") }
        if f.name.isEmpty { errors.add("name", "Podaj, co mierzy wskaźnik, np. „Liczba osób w wieku 65+”.") }
        if f.name.count > 300 { errors.add("name", "Najwyżej 300 znaków.") }
        if f.value.isEmpty {
            errors.add("value", "Podaj wartość, np. 2610 albo 21,5.")
        } else if Double(f.value.replacingOccurrences(of: ",", with: ".").replacingOccurrences(of: " ", with: "")) == nil {
            errors.add("value", "Wartość to liczba, np. 2610 albo 21,5 (bez jednostki — jednostka ma osobne pole).")
        }
        if f.unit.count > 50 { errors.add("unit", "Najwyżej 50 znaków.") }
        if f.source.isEmpty { errors.add("source", "Podaj źródło danych, np. „GUS, Bank Danych Lokalnych”.") }
        if f.source.count > 300 { errors.add("source", "Najwyżej 300 znaków.") }
        let year = Int(f.year)
        if year == nil || !(1990...(today.year + 1)).contains(year!) {
            errors.add("year", "Podaj rok, którego dotyczą dane (1990–\(today.year + 1)).")
        }
        guard errors.isEmpty, let section, let year else { return .failure(errors) }
        return .success(
            Valid(
                section: section, name: f.name, value: f.value.replacingOccurrences(of: " ", with: ""), unit: f.unit,
                source: f.source, year: year))
    }
}

/// Published counts follow the small-number rule: a count from 1 to 4 is shown as "mniej niż 5",
/// so that a figure about a handful of people cannot point at one of them (the statistics law's
/// floor is 3; 5 is the common practice, see community-insight-anchors §2b).
/// The words of `DisclosureRule` for single counts in sentences ("mniej niż 5"); tables go
/// through `DisclosureRule.protect`.
public enum SmallNumbers {
    public static let threshold = DisclosureRule.standard.threshold

    public static func display(_ count: Int, rule: DisclosureRule = .standard) -> String {
        rule.isSmall(count) ? "mniej niż \(rule.threshold)" : String(count)
    }
}

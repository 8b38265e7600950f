import Foundation

/// Where the coordinator meets the person for the needs assessment (art. 15 of the act: at the
/// centre or where the person lives).
public enum AssessmentPlace: String, Sendable, Codable, CaseIterable {
    case centre
    case home

    public var polishName: String {
        switch self {
        case .centre: "w siedzibie centrum"
        case .home: "w miejscu zamieszkania osoby"
        }
    }
}

/// The needs assessment as the coordinator schedules and then records it.
public struct AssessmentForm: Sendable, Codable, Equatable {
    public var scheduledOn = ""
    public var place = AssessmentPlace.centre.rawValue
    public var placeNote = ""
    public var doneOn = ""
    public var findings = ""
    /// "Coordinated services for at least 3 months are needed" → an IPUS (art. 20 of the act).
    public var ipusNeeded = false

    public init() {}

    public struct Valid: Sendable, Equatable {
        public let scheduledOn: CalendarDay?
        public let place: AssessmentPlace
        public let doneOn: CalendarDay?
    }

    /// Scheduling needs a date (it may be in the future); recording the result needs the day it
    /// took place (not in the future, not before the application) and the findings.
    public func validate(received: CalendarDay, today: CalendarDay) -> Result<Valid, FieldErrors> {
        var errors = FieldErrors()
        let place = AssessmentPlace(rawValue: place)
        if place == nil { errors.add("place", "Wybierz miejsce rozmowy: w centrum albo w miejscu zamieszkania osoby.") }
        var scheduled: CalendarDay?
        if !scheduledOn.isEmpty {
            scheduled = CalendarDay(iso: scheduledOn)
            if scheduled == nil {
                errors.add("scheduledOn", "Podaj datę rozmowy w formacie RRRR-MM-DD, np. \(today.adding(days: 3).iso).")
            } else if scheduled! < received {
                errors.add("scheduledOn", "Rozmowa nie może się odbyć przed wpływem wniosku (\(received.polish)).")
            } else if received.days(until: scheduled!) > 366 {
                errors.add("scheduledOn", "Ta data jest ponad rok po wpływie wniosku — sprawdź rok.")
            }
        }
        var done: CalendarDay?
        if !doneOn.isEmpty {
            done = CalendarDay(iso: doneOn)
            if done == nil {
                errors.add("doneOn", "Podaj datę rozmowy w formacie RRRR-MM-DD.")
            } else if done! > today {
                errors.add(
                    "doneOn",
                    "Ocena potrzeb nie może mieć daty z przyszłości. Jeśli rozmowa dopiero się odbędzie, wpisz ją jako termin.")
            } else if done! < received {
                errors.add("doneOn", "Rozmowa nie mogła się odbyć przed wpływem wniosku (\(received.polish)).")
            }
            if findings.isEmpty {
                errors.add("findings", "Opisz ustalenia z rozmowy: jakie potrzeby ma osoba i jakie usługi na nie odpowiadają.")
            }
        } else if scheduledOn.isEmpty {
            errors.add("scheduledOn", "Podaj termin rozmowy albo — jeśli już się odbyła — jej datę i ustalenia.")
        }
        if findings.count > 20_000 { errors.add("findings", "Ustalenia są za długie (ponad 20 000 znaków) — skróć je.") }
        if placeNote.count > 300 { errors.add("placeNote", "Adres lub sala: najwyżej 300 znaków.") }
        if ipusNeeded && done == nil {
            errors.add("ipusNeeded", "Potrzebę IPUS zaznacz po przeprowadzeniu oceny (podaj jej datę i ustalenia).")
        }
        guard errors.isEmpty, let place else { return .failure(errors) }
        return .success(Valid(scheduledOn: scheduled, place: place, doneOn: done))
    }
}

/// The CUS's own deadlines and texts, kept per organisation (the act's defaults in `IntakeRules`).
public struct IntakeSettingsForm: Sendable, Codable, Equatable {
    public var assessmentDays = ""
    public var ipusDays = ""
    public var appealDays = ""
    public var appealBody = ""
    public var rodoClause = ""
    /// "on" when a refusal takes the form of an administrative decision (the act today).
    public var refusalIsDecision = "on"

    public init() {}

    public struct Valid: Sendable, Equatable {
        public let rules: IntakeRules
        public let appealBody: String
        public let rodoClause: String
    }

    public func validate() -> Result<Valid, FieldErrors> {
        var errors = FieldErrors()
        func days(_ text: String, _ field: String, _ range: ClosedRange<Int>, _ what: String) -> Int {
            guard let n = Int(text.trimmingCharacters(in: .whitespaces)), range.contains(n) else {
                errors.add(field, "\(what): podaj liczbę dni od \(range.lowerBound) do \(range.upperBound).")
                return 0
            }
            return n
        }
        let assessment = days(assessmentDays, "assessmentDays", 1...90, "Termin oceny potrzeb")
        let ipus = days(ipusDays, "ipusDays", 1...90, "Termin opracowania IPUS")
        let appeal = days(appealDays, "appealDays", 1...90, "Termin na odwołanie")
        if appealBody.isEmpty || appealBody.count > 300 {
            errors.add(
                "appealBody", "Podaj organ odwoławczy (w dopełniaczu), np. „Samorządowego Kolegium Odwoławczego w Kaliszu”.")
        }
        if rodoClause.count < 200 || rodoClause.count > 20_000 {
            errors.add(
                "rodoClause",
                "Klauzula informacyjna RODO musi wskazywać administratora, inspektora ochrony danych, cel, podstawę, odbiorców, okres przechowywania i prawa osoby — wpisz pełny tekst (co najmniej 200 znaków)."
            )
        }
        guard errors.isEmpty else { return .failure(errors) }
        return .success(
            Valid(
                rules: IntakeRules(
                    assessmentDays: assessment, ipusDays: ipus, appealDays: appeal, refusalIsDecision: refusalIsDecision == "on"),
                appealBody: appealBody, rodoClause: rodoClause))
    }
}

/// The form a refusal takes. Today the act makes it an administrative decision (appealable under
/// the KPA); the reform in consultation may turn it into a written notice, so the CUS chooses.
public enum RefusalKind: String, Sendable, Codable, CaseIterable {
    case decision
    case notice

    public init(rules: IntakeRules) { self = rules.refusalIsDecision ? .decision : .notice }

    /// The letter's heading before its number.
    public var title: String { self == .decision ? "Decyzja" : "Informacja o odmowie" }

    /// The instruction at the foot of the letter: where and how long to appeal a decision, or
    /// what a person can do about a notice that cannot be appealed.
    public func instruction(appealBody: String, organisationName: String, appealDays: Int) -> String {
        switch self {
        case .decision:
            "Od decyzji przysługuje odwołanie do \(appealBody) za pośrednictwem \(organisationName) w terminie \(appealDays) dni od dnia jej doręczenia."
        case .notice:
            "Odmowa nie jest decyzją administracyjną i nie przysługuje od niej odwołanie. Jeśli się z nią nie zgadzasz, możesz złożyć skargę na działanie centrum "
                + "do rady gminy (art. 227 i art. 229 Kodeksu postępowania administracyjnego) albo nowy wniosek, gdy zmieni się Twoja sytuacja."
        }
    }
}

/// What the appeal body decided on an appeal against a refusal.
public enum AppealResult: String, Sendable, Codable, CaseIterable {
    case upheld
    case quashed
    case withdrawn

    public var polishName: String {
        switch self {
        case .upheld: "organ odwoławczy utrzymał decyzję w mocy"
        case .quashed: "organ odwoławczy uchylił decyzję"
        case .withdrawn: "odwołanie wycofano"
        }
    }
}

/// Where a refusal decision stands: delivery starts the appeal period (KPA art. 129 § 2);
/// without an appeal in time it becomes final.
public enum AppealStatus: Sendable, Equatable {
    case notDelivered
    case periodRunning(lastDay: CalendarDay)
    case final(since: CalendarDay)
    case appealed(on: CalendarDay)
    case decided(AppealResult, on: CalendarDay?)

    public static func of(
        delivered: CalendarDay?, appealLodged: CalendarDay?, result: AppealResult?, resultOn: CalendarDay?, appealDays: Int,
        today: CalendarDay
    ) -> AppealStatus {
        if let result { return .decided(result, on: resultOn) }
        if let appealLodged { return .appealed(on: appealLodged) }
        guard let delivered else { return .notDelivered }
        let last = delivered.adding(days: appealDays)
        return today > last ? .final(since: last.adding(days: 1)) : .periodRunning(lastDay: last)
    }

    public var polish: String {
        switch self {
        case .notDelivered: "nie doręczono — termin na odwołanie jeszcze nie biegnie"
        case .periodRunning(let last): "biegnie termin na odwołanie (do \(last.polish))"
        case .final(let since): "decyzja ostateczna od \(since.polish) (nie wniesiono odwołania)"
        case .appealed(let on): "odwołanie wniesione \(on.polish) — przekazać organowi odwoławczemu"
        case .decided(let result, let on): result.polishName + (on.map { " (\($0.polish))" } ?? "")
        }
    }
}

/// Appeal bookkeeping on a decision, as staff record it.
public struct AppealForm: Sendable, Codable, Equatable {
    public var deliveredOn = ""
    public var appealLodgedOn = ""
    public var appealResult = ""
    public var appealResultOn = ""

    public init() {}

    public struct Valid: Sendable, Equatable {
        public let delivered: CalendarDay?
        public let lodged: CalendarDay?
        public let result: AppealResult?
        public let resultOn: CalendarDay?
    }

    public func validate(issued: CalendarDay, today: CalendarDay) -> Result<Valid, FieldErrors> {
        var errors = FieldErrors()
        func day(_ text: String, _ field: String, notBefore: CalendarDay?, _ what: String) -> CalendarDay? {
            guard !text.isEmpty else { return nil }
            guard let d = CalendarDay(iso: text) else {
                errors.add(field, "\(what): podaj datę w formacie RRRR-MM-DD."); return nil
            }
            if d > today { errors.add(field, "\(what) nie może być w przyszłości.") }
            if let notBefore, d < notBefore { errors.add(field, "\(what) nie może być wcześniej niż \(notBefore.polish).") }
            return d
        }
        let delivered = day(deliveredOn, "deliveredOn", notBefore: issued, "Data doręczenia")
        let lodged = day(appealLodgedOn, "appealLodgedOn", notBefore: delivered ?? issued, "Data wniesienia odwołania")
        let resultOn = day(appealResultOn, "appealResultOn", notBefore: lodged, "Data rozstrzygnięcia odwołania")
        var result: AppealResult?
        if !appealResult.isEmpty {
            result = AppealResult(rawValue: appealResult)
            if result == nil {
                errors.add("appealResult", "Wybierz rozstrzygnięcie odwołania z listy.")
            } else if lodged == nil {
                errors.add("appealResult", "Rozstrzygnięcie odwołania wpisz po dacie jego wniesienia.")
            }
        }
        if lodged != nil && delivered == nil && !appealLodgedOn.isEmpty && deliveredOn.isEmpty {
            errors.add("deliveredOn", "Najpierw wpisz datę doręczenia decyzji — od niej biegnie termin na odwołanie.")
        }
        guard errors.isEmpty else { return .failure(errors) }
        return .success(Valid(delivered: delivered, lodged: lodged, result: result, resultOn: resultOn))
    }
}

/// Routing a requested service to another unit needs the applicant's consent to pass on their data.
public struct RoutingForm: Sendable, Codable, Equatable {
    public var unit = ""
    public var consent = false

    public init() {}

    public func validate() -> Result<String, FieldErrors> {
        var errors = FieldErrors()
        if unit.isEmpty || unit.count > 300 {
            errors.add(
                "unit",
                "Podaj jednostkę, do której przekazujesz sprawę, np. „Zespół pomocy społecznej CUS” albo „Powiatowe Centrum Pomocy Rodzinie”."
            )
        }
        if !consent {
            errors.add("consent", "Przekazanie wymaga zgody wnioskodawcy na przekazanie jego danych — zaznacz, że ją wyraził.")
        }
        guard errors.isEmpty else { return .failure(errors) }
        return .success(unit)
    }
}

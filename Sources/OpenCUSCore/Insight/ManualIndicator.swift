import Foundation

/// Which way a centre's own indicator should move.
public enum IndicatorDirection: String, Sendable, Codable, CaseIterable {
    case higher, lower, none

    public init(_ better: Bool?) { self = better.map { $0 ? .higher : .lower } ?? .none }

    public var higherIsBetter: Bool? { self == .none ? nil : self == .higher }

    public var polishName: String {
        switch self {
        case .higher: "wyższa wartość jest lepsza"
        case .lower: "niższa wartość jest lepsza"
        case .none: "żaden kierunek nie jest lepszy"
        }
    }
}

/// A centre's own indicator ("wskaźnik własny"): what OpenCUS cannot count (people reached by
/// a partner's outreach, hours of the library's reading club), typed in per month with the
/// source of each value. Codes are given in order of creation: WŁ-01, WŁ-02…
public struct ManualIndicatorForm: Sendable, Equatable {
    public var name: String
    public var description: String
    public var unit: String
    public var direction: String
    public var target: String
    public var countsPeople: Bool

    public init(
        name: String = "", description: String = "", unit: String = IndicatorDefinition.Unit.count.rawValue,
        direction: String = IndicatorDirection.higher.rawValue, target: String = "", countsPeople: Bool = true
    ) {
        (self.name, self.description, self.unit, self.direction) = (name, description, unit, direction)
        (self.target, self.countsPeople) = (target, countsPeople)
    }

    public struct Valid: Sendable, Equatable {
        public let name: String
        public let description: String
        public let unit: IndicatorDefinition.Unit
        public let direction: IndicatorDirection
        public let target: Double?
        /// The value is a number of people: the small-number rule hides it under the threshold.
        public let countsPeople: Bool
    }

    public static func code(_ number: Int) -> String { number < 10 ? "WŁ-0\(number)" : "WŁ-\(number)" }

    public func validate() -> Result<Valid, FieldErrors> {
        var errors = FieldErrors()
        let name = TextInput.clean(name)
        if name.isEmpty { errors.add("name", "Wpisz nazwę wskaźnika, np. „Osoby objęte streetworkingiem”.") }
        if name.count > 200 { errors.add("name", "Najwyżej 200 znaków (jest \(name.count)).") }
        let description = TextInput.clean(description, multiline: true)
        if description.isEmpty {
            errors.add("description", "Opisz, co liczymy i skąd biorą się wartości — inni muszą umieć je powtórzyć.")
        }
        if description.count > 2000 { errors.add("description", "Najwyżej 2000 znaków (jest \(description.count)).") }
        let unit = IndicatorDefinition.Unit(rawValue: unit)
        if unit == nil { errors.add("unit", "Wybierz jednostkę z listy.") }
        let direction = IndicatorDirection(rawValue: direction)
        if direction == nil { errors.add("direction", "Wybierz kierunek z listy.") }
        var target: Double?
        if !TextInput.clean(self.target).isEmpty {
            target = TextInput.decimal(self.target)
            if target == nil { errors.add("target", "Wpisz cel jako liczbę, np. 120 albo 12,5 — albo zostaw puste.") }
            if let t = target, t < 0 || t > 1_000_000_000 { errors.add("target", "Cel musi być liczbą od 0 do miliarda.") }
            if let t = target, unit == .percent, t > 100 { errors.add("target", "Odsetek to najwyżej 100.") }
        }
        guard errors.isEmpty, let unit, let direction else { return .failure(errors) }
        return .success(
            Valid(
                name: name, description: description, unit: unit, direction: direction, target: target,
                countsPeople: countsPeople && unit == .count))
    }
}

/// One month's value of an own indicator with its source ("rejestr klubu, lista obecności").
public struct ManualValueForm: Sendable, Equatable {
    public var month: String
    public var value: String
    public var source: String

    public init(month: String = "", value: String = "", source: String = "") {
        (self.month, self.value, self.source) = (month, value, source)
    }

    public struct Valid: Sendable, Equatable {
        public let month: InsightPeriod
        public let value: Double
        public let source: String

        public init(month: InsightPeriod, value: Double, source: String) {
            (self.month, self.value, self.source) = (month, value, source)
        }
    }

    /// `months`: the months a value may be typed for (the last twelve, as the page offers).
    public func validate(unit: IndicatorDefinition.Unit, months: [InsightPeriod]) -> Result<Valid, FieldErrors> {
        var errors = FieldErrors()
        let month = months.first { $0.key == TextInput.clean(self.month) }
        if month == nil { errors.add("month", "Wybierz miesiąc z listy (jeden z ostatnich dwunastu).") }
        let value = TextInput.decimal(self.value)
        if TextInput.clean(self.value).isEmpty {
            errors.add("value", "Wpisz wartość za ten miesiąc.")
        } else if let v = value {
            if v < 0 { errors.add("value", "Wartość nie może być ujemna.") }
            if unit == .count && v != v.rounded() { errors.add("value", "Liczba musi być całkowita, np. 14.") }
            if unit == .percent && v > 100 { errors.add("value", "Odsetek to najwyżej 100.") }
            if v > 1_000_000_000 { errors.add("value", "Wartość jest za duża (najwyżej miliard).") }
        } else {
            errors.add("value", "Wpisz liczbę, np. 14 albo 12,5.")
        }
        let source = TextInput.clean(source)
        if source.isEmpty { errors.add("source", "Podaj źródło wartości, np. „lista obecności klubu”.") }
        if source.count > 300 { errors.add("source", "Najwyżej 300 znaków (jest \(source.count)).") }
        guard errors.isEmpty, let month, let value else { return .failure(errors) }
        return .success(Valid(month: month, value: value, source: source))
    }
}

/// How an own indicator's value is shown: its unit's format, a number of people under the
/// threshold as "<5" (the same rule as the catalogue's counts).
public struct ManualIndicatorShape: Sendable, Equatable {
    public let unit: IndicatorDefinition.Unit
    public let countsPeople: Bool

    public init(unit: IndicatorDefinition.Unit, countsPeople: Bool) { (self.unit, self.countsPeople) = (unit, countsPeople) }

    public func display(_ value: Double?, rule: DisclosureRule) -> String {
        guard let value else { return "—" }
        if countsPeople && rule.isSmall(Int(value.rounded())) { return "<\(rule.threshold)" }
        return format(value)
    }

    public func format(_ value: Double) -> String { IndicatorDefinition.formatted(value, unit: unit) }

    /// The number alone, as it is typed back into a form ("12,5").
    public func number(_ value: Double) -> String { IndicatorDefinition.formatted(value, unit: .count) }
}

import Foundation

/// An indicator in the WHO SMART/DAK form the anchors recommend: code, name, description,
/// numerator and denominator with how each is computed, unit, period, disaggregations and
/// which direction is better. Its value for a period is `compute`, a pure function of facts.
public struct IndicatorDefinition: Sendable {
    public enum Unit: String, Sendable, Codable {
        case count, percent, perThousandResidents = "per_1000", days, hours

        public var polishName: String {
            switch self {
            case .count: "liczba"
            case .percent: "%"
            case .perThousandResidents: "na 1 000 mieszkańców"
            case .days: "dni"
            case .hours: "godziny"
            }
        }
    }

    public enum Group: String, Sendable, Codable, CaseIterable {
        case access, services, plans, community, events, voice

        public var polishName: String {
            switch self {
            case .access: "Dostęp i kwalifikacja"
            case .services: "Usługi i miejsca"
            case .plans: "Indywidualne plany (IPUS)"
            case .community: "Społeczność lokalna"
            case .events: "Wydarzenia"
            case .voice: "Głos mieszkańców"
            }
        }
    }

    public enum Disaggregation: String, Sendable, Codable {
        case service, serviceArea = "service_area", locality, ageBand = "age_band", sex, channel
    }

    public let code: String
    public let group: Group
    public let name: String
    public let description: String
    public let numerator: String
    public let denominator: String?
    public let unit: Unit
    /// The breakdowns computed for it (`InsightSlice`); sex is not recorded, areas not yet kept.
    public let disaggregations: [Disaggregation]
    /// Dimensions whose slices may count one person twice (a person using two services).
    public let overlapping: [Disaggregation]
    /// nil where neither direction is better (a count of applications).
    public let higherIsBetter: Bool?
    /// Counts of people follow the small-number rule; durations and rates over few people too.
    public let countsPeople: Bool
    let compute: @Sendable (InsightFacts, InsightPeriod) -> IndicatorValue
}

/// An indicator's value for one period: what was counted, over what, and the result.
public struct IndicatorValue: Sendable, Equatable, Codable {
    public let numerator: Double
    public let denominator: Double?
    /// nil when there is nothing to compute from (no denominator, no durations).
    public let value: Double?
    /// How many people or cases the value rests on (the small-number rule looks at this).
    public let base: Int
    /// For a sum over units (hours of volunteers): the largest unit's share of the sum, for the
    /// statistics law's dominance rule (no aggregate where one unit is more than 3/4 of it).
    public let largestShare: Double?

    public init(numerator: Double, denominator: Double?, value: Double?, base: Int, largestShare: Double? = nil) {
        (self.numerator, self.denominator, self.value, self.base) = (numerator, denominator, value, base)
        self.largestShare = largestShare
    }

    static func count(_ n: Int) -> IndicatorValue {
        IndicatorValue(numerator: Double(n), denominator: nil, value: Double(n), base: n)
    }

    static func ratio(_ n: Int, _ d: Int, factor: Double = 100) -> IndicatorValue {
        IndicatorValue(
            numerator: Double(n), denominator: Double(d), value: d == 0 ? nil : Double(n) * factor / Double(d), base: d)
    }

    /// The median or another quantile of durations (nearest rank), with their count as the base.
    static func quantile(_ values: [Int], _ q: Double) -> IndicatorValue {
        guard !values.isEmpty else { return IndicatorValue(numerator: 0, denominator: nil, value: nil, base: 0) }
        let sorted = values.sorted()
        let rank = max(Int((q * Double(sorted.count)).rounded(.up)), 1)
        let v = Double(sorted[rank - 1])
        return IndicatorValue(numerator: v, denominator: nil, value: v, base: values.count)
    }
}

public enum IndicatorCatalogue {
    public static func definition(_ code: String) -> IndicatorDefinition? { all.first { $0.code == code } }

    /// The indicators computed from OpenCUS's own data.
    public static let all: [IndicatorDefinition] = access + services + plans + community + events + voice

    static func def(
        _ code: String, _ group: IndicatorDefinition.Group, _ name: String, _ description: String, numerator: String,
        denominator: String? = nil, unit: IndicatorDefinition.Unit, by: [IndicatorDefinition.Disaggregation] = [],
        overlapping: [IndicatorDefinition.Disaggregation] = [], better: Bool?, people: Bool = true,
        _ compute: @escaping @Sendable (InsightFacts, InsightPeriod) -> IndicatorValue
    ) -> IndicatorDefinition {
        IndicatorDefinition(
            code: code, group: group, name: name, description: description, numerator: numerator, denominator: denominator,
            unit: unit, disaggregations: by, overlapping: overlapping, higherIsBetter: better, countsPeople: people,
            compute: compute)
    }

    static let access: [IndicatorDefinition] = [
        def(
            "DOS-01", .access, "Wnioskowane usługi", "Ile usług wskazano we wnioskach złożonych w okresie.",
            numerator: "usługi we wnioskach z datą wpływu w okresie", unit: .count,
            by: [.service, .serviceArea, .channel, .ageBand, .locality], better: nil
        ) { f, p in .count(f.requests.filter { p.contains($0.received) }.count) },
        def(
            "DOS-02", .access, "Wnioski złożone przez internet", "Udział usług wnioskowanych przez formularz w internecie.",
            numerator: "usługi z wniosków internetowych z wpływem w okresie", denominator: "wszystkie usługi z wpływem w okresie",
            unit: .percent, by: [.service, .serviceArea], better: nil
        ) { f, p in
            let inPeriod = f.requests.filter { p.contains($0.received) }
            return .ratio(inPeriod.filter { $0.channel == "online" }.count, inPeriod.count)
        },
        def(
            "DOS-03", .access, "Dni od wniosku do oceny potrzeb (mediana)",
            "Połowa ocen potrzeb zakończonych w okresie trwała tyle dni lub krócej.",
            numerator: "mediana dni od wpływu wniosku do oceny, dla ocen z datą w okresie", unit: .days,
            by: [.service, .serviceArea],
            better: false
        ) { f, p in .quantile(assessmentDays(f, p), 0.5) },
        def(
            "DOS-04", .access, "Dni od wniosku do oceny potrzeb (90. percentyl)",
            "Dziewięć na dziesięć ocen zakończonych w okresie trwało tyle dni lub krócej.",
            numerator: "90. percentyl dni od wpływu do oceny, dla ocen z datą w okresie", unit: .days,
            by: [.service, .serviceArea],
            better: false
        ) { f, p in .quantile(assessmentDays(f, p), 0.9) },
        def(
            "DOS-05", .access, "Przyznane usługi", "Udział rozstrzygnięć w okresie, które przyznały usługę.",
            numerator: "rozstrzygnięcia „przyznano” w okresie",
            denominator: "rozstrzygnięcia w okresie (przyznano, lista rezerwowa, odmowa)", unit: .percent,
            by: [.service, .serviceArea],
            better: true
        ) { f, p in
            let decided = decidedRequests(f, p)
            return .ratio(decided.filter { $0.outcome == .granted }.count, decided.count)
        },
        def(
            "DOS-06", .access, "Odmowy na 100 rozstrzygnięć", "Ile odmów przypada na 100 rozstrzygnięć w okresie.",
            numerator: "odmowy z datą w okresie", denominator: "rozstrzygnięcia w okresie", unit: .percent,
            by: [.service, .serviceArea],
            better: false
        ) { f, p in
            let decided = decidedRequests(f, p)
            return .ratio(decided.filter { $0.outcome == .refused }.count, decided.count)
        },
        def(
            "DOS-07", .access, "Odwołania na 100 decyzji odmownych", "Ile decyzji odmownych wydanych w okresie zaskarżono.",
            numerator: "decyzje z okresu, od których wniesiono odwołanie", denominator: "decyzje odmowne wydane w okresie",
            unit: .percent, better: false
        ) { f, p in
            let issued = f.decisions.filter { p.contains($0.issued) }
            return .ratio(issued.filter(\.appealed).count, issued.count)
        },
    ]

    static let services: [IndicatorDefinition] = [
        def(
            "USL-01", .services, "Osoby na listach rezerwowych", "Ile osób czeka na ostatni dzień okresu.",
            numerator: "wpisy na listę rezerwową otwarte w ostatnim dniu okresu", unit: .count, by: [.service, .serviceArea],
            better: false
        ) { f, p in .count(f.waiting.filter { $0.added <= p.last && ($0.left.map { $0 > p.last } ?? true) }.count) },
        def(
            "USL-02", .services, "Dni oczekiwania na liście rezerwowej (mediana)",
            "Połowa osób, które zeszły z listy w okresie, czekała tyle dni lub krócej.",
            numerator: "mediana dni od wpisu do zejścia z listy, dla zejść w okresie", unit: .days, by: [.service, .serviceArea],
            better: false
        ) { f, p in
            .quantile(f.waiting.compactMap { w in w.left.flatMap { p.contains($0) ? w.added.days(until: $0) : nil } }, 0.5)
        },
        def(
            "USL-03", .services, "Obłożenie miejsc", "Zajęte miejsca wobec limitu programu w ostatnim dniu okresu.",
            numerator: "osoby korzystające z usług z limitem w ostatnim dniu okresu",
            denominator: "suma limitów miejsc tych usług", unit: .percent, by: [.service, .serviceArea], better: true
        ) { f, p in
            let limited = f.places.compactMapValues { $0 }
            let used = f.enrolments.filter { limited[$0.service] != nil && $0.active(on: p.last) }.count
            return .ratio(used, limited.values.reduce(0, +))
        },
        def(
            "USL-04", .services, "Osoby korzystające z usług", "Różne osoby z co najmniej jedną usługą w okresie.",
            numerator: "osoby, których usługa trwała choć jeden dzień okresu", unit: .count,
            by: [.service, .serviceArea, .ageBand, .locality],
            overlapping: [.service, .serviceArea], better: true
        ) { f, p in
            .count(Set(f.enrolments.filter { $0.start <= p.last && ($0.end.map { $0 >= p.first } ?? true) }.map(\.person)).count)
        },
        def(
            "USL-05", .services, "Zasięg usług na 1 000 mieszkańców",
            "Osoby korzystające z usług w okresie na 1 000 mieszkańców gminy.",
            numerator: "osoby z usługą w okresie", denominator: "mieszkańcy gminy (z diagnozy)", unit: .perThousandResidents,
            better: true
        ) { f, p in
            let people = Set(f.enrolments.filter { $0.start <= p.last && ($0.end.map { $0 >= p.first } ?? true) }.map(\.person))
                .count
            return IndicatorValue(
                numerator: Double(people), denominator: f.residents.map(Double.init),
                value: f.residents.flatMap { $0 > 0 ? Double(people) * 1000 / Double($0) : nil }, base: people)
        },
        def(
            "USL-06", .services, "Frekwencja na zaplanowanych spotkaniach",
            "Udział zaplanowanych spotkań usług, które się odbyły z udziałem osoby.",
            numerator: "spotkania z obecnością w okresie", denominator: "spotkania zapisane w okresie", unit: .percent,
            by: [.service, .serviceArea], better: true
        ) { f, p in
            let inPeriod = f.deliveries.filter { p.contains($0.day) }
            return .ratio(inPeriod.filter(\.attended).count, inPeriod.count)
        },
        def(
            "USL-07", .services, "Zrealizowane spotkania usług", "Spotkania usług z obecnością osoby w okresie.",
            numerator: "spotkania z obecnością w okresie", unit: .count, by: [.service, .serviceArea], better: true, people: false
        ) { f, p in .count(f.deliveries.filter { p.contains($0.day) && $0.attended }.count) },
    ]

    static let plans: [IndicatorDefinition] = [
        def(
            "IPUS-01", .plans, "IPUS zatwierdzone w 30 dni",
            "Udział planów zatwierdzonych w okresie nie później niż 30 dni od wniosku.",
            numerator: "plany zatwierdzone w okresie w ciągu 30 dni od wpływu wniosku",
            denominator: "plany zatwierdzone w okresie", unit: .percent, better: true
        ) { f, p in
            let approved = f.plans.filter { $0.approved.map(p.contains) == true }
            return .ratio(
                approved.filter { plan in plan.approved.map { plan.applicationReceived.days(until: $0) <= 30 } ?? false }.count,
                approved.count)
        },
        def(
            "IPUS-02", .plans, "IPUS realizowane", "Plany zatwierdzone i niezamknięte w ostatnim dniu okresu.",
            numerator: "plany zatwierdzone do końca okresu i niezamknięte przed nim", unit: .count, better: nil
        ) { f, p in
            .count(
                f.plans.filter { ($0.approved.map { $0 <= p.last } ?? false) && ($0.closed.map { $0 > p.last } ?? true) }.count)
        },
        def(
            "IPUS-03", .plans, "Cele IPUS osiągnięte przy zamknięciu",
            "Udział celów planów zamkniętych w okresie, które osiągnięto.",
            numerator: "cele osiągnięte (w całości) w planach zamkniętych w okresie",
            denominator: "cele tych planów bez zaniechanych", unit: .percent, better: true
        ) { f, p in
            let goals = f.plans.filter { $0.closed.map(p.contains) == true }.flatMap(\.goals).filter { $0 != .dropped }
            return .ratio(goals.filter { $0 == .achieved }.count, goals.count)
        },
        def(
            "IPUS-04", .plans, "IPUS zamknięte", "Plany zamknięte w okresie.", numerator: "plany zamknięte w okresie",
            unit: .count, better: nil
        ) { f, p in .count(f.plans.filter { $0.closed.map(p.contains) == true }.count) },
    ]

    static let community: [IndicatorDefinition] = [
        def(
            "SPO-01", .community, "Spotkania działań wspierających",
            "Spotkania klubów, grup i innych działań z zapisaną obecnością.",
            numerator: "spotkania w okresie", unit: .count, better: true, people: false
        ) { f, p in .count(f.sessions.filter { p.contains($0.day) }.count) },
        def(
            "SPO-02", .community, "Uczestnictwa w działaniach wspierających",
            "Suma obecnych na spotkaniach w okresie (bez nazwisk).",
            numerator: "obecni na spotkaniach w okresie, zliczeni przy każdym spotkaniu", unit: .count, better: true
        ) { f, p in .count(f.sessions.filter { p.contains($0.day) }.reduce(0) { $0 + $1.participants }) },
        def(
            "SPO-03", .community, "Aktywni wolontariusze", "Różne osoby z godzinami wolontariatu w okresie.",
            numerator: "wolontariusze z godzinami w okresie", unit: .count, better: true
        ) { f, p in .count(Set(f.volunteerHours.filter { p.contains($0.day) }.map(\.volunteer)).count) },
        def(
            "SPO-04", .community, "Godziny wolontariatu", "Suma godzin wolontariuszy w okresie.",
            numerator: "minuty wolontariatu w okresie / 60", unit: .hours, better: true
        ) { f, p in
            // The units are the volunteers: a sum over few of them, or one giving most of it,
            // would tell how much one named person gave.
            let byVolunteer = Dictionary(grouping: f.volunteerHours.filter { p.contains($0.day) }, by: \.volunteer)
                .mapValues { $0.reduce(0) { $0 + $1.minutes } }
            let minutes = byVolunteer.values.reduce(0, +)
            return IndicatorValue(
                numerator: Double(minutes) / 60, denominator: nil, value: Double(minutes) / 60, base: byVolunteer.count,
                largestShare: minutes == 0 ? nil : Double(byVolunteer.values.max() ?? 0) / Double(minutes))
        },
    ]

    static let events: [IndicatorDefinition] = [
        def(
            "WYD-01", .events, "Uczestnicy wydarzeń", "Obecni na wydarzeniach zakończonych w okresie.",
            numerator: "obecni (odprawieni przy wejściu) na wydarzeniach zakończonych w okresie", unit: .count, better: true
        ) { f, p in .count(f.events.filter { p.contains($0.ended) }.reduce(0) { $0 + $1.present }) },
        def(
            "WYD-02", .events, "Frekwencja na wydarzeniach", "Obecni wobec zgłoszonych na wydarzeniach zakończonych w okresie.",
            numerator: "obecni", denominator: "zgłoszeni (przyjęci)", unit: .percent, better: true
        ) { f, p in
            let ended = f.events.filter { p.contains($0.ended) }
            return .ratio(ended.reduce(0) { $0 + $1.present }, ended.reduce(0) { $0 + $1.registered })
        },
        def(
            "WYD-03", .events, "Wydane zaświadczenia", "Zaświadczenia o udziale z wydarzeń zakończonych w okresie.",
            numerator: "zaświadczenia z rejestru dla wydarzeń zakończonych w okresie", unit: .count, better: nil
        ) { f, p in .count(f.events.filter { p.contains($0.ended) }.reduce(0) { $0 + $1.certificates }) },
    ]

    static let voice: [IndicatorDefinition] = [
        def(
            "GLO-01", .voice, "Uwagi w konsultacjach", "Uwagi mieszkańców i organizacji otrzymane w okresie.",
            numerator: "uwagi z datą wpływu w okresie", unit: .count, by: [.channel], better: true
        ) { f, p in .count(f.voices.filter { $0.kind == .comment && p.contains($0.day) }.count) },
        def(
            "GLO-02", .voice, "Uwagi złożone przez internet", "Udział uwag w konsultacjach złożonych formularzem w internecie.",
            numerator: "uwagi internetowe w okresie", denominator: "wszystkie uwagi w okresie", unit: .percent, better: nil
        ) { f, p in
            let comments = f.voices.filter { $0.kind == .comment && p.contains($0.day) }
            return .ratio(comments.filter(\.online).count, comments.count)
        },
        def(
            "GLO-03", .voice, "Wypełnione ankiety", "Ankiety mieszkańców wypełnione w okresie (w internecie i na papierze).",
            numerator: "ankiety z datą w okresie", unit: .count, by: [.channel], better: true
        ) { f, p in .count(f.voices.filter { $0.kind == .questionnaire && p.contains($0.day) }.count) },
    ]

    /// Requests given an outcome in the period (granted, reserve list, refused; not withdrawn).
    static func decidedRequests(_ f: InsightFacts, _ p: InsightPeriod) -> [InsightFacts.Request] {
        f.requests.filter { r in r.outcomeOn.map(p.contains) == true && r.outcome != .withdrawn && r.outcome != .open }
    }

    /// Days from application to assessment, for assessments dated in the period.
    static func assessmentDays(_ f: InsightFacts, _ p: InsightPeriod) -> [Int] {
        f.requests.compactMap { r in r.assessed.flatMap { p.contains($0) ? r.received.days(until: $0) : nil } }
    }
}

extension IndicatorDefinition {
    public func value(_ facts: InsightFacts, _ period: InsightPeriod) -> IndicatorValue { compute(facts, period) }

    /// Whether the small-number rule keeps the value back: it rests on fewer people than the
    /// threshold, or (a share) the people counted or those left out are that few — 2 refusals
    /// of 40 decisions shown as 5 % would name the 2 — or one unit makes up more than 3/4 of a
    /// sum (the statistics law's dominance rule).
    public func withheld(_ v: IndicatorValue, rule: DisclosureRule) -> Bool {
        guard countsPeople, v.value != nil else { return false }
        if rule.isSmall(v.base) { return true }
        if let d = v.denominator, unit == .percent {
            if rule.isSmall(Int(v.numerator.rounded())) || rule.isSmall(Int((d - v.numerator).rounded())) { return true }
        }
        return rule.dominated(v.largestShare)
    }

    /// The value as published: "—" without data, "<5" (a count) or "za mało danych" when the
    /// small-number rule keeps it back (`withheld`), else the number in its unit ("42 %",
    /// "12 dni", "3,5").
    public func display(_ v: IndicatorValue, rule: DisclosureRule) -> String {
        guard let value = v.value else { return "—" }
        if withheld(v, rule: rule) { return unit == .count ? "<\(rule.threshold)" : "za mało danych" }
        return format(value)
    }

    /// A number in this indicator's unit, rounded to one decimal ("42 %", "3,5 godz.").
    public func format(_ value: Double) -> String { Self.formatted(value, unit: unit) }

    /// A number in a unit, rounded to one decimal ("42 %", "3,5 godz.").
    public static func formatted(_ value: Double, unit: Unit) -> String {
        let rounded = (value * 10).rounded() / 10
        let number =
            rounded == rounded.rounded()
            ? String(Int(rounded)) : String(format: "%.1f", rounded).replacingOccurrences(of: ".", with: ",")
        switch unit {
        case .percent: return "\(number) %"
        case .days: return "\(number) dni"
        case .hours: return "\(number) godz."
        case .perThousandResidents: return "\(number) na 1 000"
        case .count: return number
        }
    }
}

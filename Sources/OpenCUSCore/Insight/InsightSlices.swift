import Foundation

/// The age bands people are counted in: children, young adults, working age in two halves,
/// the younger old and those past 75 (where care needs grow; the seniors' services' line).
public enum AgeBand: String, Sendable, Codable, CaseIterable {
    case under18 = "0-17", from18 = "18-29", from30 = "30-44", from45 = "45-59", from60 = "60-74", over75 = "75+"

    public init(age: Int) {
        self =
            switch age {
            case ..<18: .under18
            case 18..<30: .from18
            case 30..<45: .from30
            case 45..<60: .from45
            case 60..<75: .from60
            default: .over75
            }
    }

    public var label: String { rawValue == "75+" ? "75 lat i więcej" : "\(rawValue) lat" }
}

/// One part of the facts an indicator can be broken down by (`IndicatorDefinition.Disaggregation`):
/// a service or an area of services, the channel things came through, the age band or the locality of the person.
public enum InsightSlice: Sendable, Hashable {
    case service(UUID)
    /// The services of one of the act's 14 areas.
    case area(ServiceArea)
    /// Through the online form (true) or any other way (paper, office, phone, e-mail, ePUAP).
    case online(Bool)
    case ageBand(AgeBand)
    case locality(String)

    /// The slice a `key` names (nil for a key this version does not know).
    public init?(key: String) {
        guard let colon = key.firstIndex(of: ":") else { return nil }
        let value = String(key[key.index(after: colon)...])
        switch key[..<colon] {
        case "service": guard let id = UUID(uuidString: value) else { return nil }; self = .service(id)
        case "area": guard let area = ServiceArea(rawValue: value) else { return nil }; self = .area(area)
        case "channel": self = .online(value == "online")
        case "age": guard let band = AgeBand(rawValue: value) else { return nil }; self = .ageBand(band)
        case "locality": self = .locality(value)
        default: return nil
        }
    }

    public var dimension: IndicatorDefinition.Disaggregation {
        switch self {
        case .service: .service
        case .area: .serviceArea
        case .online: .channel
        case .ageBand: .ageBand
        case .locality: .locality
        }
    }

    /// The key a slice's values are stored under in a snapshot ("service:…", "channel:online").
    public var key: String {
        switch self {
        case .service(let id): "service:\(id.uuidString.lowercased())"
        case .area(let area): "area:\(area.rawValue)"
        case .online(let online): "channel:\(online ? "online" : "other")"
        case .ageBand(let band): "age:\(band.rawValue)"
        case .locality(let name): "locality:\(name)"
        }
    }
}

extension InsightFacts {
    /// A resident's age and place, for the breakdowns by age band and locality.
    public struct Resident: Sendable, Equatable {
        public let born: CalendarDay
        /// The locality as typed (trimmed); compared case-insensitively.
        public let locality: String
        public init(born: CalendarDay, locality: String) { (self.born, self.locality) = (born, locality) }
    }

    /// The facts of one slice only: what concerns its service, channel, or people of its age
    /// band (their age on `period`'s last day) or locality. Facts the slice says nothing of
    /// (plans, events, activities) are left out, so only indicators declaring the slice's
    /// dimension may be computed from the result.
    public func sliced(_ slice: InsightSlice, at period: InsightPeriod) -> InsightFacts {
        var f = InsightFacts()
        f.residents = residents
        switch slice {
        case .service(let id):
            f.requests = requests.filter { $0.service == id }
            f.waiting = waiting.filter { $0.service == id }
            f.enrolments = enrolments.filter { $0.service == id }
            f.places = places.filter { $0.key == id }
            f.deliveries = deliveries.filter { $0.service == id }
        case .area(let area):
            let inArea: (UUID?) -> Bool = { id in id.flatMap { areas[$0] } == area }
            f.requests = requests.filter { inArea($0.service) }
            f.waiting = waiting.filter { inArea($0.service) }
            f.enrolments = enrolments.filter { inArea($0.service) }
            f.places = places.filter { inArea($0.key) }
            f.deliveries = deliveries.filter { inArea($0.service) }
        case .online(let online):
            f.requests = requests.filter { ($0.channel == "online") == online }
            f.voices = voices.filter { $0.online == online }
        case .ageBand, .locality:
            let belongs: (UUID) -> Bool = { person in
                guard let r = people[person] else { return false }
                if case .ageBand(let band) = slice { return AgeBand(age: r.born.age(on: period.last)) == band }
                if case .locality(let name) = slice { return Self.sameLocality(r.locality, name) }
                return false
            }
            f.requests = requests.filter { belongs($0.person) }
            f.enrolments = enrolments.filter { belongs($0.person) }
        }
        return f
    }

    static func sameLocality(_ a: String, _ b: String) -> Bool {
        a.trimmingCharacters(in: .whitespaces).compare(b, options: [.caseInsensitive], locale: Locale(identifier: "pl_PL"))
            == .orderedSame
    }

    /// The slices of `dimension` present in these facts, in the order pages list them: services
    /// as given, the online form first, age bands youngest first, localities by how many people
    /// live there (at most `maxLocalities`; the rest are not broken down, so the table's rows do
    /// not add up to the total then — said on the page).
    public func slices(of dimension: IndicatorDefinition.Disaggregation, services: [UUID], maxLocalities: Int = 20)
        -> [InsightSlice]
    {
        switch dimension {
        case .service: return services.map { .service($0) }
        case .serviceArea:
            let present = Set(services.compactMap { areas[$0] })
            return ServiceArea.allCases.filter(present.contains).map { .area($0) }
        case .channel: return [.online(true), .online(false)]
        case .ageBand: return AgeBand.allCases.map { .ageBand($0) }
        case .locality:
            var counts: [String: (name: String, count: Int)] = [:]
            for r in people.values {
                let name = r.locality.trimmingCharacters(in: .whitespaces)
                guard !name.isEmpty else { continue }
                let key = name.lowercased()
                counts[key] = (counts[key]?.name ?? name, (counts[key]?.count ?? 0) + 1)
            }
            return counts.values.sorted { ($0.count, $1.name) > ($1.count, $0.name) }.prefix(maxLocalities).map {
                .locality($0.name)
            }
        case .sex: return []
        }
    }
}

/// An indicator broken down by one dimension for a list of periods: one row per slice. Counts
/// that add up to the total (every item in exactly one slice) are protected per period as a
/// column with its total (`DisclosureRule.protect`), so a hidden cell cannot be recovered from
/// the others and the total; other values (shares, medians, counts of people who may be in two
/// services) are withheld cell by cell by the indicator's own rule.
public struct IndicatorBreakdown: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        public let slice: InsightSlice
        /// One display per period: "12", "<5", "ukryte", "za mało danych", "—".
        public let cells: [String]
        public let hidden: [Bool]
    }

    public let dimension: IndicatorDefinition.Disaggregation
    public let rows: [Row]
    /// Whether the rows add up to the indicator's total.
    public let additive: Bool

    public static func make(
        _ definition: IndicatorDefinition, dimension: IndicatorDefinition.Disaggregation,
        values: [(slice: InsightSlice, values: [IndicatorValue])], rule: DisclosureRule, complete: Bool = true
    ) -> Self {
        let additive = definition.adds(across: dimension) && complete
        guard additive, let periods = values.first?.values.count else {
            return Self(
                dimension: dimension,
                rows: values.map { s in
                    Row(
                        slice: s.slice, cells: s.values.map { definition.display($0, rule: rule) },
                        hidden: s.values.map { definition.withheld($0, rule: rule) })
                }, additive: additive)
        }
        var cells = Array(repeating: [String](), count: values.count)
        var hidden = Array(repeating: [Bool](), count: values.count)
        for p in 0..<periods {
            let column = values.map { Int(($0.values[p].value ?? 0).rounded()) }
            let table = rule.protect(column.map { [$0] })
            for (r, cell) in table.cells.enumerated() {
                cells[r].append(values[r].values[p].value == nil ? "—" : cell[0].label(rule))
                hidden[r].append(cell[0].value == nil)
            }
        }
        return Self(
            dimension: dimension,
            rows: values.indices.map { Row(slice: values[$0].slice, cells: cells[$0], hidden: hidden[$0]) }, additive: true)
    }
}

extension IndicatorDefinition {
    /// Whether the values of the slices of `dimension` add up to the whole: a count of items
    /// each in exactly one slice (a request has one service and one channel; a person one age
    /// band), not a count of people who may use two services, nor a share or a median.
    public func adds(across dimension: IndicatorDefinition.Disaggregation) -> Bool {
        unit == .count && !overlapping.contains(dimension)
    }
}

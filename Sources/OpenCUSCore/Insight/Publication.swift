import Foundation

/// An indicator as a centre publishes it for readers outside it (its ROPS): the value only
/// where the small-number rule lets it out, and the numerator and denominator of a share only
/// then (so that a region can add centres up without anyone seeing what a centre withheld).
public struct PublishedIndicator: Sendable, Equatable, Codable {
    public let code: String
    /// As shown: "42 %", "<5", "za mało danych", "—".
    public let display: String
    /// nil when there is no value or it is withheld.
    public let value: Double?
    public let numerator: Double?
    public let denominator: Double?

    public init(_ definition: IndicatorDefinition, _ v: IndicatorValue, rule: DisclosureRule) {
        code = definition.code
        display = definition.display(v, rule: rule)
        let disclosed = v.value != nil && !definition.withheld(v, rule: rule)
        value = disclosed ? v.value : nil
        numerator = disclosed && v.denominator != nil ? v.numerator : nil
        denominator = disclosed ? v.denominator : nil
    }
}

/// One month's publication of the indicators a centre shares: the month's values and the
/// year's so far (January to the month's end), fixed once written — readers get these
/// tables and nothing they could filter, so no two of them differ by a few people.
public struct IndicatorPublication: Sendable, Equatable, Codable {
    public let month: InsightPeriod
    public let threshold: Int
    public let monthValues: [PublishedIndicator]
    public let yearToDate: [PublishedIndicator]

    public static func make(_ facts: InsightFacts, month: InsightPeriod, codes: [String], rule: DisclosureRule) -> Self {
        let definitions = IndicatorCatalogue.all.filter { codes.contains($0.code) }
        let year = InsightPeriod(
            kind: .year, first: CalendarDay(year: month.first.year, month: 1, day: 1)!, last: month.last)
        return Self(
            month: month, threshold: rule.threshold,
            monthValues: definitions.map { PublishedIndicator($0, $0.value(facts, month), rule: rule) },
            yearToDate: definitions.map { PublishedIndicator($0, $0.value(facts, year), rule: rule) })
    }
}

extension InsightPeriod {
    /// A period with explicit bounds (the year so far).
    init(kind: Kind, first: CalendarDay, last: CalendarDay) {
        self.kind = kind
        self.first = first
        self.last = last
    }

    /// "2026-11": the key a month's publication is stored under.
    public var key: String { String(first.iso.prefix(7)) }
}

/// A region's figure for one indicator, put together from what its centres published: a sum of
/// the counts, a share of the summed numerators and denominators, and for medians (which do
/// not add up) the range between centres. Only published values go in, so the region's figure
/// reveals nothing a centre withheld; `centres` says how many of them it covers.
public struct RegionalFigure: Sendable, Equatable {
    public let display: String
    public let centres: Int
    public let of: Int

    public static func combine(_ definition: IndicatorDefinition, _ values: [PublishedIndicator?]) -> Self {
        let shown = values.compactMap { $0 }.filter { $0.value != nil }
        guard !shown.isEmpty else { return Self(display: "—", centres: 0, of: values.count) }
        let display: String
        switch definition.unit {
        case .count, .hours:
            display = definition.format(shown.reduce(0) { $0 + ($1.value ?? 0) })
        case .percent, .perThousandResidents:
            let n = shown.reduce(0) { $0 + ($1.numerator ?? 0) }
            let d = shown.reduce(0) { $0 + ($1.denominator ?? 0) }
            display = d > 0 ? definition.format(n * (definition.unit == .percent ? 100 : 1000) / d) : "—"
        case .days:
            let values = shown.compactMap(\.value)
            let low = values.min() ?? 0
            let high = values.max() ?? 0
            display = low == high ? definition.format(low) : "\(definition.format(low)) – \(definition.format(high))"
        }
        return Self(display: display, centres: shown.count, of: values.count)
    }
}

/// Every indicator's values over a run of periods, computed once from the facts and kept, so a
/// dashboard reads one row instead of the organisation's whole history (`insight_snapshots`).
/// Raw values: the small-number rule is applied when they are shown.
public struct InsightSnapshot: Sendable, Equatable, Codable {
    /// One slice's values, one per period.
    public struct Series: Sendable, Equatable, Codable {
        public let slice: String
        public let values: [IndicatorValue]
    }

    /// An indicator broken down by one dimension.
    public struct Breakdown: Sendable, Equatable, Codable {
        public let dimension: IndicatorDefinition.Disaggregation
        public let series: [Series]
        /// In every period the slices' values add up to the indicator's value (nothing outside
        /// the slices), so the rows and the total are one table to protect.
        public let complete: Bool
    }

    public let periods: [InsightPeriod]
    /// Code → one value per period, in `periods`' order.
    public let values: [String: [IndicatorValue]]
    /// Code → its breakdowns, in the order of the indicator's `disaggregations`.
    public let breakdowns: [String: [Breakdown]]

    /// Every indicator for every period, and each broken down by the dimensions it declares:
    /// services in `services`' order (the programme's), channels, age bands, localities.
    public static func compute(_ facts: InsightFacts, periods: [InsightPeriod], services: [UUID] = []) -> Self {
        let values = Dictionary(
            uniqueKeysWithValues: IndicatorCatalogue.all.map { d in (d.code, periods.map { d.value(facts, $0) }) })
        guard let lastPeriod = periods.last else { return Self(periods: periods, values: values, breakdowns: [:]) }
        let all = facts
        var cache: [InsightSlice: [InsightFacts]] = [:]
        func parts(_ slice: InsightSlice) -> [InsightFacts] {
            if let known = cache[slice] { return known }
            // Only an age band depends on the period (a person's age on its last day).
            let made: [InsightFacts]
            if case .ageBand = slice {
                made = periods.map { all.sliced(slice, at: $0) }
            } else {
                made = Array(repeating: all.sliced(slice, at: lastPeriod), count: periods.count)
            }
            cache[slice] = made
            return made
        }
        var breakdowns: [String: [Breakdown]] = [:]
        for d in IndicatorCatalogue.all {
            breakdowns[d.code] = d.disaggregations.map { dimension in
                let series = all.slices(of: dimension, services: services).map { slice in
                    let parts = parts(slice)
                    return Series(slice: slice.key, values: periods.indices.map { d.value(parts[$0], periods[$0]) })
                }
                return Breakdown(
                    dimension: dimension, series: series, complete: adds(series, upTo: values[d.code] ?? []))
            }
        }
        return Self(periods: periods, values: values, breakdowns: breakdowns)
    }

    /// In every period the slices' values add up to the total.
    static func adds(_ series: [Series], upTo total: [IndicatorValue]) -> Bool {
        total.indices.allSatisfy { p in
            series.reduce(0) { $0 + ($1.values.count > p ? ($1.values[p].value ?? 0) : 0) } == (total[p].value ?? 0)
        }
    }

    /// This snapshot with its periods from index `first` on taken from `recent` — computed
    /// from the rows of those periods only (the incremental refresh). nil when the two do not
    /// line up (other periods, services or localities): then the snapshot is computed whole.
    public func merging(_ recent: InsightSnapshot, from first: Int) -> InsightSnapshot? {
        guard recent.periods == periods, first >= 0, first <= periods.count else { return nil }
        func merged(_ old: [IndicatorValue], _ new: [IndicatorValue]) -> [IndicatorValue]? {
            guard old.count == periods.count, new.count == periods.count else { return nil }
            return Array(old.prefix(first) + new.suffix(periods.count - first))
        }
        var values: [String: [IndicatorValue]] = [:]
        for (code, new) in recent.values {
            guard let old = self.values[code], let m = merged(old, new) else { return nil }
            values[code] = m
        }
        var breakdowns: [String: [Breakdown]] = [:]
        for (code, newList) in recent.breakdowns {
            guard let oldList = self.breakdowns[code], oldList.map(\.dimension) == newList.map(\.dimension) else { return nil }
            var list: [Breakdown] = []
            for (old, new) in zip(oldList, newList) {
                guard old.series.map(\.slice) == new.series.map(\.slice) else { return nil }
                var series: [Series] = []
                for (o, n) in zip(old.series, new.series) {
                    guard let m = merged(o.values, n.values) else { return nil }
                    series.append(Series(slice: n.slice, values: m))
                }
                list.append(
                    Breakdown(dimension: new.dimension, series: series, complete: Self.adds(series, upTo: values[code] ?? [])))
            }
            breakdowns[code] = list
        }
        guard values.count == self.values.count, breakdowns.count == self.breakdowns.count else { return nil }
        return InsightSnapshot(periods: periods, values: values, breakdowns: breakdowns)
    }

    /// The values of the last `count` periods of one indicator.
    public func last(_ count: Int, of code: String) -> [(period: InsightPeriod, value: IndicatorValue)] {
        let all = zip(periods, values[code] ?? []).map { (period: $0, value: $1) }
        return Array(all.suffix(count))
    }

    /// One indicator's breakdown by `dimension` over the last `count` periods, protected by `rule`.
    public func breakdown(
        _ definition: IndicatorDefinition, by dimension: IndicatorDefinition.Disaggregation, last count: Int,
        rule: DisclosureRule
    ) -> IndicatorBreakdown? {
        guard let b = breakdowns[definition.code]?.first(where: { $0.dimension == dimension }) else { return nil }
        return IndicatorBreakdown.make(
            definition, dimension: dimension,
            values: b.series.compactMap { s in InsightSlice(key: s.slice).map { ($0, Array(s.values.suffix(count))) } },
            rule: rule, complete: b.complete)
    }
}

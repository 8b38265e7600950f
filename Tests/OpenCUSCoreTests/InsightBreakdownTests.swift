import Foundation
import PropertyBased
import Testing

@testable import OpenCUSCore

/// Indicators broken down by service, channel, age band and locality: the slices pin to
/// hand-counted values, add up to the total where they should, and a breakdown table never lets
/// a hidden cell be recovered from the total and the cells shown.
@Suite struct InsightBreakdownTests {
    static func d(_ iso: String) -> CalendarDay { CalendarDay(iso: iso)! }
    static let november = InsightPeriod(.month, containing: d("2026-11-18"))
    static let october = november.previous
    static let rule = DisclosureRule.standard
    static let care = UUID()
    static let meals = UUID()

    static func request(_ person: UUID, _ service: UUID, _ day: String, channel: String = "online")
        -> InsightFacts.Request
    {
        .init(
            person: person, service: service, received: d(day), assessed: nil, outcome: .open, outcomeOn: nil, channel: channel)
    }

    /// Three children in Dębowo asking online for care, seven seniors in Jaśminowo on paper
    /// for meals (one of them also for care), all in November.
    static func facts() -> InsightFacts {
        var f = InsightFacts()
        let children = (0..<3).map { _ in UUID() }
        let seniors = (0..<7).map { _ in UUID() }
        for c in children {
            f.people[c] = .init(born: d("2015-03-01"), locality: "Dębowo")
            f.requests.append(request(c, care, "2026-11-03"))
            f.enrolments.append(.init(person: c, service: care, start: d("2026-11-10"), end: nil))
        }
        for s in seniors {
            f.people[s] = .init(born: d("1946-12-01"), locality: " jaśminowo")
            f.requests.append(request(s, meals, "2026-11-04", channel: "paper"))
            f.enrolments.append(.init(person: s, service: meals, start: d("2026-11-10"), end: nil))
        }
        f.requests.append(request(seniors[0], care, "2026-11-05", channel: "paper"))
        f.enrolments.append(.init(person: seniors[0], service: care, start: d("2026-11-12"), end: nil))
        f.areas = [care: .socialAssistance, meals: .socialAssistance]
        return f
    }

    static func definition(_ code: String) throws -> IndicatorDefinition { try #require(IndicatorCatalogue.definition(code)) }

    static func series(_ s: InsightSnapshot, _ code: String, _ dimension: IndicatorDefinition.Disaggregation) throws
        -> InsightSnapshot.Breakdown
    {
        try #require(s.breakdowns[code]?.first { $0.dimension == dimension })
    }

    @Test func slicesCountWhatBelongsToThemAndAddUpWhereEachItemIsInOne() throws {
        let s = InsightSnapshot.compute(Self.facts(), periods: [Self.october, Self.november], services: [Self.care, Self.meals])
        // Requests by service: 4 for care, 7 for meals; 11 in all.
        let byService = try Self.series(s, "DOS-01", .service)
        #expect(byService.series.map { $0.values.map(\.value) } == [[0, 4], [0, 7]])
        #expect(byService.complete)
        // Both services are in one of the act's areas: one row with all of them.
        #expect(try Self.series(s, "DOS-01", .serviceArea).series.map { $0.values.map(\.value) } == [[0, 11]])
        // By channel: 3 online, 8 otherwise.
        #expect(try Self.series(s, "DOS-01", .channel).series.map { $0.values[1].value } == [3, 8])
        // People using services by age band: 3 children, 7 seniors past 75 (born 1946-12-01:
        // 79 on 30 November) — and past a birthday inside the year they move band by period.
        let byAge = try Self.series(s, "USL-04", .ageBand)
        #expect(byAge.series.map { $0.values[1].value } == [3, 0, 0, 0, 0, 7])
        #expect(byAge.complete)
        // By locality, the same place typed with a space and a small letter is one place.
        let byPlace = try Self.series(s, "USL-04", .locality)
        #expect(byPlace.series.map(\.slice) == ["locality:jaśminowo", "locality:Dębowo"])
        #expect(byPlace.series.map { $0.values[1].value } == [7, 3])
        // People by service: the senior using both is in both slices, so they do not add up.
        let peopleByService = try Self.series(s, "USL-04", .service)
        #expect(peopleByService.series.map { $0.values[1].value } == [4, 7])
        #expect(try !Self.definition("USL-04").adds(across: .service))
        #expect(try Self.definition("USL-04").adds(across: .ageBand))
    }

    @Test func anAgeBandIsTheAgeOnThePeriodsLastDay() {
        var f = InsightFacts()
        let p = UUID()
        f.people[p] = .init(born: Self.d("2008-11-20"), locality: "")
        f.requests = [Self.request(p, Self.care, "2026-10-10"), Self.request(p, Self.care, "2026-11-10")]
        #expect(f.sliced(.ageBand(.under18), at: Self.october).requests.count == 2)
        #expect(f.sliced(.ageBand(.from18), at: Self.november).requests.count == 2)
    }

    @Test func aBreakdownHidesASmallCellAndOneMoreSoTheTotalDoesNotGiveItAway() throws {
        let s = InsightSnapshot.compute(Self.facts(), periods: [Self.november], services: [Self.care, Self.meals])
        // By channel: 3 online (small), 8 otherwise, 11 in all — alone, 11 − 8 would give the 3.
        let table = try #require(s.breakdown(Self.definition("DOS-01"), by: .channel, last: 1, rule: Self.rule))
        #expect(table.additive)
        #expect(table.rows.map(\.cells) == [["<5"], ["ukryte"]])
        // Shares are withheld cell by cell by the indicator's own rule.
        let share = try #require(s.breakdown(Self.definition("DOS-02"), by: .service, last: 1, rule: Self.rule))
        #expect(!share.additive)
        #expect(share.rows.map(\.cells) == [["za mało danych"], ["0 %"]])
    }

    @Test func noAdditiveBreakdownLetsAHiddenCellBeDerivedFromTheTotal() async throws {
        let requests = try Self.definition("DOS-01")
        let services = (0..<4).map { _ in UUID() }
        await propertyCheck(count: 300, input: Gen.int(in: 0...9).array(of: 4)) { counts in
            var f = InsightFacts()
            for (i, n) in counts.enumerated() {
                f.requests += (0..<n).map { _ in Self.request(UUID(), services[i], "2026-11-02") }
            }
            let s = InsightSnapshot.compute(f, periods: [Self.november], services: services)
            guard let table = s.breakdown(requests, by: .service, last: 1, rule: Self.rule) else {
                Issue.record("no breakdown")
                return
            }
            let total = counts.reduce(0, +)
            // What a reader learns: the total (on the dashboard) and the cells shown.
            let shown = table.rows.enumerated().compactMap { i, r in r.hidden[0] ? nil : counts[i] }
            let hidden = table.rows.enumerated().filter { $0.element.hidden[0] }.map { counts[$0.offset] }
            #expect(shown.allSatisfy { !Self.rule.isSmall($0) })
            // A small total is itself shown as "<5", so the reader does not know it.
            guard !Self.rule.isSmall(total) else { return }
            // Never exactly one hidden cell with a small value: it would be total − shown.
            if hidden.count == 1 { #expect(!Self.rule.isSmall(hidden[0])) }
            #expect(hidden.reduce(0, +) == total - shown.reduce(0, +))
            if hidden.contains(where: Self.rule.isSmall) { #expect(hidden.count >= 2) }
        }
    }
}

/// The list behind a number is built from the same facts and rules as the number: on any data
/// its rows in the numerator are the numerator, all its rows the denominator (or the base).
@Suite struct IndicatorListTests {
    static let period = InsightPeriod(.month, containing: CalendarDay(iso: "2026-11-18")!)

    static func facts(_ seeds: [Int]) -> InsightFacts {
        var f = InsightFacts()
        let start = CalendarDay(iso: "2026-09-01")!
        let outcomes: [InsightFacts.Request.Outcome] = [.open, .granted, .reserve, .refused, .withdrawn]
        for (i, seed) in seeds.enumerated() {
            let received = start.adding(days: seed % 80)
            let decided = received.adding(days: seed % 23)
            let outcome = outcomes[seed % outcomes.count]
            let person = UUID()
            f.requests.append(
                .init(
                    person: person, service: UUID(), received: received,
                    assessed: outcome == .open || outcome == .withdrawn ? nil : decided, outcome: outcome,
                    outcomeOn: outcome == .open ? nil : decided, channel: seed % 3 == 0 ? "online" : "paper",
                    application: UUID()))
            if seed % 4 == 0 {
                f.waiting.append(
                    .init(
                        service: UUID(), added: received, left: seed % 8 == 0 ? decided.adding(days: 20) : nil, person: person,
                        application: UUID()))
            }
            if seed % 2 == 0 {
                f.plans.append(
                    .init(
                        applicationReceived: received, approved: i % 3 == 0 ? nil : decided.adding(days: seed % 40),
                        closed: seed % 5 == 0 ? decided.adding(days: 50) : nil, goals: [], id: UUID(), person: person,
                        coordinator: UUID()))
            }
        }
        return f
    }

    @Test func theListAndTheNumberAgreeOnAnyData() async {
        await propertyCheck(count: 150, input: Gen.int(in: 0...1000).array(of: 0...40)) { seeds in
            let f = Self.facts(seeds)
            for code in [
                "DOS-01", "DOS-02", "DOS-03", "DOS-04", "DOS-05", "DOS-06", "USL-01", "USL-02", "IPUS-01", "IPUS-02", "IPUS-04",
            ] {
                guard let d = IndicatorCatalogue.definition(code), let rows = IndicatorList.rows(code, f, Self.period) else {
                    Issue.record("\(code) has no list")
                    continue
                }
                let v = d.value(f, Self.period)
                if d.unit == .days {
                    #expect(rows.count == v.base, "\(code)")
                    let q = code == "DOS-04" ? 0.9 : 0.5
                    #expect(IndicatorValue.quantile(rows.compactMap(\.days), q) == v, "\(code)")
                } else {
                    #expect(Double(rows.filter(\.counted).count) == v.numerator, "\(code)")
                    if let denominator = v.denominator { #expect(Double(rows.count) == denominator, "\(code)") }
                }
                #expect(IndicatorList.subject(code) != nil)
            }
        }
    }

    @Test func aCaseloadIsTheCoordinatorsPlansOnly() {
        let me = UUID()
        var f = InsightFacts()
        let day = CalendarDay(iso: "2026-11-02")!
        f.plans = [
            .init(applicationReceived: day, approved: day, closed: nil, goals: [], id: UUID(), person: UUID(), coordinator: me),
            .init(
                applicationReceived: day, approved: day, closed: nil, goals: [], id: UUID(), person: UUID(), coordinator: UUID()),
        ]
        #expect(f.caseload(of: me).plans.count == 1)
        #expect(IndicatorCatalogue.definition("IPUS-02")?.value(f.caseload(of: me), Self.period).value == 1)
    }
}

/// The incremental refresh's merge: old months kept, recent ones replaced, nothing merged when
/// the two snapshots do not line up.
@Suite struct SnapshotMergeTests {
    @Test func recentMonthsReplaceTheirOldValuesOnly() throws {
        let periods = InsightPeriod.trailing(3, .month, endingWith: CalendarDay(iso: "2026-11-18")!)
        let care = UUID()
        func facts(_ days: [String]) -> InsightFacts {
            var f = InsightFacts()
            f.requests = days.map { InsightBreakdownTests.request(UUID(), care, $0) }
            return f
        }
        let old = InsightSnapshot.compute(facts(["2026-09-02", "2026-10-02"]), periods: periods, services: [care])
        let recent = InsightSnapshot.compute(
            facts(["2026-10-02", "2026-10-03", "2026-11-04"]), periods: periods, services: [care])
        let merged = try #require(old.merging(recent, from: 1))
        #expect(merged.values["DOS-01"]?.map(\.value) == [1, 2, 1])
        #expect(merged.breakdowns["DOS-01"]?.first?.series.first?.values.map(\.value) == [1, 2, 1])
        #expect(merged.breakdowns["DOS-01"]?.first?.complete == true)
        // Other months, or another set of services: computed whole instead.
        let shifted = InsightPeriod.trailing(3, .month, endingWith: CalendarDay(iso: "2026-12-02")!)
        #expect(old.merging(InsightSnapshot.compute(InsightFacts(), periods: shifted, services: [care]), from: 1) == nil)
        #expect(old.merging(InsightSnapshot.compute(InsightFacts(), periods: periods, services: [care, UUID()]), from: 1) == nil)
    }
}

import Foundation
import Testing

@testable import OpenCUSCore

/// The indicator catalogue on a hand-built month (November 2026) whose every value is counted by
/// hand in the comments: each indicator's computation is pinned, and the catalogue's shape
/// (codes unique, at least 25, definitions complete) is checked.
@Suite struct IndicatorCatalogueTests {
    static func d(_ iso: String) -> CalendarDay { CalendarDay(iso: iso)! }
    static let november = InsightPeriod(.month, containing: d("2026-11-18"))
    static let club = UUID()
    static let care = UUID()
    static let meals = UUID()
    static let people = (0..<8).map { _ in UUID() }
    static let volunteers = (0..<3).map { _ in UUID() }

    static var facts: InsightFacts {
        var f = InsightFacts()
        let p = people
        f.requests = [
            // Received in November: 5 (2 online). Assessed in November: 4, after 3, 5, 10, 20 days.
            .init(
                person: p[0], service: care, received: d("2026-11-02"), assessed: d("2026-11-05"), outcome: .granted,
                outcomeOn: d("2026-11-09"), channel: "online"),
            .init(
                person: p[1], service: care, received: d("2026-11-03"), assessed: d("2026-11-08"), outcome: .reserve,
                outcomeOn: d("2026-11-10"), channel: "paper"),
            .init(
                person: p[2], service: meals, received: d("2026-11-04"), assessed: d("2026-11-14"), outcome: .refused,
                outcomeOn: d("2026-11-20"), channel: "online"),
            .init(
                person: p[3], service: meals, received: d("2026-11-20"), assessed: nil, outcome: .open, outcomeOn: nil,
                channel: "office"),
            .init(
                person: p[4], service: care, received: d("2026-11-25"), assessed: nil, outcome: .withdrawn,
                outcomeOn: d("2026-11-27"), channel: "phone"),
            // October, assessed in November after 20 days; decided in November: granted.
            .init(
                person: p[5], service: meals, received: d("2026-10-20"), assessed: d("2026-11-09"), outcome: .granted,
                outcomeOn: d("2026-11-12"), channel: "paper"),
        ]
        f.decisions = [
            .init(issued: d("2026-11-20"), appealed: true), .init(issued: d("2026-11-26"), appealed: false),
            .init(issued: d("2026-10-02"), appealed: true),
        ]
        f.waiting = [
            // Open on 30 November: the first two. Left in November: the third after 40 days, the fourth after 10.
            .init(service: care, added: d("2026-11-10"), left: nil),
            .init(service: care, added: d("2026-09-01"), left: d("2026-12-05")),
            .init(service: meals, added: d("2026-10-01"), left: d("2026-11-10")),
            .init(service: meals, added: d("2026-11-01"), left: d("2026-11-11")),
        ]
        f.places = [care: 4, meals: 10, club: nil]
        f.enrolments = [
            // Active on 30 November in limited services: care ×2, meals ×1 → 3 of 14 places.
            .init(person: p[0], service: care, start: d("2026-11-09"), end: nil),
            .init(person: p[6], service: care, start: d("2026-01-01"), end: nil),
            .init(person: p[5], service: meals, start: d("2026-11-12"), end: nil),
            // Ended mid-November: counts as a person served in November, not on its last day.
            .init(person: p[7], service: meals, start: d("2026-06-01"), end: d("2026-11-15")),
            // Unlimited service, the same person as in care: one person.
            .init(person: p[6], service: club, start: d("2026-03-01"), end: nil),
            // Ended in October: not in November.
            .init(person: p[3], service: meals, start: d("2026-01-01"), end: d("2026-10-31")),
        ]
        f.residents = 12_000
        f.deliveries = [
            .init(day: d("2026-11-03"), attended: true), .init(day: d("2026-11-10"), attended: true),
            .init(day: d("2026-11-17"), attended: false), .init(day: d("2026-11-24"), attended: true),
            .init(day: d("2026-10-27"), attended: false),
        ]
        f.plans = [
            // Approved in November: after 25 and 45 days. Closed in November: one with goals.
            .init(applicationReceived: d("2026-10-10"), approved: d("2026-11-04"), closed: nil, goals: []),
            .init(applicationReceived: d("2026-09-20"), approved: d("2026-11-04"), closed: nil, goals: []),
            .init(
                applicationReceived: d("2025-10-01"), approved: d("2025-10-20"), closed: d("2026-11-15"),
                goals: [.achieved, .achieved, .partlyAchieved, .notAchieved, .dropped]),
            .init(applicationReceived: d("2026-01-01"), approved: d("2026-01-25"), closed: d("2026-12-03"), goals: [.achieved]),
        ]
        f.sessions = [
            .init(activityID: club, title: "Klub", day: d("2026-11-03"), participants: 14),
            .init(activityID: club, title: "Klub", day: d("2026-11-05"), participants: 16),
            .init(activityID: club, title: "Klub", day: d("2026-10-29"), participants: 30),
        ]
        f.volunteerHours = [
            .init(volunteer: volunteers[0], day: d("2026-11-02"), minutes: 90),
            .init(volunteer: volunteers[0], day: d("2026-11-09"), minutes: 120),
            .init(volunteer: volunteers[1], day: d("2026-11-10"), minutes: 60),
            .init(volunteer: volunteers[2], day: d("2026-10-10"), minutes: 600),
        ]
        f.events = [
            .init(ended: d("2026-11-14"), registered: 120, present: 96, certificates: 90),
            .init(ended: d("2026-11-28"), registered: 30, present: 24, certificates: 0),
            .init(ended: d("2026-12-01"), registered: 300, present: 280, certificates: 280),
        ]
        f.voices = [
            .init(kind: .comment, day: d("2026-11-02"), online: true), .init(kind: .comment, day: d("2026-11-03"), online: true),
            .init(kind: .comment, day: d("2026-11-04"), online: false),
            .init(kind: .comment, day: d("2026-10-04"), online: false),
            .init(kind: .questionnaire, day: d("2026-11-06"), online: false),
            .init(kind: .questionnaire, day: d("2026-11-07"), online: true),
        ]
        return f
    }

    static func value(_ code: String) throws -> Double? {
        try #require(IndicatorCatalogue.definition(code)).value(facts, november).value
    }

    @Test func everyIndicatorIsPinnedOnAHandBuiltMonth() throws {
        let expected: [String: Double?] = [
            "DOS-01": 5, "DOS-02": 40,  // 2 of 5 online
            "DOS-03": 5, "DOS-04": 20,  // durations 3, 5, 10, 20: median (nearest rank) 5, p90 20
            "DOS-05": 50, "DOS-06": 25,  // decided in Nov: granted ×2, reserve, refused → 2/4, 1/4
            "DOS-07": 50,  // November decisions: 1 of 2 appealed
            "USL-01": 2, "USL-02": 10,  // left in Nov after 40 and 10 days: median (nearest rank) 10
            "USL-03": 3.0 * 100 / 14,  // 3 of 14 places
            "USL-04": 4,  // p0, p6, p5, p7 (p6 twice)
            "USL-05": 4.0 * 1000 / 12_000,
            "USL-06": 75, "USL-07": 3,
            "IPUS-01": 50, "IPUS-02": 3, "IPUS-03": 50, "IPUS-04": 1,  // goals 2 achieved of 4 (dropped left out)
            "SPO-01": 2, "SPO-02": 30, "SPO-03": 2, "SPO-04": 4.5,  // 90 + 120 + 60 minutes
            "WYD-01": 120, "WYD-02": 80, "WYD-03": 90,  // 96 + 24 of 150
            "GLO-01": 3, "GLO-02": 2.0 * 100 / 3, "GLO-03": 2,
        ]
        #expect(Set(expected.keys) == Set(IndicatorCatalogue.all.map(\.code)), "every indicator is pinned")
        for (code, value) in expected {
            let got = try Self.value(code)
            #expect(
                got.map { abs($0 - (value ?? .nan)) < 1e-9 } == true,
                "\(code): \(String(describing: got)) ≠ \(String(describing: value))")
        }
    }

    @Test func theCatalogueIsCompleteAndItsCodesUnique() {
        let all = IndicatorCatalogue.all
        #expect(all.count >= 25)
        #expect(Set(all.map(\.code)).count == all.count)
        for i in all {
            #expect(!i.name.isEmpty && !i.description.isEmpty && !i.numerator.isEmpty, "\(i.code)")
            #expect(
                (i.unit == .percent || i.unit == .perThousandResidents) == (i.denominator != nil),
                "\(i.code): ratios name their denominator")
        }
        #expect(Set(all.map(\.group)) == Set(IndicatorDefinition.Group.allCases))
    }

    @Test func emptyDataGivesNoValueNotZero() throws {
        let empty = InsightFacts()
        let median = try #require(IndicatorCatalogue.definition("DOS-03")).value(empty, Self.november)
        #expect(median.value == nil && median.base == 0)
        let share = try #require(IndicatorCatalogue.definition("DOS-05"))
        #expect(share.display(share.value(empty, Self.november), rule: .standard) == "—")
        let count = try #require(IndicatorCatalogue.definition("DOS-01"))
        #expect(count.display(count.value(empty, Self.november), rule: .standard) == "0")
    }

    @Test func valuesOnFewPeopleFollowTheSmallNumberRule() throws {
        let rule = DisclosureRule.standard
        let requests = try #require(IndicatorCatalogue.definition("DOS-01"))
        #expect(requests.display(requests.value(Self.facts, Self.november), rule: rule) == "5")
        let online = try #require(IndicatorCatalogue.definition("GLO-02"))
        // Two thirds of three comments: resting on fewer than 5, so not shown.
        #expect(online.display(online.value(Self.facts, Self.november), rule: rule) == "za mało danych")
        let volunteers = try #require(IndicatorCatalogue.definition("SPO-03"))
        #expect(volunteers.display(volunteers.value(Self.facts, Self.november), rule: rule) == "<5")
        let hours = try #require(IndicatorCatalogue.definition("SPO-04"))
        // 4,5 hours given by two volunteers: too few units to publish the sum.
        #expect(hours.display(hours.value(Self.facts, Self.november), rule: rule) == "za mało danych")
        #expect(hours.format(4.5) == "4,5 godz.")
        let attendance = try #require(IndicatorCatalogue.definition("WYD-02"))
        #expect(attendance.display(attendance.value(Self.facts, Self.november), rule: rule) == "80 %")
    }

    @Test func periodsAreMonthsQuartersAndYearsInOrder() {
        let q = InsightPeriod(.quarter, containing: Self.d("2026-11-18"))
        #expect(q.first == Self.d("2026-10-01") && q.last == Self.d("2026-12-31") && q.label == "IV kw. 2026")
        #expect(InsightPeriod(.month, containing: Self.d("2024-02-10")).last == Self.d("2024-02-29"))
        let twelve = InsightPeriod.trailing(12, .month, endingWith: Self.d("2026-11-18"))
        #expect(twelve.count == 12 && twelve.first?.label == "gru 2025" && twelve.last?.label == "lis 2026")
        #expect(InsightPeriod(.year, containing: Self.d("2026-07-01")).previous.label == "2025")
    }
}

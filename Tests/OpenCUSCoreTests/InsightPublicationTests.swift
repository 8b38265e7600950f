import Foundation
import PropertyBased
import Testing

@testable import OpenCUSCore

/// What a centre publishes for others: the stricter withholding of shares and sums, the public
/// monitoring table of the programme, the regional figures built from publications, and the
/// settings form.
@Suite struct InsightPublicationTests {
    static func d(_ iso: String) -> CalendarDay { CalendarDay(iso: iso)! }
    static let november = InsightPeriod(.month, containing: d("2026-11-18"))
    static let rule = DisclosureRule.standard

    static func definition(_ code: String) throws -> IndicatorDefinition { try #require(IndicatorCatalogue.definition(code)) }

    // MARK: Withholding

    @Test func aShareIsWithheldWhenThoseCountedOrThoseLeftOutAreFew() throws {
        let refusals = try Self.definition("DOS-06")
        // 2 refusals of 40 decisions: 5 % would name the two.
        #expect(refusals.display(.ratio(2, 40), rule: Self.rule) == "za mało danych")
        // 38 of 40 attended: the 2 who did not are as few.
        let attendance = try Self.definition("USL-06")
        #expect(attendance.display(.ratio(38, 40), rule: Self.rule) == "za mało danych")
        #expect(attendance.display(.ratio(30, 40), rule: Self.rule) == "75 %")
        #expect(refusals.display(.ratio(0, 40), rule: Self.rule) == "0 %", "none refused is no one to recognise")
        #expect(attendance.display(.ratio(40, 40), rule: Self.rule) == "100 %")
    }

    @Test func aSumOfHoursIsWithheldOnFewVolunteersOrOneDominatingIt() throws {
        let hours = try Self.definition("SPO-04")
        let people = (0..<6).map { _ in UUID() }
        func facts(_ minutes: [Int]) -> InsightFacts {
            var f = InsightFacts()
            f.volunteerHours = minutes.enumerated().map { .init(volunteer: people[$0], day: Self.d("2026-11-05"), minutes: $1) }
            return f
        }
        // Six volunteers, evenly: shown.
        #expect(hours.display(hours.value(facts([60, 60, 60, 60, 60, 60]), Self.november), rule: Self.rule) == "6 godz.")
        // Six volunteers, one gave 16 of 20 hours (80 % > 3/4): the sum would tell about that one.
        let dominated = hours.value(facts([960, 48, 48, 48, 48, 48]), Self.november)
        #expect(dominated.largestShare == 0.8)
        #expect(hours.display(dominated, rule: Self.rule) == "za mało danych")
        // Exactly three quarters is allowed (the law says "more than").
        #expect(!Self.rule.dominated(0.75) && Self.rule.dominated(0.7501))
        // Two volunteers: too few units.
        #expect(hours.display(hours.value(facts([60, 60]), Self.november), rule: Self.rule) == "za mało danych")
    }

    @Test func aPublishedIndicatorCarriesNoNumberTheRuleWithholds() throws {
        var f = InsightFacts()
        let care = UUID()
        f.requests = (0..<12).map { n in
            .init(
                person: UUID(), service: care, received: Self.d("2026-11-02"), assessed: Self.d("2026-11-04"),
                outcome: n < 2 ? .refused : .granted, outcomeOn: Self.d("2026-11-09"), channel: n < 6 ? "online" : "paper")
        }
        let publication = IndicatorPublication.make(
            f, month: Self.november, codes: ["DOS-01", "DOS-02", "DOS-06"], rule: Self.rule)
        let byCode = Dictionary(uniqueKeysWithValues: publication.monthValues.map { ($0.code, $0) })
        #expect(byCode["DOS-01"]?.value == 12 && byCode["DOS-01"]?.display == "12")
        #expect(byCode["DOS-02"]?.value == 50 && byCode["DOS-02"]?.numerator == 6 && byCode["DOS-02"]?.denominator == 12)
        let refusals = try #require(byCode["DOS-06"])
        #expect(refusals.value == nil && refusals.numerator == nil && refusals.denominator == nil)
        #expect(refusals.display == "za mało danych")
        #expect(publication.yearToDate.count == 3 && publication.month.key == "2026-11")
        #expect(publication.yearToDate.first?.value == 12, "the year so far holds November")
    }

    // MARK: Regional figures

    static func published(_ code: String, value: Double?, numerator: Double? = nil, denominator: Double? = nil) throws
        -> PublishedIndicator
    {
        // Built through the public initialiser from a value, as a centre would publish it.
        let d = try definition(code)
        let v =
            denominator != nil
            ? IndicatorValue(numerator: numerator ?? 0, denominator: denominator, value: value, base: Int(denominator ?? 0))
            : IndicatorValue(numerator: value ?? 0, denominator: nil, value: value, base: Int(value ?? 0))
        return PublishedIndicator(d, v, rule: Self.rule)
    }

    @Test func theRegionAddsUpOnlyWhatCentresPublished() throws {
        let requests = try Self.definition("DOS-01")
        let figure = RegionalFigure.combine(
            requests,
            [
                try Self.published("DOS-01", value: 40), try Self.published("DOS-01", value: 3),
                try Self.published("DOS-01", value: 12),
            ])
        // The centre with 3 published "<5": the region's sum leaves it out and says so.
        #expect(figure.display == "52" && figure.centres == 2 && figure.of == 3)

        let online = try Self.definition("DOS-02")
        let share = RegionalFigure.combine(
            online,
            [
                try Self.published("DOS-02", value: 50, numerator: 10, denominator: 20),
                try Self.published("DOS-02", value: 25, numerator: 5, denominator: 20),
            ])
        #expect(share.display == "37,5 %", "15 of 40, not the mean of 50 % and 25 %")

        let days = try Self.definition("DOS-03")
        let range = RegionalFigure.combine(
            days, [try Self.published("DOS-03", value: 6), try Self.published("DOS-03", value: 14)])
        #expect(range.display == "6 dni – 14 dni")
        #expect(RegionalFigure.combine(days, [nil, nil]).display == "—")
    }

    // MARK: The public monitoring table

    static let care = UUID()
    static let meals = UUID()
    static let club = UUID()
    static let services: [ProgrammeMonitoring.ServiceInput] = [
        .init(id: care, name: "Usługi opiekuńcze", area: "pomoc społeczna", places: 20),
        .init(id: meals, name: "Posiłki", area: "pomoc społeczna", places: 40),
        .init(id: club, name: "Klub seniora", area: "polityka senioralna", places: nil),
    ]

    static func enrolments(_ service: UUID, _ n: Int, ended: Bool = false) -> [InsightFacts.Enrolment] {
        (0..<n).map { _ in
            .init(person: UUID(), service: service, start: d("2026-01-10"), end: ended ? d("2026-11-10") : nil)
        }
    }

    @Test func theMonitoringTableCountsTheMonthsEndAndProtectsSmallCounts() {
        var f = InsightFacts()
        f.enrolments =
            Self.enrolments(Self.care, 16) + Self.enrolments(Self.care, 2, ended: true) + Self.enrolments(Self.meals, 30)
            + Self.enrolments(Self.club, 12)
        f.waiting =
            (0..<3).map { _ in .init(service: Self.care, added: Self.d("2026-10-01"), left: nil) }
            + [.init(service: Self.meals, added: Self.d("2026-10-01"), left: Self.d("2026-11-05"))]
        f.requests = (0..<6).map { _ in
            .init(
                person: UUID(), service: Self.meals, received: Self.d("2026-11-01"), assessed: Self.d("2026-11-03"),
                outcome: .granted, outcomeOn: Self.d("2026-11-04"), channel: "paper")
        }
        let m = ProgrammeMonitoring.make(f, services: Self.services, month: Self.november, rule: Self.rule)
        let care = m.services[0]
        let meals = m.services[1]
        let club = m.services[2]
        // Care: 16 at the month's end (two ended on the 10th), 3 waiting: "<5".
        #expect(care.waiting == .small)
        // The waiting column's total would give the 3 away with meals' and the club's zeros shown.
        #expect(m.totalWaiting != .shown(3))
        #expect(meals.granted == .shown(6) || meals.granted == .hidden)
        #expect(m.totalPlaces == 60)
        // Occupancy only beside a shown count of users.
        for s in m.services { #expect((s.occupancy != nil) == (s.using.value != nil && s.places != nil)) }
        if case .shown(let n) = care.using { #expect(n == 16 && care.occupancy == 80) }
        #expect(club.places == nil && club.occupancy == nil)
        // Nothing below the threshold is ever shown.
        for cell in m.services.flatMap({ [$0.using, $0.waiting, $0.granted] }) + [m.totalUsing, m.totalWaiting, m.totalGranted] {
            if let n = cell.value { #expect(n == 0 || n >= 5) }
        }
    }

    @Test func occupancyNeverRevealsAHiddenCountOnAnyData() async {
        let size = Gen.int(in: 0...12)
        await propertyCheck(count: 200, input: size.array(of: 3), size.array(of: 3)) { using, waiting in
            var f = InsightFacts()
            for (i, s) in Self.services.enumerated() {
                f.enrolments += Self.enrolments(s.id, using[i])
                f.waiting += (0..<waiting[i]).map { _ in .init(service: s.id, added: Self.d("2026-10-01"), left: nil) }
            }
            let m = ProgrammeMonitoring.make(f, services: Self.services, month: Self.november, rule: Self.rule)
            for (i, s) in m.services.enumerated() {
                if s.occupancy != nil { #expect(s.using == .shown(using[i])) }
                if let n = s.using.value { #expect(n == using[i] && !Self.rule.isSmall(n)) }
                if let n = s.waiting.value { #expect(n == waiting[i] && !Self.rule.isSmall(n)) }
            }
        }
    }

    // MARK: Settings

    @Test func theSettingsFormKeepsTheLegalFloorAndNamesEachProblem() {
        func errors(_ f: InsightSettingsForm) -> FieldErrors {
            if case .failure(let e) = f.validate() { return e }
            return FieldErrors()
        }
        #expect(errors(InsightSettingsForm(threshold: "2"))["threshold"]?.contains("niższy niż 3") == true)
        #expect(errors(InsightSettingsForm(threshold: "pięć"))["threshold"] == "Wpisz liczbę całkowitą, np. 5.")
        #expect(errors(InsightSettingsForm(threshold: ""))["threshold"] != nil)
        #expect(errors(InsightSettingsForm(threshold: "51"))["threshold"] != nil)
        #expect(errors(InsightSettingsForm(residents: "12 480"))["residentsSource"] != nil, "a figure needs its source")
        #expect(errors(InsightSettingsForm(residents: "-4", residentsSource: "GUS"))["residents"] != nil)
        #expect(errors(InsightSettingsForm(shareWithRegion: true))["sharedCodes"] != nil)
        #expect(errors(InsightSettingsForm(sharedCodes: ["DOS-01", "<script>"]))["sharedCodes"] != nil)
        guard
            case .success(let valid) = InsightSettingsForm(
                threshold: " 7 ", residents: "12 480", residentsSource: "GUS BDL 2025", shareWithRegion: true,
                sharedCodes: ["USL-01", "DOS-01"]
            ).validate()
        else {
            Issue.record("a valid form was refused")
            return
        }
        #expect(valid.rule.threshold == 7 && valid.residents == 12_480)
        #expect(valid.sharedCodes == ["DOS-01", "USL-01"], "in catalogue order")
    }
}

/// The yearly documents' drafts: their tables follow the rule, their texts survive a refresh of
/// the figures, and a fee sum one person dominates is not given.
@Suite struct YearlyDocumentDraftTests {
    static func d(_ iso: String) -> CalendarDay { CalendarDay(iso: iso)! }
    static let care = UUID()
    static let club = UUID()
    static let rule = DisclosureRule.standard

    static func facts() -> InsightFacts {
        var f = InsightFacts()
        f.enrolments =
            (0..<12).map { _ in .init(person: UUID(), service: care, start: d("2026-02-01"), end: nil) }
            + (0..<2).map { _ in .init(person: UUID(), service: club, start: d("2026-03-01"), end: d("2026-04-01")) }
        f.requests = (0..<3).map { _ in
            .init(
                person: UUID(), service: care, received: d("2026-05-01"), assessed: d("2026-05-03"), outcome: .refused,
                outcomeOn: d("2026-05-04"), channel: "paper")
        }
        f.waiting = (0..<7).map { _ in .init(service: care, added: d("2026-06-01"), left: nil) }
        return f
    }

    static let services = [
        ServiceYearInput(id: care, name: "Usługi opiekuńcze", area: "pomoc społeczna", places: 12),
        ServiceYearInput(id: club, name: "Klub", area: "aktywność", places: nil, commissioned: true),
    ]

    @Test func theActivityReportCountsTheYearAndHidesSmallNumbers() throws {
        let content = YearlyDocumentDraft.make(
            .activityReport, year: 2026, facts: Self.facts(), services: Self.services, organisationName: "CUS Testowo",
            programmeTitle: "Program", rule: Self.rule)
        #expect(content.sections.map(\.key) == ["wstep", "dostep", "uslugi", "ipus", "spolecznosc", "potrzeby", "wnioski"])
        let services = try #require(content.sections.first { $0.key == "uslugi" }?.tables.first)
        #expect(services.columns.count == 6 && services.rows.count == 3)
        // Care: 12 served, 0 granted, 3 refused ("<5"), 7 waiting; the club's 2 are "<5". With
        // the totals published, more cells are hidden so that neither small count can be worked out.
        #expect(services.rows[0][4] == "<5" && services.rows[1][2] == "<5")
        #expect(["12", "ukryte"].contains(services.rows[0][2]) && ["7", "ukryte"].contains(services.rows[0][5]))
        #expect(services.rows.flatMap { $0 }.contains("ukryte"), "complementary suppression applied")
        for row in services.rows { for cell in row.dropFirst(2) { #expect(!["1", "2", "3", "4"].contains(cell)) } }
        #expect(content.sections[0].text.contains("CUS Testowo") && content.sections[0].text.contains("2026"))
        let needs = try #require(content.sections.first { $0.key == "potrzeby" }?.tables.first)
        // Listed: services someone waits for or was refused — or whose counts are hidden (a row
        // left out for a zero would tell the hidden counts are zero).
        #expect(needs.rows.first?.first == "Usługi opiekuńcze")
    }

    @Test func refreshingTheFiguresKeepsTheTextsAndTooLongTextsAreRefused() throws {
        let first = YearlyDocumentDraft.make(
            .programmeEvaluation, year: 2026, facts: InsightFacts(), services: Self.services, organisationName: "CUS",
            programmeTitle: nil, rule: Self.rule)
        let edited = try first.withTexts(["wnioski": "Zwiększyć limit miejsc.\n<script>x</script>"]).get()
        let fresh = YearlyDocumentDraft.make(
            .programmeEvaluation, year: 2026, facts: Self.facts(), services: Self.services, organisationName: "CUS",
            programmeTitle: nil, rule: Self.rule)
        let refreshed = edited.refreshed(from: fresh)
        #expect(refreshed.sections.first { $0.key == "wnioski" }?.text == "Zwiększyć limit miejsc.\n<script>x</script>")
        #expect(refreshed.sections.map(\.tables) == fresh.sections.map(\.tables))
        #expect(refreshed.sections.map(\.tables) != first.sections.map(\.tables), "the figures changed")
        guard case .failure(let errors) = first.withTexts(["wnioski": String(repeating: "a", count: 20_001)]) else {
            Issue.record("a text over the limit was accepted")
            return
        }
        #expect(errors["text-wnioski"]?.contains("20000") == true)
    }

    @Test func aFeeSumIsGivenOnlyOverEnoughPayersNoneDominating() {
        let context = YearlyDocumentDraft.Context(
            year: 2026, period: InsightPeriod(.year, containing: Self.d("2026-06-01")), facts: InsightFacts(), services: [],
            rule: Self.rule)
        func service(_ fees: [Int]) -> ServiceYearInput {
            ServiceYearInput(
                id: UUID(), name: "x", area: "y", places: nil,
                feesByPerson: Dictionary(uniqueKeysWithValues: fees.map { (UUID(), $0) }))
        }
        #expect(context.fees(service([1000, 1000, 1000, 1000, 1000])) == Money.polish(5000))
        #expect(context.fees(service([1000, 1000, 1000, 1000])) == "za mało danych", "four payers")
        #expect(context.fees(service([100_000, 1000, 1000, 1000, 1000])) == "za mało danych", "one paid over 3/4")
        #expect(context.fees(service([])) == "0,00 zł")
    }

    @Test func theOZPSHelperMarksWhatMustComeFromElsewhere() {
        let content = YearlyDocumentDraft.make(
            .ozpsHelper, year: 2026, facts: Self.facts(), services: Self.services, organisationName: "CUS",
            programmeTitle: nil, rule: Self.rule)
        #expect(Set(content.sections.filter(\.fromElsewhere).map(\.key)) == ["demografia", "kadra", "finanse"])
        #expect(content.sections.first { $0.key == "instytucje" }?.text.contains("Klub") == true)
    }
}

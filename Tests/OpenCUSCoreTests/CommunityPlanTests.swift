import Foundation
import Testing

@testable import OpenCUSCore

/// The community organising plan: its form (rows kept, keys stable, references checked), the
/// table of changes between versions, monitoring forms and the yearly summary, pinned on a small
/// hand-built plan whose totals are counted by hand in the comments.
@Suite struct CommunityPlanTests {
    static func day(_ iso: String) -> CalendarDay { CalendarDay(iso: iso)! }
    static let club = UUID()
    static let parish = UUID()
    static let names = PlanNames(
        partners: [parish: "Parafia św. Jana"], activities: [club: "Klub Seniora"], recommendations: [:])

    /// Keys handed out in order, so tests can name them.
    final class Keys: @unchecked Sendable {
        var n = 0
        func next() -> String { n += 1; return "k\(n)" }
    }

    static func form() -> CommunityPlanForm {
        var f = CommunityPlanForm()
        f.title = "Plan organizowania społeczności lokalnej 2026–2027"
        f.start = "2026-01-01"
        f.end = "2027-12-31"
        f.areas = "Jaśminowo\n  Osiedle Słoneczne \n\nJaśminowo"
        var issue = CommunityPlanForm.IssueRow()
        (issue.group, issue.issue) = ("Seniorzy mieszkający samotnie", "Osamotnienie zimą")
        f.issues = [issue, CommunityPlanForm.IssueRow()]
        var aim = CommunityPlanForm.AimRow()
        (aim.text, aim.indicator, aim.unit, aim.baseline, aim.target, aim.due) = (
            "Więcej seniorów w klubie", "Stali uczestnicy klubu", "osób", "12", "30", "2027-06-30"
        )
        f.aims = [aim, CommunityPlanForm.AimRow()]
        var action = CommunityPlanForm.ActionRow()
        (action.title, action.lead, action.schedule, action.expected) = ("Klub Seniora", "OSL", "wt. i czw.", "25")
        action.partners = [parish.uuidString]
        action.activities = [club.uuidString]
        action.area = "Osiedle Słoneczne"
        f.actions = [action, CommunityPlanForm.ActionRow()]
        f.responsible = "Anna Nowak — organizatorka społeczności lokalnej"
        return f
    }

    static func valid(_ f: CommunityPlanForm, keys: Keys = Keys()) -> CommunityPlanContent? {
        guard case .success(let c) = f.validate(names: names, newKey: keys.next) else { return nil }
        return c
    }

    @Test func aValidFormKeepsRowsAndGivesNewRowsKeys() throws {
        let c = try #require(Self.valid(Self.form()))
        #expect(c.areas == ["Jaśminowo", "Osiedle Słoneczne"], "trimmed, blank lines and duplicates dropped")
        #expect(c.issues.count == 1 && c.aims.count == 1 && c.actions.count == 1, "blank rows ignored")
        #expect(c.aims[0].key == "k1" && c.actions[0].key == "k2")
        #expect(c.actions[0].partnerIDs == [Self.parish] && c.actions[0].activityIDs == [Self.club])
        #expect(c.actions[0].expectedParticipants == 25)
        #expect(
            CommunityPlanRules.missingForApproval(c) == [
                "Cel C1 nie ma żadnego działania: wskaż go w działaniu, które do niego prowadzi."
            ])

        // Saved again from its own form, nothing changes: keys are kept, not renewed.
        var again = CommunityPlanForm(c)
        again.actions[0].aims = [c.aims[0].key]
        let second = try #require(Self.valid(again, keys: Keys()))
        #expect(second.aims[0].key == "k1" && second.actions[0].aimKeys == ["k1"])
        #expect(CommunityPlanRules.missingForApproval(second).isEmpty)
    }

    @Test func badRowsAreRefusedWithMessagesNextToTheirFields() {
        var f = Self.form()
        f.end = "2032-01-01"
        f.aims[0].baseline = "dwanaście"
        f.aims[0].due = "2028-01-10"
        f.actions[0].partners = [UUID().uuidString]
        f.actions[0].area = "Warszawa"
        f.actions[0].title = ""
        f.issues[0].recommendationID = "not-an-id"
        f.responsible = ""
        guard case .failure(let errors) = f.validate(names: Self.names) else {
            Issue.record("accepted")
            return
        }
        #expect(errors["end"]?.contains("najwyżej 5 lat") == true)
        #expect(errors["aims.0.baseline"] != nil)
        #expect(errors["actions.0.partners"] == "Wybierz partnerów z listy partnerów centrum.")
        #expect(errors["actions.0.area"] != nil && errors["actions.0.title"] != nil)
        #expect(errors["issues.0.recommendationID"] != nil && errors["responsible"] != nil)

        var g = Self.form()
        g.aims[0].target = "12"
        g.aims[0].due = "2025-12-31"
        guard case .failure(let e2) = g.validate(names: Self.names) else {
            Issue.record("accepted")
            return
        }
        #expect(e2["aims.0.target"]?.contains("różnić") == true)
        #expect(e2["aims.0.due"]?.contains("w okresie planu") == true)
        #expect(e2.ordered.first?.field == "aims.0.due", "errors in the form's order")
    }

    @Test func fiveYearsIsTheLongestPeriod() {
        var f = Self.form()
        f.start = "2026-03-15"
        f.end = "2031-03-15"
        #expect(Self.valid(f) != nil)
        f.end = "2031-03-16"
        #expect(Self.valid(f) == nil)
    }

    @Test func removingAnAimDropsItFromActionsAndTheTableOfChangesSaysSo() throws {
        var f = Self.form()
        f.actions[0].aims = ["k1"]
        let v1 = try #require(Self.valid(f))
        var next = CommunityPlanForm(v1)
        next.aims[0].remove = true
        next.aims.append(
            {
                var a = CommunityPlanForm.AimRow()
                (a.text, a.indicator, a.unit, a.baseline, a.target, a.due) = (
                    "Sąsiedzi pomagają", "Par sąsiedzkich", "par", "0", "15", "2027-12-31"
                )
                return a
            }())
        next.actions[0].expected = "30"
        next.areas += "\nStara Wieś"
        let keys = Keys()
        keys.n = 10
        let v2 = try #require(Self.valid(next, keys: keys))
        #expect(v2.aims.map(\.key) == ["k11"] && v2.actions[0].aimKeys.isEmpty)
        let changes = CommunityPlanDiff.between(v1, v2, names: Self.names)
        #expect(changes.map(\.what) == ["Obszar", "Cel C1", "Cel C1 (usunięty)", "Działanie D1"])
        #expect(changes[0].old == "—" && changes[0].new == "Stara Wieś")
        #expect(changes[1].old == "—" && changes[1].new.hasPrefix("Sąsiedzi pomagają"))
        #expect(changes[2].old.hasPrefix("Więcej seniorów") && changes[2].new == "—")
        let action = changes[3]
        #expect(action.old.contains("cele: C1") && action.new.contains("uczestników: 30"))
        #expect(action.new.contains("partnerzy: Parafia św. Jana") && action.new.contains("zajęcia: Klub Seniora"))

        // An action inserted before another renumbers it but does not change it.
        var inserted = CommunityPlanForm(v2)
        var first = CommunityPlanForm.ActionRow()
        (first.title, first.lead, first.schedule) = ("Festyn", "OSL", "czerwiec")
        inserted.actions.insert(first, at: 0)
        let v3 = try #require(Self.valid(inserted, keys: keys))
        #expect(CommunityPlanDiff.between(v2, v3, names: Self.names).map(\.what) == ["Działanie D1"])
        #expect(CommunityPlanDiff.between(v1, v1, names: Self.names).isEmpty)
    }

    @Test func progressRunsFromBaselineToTargetInEitherDirection() {
        let up = PlanAim(key: "a", text: "", indicator: "", unit: "", baseline: 12, target: 30, due: Self.day("2027-01-01"))
        #expect(up.progressPercent(12) == 0 && up.progressPercent(21) == 50 && up.progressPercent(30) == 100)
        #expect(up.progressPercent(40) == 100 && up.progressPercent(5) == 0)
        let down = PlanAim(key: "b", text: "", indicator: "", unit: "", baseline: 40, target: 20, due: Self.day("2027-01-01"))
        #expect(down.progressPercent(35) == 25 && down.progressPercent(20) == 100)
    }

    @Test func recordsAndMeasurementsAreChecked() throws {
        var f = Self.form()
        f.actions[0].aims = ["k1"]
        let plan = try #require(Self.valid(f))
        var r = ActionRecordForm()
        (r.action, r.day, r.participants, r.volunteers, r.notes) = ("k2", "2026-11-17", "18", "2", "Spotkanie o zdrowiu")
        guard case .success(let ok) = r.validate(plan: plan, today: Self.day("2026-11-18"), photo: false) else {
            Issue.record("refused")
            return
        }
        #expect(ok.participants == 18 && ok.volunteers == 2)
        r.day = "2026-11-19"
        r.participants = "-3"
        guard case .failure(let e) = r.validate(plan: plan, today: Self.day("2026-11-18"), photo: true) else {
            Issue.record("accepted")
            return
        }
        #expect(e["day"]?.contains("przyszłości") == true && e["participants"] != nil)
        #expect(e["photoAlt"] != nil && e["photoConsent"] != nil, "a photo needs its description and the consent")

        var m = AimProgressForm()
        (m.aim, m.day, m.value) = ("k1", "2026-10-01", "19")
        #expect(
            m.validate(plan: plan, today: Self.day("2026-11-18"))
                == .success(.init(aimKey: "k1", day: Self.day("2026-10-01"), value: 19, note: "")))
        m.value = "99999999999999999999"
        #expect((try? m.validate(plan: plan, today: Self.day("2026-11-18")).get()) == nil)
    }

    @Test func theYearlySummaryCountsByMonthActionAndAim() throws {
        var f = Self.form()
        f.actions[0].aims = ["k1"]
        let plan = try #require(Self.valid(f))
        let records = [
            ActionRecordFact(
                actionKey: "k2", actionTitle: "Klub Seniora", day: Self.day("2026-03-03"), participants: 10, volunteers: 1),
            ActionRecordFact(
                actionKey: "k2", actionTitle: "Klub Seniora", day: Self.day("2026-03-05"), participants: 12, volunteers: 2),
            ActionRecordFact(
                actionKey: "k2", actionTitle: "Klub Seniora", day: Self.day("2026-11-17"), participants: 20, volunteers: 0),
            // Another year: not counted.
            ActionRecordFact(
                actionKey: "k2", actionTitle: "Klub Seniora", day: Self.day("2027-01-05"), participants: 99, volunteers: 9),
            // An action since removed from the plan keeps its records under its old title.
            ActionRecordFact(
                actionKey: "gone", actionTitle: "Festyn", day: Self.day("2026-06-20"), participants: 150, volunteers: 8),
        ]
        let measurements = [
            AimMeasurement(aimKey: "k1", day: Self.day("2026-06-30"), value: 18),
            AimMeasurement(aimKey: "k1", day: Self.day("2026-12-01"), value: 24),
            AimMeasurement(aimKey: "k1", day: Self.day("2027-02-01"), value: 29),
        ]
        let sessions = [
            ActivitySessionFact(activityID: Self.club, title: "Klub Seniora", day: Self.day("2026-11-10"), participants: 14),
            ActivitySessionFact(activityID: Self.club, title: "Klub Seniora", day: Self.day("2026-11-12"), participants: 16),
            ActivitySessionFact(activityID: Self.club, title: "Klub Seniora", day: Self.day("2025-12-30"), participants: 40),
            ActivitySessionFact(activityID: UUID(), title: "Nie w planie", day: Self.day("2026-11-12"), participants: 9),
        ]
        let s = CommunityYearSummary.compute(
            year: 2026, plan: plan, records: records, measurements: measurements, sessions: sessions)
        #expect(s.activities == [.init(title: "Klub Seniora", actionCodes: "D1", sessions: 2, participants: 30)])
        // 10 + 12 + 20 + 150 = 192 people in 4 records; 1 + 2 + 0 + 8 = 11 volunteer entries.
        #expect(s.records == 4 && s.participants == 192 && s.volunteerEntries == 11)
        #expect(s.actions.map(\.code) == ["D1", "—"] && s.actions[1].title == "Festyn")
        #expect(s.actions[0].recordsByMonth[2] == 2 && s.actions[0].participantsByMonth[2] == 22)
        #expect(s.actions[0].recordsByMonth[10] == 1 && s.actions[0].records == 3 && s.actions[0].participants == 42)
        // The aim: 12 → 30, last measured in 2026 at 24, which is (24 − 12) / 18 = 67 %.
        #expect(s.aims[0].latest == 24 && s.aims[0].latestDay == Self.day("2026-12-01") && s.aims[0].progressPercent == 67)
        let csv = s.csvRows
        #expect(csv[0].count == 11 && csv.allSatisfy { $0.count == 11 })
        #expect(csv.contains(["działanie", "D1", "Klub Seniora", "2026-03", "2", "22", "", "", "", "", ""]))
        #expect(
            csv.last == [
                "cel", "C1", "Więcej seniorów w klubie — Stali uczestnicy klubu (osób)", "2026", "", "", "", "12", "30", "24",
                "67",
            ])
    }
}

import Foundation
import OpenCUSCore
import Testing

@Suite struct CaseworkRulesTests {
    let received = CalendarDay(iso: "2026-11-18")!
    let today = CalendarDay(iso: "2026-11-25")!

    @Test func assessmentNeedsADateAndFindingsWhenDone() {
        var form = AssessmentForm()
        guard case .failure(let empty) = form.validate(received: received, today: today) else {
            Issue.record("empty accepted"); return
        }
        #expect(empty["scheduledOn"] != nil)
        form.scheduledOn = "2026-12-01"
        #expect(
            (try? form.validate(received: received, today: today).get())?.scheduledOn == CalendarDay(iso: "2026-12-01"),
            "a future date may be scheduled")
        form.doneOn = "2026-11-26"
        form.ipusNeeded = true
        guard case .failure(let future) = form.validate(received: received, today: today) else {
            Issue.record("future result accepted"); return
        }
        #expect(future["doneOn"]?.contains("przyszłości") == true && future["findings"] != nil)
        form.doneOn = "2026-11-17"
        form.findings = "Ustalenia."
        guard case .failure(let early) = form.validate(received: received, today: today) else {
            Issue.record("early accepted"); return
        }
        #expect(early["doneOn"]?.contains("przed wpływem") == true)
        form.doneOn = "2026-11-24"
        form.place = "szpital"
        guard case .failure(let place) = form.validate(received: received, today: today) else {
            Issue.record("unknown place accepted"); return
        }
        #expect(place["place"] != nil)
        form.place = "home"
        #expect((try? form.validate(received: received, today: today).get())?.doneOn == CalendarDay(iso: "2026-11-24"))
    }

    @Test func ipusDeadlineRunsFromTheApplication() {
        let rules = IntakeRules()
        #expect(rules.ipusDue(received: received) == CalendarDay(iso: "2026-12-18"))
        #expect(
            IntakeRules.clock(due: CalendarDay(iso: "2026-12-18")!, today: CalendarDay(iso: "2026-12-20")!) == .overdue(days: 2))
        #expect(IntakeRules(ipusDays: 21).ipusDue(received: received) == CalendarDay(iso: "2026-12-09"))
    }

    @Test func appealStatusFollowsDeliveryPeriodAndResult() {
        let delivered = CalendarDay(iso: "2026-11-20")!
        #expect(
            AppealStatus.of(delivered: nil, appealLodged: nil, result: nil, resultOn: nil, appealDays: 14, today: today)
                == .notDelivered)
        #expect(
            AppealStatus.of(
                delivered: delivered, appealLodged: nil, result: nil, resultOn: nil, appealDays: 14,
                today: CalendarDay(iso: "2026-12-04")!)
                == .periodRunning(lastDay: CalendarDay(iso: "2026-12-04")!), "the 14th day is still within the period")
        #expect(
            AppealStatus.of(
                delivered: delivered, appealLodged: nil, result: nil, resultOn: nil, appealDays: 14,
                today: CalendarDay(iso: "2026-12-05")!)
                == .final(since: CalendarDay(iso: "2026-12-05")!))
        #expect(
            AppealStatus.of(
                delivered: delivered, appealLodged: CalendarDay(iso: "2026-12-01"), result: nil, resultOn: nil, appealDays: 14,
                today: today)
                == .appealed(on: CalendarDay(iso: "2026-12-01")!))
        #expect(
            AppealStatus.of(
                delivered: delivered, appealLodged: CalendarDay(iso: "2026-12-01"), result: .upheld, resultOn: nil,
                appealDays: 14, today: today
            ).polish
                .contains("utrzymał"))
    }

    @Test func appealFormRefusesImpossibleDates() {
        var form = AppealForm()
        form.deliveredOn = "2026-11-10"
        guard case .failure(let before) = form.validate(issued: received, today: today) else {
            Issue.record("delivery before issue accepted"); return
        }
        #expect(before["deliveredOn"] != nil)
        form.deliveredOn = ""
        form.appealLodgedOn = "2026-11-20"
        guard case .failure(let noDelivery) = form.validate(issued: received, today: today) else {
            Issue.record("appeal without delivery accepted"); return
        }
        #expect(noDelivery["deliveredOn"] != nil)
        form.deliveredOn = "2026-11-19"
        form.appealResult = "nonsense"
        guard case .failure(let result) = form.validate(issued: received, today: today) else {
            Issue.record("unknown result accepted"); return
        }
        #expect(result["appealResult"] != nil)
        form.appealResult = "quashed"
        #expect((try? form.validate(issued: received, today: today).get())?.result == .quashed)
    }

    @Test func settingsAndRoutingAreValidated() {
        var settings = IntakeSettingsForm()
        (settings.assessmentDays, settings.ipusDays, settings.appealDays, settings.appealBody) = ("91", "30", "x", "SKO")
        settings.rodoClause = String(repeating: "a", count: 199)
        guard case .failure(let e) = settings.validate() else { Issue.record("bad settings accepted"); return }
        #expect(
            e["assessmentDays"] != nil && e["appealDays"] != nil && e["rodoClause"] != nil && e["ipusDays"] == nil
                && e["appealBody"] == nil)
        (settings.assessmentDays, settings.appealDays) = ("7", "14")
        settings.rodoClause = String(repeating: "a", count: 200)
        #expect((try? settings.validate().get())?.rules == IntakeRules(assessmentDays: 7, ipusDays: 30, appealDays: 14))
        settings.refusalIsDecision = ""
        let notice = try? settings.validate().get()
        #expect(notice?.rules.refusalIsDecision == false)
        #expect(RefusalKind(rules: notice!.rules) == .notice)
        var routing = RoutingForm()
        routing.unit = "PCPR"
        guard case .failure(let r) = routing.validate() else { Issue.record("routing without consent accepted"); return }
        #expect(r["consent"] != nil)
        routing.consent = true
        #expect((try? routing.validate().get()) == "PCPR")
    }

    @Test func refusalLettersSayWhatThePersonCanDo() {
        let decision = RefusalKind(rules: IntakeRules()).instruction(
            appealBody: "Samorządowego Kolegium Odwoławczego w Kaliszu", organisationName: "CUS w Jaśminowie", appealDays: 14)
        #expect(
            decision.contains("odwołanie do Samorządowego Kolegium Odwoławczego w Kaliszu")
                && decision.contains("14 dni od dnia jej doręczenia"))
        let notice = RefusalKind.notice.instruction(appealBody: "SKO", organisationName: "CUS", appealDays: 14)
        #expect(notice.contains("nie przysługuje od niej odwołanie") && !notice.contains("SKO"))
        #expect(RefusalKind.decision.title == "Decyzja" && RefusalKind.notice.title == "Informacja o odmowie")
    }
}

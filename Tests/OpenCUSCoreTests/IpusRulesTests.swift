import Foundation
import Testing

@testable import OpenCUSCore

@Suite struct IpusRulesTests {
    let start = CalendarDay(iso: "2026-03-01")!

    func content(end: String = "2027-02-28") -> IpusContent {
        IpusContent(start: start, end: CalendarDay(iso: end)!,
            goals: [IpusGoal(text: "Chcę sama robić zakupy", indicator: "wyjścia w tygodniu", baseline: "0", target: "2", due: CalendarDay(iso: "2026-09-01"))],
            items: [IpusItem(kind: .service, enrolmentID: UUID(), name: "Usługi opiekuńcze", provider: "Fundacja Pod Lipami", scope: "pomoc w zakupach",
                frequency: "2 razy w tygodniu", start: start, end: nil, responsible: "opiekunka")],
            responsibilities: "Pani Anna prowadzi listę zakupów.", reviews: [CalendarDay(iso: "2026-06-01")!])
    }

    @Test func aPlanLastsAtMostAYear() {
        #expect(IpusRules.latestEnd(start: start).iso == "2027-02-28")
        #expect(IpusRules.latestEnd(start: CalendarDay(iso: "2028-02-29")!).iso == "2029-02-28")
        #expect(IpusRules.latestEnd(start: CalendarDay(iso: "2026-12-02")!).iso == "2027-12-01")
        #expect(IpusRules.problems(content()).isEmpty)
        let long = IpusRules.problems(content(end: "2027-03-01"))
        #expect(long["end"]?.contains("najpóźniej 28 lutego 2027") == true)
        #expect(IpusRules.problems(content(end: "2026-02-01"))["end"] != nil)
    }

    @Test func aPlanNeedsGoalsItemsAndReviewsInsideItsPeriod() {
        var c = content()
        c.goals = []
        c.items[0].start = CalendarDay(iso: "2026-02-01")!
        c.reviews = [CalendarDay(iso: "2027-05-01")!]
        let e = IpusRules.problems(c)
        #expect(e["goals"] != nil && e["items"]?.contains("Usługi opiekuńcze") == true && e["reviews"] != nil)
        c.reviews = []
        #expect(IpusRules.problems(c)["reviews"]?.contains("co najmniej jeden") == true)
    }

    @Test func theCoordinatorNeverApprovesTheirOwnPlan() {
        let coordinator = UUID()
        #expect(!IpusRules.mayApprove(approverID: coordinator, coordinatorID: coordinator, canApprove: true))
        #expect(!IpusRules.mayApprove(approverID: UUID(), coordinatorID: coordinator, canApprove: false))
        #expect(IpusRules.mayApprove(approverID: UUID(), coordinatorID: coordinator, canApprove: true))
    }

    @Test func reviewsAndTheEndHaveClocks() {
        let c = content()
        let june2 = CalendarDay(iso: "2026-06-02")!
        #expect(IpusRules.missedReviews(c, notes: [], today: june2) == [CalendarDay(iso: "2026-06-01")!])
        #expect(IpusRules.missedReviews(c, notes: [CalendarDay(iso: "2026-06-01")!], today: june2).isEmpty)
        #expect(IpusRules.nextReview(c, today: CalendarDay(iso: "2026-05-01")!)?.iso == "2026-06-01")
        #expect(IpusRules.endApproaching(c, today: CalendarDay(iso: "2027-02-01")!) && !IpusRules.endApproaching(c, today: june2))
    }

    @Test func theDiffSaysWhatChanged() {
        let a = content()
        var b = a
        b.end = CalendarDay(iso: "2026-12-31")!
        b.goals.append(IpusGoal(text: "Chcę chodzić na spotkania klubu", indicator: "", baseline: "", target: "", due: nil))
        b.items[0].frequency = "3 razy w tygodniu"
        let changes = IpusDiff.between(a, b)
        #expect(changes.contains(.init(what: "Koniec planu", old: "28 lutego 2027", new: "31 grudnia 2026")))
        #expect(changes.contains { $0.what == "Cel" && $0.old == "—" && $0.new.hasPrefix("Chcę chodzić") })
        #expect(changes.contains { $0.what == "Usługa lub działanie" && $0.old.contains("2 razy") && $0.new.contains("3 razy") })
        #expect(IpusDiff.between(a, a).isEmpty)
    }
}

import Foundation
import Testing

@testable import OpenCUSCore

@Suite struct IpusRulesTests {
    let start = CalendarDay(iso: "2026-03-01")!

    func content(end: String = "2027-02-28") -> IpusContent {
        IpusContent(
            start: start, end: CalendarDay(iso: end)!,
            goals: [
                IpusGoal(
                    text: "Chcę sama robić zakupy", indicator: "wyjścia w tygodniu", baseline: "0", target: "2",
                    due: CalendarDay(iso: "2026-09-01"))
            ],
            items: [
                IpusItem(
                    kind: .service, enrolmentID: UUID(), name: "Usługi opiekuńcze", provider: "Fundacja Pod Lipami",
                    scope: "pomoc w zakupach",
                    frequency: "2 razy w tygodniu", start: start, end: nil, responsible: "opiekunka")
            ],
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

    @Test func neitherTheCoordinatorNorTheDeputyApprovesTheirOwnPlan() {
        let (coordinator, deputy, director) = (UUID(), UUID(), UUID())
        func may(_ user: UUID, approves: Bool = true) -> Bool {
            IpusActions.mayApprove(
                coordinatorID: coordinator, deputyID: deputy, by: .init(userID: user, approvesPlans: approves, seesAllPlans: true)
            )
        }
        #expect(!may(coordinator))
        #expect(!may(deputy))
        #expect(!may(director, approves: false))
        #expect(may(director))
        #expect(
            IpusActions.mayApprove(
                coordinatorID: coordinator, deputyID: nil, by: .init(userID: director, approvesPlans: true, seesAllPlans: false)))
    }

    /// The plan page's buttons, state by state (the service refuses the same things).
    @Test func whatCanBeDoneFollowsThePlansLife() {
        let (coordinator, director) = (UUID(), UUID())
        let coordinatorView = IpusActions.Viewer(userID: coordinator, approvesPlans: false, seesAllPlans: false)
        let directorView = IpusActions.Viewer(userID: director, approvesPlans: true, seesAllPlans: true)
        func actions(_ state: IpusState, draft: IpusVersionState?, inForce: Bool, _ viewer: IpusActions.Viewer) -> IpusActions {
            IpusActions(
                .init(state: state, draft: draft, hasVersionInForce: inForce, coordinatorID: coordinator, deputyID: nil),
                viewer: viewer)
        }
        // A first draft: its coordinator edits and submits; nothing else yet.
        let first = actions(.drafting, draft: .drafting, inForce: false, coordinatorView)
        #expect(first.edit && first.submit && first.note)
        #expect(!first.approve && !first.newVersion && !first.progress && !first.startClosing && !first.close && !first.assign)
        // Sent for approval: the director approves, the coordinator can no longer edit.
        #expect(actions(.awaitingApproval, draft: .awaitingApproval, inForce: false, directorView).approve)
        #expect(!actions(.awaitingApproval, draft: .awaitingApproval, inForce: false, coordinatorView).edit)
        // In force without a draft: progress, a new version, closing; assigning for those who see all.
        let active = actions(.active, draft: nil, inForce: true, directorView)
        #expect(active.progress && active.newVersion && active.startClosing && active.assign && !active.edit && !active.close)
        // In force with a new version in drafting: that version is edited; no second new version, no closing.
        let updating = actions(.active, draft: .drafting, inForce: true, coordinatorView)
        #expect(updating.edit && updating.progress && !updating.newVersion && !updating.startClosing)
        // Closing: only the closure and notes; closed: nothing at all.
        let closing = actions(.closing, draft: nil, inForce: true, directorView)
        #expect(closing.close && closing.progress && closing.note && !closing.edit && !closing.startClosing)
        let closed = actions(.closed, draft: nil, inForce: true, directorView)
        #expect(
            !closed.edit && !closed.submit && !closed.approve && !closed.newVersion && !closed.progress && !closed.note
                && !closed.startClosing
                && !closed.close && !closed.assign)
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

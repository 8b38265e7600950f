import Foundation
import OpenCUSCore
import Testing

@testable import OpenCUSWeb

/// The IPUS plan page is built by a pure function from loaded rows and "today": no database,
/// no request. These tests build the rows in memory.
@Suite struct PlanPageTests {
    let organisationID = UUID()
    let coordinatorID = UUID()
    let day = { (iso: String) in CalendarDay(iso: iso)! }
    let layout = Layout(
        title: "IPUS", section: "ipus", csrfToken: "", staff: nil, footer: .init(operatorName: nil, email: nil, phone: nil))

    func loaded(state: IpusState, approved: Bool, deliveries: [(String, Attendance)] = []) throws -> IpusPages.PlanPage.Loaded {
        let enrolmentID = UUID()
        let plan = IpusPlan(
            id: UUID(), organisationID: organisationID, personID: UUID(), applicationID: UUID(), number: "IPUS/1/2026",
            year: 2026, sequence: 1, coordinatorUserID: coordinatorID, coordinatorName: "Koordynatorka", state: state,
            due: day("2026-12-18"), latestVersion: 1, approvedVersion: approved ? 1 : nil, revision: 1, updatedBy: "test",
            updatedAt: testStart, summary: "", createdAt: testStart)
        let content = IpusContent(
            start: day("2026-11-18"), end: day("2027-05-17"),
            items: [
                IpusItem(
                    kind: .service, enrolmentID: enrolmentID, name: "Usługi opiekuńcze", provider: "CUS", scope: "",
                    frequency: "", start: day("2026-11-18"), end: nil, responsible: "")
            ], reviews: [day("2026-11-20")])
        let version = IpusVersion(
            id: UUID(), organisationID: organisationID, planID: try plan.requireID(), version: 1,
            state: approved ? .approved : .drafting, contentJSON: IpusVersion.json(content), reason: "", createdBy: "test",
            createdAt: testStart, approvedBy: approved ? "Dyrektor" : nil, approvedOn: approved ? day("2026-11-18") : nil,
            returnNote: "")
        let person = Person(
            id: UUID(), organisationID: organisationID, firstName: "Jan", lastName: "Testowy", birthDate: day("1950-01-01"),
            street: "", postcode: "", city: "", phone: "", email: "", communicationNeeds: "", accessibilityNeeds: "",
            createdAt: testStart)
        let application = ServiceApplication(
            id: UUID(), organisationID: organisationID, number: "W/2026/0001", personID: try person.requireID(),
            applicantRole: .person, representativeName: "", representativeBasis: "", representativeContact: "",
            channel: .inPerson, receivedAt: testStart, situation: "", assessmentDue: day("2026-11-25"), closed: false)
        let records = deliveries.map { iso, attendance in
            DeliveryRecord(
                organisationID: organisationID, enrolmentID: enrolmentID, serviceID: UUID(), onDay: day(iso),
                attendance: attendance, note: "", recordedBy: "opiekunka", recordedAt: testStart)
        }
        return IpusPages.PlanPage.Loaded(
            plan: plan, person: person, application: application, versions: [version], notes: [], serviceOptions: [],
            serviceNames: [:], coordinators: [], deliveries: records)
    }

    func make(_ l: IpusPages.PlanPage.Loaded, viewer: UUID, seesAll: Bool = false, today: String) throws -> IpusPages.PlanPage {
        try IpusPages.PlanPage.make(
            l, viewer: IpusActions.Viewer(userID: viewer, approvesPlans: seesAll, seesAllPlans: seesAll), today: day(today),
            layout: layout, typed: .init(), notice: nil)
    }

    @Test func aDraftShowsItsApprovalClockItsFormAndWhoMayReassignIt() throws {
        let l = try loaded(state: .drafting, approved: false)
        let mine = try make(l, viewer: coordinatorID, today: "2026-12-20")
        #expect(mine.clock == "Termin opracowania i zatwierdzenia: 18 grudnia 2026 — po terminie (2 dni)")
        #expect(mine.canEdit && mine.form != nil && mine.inForce.isEmpty && mine.draft.count == 1)
        #expect(!mine.canAssign && !mine.canApprove, "a coordinator neither reassigns nor approves")
        let director = try make(l, viewer: UUID(), seesAll: true, today: "2026-12-20")
        #expect(director.canAssign)
    }

    @Test func anActivePlanCountsThisMonthsAttendanceAndNamesAMissedReview() throws {
        let l = try loaded(
            state: .active, approved: true,
            deliveries: [("2026-12-03", .attended), ("2026-12-01", .absent), ("2026-11-28", .attended)])
        let page = try make(l, viewer: coordinatorID, today: "2026-12-05")
        #expect(page.clock == nil)
        #expect(page.reviewClock == "Zaległy przegląd: 20 listopada 2026 — dodaj notatkę z przeglądu.")
        #expect(page.deliveries.map(\.thisMonth) == ["1 z 2 zajęć z obecnością"])
        #expect(page.deliveries.map(\.last) == ["3 grudnia 2026: obecność"])
    }
}

import Foundation
import OpenCUSCore
import Testing

@testable import OpenCUSWeb

/// Page models built by their pure `make` from rows in memory: the ordering, grouping and wording
/// rules of the pages, without a database or a request.
@Suite struct PageModelTests {
    let organisationID = UUID()
    let day = { (iso: String) in CalendarDay(iso: iso)! }
    let layout = Layout(
        title: "Test", section: "test", csrfToken: "", staff: nil, footer: .init(operatorName: nil, email: nil, phone: nil))

    func event(_ title: String, _ start: String, _ end: String) -> Event {
        Event(
            id: UUID(), organisationID: organisationID, slug: title.lowercased(), title: title, kind: .training,
            status: .published, startDay: day(start), endDay: day(end), description: "", audience: "", aims: "", topics: "",
            registrationInfo: "")
    }

    @Test func theDeskListsEventsNotYetOverSoonestFirstAndMarksTodaysThenPastOnesLatestFirst() throws {
        let page = try CheckInController.EventsPage.make(
            [
                event("Stare", "2026-10-01", "2026-10-01"), event("Dwudniowe", "2026-12-06", "2026-12-07"),
                event("Przyszłe", "2027-01-15", "2027-01-15"), event("Wczoraj", "2026-12-06", "2026-12-06"),
            ], today: day("2026-12-07"), layout: layout)
        #expect(page.current.map(\.title) == ["Dwudniowe", "Przyszłe"])
        #expect(page.current.map(\.now) == [true, false])
        #expect(page.past.map(\.title) == ["Wczoraj", "Stare"])
    }

    @Test func theProgrammeListCountsServicesPerVersionFromOneBatchedCount() throws {
        let versions = [2, 1].map {
            Programme(
                id: UUID(), organisationID: organisationID, version: $0, title: "Program \($0)", periodStart: day("2026-01-01"),
                periodEnd: day("2028-12-31"), summary: "", state: $0 == 2 ? .draft : .inForce)
        }
        let page = try ProgrammeAdminController.ListPage.make(
            versions, serviceCounts: [try versions[1].requireID(): 7], form: ProgrammeForm(), errors: FieldErrors(),
            layout: layout)
        #expect(page.rows.map(\.version) == [2, 1])
        #expect(page.rows.map(\.services) == [0, 7])
    }

    @Test func theDirectoryGroupsOrganisationsByKindInTheKindsOrderAndLeavesEmptyKindsOut() throws {
        let page = HomeController.DirectoryPage.make(
            [
                Organisation(slug: Slug("cus-a")!, name: "CUS A", kind: .cus, postcode: "45-001", city: "Opole"),
                Organisation(slug: Slug("rops")!, name: "ROPS", kind: .rops, street: "ul. Krakowska 38"),
                Organisation(slug: Slug("cus-b")!, name: "CUS B", kind: .cus),
            ], layout: layout)
        #expect(page.groups.map(\.kind) == [OrganisationKind.rops.polishName, OrganisationKind.cus.polishName])
        #expect(page.groups[1].organisations.map(\.name) == ["CUS A", "CUS B"])
        #expect(page.groups[1].organisations.map(\.place) == ["45-001 Opole", nil])
        #expect(page.groups[0].organisations[0].place == "ul. Krakowska 38")
        #expect(page.summary == "3 organizacje")
    }

    @Test func aFormsErrorSentenceCountsItsErrorsInPolish() {
        #expect(FieldErrors().summary == nil)
        var errors = FieldErrors("a", "x")
        #expect(errors.summary == "Formularz zawiera 1 błąd. Popraw zaznaczone pola.")
        errors.add("b", "y")
        #expect(errors.summary == "Formularz zawiera 2 błędy. Popraw zaznaczone pola.")
        for f in ["c", "d", "e"] { errors.add(f, "z") }
        #expect(errors.summary == "Formularz zawiera 5 błędów. Popraw zaznaczone pola.")
    }

    @Test func theErrorListKeepsTheFormsOrderAndLinksEachMessageToItsField() throws {
        var errors = FieldErrors()
        errors.add("title", "Podaj tytuł.")
        errors.add("form", "Formularz wygasł.")
        errors.add("goals.1.text", "Opisz cel.")
        errors.add("title", "drugi komunikat nie zastępuje pierwszego")
        let json =
            try JSONSerialization.jsonObject(
                with: JSONEncoder().encode(errors.anchored(IpusPages.anchor))) as? [String: Any]
        #expect(json?["title"] as? String == "Podaj tytuł.")
        #expect(json?["Summary"] as? String == "Formularz zawiera 3 błędy. Popraw zaznaczone pola.")
        let list = json?["List"] as? [[String: Any]] ?? []
        #expect(list.map { $0["field"] as? String } == ["title", "form", "goals.1.text"])
        #expect(list.map { $0["anchor"] as? String } == ["title", nil, "goal-1-text"])
        #expect(IpusPages.anchor("items.2.serviceID") == "item-2-service")
        #expect(IpusPages.anchor("attainment") == "attainment-0")
        #expect(IpusPages.anchor("start") == nil)
    }
}

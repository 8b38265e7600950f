import Fluent
import Foundation
import OpenCUSCore
import Testing
import Vapor

@testable import OpenCUSWeb

/// "Ask first": destructive and mass actions answer their first POST with a question and act
/// only on the confirmed one (`Confirmation`).
@Suite struct ConfirmationTests {
    /// The rule is the route table's: a route that deletes, cancels, refuses, rejects, withdraws
    /// or acts on many people cannot exist without its question.
    @Test func everyDestructiveOrMassRouteAsksFirst() {
        let mass: Set<SiteRoute> = [.registrationsSendMail, .certificatesIssue, .eventChangeStatus]
        var asking = 0
        for route in SiteRoute.allCases where route.method == .POST {
            let last = route.pattern.split(separator: "/").last.map(String.init) ?? ""
            let destructive =
                ["delete", "cancel", "refuse", "reject"].contains(last) || route.pattern.contains("/withdraw/")
            if destructive || mass.contains(route) {
                #expect(route.spec.confirm != nil, "\(route.rawValue) changes or mails without asking")
                asking += 1
            }
        }
        #expect(asking == 26)
    }

    /// An event with registrations asks before it is cancelled, withdrawn or archived, and says
    /// to how many people; one without registrations changes at once.
    @Test func anEventWithRegistrationsAsksBeforeItIsCancelled() async throws {
        try await withTestApp { t in
            let forum = try #require(
                try await Event.query(on: t.db).filter(\.$slug == DemoRegistrations.upcomingSlug).first())
            let active = try await Registration.query(on: t.db).filter(\.$event.$id == forum.id!)
                .filter(\.$state ~~ RegistrationState.allCases.filter(\.isActive)).count()
            try #require(active > 0)
            let organiser = t.browser()
            try await organiser.login("wydarzenia@cus-jasminowo.example")
            let overview = "/panel/events/\(forum.id!)"
            try await organiser.get(overview)
            let question = try await organiser.post(
                overview + "/status", [("action", "cancel"), ("notice", "Nowy termin wkrótce.")])
            #expect(question.status == .ok)
            let text = question.body.string
            #expect(
                text.contains("Odwołać „") && text.contains("aktywne zgłoszenia \(PolishPlural.personGenitive.phrase(active))"))
            // The safe way comes first and the typed notice travels with the confirmation.
            let back = try #require(text.range(of: "Nie, wróć bez zmian"))
            let confirm = try #require(text.range(of: "Tak, odwołaj wydarzenie"))
            #expect(back.lowerBound < confirm.lowerBound)
            #expect(text.contains("name=\"notice\" value=\"Nowy termin wkrótce.\""))
            #expect(try await Event.find(forum.id, on: t.db)?.status == .published)

            let done = try await organiser.post(
                overview + "/status", [("action", "cancel"), ("notice", "Nowy termin wkrótce."), ("confirmed", "yes")])
            #expect(done.status == .seeOther)
            let cancelled = try #require(try await Event.find(forum.id, on: t.db))
            #expect(cancelled.status == .cancelled && cancelled.cancellationNotice == "Nowy termin wkrótce.")

            // A new draft without registrations: no question.
            let created = try await organiser.post(
                "/panel/events",
                [
                    ("title", "Spotkanie robocze"), ("kind", "information_meeting"), ("startDay", "2027-03-10"),
                    ("endDay", "2027-03-10"),
                    ("venueCity", "Jaśminowo"), ("voivodeship", "wielkopolskie"), ("registrationInfo", ""),
                ])
            #expect(created.status == .seeOther)
            let draft = try #require(try await Event.query(on: t.db).filter(\.$title == "Spotkanie robocze").first())
            #expect(try await organiser.post("/panel/events/\(draft.id!)/status", [("action", "archive")]).status == .seeOther)
            #expect(try await Event.find(draft.id, on: t.db)?.status == .archived)
        }
    }

    /// Deleting a programme entry names it and the workshop choices it takes with it; the first
    /// click deletes nothing; another organisation's entry is not found either way.
    @Test func deletingAProgrammeEntryAsksFirstAndCountsTheChoicesLost() async throws {
        try await withTestApp { t in
            let forum = try #require(
                try await Event.query(on: t.db).filter(\.$slug == DemoRegistrations.upcomingSlug).first())
            let choices = try await RegistrationWorkshop.query(on: t.db).filter(\.$event.$id == forum.id!).all()
            let counts = Dictionary(grouping: choices, by: { $0.$entry.id }).mapValues(\.count)
            let (entryID, chosen) = try #require(counts.max { $0.value < $1.value })
            let entry = try #require(try await AgendaEntry.find(entryID, on: t.db))
            let organiser = t.browser()
            try await organiser.login("wydarzenia@cus-jasminowo.example")
            try await organiser.get("/panel/events/\(forum.id!)")
            let path = "/panel/events/\(forum.id!)/entries/\(entryID)/delete"
            let question = try await organiser.post(path, [])
            #expect(question.status == .ok)
            #expect(question.body.string.contains("Usunąć z programu „\(entry.title)”?"))
            #expect(question.body.string.contains("wybrało \(PolishPlural.person.phrase(chosen))"))
            #expect(try await AgendaEntry.find(entryID, on: t.db) != nil)

            let stranger = t.browser()
            try await stranger.login("wydarzenia@rops-poznan.example")
            #expect(try await stranger.post(path, []).status == .notFound)
            #expect(try await stranger.post(path, [("confirmed", "yes")]).status == .notFound)

            #expect(try await organiser.post(path, [("confirmed", "yes")]).status == .seeOther)
            #expect(try await AgendaEntry.find(entryID, on: t.db) == nil)
        }
    }

    /// The confirmation repeats every field as it was typed, markup and all, safely escaped.
    @Test func theQuestionCarriesTheFormAsTypedAndEscaped() async throws {
        try await withTestApp { t in
            let forum = try #require(
                try await Event.query(on: t.db).filter(\.$slug == DemoRegistrations.upcomingSlug).first())
            let organiser = t.browser()
            try await organiser.login("wydarzenia@cus-jasminowo.example")
            try await organiser.get("/panel/events/\(forum.id!)")
            let hostile = "<script>alert(1)</script> \"cudzysłów\" & zażółć"
            let question = try await organiser.post(
                "/panel/events/\(forum.id!)/status", [("action", "cancel"), ("notice", hostile)])
            #expect(question.status == .ok)
            #expect(!question.body.string.contains("<script>alert(1)</script>"))
            #expect(question.body.string.contains("&lt;script&gt;alert(1)&lt;/script&gt; &quot;cudzysłów&quot; &amp; zażółć"))
            let done = try await organiser.post(
                "/panel/events/\(forum.id!)/status", [("action", "cancel"), ("notice", hostile), ("confirmed", "yes")])
            #expect(done.status == .seeOther)
            #expect(try await Event.find(forum.id, on: t.db)?.cancellationNotice == hostile)
        }
    }
}

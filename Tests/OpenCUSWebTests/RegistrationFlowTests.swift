import Fluent
import Foundation
import OpenCUSCore
import Testing
import Vapor

@testable import OpenCUSWeb

@Suite struct RegistrationFlowTests {
    static let forum = DemoRegistrations.upcomingSlug
    static let meeting = DemoRegistrations.approvalSlug

    @Test func personRegistersChangesWorkshopAndCancelsThroughTheLink() async throws {
        try await withTestApp { t in
            try await t.clearRegistrations(Self.forum)
            let context = try await t.context(Self.forum)
            let rule = try #require(context.workshops.first)
            let browser = t.browser()
            let form = try await browser.get("/events/\(Self.forum)/register")
            #expect(form.status == .ok)
            #expect(form.body.string.contains("zostało 20 miejsc") || form.body.string.contains("zostało 15 miejsc"))
            #expect(form.body.string.contains("Klauzula informacyjna RODO (wersja 1)"))
            let response = try await browser.post(
                "/events/\(Self.forum)/register",
                participant(1, workshops: [rule.fieldName: [rule.alternatives[0].uuidString]], email: "Anna.Nowak@Gmina.example"))
            #expect(response.status == .seeOther)
            #expect(response.headers.first(name: .location) == "/events/\(Self.forum)/register/done?state=confirmed")
            let registration = try #require(
                try await Registration.query(on: t.db).filter(\.$email == "anna.nowak@gmina.example").first())
            #expect(registration.state == .confirmed)
            #expect(
                try await RegistrationWorkshop.query(on: t.db).filter(\.$registration.$id == registration.id!).first()?.placement
                    == .assigned)

            let confirmation = try #require(
                try await OutboxMessage.query(on: t.db).filter(\.$recipient == "anna.nowak@gmina.example").first())
            #expect(confirmation.subject == "Potwierdzenie udziału: Forum Usług Społecznych w Jaśminowie")
            let attached = try await OutboxAttachment.query(on: t.db).filter(\.$message.$id == confirmation.id!)
                .sort(\.$position).all().map(\.filename)
            #expect(attached.first == "\(Self.forum).ics" && attached.count == 2 && attached[1].hasPrefix("kod-recepcji-"))
            // Delivered through the worker like any mail.
            while try await BackgroundJobs.makeWorker(app: t.app).runOnce().sent > 0 {}
            #expect(t.transport.delivered.contains { $0.to.email.value == "anna.nowak@gmina.example" })

            let link = try #require(try await t.lastLink(to: "anna.nowak@gmina.example"))
            let person = t.browser()
            let page = try await person.get(link)
            #expect(page.status == .ok)
            #expect(page.body.string.contains("potwierdzone"))
            #expect(page.headers.first(name: .cacheControl) == "no-store")
            let ics = try await person.get(link + "/calendar.ics")
            #expect(ics.body.string.contains("BEGIN:VCALENDAR"))
            #expect(ics.body.string.contains(context.alternatives[rule.alternatives[0]]!.title))

            // Change the workshop.
            var fields = participant(
                1, workshops: [rule.fieldName: [rule.alternatives[1].uuidString]], email: "ignored@test.example")
            fields.removeAll { $0.0 == "consentRodo" }
            #expect(try await person.post(link + "/update", fields).status == .seeOther)
            let rows = try await RegistrationWorkshop.query(on: t.db).filter(\.$registration.$id == registration.id!).all()
            #expect(rows.map { $0.$entry.id } == [rule.alternatives[1]])
            // The e-mail cannot be changed.
            #expect(try await Registration.find(registration.id, on: t.db)?.email == "anna.nowak@gmina.example")

            // Cancel: asked first (nothing changes on the first click), then done.
            let question = try await person.post(link + "/cancel", [])
            #expect(question.status == .ok && question.body.string.contains("Anulować Twoje zgłoszenie"))
            #expect(question.body.string.contains("name=\"confirmed\" value=\"yes\""))
            #expect(question.body.string.contains("href=\"\(link)\""), "the safe way back leads to the personal page")
            #expect(try await Registration.find(registration.id, on: t.db)?.state == .confirmed)
            #expect(try await person.post(link + "/cancel", [("confirmed", "yes")]).status == .seeOther)
            let cancelled = try #require(try await Registration.find(registration.id, on: t.db))
            #expect(cancelled.state == .cancelled)
            #expect(cancelled.activeEmail == nil)
            #expect(
                try await t.subjects(to: "anna.nowak@gmina.example").contains(
                    "Anulowano zgłoszenie: Forum Usług Społecznych w Jaśminowie"))
            let history = try await RegistrationChange.query(on: t.db).filter(\.$registration.$id == registration.id!).sort(\.$at)
                .all()
            #expect(history.map(\.toState).contains(.cancelled))
            #expect(history.allSatisfy { !$0.actor.isEmpty })
            // After cancelling, the same e-mail may register again.
            #expect(
                try await browser.post(
                    "/events/\(Self.forum)/register",
                    participant(
                        1, workshops: [rule.fieldName: [rule.alternatives[0].uuidString]], email: "anna.nowak@gmina.example")
                ).status == .seeOther)
        }
    }

    @Test func oneActiveRegistrationPerEmailCaseInsensitive() async throws {
        try await withTestApp { t in
            let rule = try #require(try await t.context(Self.forum).workshops.first)
            let browser = t.browser()
            try await browser.get("/events/\(Self.forum)/register")
            let choice = [rule.fieldName: [rule.alternatives[0].uuidString]]
            #expect(
                try await browser.post(
                    "/events/\(Self.forum)/register", participant(1, workshops: choice, email: "jan@test.example")
                ).status == .seeOther)
            let second = try await browser.post(
                "/events/\(Self.forum)/register", participant(2, workshops: choice, email: "JAN@Test.Example"))
            #expect(second.status == .conflict)
            #expect(second.body.string.contains("Ten adres e-mail jest już zarejestrowany na to wydarzenie"))
            #expect(second.body.string.contains("/events/\(Self.forum)/link"))
            #expect(second.body.string.contains("value=\"Numer 2\""))  // what was typed stays
            #expect(try await Registration.query(on: t.db).filter(\.$email == "jan@test.example").count() == 1)
        }
    }

    /// The consent stored is to the clause the person read: a form that showed another version
    /// of the clause, or none, is sent back with the current clause and everything typed kept.
    @Test func aRegistrationConsentsOnlyToTheClauseVersionItShowed() async throws {
        try await withTestApp { t in
            let browser = t.browser()
            let page = try await browser.get("/events/\(Self.forum)/register")
            #expect(page.body.string.contains("name=\"consentVersion\" value=\"1\""))
            let before = try await Registration.query(on: t.db).count()
            let rule = try #require(try await t.context(Self.forum).workshops.first)
            let choice = [rule.fieldName: [rule.alternatives[0].uuidString]]
            for version in [nil, "2", "0", "abc", "1; DROP TABLE", String(repeating: "9", count: 40)] {
                var fields = participant(7, workshops: choice, email: "klauzula@test.example").filter { $0.0 != "consentVersion" }
                if let version { fields.append(("consentVersion", version)) }
                let response = try await browser.post("/events/\(Self.forum)/register", fields)
                #expect(response.status == .conflict, "version \(version ?? "missing")")
                #expect(response.body.string.contains("Klauzula informacyjna RODO zmieniła się"))
                #expect(response.body.string.contains("value=\"klauzula@test.example\""), "typed values kept")
                #expect(!response.body.string.contains("id=\"consentRodo\" name=\"consentRodo\" value=\"on\" checked"))
            }
            #expect(try await Registration.query(on: t.db).count() == before, "nothing stored")
            let accepted = try await browser.post(
                "/events/\(Self.forum)/register",
                participant(7, workshops: choice, email: "klauzula@test.example", consentVersion: 1))
            #expect(accepted.status == .seeOther)
        }
    }

    @Test func badInputGetsPolishMessagesAndStoresNothing() async throws {
        try await withTestApp { t in
            let browser = t.browser()
            try await browser.get("/events/\(Self.forum)/register")
            let before = try await Registration.query(on: t.db).count()
            let forumID = try await t.event(Self.forum).id!
            let otherEvent = try #require(
                try await AgendaEntry.query(on: t.db).filter(\.$parallelGroup.$id != nil).all()
                    .first { $0.$event.id != forumID })
            let rule = try #require(try await t.context(Self.forum).workshops.first)
            let response = try await browser.post(
                "/events/\(Self.forum)/register",
                [
                    ("firstName", "<script>alert(1)</script>"), ("lastName", String(repeating: "Ż", count: 500)),
                    ("email", "nie-email"),
                    ("phone", "abc"), ("institution", ""), ("institutionType", "kosmos"),
                    (rule.fieldName, otherEvent.id!.uuidString), ("consentVersion", "1"),
                ])
            #expect(response.status == .unprocessableEntity)
            let html = response.body.string
            #expect(html.contains("To nie jest poprawny adres e-mail"))
            #expect(html.contains("Numer telefonu może zawierać cyfry"))
            #expect(html.contains("Podaj nazwę instytucji"))
            #expect(html.contains("Wybierz rodzaj instytucji z listy."))
            #expect(html.contains("zaznacz potwierdzenie"))
            #expect(html.contains("Tekst jest za długi: najwyżej 200 znaków"))
            #expect(html.contains("Wybierz warsztat z listy"))
            #expect(html.contains("value=\"&lt;script&gt;alert(1)&lt;/script&gt;\""))
            #expect(!html.contains("<script>alert(1)</script>"))
            #expect(try await Registration.query(on: t.db).count() == before)
        }
    }

    @Test func closedRegistrationSaysWhyAndAcceptsNothing() async throws {
        try await withTestApp { t in
            let browser = t.browser()
            // Before opening.
            _ = try await t.configureRegistration(
                Self.forum, capacity: 10, opens: testStart.addingTimeInterval(86_400), closes: nil)
            let early = try await browser.get("/events/\(Self.forum)/register")
            #expect(early.body.string.contains("Rejestracja rozpocznie się"))
            #expect(!early.body.string.contains("name=\"firstName\""))
            try await browser.get("/events/\(Self.forum)/link")
            let refused = try await browser.post("/events/\(Self.forum)/register", participant(5))
            #expect(refused.status == .conflict)
            // After the deadline.
            _ = try await t.configureRegistration(Self.forum, capacity: 10, opens: nil, closes: testStart.addingTimeInterval(-60))
            #expect(try await browser.get("/events/\(Self.forum)/register").body.string.contains("Rejestracja zakończyła się"))
            #expect(try await browser.post("/events/\(Self.forum)/register", participant(6)).status == .conflict)
            // Cancelled event.
            _ = try await t.configureRegistration(Self.forum, capacity: 10)
            let event = try await t.event(Self.forum)
            event.status = .cancelled
            try await event.update(on: t.db)
            #expect(try await browser.get("/events/\(Self.forum)/register").body.string.contains("odwołane"))
            #expect(try await Registration.query(on: t.db).filter(\.$event.$id == event.id!).count() == 0)
        }
    }

    @Test func approvalModeAndTwoFormsTypedInByTheOrganiser() async throws {
        try await withTestApp { t in
            let context = try await t.context(Self.meeting)
            let questions = context.questions.map(\.question)
            let yesNo = try #require(questions.first { $0.kind == .yesNo })
            let browser = t.browser()
            try await browser.get("/events/\(Self.meeting)/register")
            var fields = participant(1, email: "wojt@gmina.example")
            fields.append((yesNo.fieldName, "yes"))
            #expect(
                try await browser.post("/events/\(Self.meeting)/register", fields).headers.first(name: .location)?.hasSuffix(
                    "state=pending") == true)
            #expect(
                try await t.subjects(to: "wojt@gmina.example") == [
                    "Otrzymaliśmy zgłoszenie: CUS krok po kroku – spotkanie dla gmin planujących centrum usług społecznych"
                ])
            let pending = try #require(try await Registration.query(on: t.db).filter(\.$email == "wojt@gmina.example").first())
            #expect(pending.state == .pending)

            let organiser = t.browser()
            try await organiser.login("wydarzenia@rops-poznan.example")
            let base = "/panel/events/\(context.eventID)/registrations"
            let list = try await organiser.get(base)
            #expect(list.body.string.contains("Czekają na akceptację"))
            try await organiser.get(base + "/\(pending.id!)")
            #expect(try await organiser.post(base + "/\(pending.id!)/accept", []).status == .seeOther)
            #expect(try await Registration.find(pending.id, on: t.db)?.state == .confirmed)
            #expect(try await t.subjects(to: "wojt@gmina.example").contains { $0.hasPrefix("Potwierdzenie udziału") })

            // Two forms that came by e-mail.
            for (n, address) in [(2, "sekretariat@gmina-a.example"), (3, "ops@gmina-b.example")] {
                try await organiser.get(base + "/new")
                var typed = participant(n, email: address)
                typed.append(("source", "email"))
                typed.append((yesNo.fieldName, "no"))
                #expect(try await organiser.post(base + "/new", typed).status == .seeOther)
                let r = try #require(try await Registration.query(on: t.db).filter(\.$email == address).first())
                #expect(r.source == .email)
                #expect(r.state == .confirmed)
            }
            // A duplicate typed in is refused like online.
            try await organiser.get(base + "/new")
            var dup = participant(9, email: "OPS@gmina-b.example")
            dup.append(("source", "paper"))
            dup.append((yesNo.fieldName, "no"))
            #expect(try await organiser.post(base + "/new", dup).status == .conflict)

            // Reject with a reason.
            var another = participant(4, email: "inna@gmina.example")
            another.append((yesNo.fieldName, "no"))
            try await browser.post("/events/\(Self.meeting)/register", another)
            let second = try #require(try await Registration.query(on: t.db).filter(\.$email == "inna@gmina.example").first())
            try await organiser.get(base + "/\(second.id!)")
            #expect(try await organiser.post(base + "/\(second.id!)/reject", [("reason", "")]).status == .unprocessableEntity)
            #expect(
                try await organiser.post(
                    base + "/\(second.id!)/reject",
                    [("reason", "Spotkanie tylko dla gmin z Wielkopolski."), ("confirmed", "yes")]
                )
                .status == .seeOther)
            let rejected = try #require(try await Registration.find(second.id, on: t.db))
            #expect(rejected.state == .rejected)
            let mail = try #require(
                try await OutboxMessage.query(on: t.db).filter(\.$recipient == "inna@gmina.example").filter(
                    \.$subject ~~ "nie zostało przyjęte"
                ).first())
            #expect(mail.textBody.contains("Spotkanie tylko dla gmin z Wielkopolski."))
            let detail = try await organiser.get(base + "/\(second.id!)").body.string
            #expect(detail.contains("oczekuje na akceptację → odrzucone"))
        }
    }

    @Test func waitingListPromotesAutomaticallyOrOffersWithADeadline() async throws {
        try await withTestApp { t in
            let context = try await t.configureRegistration(Self.forum, capacity: 2)
            let rule = try #require(context.workshops.first)
            let browser = t.browser()
            try await browser.get("/events/\(Self.forum)/register")
            for n in 1...4 {
                try await browser.post(
                    "/events/\(Self.forum)/register",
                    participant(n, workshops: [rule.fieldName: [rule.alternatives[0].uuidString]]))
            }
            func state(_ n: Int) async throws -> RegistrationState? {
                try await Registration.query(on: t.db).filter(\.$email == "osoba\(n)@test.example").first()?.state
            }
            #expect(try await state(1) == .confirmed)
            #expect(try await state(3) == .waitlisted)
            #expect(try await t.subjects(to: "osoba3@test.example") == ["Lista rezerwowa: Forum Usług Społecznych w Jaśminowie"])
            // A confirmed person cancels: the first on the list gets the seat and an e-mail.
            let link1 = try #require(try await t.lastLink(to: "osoba1@test.example"))
            try await t.follow(link1, then: "/cancel", [("confirmed", "yes")])
            #expect(try await state(3) == .confirmed)
            #expect(try await state(4) == .waitlisted)
            #expect(
                try await t.subjects(to: "osoba3@test.example").contains("Masz miejsce: Forum Usług Społecznych w Jaśminowie"))
            #expect(
                try await RegistrationWorkshop.query(on: t.db).join(
                    Registration.self, on: \RegistrationWorkshop.$registration.$id == \Registration.$id
                )
                .filter(Registration.self, \.$email == "osoba3@test.example").first()?.placement == .assigned)

            // Offer mode: the next seat is offered for 48 hours.
            _ = try await t.configureRegistration(Self.forum, capacity: 2, promotion: .offer, keepRegistrations: true)
            let link2 = try #require(try await t.lastLink(to: "osoba2@test.example"))
            try await t.follow(link2, then: "/cancel", [("confirmed", "yes")])
            #expect(try await state(4) == .offered)
            let offer = try #require(try await t.lastLink(to: "osoba4@test.example"))
            #expect(try await t.browser().get(offer).body.string.contains("Przyjmuję miejsce"))
            #expect(try await t.follow(offer, then: "/accept").status == .seeOther)
            #expect(try await state(4) == .confirmed)

            // An offer nobody takes expires and goes to the next person.
            try await browser.post(
                "/events/\(Self.forum)/register", participant(5, workshops: [rule.fieldName: [rule.alternatives[0].uuidString]]))
            try await browser.post(
                "/events/\(Self.forum)/register", participant(6, workshops: [rule.fieldName: [rule.alternatives[0].uuidString]]))
            let link3 = try #require(try await t.lastLink(to: "osoba3@test.example"))
            try await t.follow(link3, then: "/cancel", [("confirmed", "yes")])
            #expect(try await state(5) == .offered)
            t.advanceClock(49 * 3600)
            let result = try await RegistrationJobs.run(
                on: t.db, environment: .init(now: t.app.clock.now(), baseURL: t.app.config.baseURL))
            #expect(result.expiredOffers == 1)
            #expect(try await state(5) == .cancelled)
            #expect(try await state(6) == .offered)
            let confirmedOrOffered = try await Registration.query(on: t.db).filter(\.$event.$id == context.eventID).filter(
                \.$state ~~ [.confirmed, .offered]
            ).count()
            #expect(confirmedOrOffered == 2)
        }
    }

    @Test func forgedOrUnknownLinkChangesNothing() async throws {
        try await withTestApp { t in
            for path in [
                "/r/" + String(repeating: "a", count: 43), "/r/short",
                "/r/" + String(repeating: "a", count: 43) + "/calendar.ics",
            ] {
                let response = try await t.browser().get(path)
                #expect(response.status == .notFound)
                #expect(response.body.string.contains("Ten link nie działa"))
            }
            let before = try await Registration.query(on: t.db).filter(\.$state == .cancelled).count()
            let browser = t.browser()
            try await browser.get("/events/\(Self.forum)/register")
            #expect(
                try await browser.post("/r/" + String(repeating: "b", count: 43) + "/cancel", [], csrf: false).status
                    == .forbidden)
            #expect(try await browser.post("/r/" + String(repeating: "b", count: 43) + "/cancel", []).status == .notFound)
            #expect(try await Registration.query(on: t.db).filter(\.$state == .cancelled).count() == before)
        }
    }

    @Test func resendLinkNeverRevealsWhetherAnAddressIsRegistered() async throws {
        try await withTestApp { t in
            let rule = try #require(try await t.context(Self.forum).workshops.first)
            let browser = t.browser()
            try await browser.get("/events/\(Self.forum)/register")
            try await browser.post(
                "/events/\(Self.forum)/register", participant(1, workshops: [rule.fieldName: [rule.alternatives[0].uuidString]]))
            try await browser.get("/events/\(Self.forum)/link")
            let known = try await browser.post("/events/\(Self.forum)/link", [("email", "osoba1@test.example")])
            let unknown = try await browser.post("/events/\(Self.forum)/link", [("email", "nikt@test.example")])
            #expect(known.status == unknown.status)
            #expect(known.headers.first(name: .location) == unknown.headers.first(name: .location))
            #expect(
                try await t.subjects(to: "osoba1@test.example").contains(
                    "Twój link do zgłoszenia: Forum Usług Społecznych w Jaśminowie"))
            #expect(try await t.subjects(to: "nikt@test.example").isEmpty)
            // Both the old and the new link work.
            let links = try await OutboxMessage.query(on: t.db).filter(\.$recipient == "osoba1@test.example").all()
                .compactMap { m in
                    m.textBody.range(of: #"/r/[A-Za-z0-9_-]{40,}"#, options: .regularExpression).map { String(m.textBody[$0]) }
                }
            #expect(links.count == 2)
            for link in links { #expect(try await t.browser().get(link).status == .ok) }
        }
    }

    @Test func selfServiceStopsAtTheModificationDeadline() async throws {
        try await withTestApp { t in
            let rule = try #require(try await t.context(Self.forum).workshops.first)
            let settings = try #require(
                try await RegistrationSettings.query(on: t.db).filter(\.$event.$id == (try await t.event(Self.forum)).id!).first()
            )
            settings.modifyUntil = testStart.addingTimeInterval(3600)
            try await settings.update(on: t.db)
            let browser = t.browser()
            try await browser.get("/events/\(Self.forum)/register")
            try await browser.post(
                "/events/\(Self.forum)/register", participant(1, workshops: [rule.fieldName: [rule.alternatives[0].uuidString]]))
            let link = try #require(try await t.lastLink(to: "osoba1@test.example"))
            let person = t.browser()
            #expect(try await person.get(link).body.string.contains("Anuluj moje zgłoszenie"))  // opened before the deadline…
            t.advanceClock(7200)
            #expect(!(try await t.browser().get(link).body.string.contains("Anuluj moje zgłoszenie")))  // …and after it
            #expect(try await person.post(link + "/cancel", []).status == .conflict)
            #expect(try await Registration.query(on: t.db).filter(\.$email == "osoba1@test.example").first()?.state == .confirmed)
        }
    }
}

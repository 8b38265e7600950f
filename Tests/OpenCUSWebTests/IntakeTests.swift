import Fluent
import Foundation
import OpenCUSCore
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import OpenCUSWeb

extension TestApp {
    func inForceService(_ name: String) async throws -> ServiceDefinition {
        let programme = try #require(try await Programme.query(on: db).filter(\.$state == .inForce).first())
        return try #require(
            try await ServiceDefinition.query(on: db).filter(\.$programme.$id == programme.id!).filter(\.$name == name).first())
    }

    func cus() async throws -> Organisation {
        try #require(try await Organisation.query(on: db).filter(\.$slug == "cus-jasminowo").first())
    }

    /// An application typed in by staff, through the service (for filling places).
    @discardableResult
    func applicant(_ n: Int, services: [ServiceDefinition], email: String? = nil) async throws -> ServiceApplication {
        var form = ApplicationForm()
        form.firstName = "Mieszkanka"
        form.lastName = "Numer \(n)"
        form.birthDate = "1950-01-0\(n % 9 + 1)"
        form.city = "Jaśminowo"
        form.phone = "600 000 \(String(format: "%03d", n))"
        form.email = email ?? ""
        form.services = services.map { $0.id!.uuidString }
        form.situation = "Potrzebuję wsparcia."
        form.consentRodo = true
        let catalogue = try #require(try await Catalogue.load(try await cus(), on: db))
        let valid = try form.cleaned().validate(
            services: ApplicationFormView.rules(catalogue), gminaCity: "Jaśminowo",
            today: CalendarDay(app.clock.now(), in: WallClock.warsaw)
        ).get()
        return try await IntakeService.submit(
            form.cleaned(), valid: valid, channel: .phone, organisation: try await cus(), staff: nil,
            now: app.clock.now(), baseURL: configuration.baseURL, on: db
        ).application
    }

    func requested(_ application: ServiceApplication, _ service: ServiceDefinition) async throws -> RequestedService {
        try #require(
            try await RequestedService.query(on: db).filter(\.$application.$id == application.id!).filter(
                \.$service.$id == service.id!
            ).first())
    }

    func coordinatorActor() async throws -> AuditActor {
        AuditActor(
            userID: try await userID("koordynator@cus-jasminowo.example"), name: "Agnieszka Wójcik",
            organisationID: try await cus().id,
            roles: [.ipusCoordinator], address: nil)
    }
}

/// Applications from the resident's form to qualification, the reserve list, a freed place
/// and a refusal decision; and the race for the last place.
@Suite struct IntakeTests {
    @Test func residentAppliesCoordinatorQualifiesReservesAndAFreedPlaceGoesToTheNextPerson() async throws {
        try await withTestApp(.demoWithoutIntake) { t in
            let respite = try await t.inForceService("Opieka wytchnieniowa")  // 8 places
            let psychology = try await t.inForceService("Konsultacje psychologiczne")
            let coordinator = try await t.coordinatorActor()
            let cus = try await t.cus()
            // Eight people already use respite care: it is full.
            var enrolled: [ServiceApplication] = []
            for n in 1...8 {
                let a = try await t.applicant(n, services: [respite])
                try await IntakeService.qualify(
                    try await t.requested(a, respite).id!, startDay: CalendarDay(iso: "2026-12-01")!, staff: coordinator,
                    organisationID: cus.id!, now: t.app.clock.now(), on: t.db)
                enrolled.append(a)
            }

            // The resident applies online for two services; bad input first.
            let resident = t.browser()
            let form = try await resident.get("/services/cus-jasminowo/apply")
            #expect(form.status == .ok && form.body.string.contains("Opieka wytchnieniowa"))
            func fields(birth: String, pesel: String, postcode: String, consent: Bool) -> [(String, String)] {
                [
                    ("applicantRole", "person"), ("firstName", "Helena"), ("lastName", "Wiśniewska"), ("birthDate", birth),
                    ("pesel", pesel), ("street", "ul. Lipowa 7"), ("postcode", postcode), ("city", "Jaśminowo"),
                    ("phone", "600 100 200"),
                    ("email", "helena.w@przyklad.example"), ("situation", "<script>alert('x')</script> Opiekuję się mężem."),
                    ("services[]", respite.id!.uuidString), ("services[]", psychology.id!.uuidString),
                    // Typed while "a representative" was chosen, then the resident chose "myself": the
                    // hidden fields are not stored.
                    ("representativeName", "Jan Pełnomocnik"),
                ] + (consent ? [("consentRodo", "on")] : []) + [("rodoVersion", "1")]
            }
            let refused = try await resident.post(
                "/services/cus-jasminowo/apply",
                fields(birth: "2030-01-01", pesel: "44051401358", postcode: "62999", consent: false))
            #expect(refused.status == .unprocessableEntity)
            for message in ["przyszłości", "cyfrę kontrolną", "00-000", "klauzulą informacyjną"] {
                #expect(refused.body.string.contains(message), "\(message)")
            }
            #expect(refused.body.string.contains("value=\"Wiśniewska\"") && !refused.body.string.contains("<script>alert"))
            #expect(try await ServiceApplication.query(on: t.db).count() == 8, "nothing stored")
            let done = try await resident.post(
                "/services/cus-jasminowo/apply",
                fields(birth: "1944-05-14", pesel: "44051401359", postcode: "62-999", consent: true))
            #expect(done.status == .seeOther)
            let application = try #require(try await ServiceApplication.query(on: t.db).filter(\.$channel == .online).first())
            #expect(application.number == "W/2026/0009" && application.receivedAt == t.app.clock.now())
            #expect(application.representativeName.isEmpty)
            #expect(form.body.string.contains("data-show-if=\"applicantRole=representative,carer\""))
            let stored = try #require(try await Person.find(application.$person.id, on: t.db))
            #expect(
                stored.pesel == "44051401359" && application.situation.contains("<script>"), "stored as typed, rendered escaped")
            let mail = try #require(
                try await OutboxMessage.query(on: t.db).filter(\.$recipient == "helena.w@przyklad.example").first())
            #expect(mail.subject.contains("W/2026/0009"))
            let link = String(try #require(mail.textBody.firstMatch(of: /\/s\/[A-Za-z0-9_-]{40,}/)).output)

            // The coordinator sees it on the dashboard and opens it (audited).
            let staff = t.browser()
            try await staff.login("koordynator@cus-jasminowo.example")
            #expect(try await staff.get("/panel/applications").body.string.contains("W/2026/0009"))
            let page = try await staff.get("/panel/applications/\(application.id!)")
            #expect(
                page.status == .ok && page.body.string.contains("Helena Wiśniewska")
                    && page.body.string.contains("&lt;script&gt;"))
            #expect(try await t.audit(action: .view, subject: stored.id).count == 1)
            let wanted = try await t.requested(application, respite)
            let consult = try await t.requested(application, psychology)
            let base = "/panel/applications/\(application.id!)/services"
            #expect(try await staff.post("\(base)/\(consult.id!)/qualify", [("startDay", "2026-12-02")]).status == .seeOther)
            let full = try await staff.post("\(base)/\(wanted.id!)/qualify", [("startDay", "2026-12-02")])
            #expect(
                full.status == .conflict && full.body.string.contains("brak wolnych miejsc")
                    && full.body.string.contains("listę rezerwową"))
            #expect(try await staff.post("\(base)/\(wanted.id!)/reserve", [("criteria[]", "0")]).status == .seeOther)
            let later = try await t.applicant(20, services: [respite])
            try await IntakeService.reserve(
                try await t.requested(later, respite).id!, criteria: [], staff: coordinator, organisationID: cus.id!,
                now: t.app.clock.now(), on: t.db)

            // The resident sees their position; a forged link shows nothing.
            #expect(try await resident.get(link).body.string.contains("lista rezerwowa, miejsce 1"))
            #expect(try await t.browser().get("/s/zmyslony-link-zmyslony-link-zmyslony-link-00").status == .notFound)
            let reserve = try await staff.get("/panel/reserve/\(respite.id!)")
            #expect(reserve.body.string.contains("W/2026/0009") && reserve.body.string.contains("opiekunowie osób z orzeczeniem"))

            // A place frees up: it is offered to the first person on the list and held for them.
            let leaving = try #require(
                try await Enrolment.query(on: t.db).filter(\.$service.$id == respite.id!).filter(\.$active == true).first())
            let owner = try #require(try await RequestedService.find(leaving.$requested.id, on: t.db))
            #expect(
                try await staff.post(
                    "/panel/applications/\(owner.$application.id)/enrolments/\(leaving.id!)/end", [("reason", "przeprowadzka")]
                ).status == .seeOther)
            #expect(try await RequestedService.find(wanted.id, on: t.db)?.offeredAt != nil)
            #expect(try await RequestedService.find(try await t.requested(later, respite).id, on: t.db)?.offeredAt == nil)
            #expect(try await resident.get(link).body.string.contains("zwolniło się miejsce"))
            #expect(try await t.subjects(to: "helena.w@przyklad.example").contains { $0.contains("zwolniło się miejsce") })
            // The person holding the offer is shown apart; the header, the queue's heading and its rows agree.
            let list = try await staff.get("/panel/reserve/\(respite.id!)").body.string
            let queued = try await RequestedService.query(on: t.db).filter(\.$service.$id == respite.id!)
                .filter(\.$outcome == .reserve).filter(\.$offeredAt == nil).count()
            let offersSection = try #require(list.components(separatedBy: "Zaproponowano zwolnione miejsce (1)").last)
            let queueSection = try #require(offersSection.components(separatedBy: "Kolejka (\(queued))").last)
            #expect(offersSection.components(separatedBy: "Kolejka")[0].contains(application.number))
            #expect(!queueSection.contains(application.number))
            #expect(queueSection.components(separatedBy: "<tr><td>").count - 1 == queued)
            #expect(list.contains("lista rezerwowa: \(PolishPlural.person.phrase(queued))") || queued == 0)
            #expect(list.contains("Kolejność: najpierw osoby spełniające kryteria pierwszeństwa programu"))
            let newcomer = try await t.applicant(30, services: [respite])
            await #expect(throws: IntakeError.self) {
                try await IntakeService.qualify(
                    try await t.requested(newcomer, respite).id!, startDay: CalendarDay(iso: "2026-12-05")!, staff: coordinator,
                    organisationID: cus.id!, now: t.app.clock.now(), on: t.db)
            }
            #expect(
                try await staff.post("\(base)/\(wanted.id!)/qualify", [("startDay", "2026-12-05")]).status == .seeOther,
                "staff confirm the offer")
            #expect(try await IntakeQueries.availabilities([respite], on: t.db)[respite.id!]?.inUse == 8)
            let history = try await staff.get("/panel/applications/\(application.id!)").body.string
            #expect(
                history.contains("wpisano na listę rezerwową") && history.contains("zwolniło się miejsce")
                    && history.contains("Agnieszka Wójcik"))
        }
    }

    @Test func refusalIsANumberedDecisionPrintedAsALetter() async throws {
        try await withTestApp(.demoWithoutIntake) { t in
            let sport = try await t.inForceService("Poradnictwo mieszkaniowe")
            let first = try await t.applicant(1, services: [sport])
            let second = try await t.applicant(2, services: [sport])
            let staff = t.browser()
            try await staff.login("organizator@cus-jasminowo.example")
            let r1 = try await t.requested(first, sport)
            let incomplete = try await staff.post(
                "/panel/applications/\(first.id!)/services/\(r1.id!)/refuse",
                [("legalBasis", "art. 17"), ("reasons", ""), ("signatoryName", "Barbara Zielińska")])
            #expect(incomplete.status == .unprocessableEntity && incomplete.body.string.contains("uzasadnienie"))
            // The refused form opens again with what was typed, its messages beside the fields and
            // listed at the top with links to them; the other services' forms keep their defaults.
            let html = incomplete.body.string
            #expect(html.contains(">art. 17</textarea>") && html.contains("value=\"Barbara Zielińska\""))
            #expect(html.contains("<details open>"))
            #expect(html.contains("href=\"#reasons-\(r1.id!.uuidString)\""))
            #expect(html.contains("aria-describedby=\"reasons-\(r1.id!.uuidString)-error\""))
            let fields = [
                ("legalBasis", "art. 17 ust. 3 ustawy o realizowaniu usług społecznych przez centrum usług społecznych"),
                ("reasons", "Osoba nie spełnia warunku wieku określonego w programie."),
                ("appealBody", "Samorządowego Kolegium Odwoławczego w Kaliszu"),
                ("signatoryName", "Barbara Zielińska"), ("signatoryFunction", "Dyrektor Centrum Usług Społecznych"),
                ("confirmed", "yes"),
            ]
            // A complete form is asked about first: who, which letter; nothing is issued yet.
            let question = try await staff.post(
                "/panel/applications/\(first.id!)/services/\(r1.id!)/refuse", fields.filter { $0.0 != "confirmed" })
            #expect(question.status == .ok && question.body.string.contains("Odmówić usługi „Poradnictwo mieszkaniowe”?"))
            #expect(question.body.string.contains("Tak, wydaj decyzję odmowną"))
            #expect(try await RefusalDecision.query(on: t.db).count() == 0)
            #expect(try await t.requested(first, sport).outcome == .requested)
            let letter = try await staff.post("/panel/applications/\(first.id!)/services/\(r1.id!)/refuse", fields)
            #expect(letter.status == .seeOther)
            let page = try await staff.get(try #require(letter.headers.first(name: .location)))
            #expect(page.status == .ok && page.body.string.contains("Decyzja nr 1/2026/CUS-JASMINOWO"))
            #expect(
                page.body.string.contains("odmawiam przyznania usługi „Poradnictwo mieszkaniowe”")
                    && page.body.string.contains("w terminie 14 dni od dnia jej doręczenia"))
            let r2 = try await t.requested(second, sport)
            #expect(
                try await staff.post("/panel/applications/\(second.id!)/services/\(r2.id!)/refuse", fields).status == .seeOther)
            #expect(
                Set(try await RefusalDecision.query(on: t.db).all().map(\.number)) == [
                    "1/2026/CUS-JASMINOWO", "2/2026/CUS-JASMINOWO",
                ])
            #expect(
                try await staff.post("/panel/applications/\(second.id!)/services/\(r2.id!)/qualify", [("startDay", "2026-12-01")])
                    .status == .conflict,
                "one outcome per service")
            #expect(try await t.audit(action: .print).contains { $0.record_type == "decision" })
            // Another organisation cannot reach the letter or the application.
            let stranger = t.browser()
            try await stranger.login("iod@rops-poznan.example")
            let decision = try #require(try await RefusalDecision.query(on: t.db).first())
            #expect(try await stranger.get("/panel/decisions/\(decision.id!)").status == .forbidden)
            let poznan = t.browser()
            try await StaffAccounts.add(
                email: "przyjecia@rops-poznan.example", name: "Przyjęcia Poznań", organisationSlug: "rops-poznan",
                role: "services_organiser", password: { DemoData.password }, on: t.app)
            try await poznan.login("przyjecia@rops-poznan.example")
            #expect(try await poznan.get("/panel/decisions/\(decision.id!)").status == .notFound)
            #expect(try await poznan.get("/panel/applications/\(first.id!)").status == .notFound)
        }
    }

    @Test func residentWithdrawsThroughTheLinkAndTheHeldPlaceMovesOn() async throws {
        try await withTestApp(.demoWithoutIntake) { t in
            let service = try await t.inForceService("Opieka wytchnieniowa")
            let coordinator = try await t.coordinatorActor()
            let cus = try await t.cus()
            try await t.db.sql().raw("UPDATE service_definitions SET places = 1 WHERE id = \(bind: service.id!)").run()
            let holder = try await t.applicant(1, services: [service])
            try await IntakeService.qualify(
                try await t.requested(holder, service).id!, startDay: CalendarDay(iso: "2026-12-01")!, staff: coordinator,
                organisationID: cus.id!, now: t.app.clock.now(), on: t.db)
            let first = try await t.applicant(2, services: [service], email: "pierwsza@przyklad.example")
            t.advanceClock(60)  // arrival order decides between equals
            let second = try await t.applicant(3, services: [service], email: "druga@przyklad.example")
            for a in [first, second] {
                try await IntakeService.reserve(
                    try await t.requested(a, service).id!, criteria: [], staff: coordinator, organisationID: cus.id!,
                    now: t.app.clock.now(), on: t.db)
            }
            let enrolment = try #require(
                try await Enrolment.query(on: t.db).filter(\.$active == true).filter(\.$service.$id == service.id!).first())
            try await IntakeService.endEnrolment(
                enrolment.id!, reason: "", staff: coordinator, organisationID: cus.id!, now: t.app.clock.now(), on: t.db)
            #expect(try await t.requested(first, service).offeredAt != nil)
            let mail = try #require(
                try await OutboxMessage.query(on: t.db).filter(\.$recipient == "pierwsza@przyklad.example").first())
            let link = String(try #require(mail.textBody.firstMatch(of: /\/s\/[A-Za-z0-9_-]{40,}/)).output)
            let person = t.browser()
            try await person.get(link)
            let r = try await t.requested(first, service)
            let withdrawn = try await person.post(link + "/withdraw/\(r.id!)", [("confirmed", "yes")])
            #expect(withdrawn.status == .seeOther)
            let tracking = try await person.get(try #require(withdrawn.headers.first(name: .location))).body.string
            #expect(tracking.contains("Wycofano"))
            // The CUS's own office, not the operator's: the number to call and the address.
            #expect(
                tracking.contains("<a href=\"tel:+48620000000\">+48 62 000 00 00</a>")
                    && tracking.contains("ul. Ogrodowa 5, 62-999 Jaśminowo"))
            #expect(try await t.requested(first, service).outcome == .withdrawn)
            #expect(try await t.requested(second, service).offeredAt != nil, "the held place goes to the next person")
            // Someone else's service id through this link: not found.
            #expect(
                try await person.post(link + "/withdraw/\(try await t.requested(second, service).id!)", []).status == .notFound)
        }
    }

    @Test func twoCoordinatorsNeverBothTakeTheLastPlace() async throws {
        try await withTestApp(.demoWithoutIntake) { t in
            let service = try await t.inForceService("Edukacja cyfrowa dla dorosłych")
            try await t.db.sql().raw("UPDATE service_definitions SET places = 3 WHERE id = \(bind: service.id!)").run()
            let coordinator = try await t.coordinatorActor()
            let cus = try await t.cus()
            var requested: [UUID] = []
            for n in 1...16 {
                requested.append(try await t.requested(try await t.applicant(n, services: [service]), service).id!)
            }
            let db = t.db
            let now = t.app.clock.now()
            let results = try await withThrowingTaskGroup(of: Bool.self) { group in
                for id in requested {
                    group.addTask {
                        do {
                            try await IntakeService.qualify(
                                id, startDay: CalendarDay(iso: "2026-12-01")!, staff: coordinator, organisationID: cus.id!,
                                now: now, on: db)
                            return true
                        } catch IntakeError.full {
                            return false
                        }
                    }
                }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(results.filter { $0 }.count == 3)
            #expect(
                try await Enrolment.query(on: t.db).filter(\.$service.$id == service.id!).filter(\.$active == true).count() == 3)
            #expect(
                try await RequestedService.query(on: t.db).filter(\.$service.$id == service.id!).filter(\.$outcome == .qualified)
                    .count() == 3)
        }
    }
}

import Fluent
import Foundation
import OpenCUSCore
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import OpenCUSWeb

/// Needs assessment and the IPUS clock, routing with consent, appeals, the CUS's own deadlines
/// and RODO clause, the person registry with duplicates, and availability for residents.
@Suite struct CaseworkTests {
    func ids(_ t: TestApp, _ application: ServiceApplication, _ service: ServiceDefinition) async throws -> (String, String) {
        (application.id!.uuidString, try await t.requested(application, service).id!.uuidString)
    }

    @Test func coordinatorSchedulesAndRecordsTheAssessmentAndTheIpusClockRuns() async throws {
        try await withTestApp(.demoWithoutIntake) { t in
            let care = try await t.inForceService("Usługi opiekuńcze w miejscu zamieszkania")
            let a = try await t.applicant(1, services: [care])
            let staff = t.browser()
            try await staff.login("koordynator@cus-jasminowo.example")
            let dashboard = try await staff.get("/panel/applications")
            #expect(dashboard.body.string.contains("<span class=\"counter-value\" id=\"count-schedule\">1</span>"))
            #expect(dashboard.body.string.contains("do zaplanowania"))

            // Bad input: nothing given; a date before the application; the result dated in the future without findings.
            let path = "/panel/applications/\(a.id!)/assessment"
            let empty = try await staff.post(path, [("place", "centre")])
            #expect(empty.status == .unprocessableEntity && empty.body.string.contains("Podaj termin rozmowy albo"))
            let early = try await staff.post(
                path, [("scheduledOn", "2026-01-01"), ("place", "home"), ("placeNote", "ul. Lipowa 7 <b>")])
            #expect(early.status == .unprocessableEntity && early.body.string.contains("przed wpływem wniosku"))
            #expect(early.body.string.contains("value=\"ul. Lipowa 7 &lt;b&gt;\""), "typed value kept, escaped")
            let future = try await staff.post(path, [("place", "centre"), ("doneOn", "2027-01-05"), ("ipusNeeded", "on")])
            #expect(
                future.status == .unprocessableEntity && future.body.string.contains("z przyszłości")
                    && future.body.string.contains("Opisz ustalenia"))
            #expect(try await NeedsAssessment.query(on: t.db).count() == 0)

            // Scheduled: no longer "to schedule".
            let scheduled = try await staff.post(
                path, [("scheduledOn", "2026-11-20"), ("place", "home"), ("placeNote", "ul. Lipowa 7")])
            #expect(scheduled.status == .seeOther)
            let page = try await staff.get("/panel/applications/\(a.id!)")
            #expect(
                page.body.string.contains("Rozmowa zaplanowana na 20 listopada 2026 (w miejscu zamieszkania osoby, ul. Lipowa 7)")
            )
            #expect(try await staff.get("/panel/applications").body.string.contains("id=\"count-schedule\">0</span>"))

            // Two days later: done, an IPUS is needed — 30 days from the application (18 Nov → 18 Dec).
            t.advanceClock(2 * 86_400)
            try await staff.login("koordynator@cus-jasminowo.example")
            let done = try await staff.post(
                path,
                [
                    ("scheduledOn", "2026-11-20"), ("place", "home"), ("doneOn", "2026-11-20"),
                    ("findings", "Potrzebna pomoc w codziennych czynnościach i wsparcie psychologiczne dla żony."),
                    ("ipusNeeded", "on"),
                ])
            #expect(done.status == .seeOther)
            let stored = try #require(try await NeedsAssessment.query(on: t.db).first())
            #expect(stored.ipusNeeded && stored.ipusDue?.iso == "2026-12-18" && stored.doneOn?.iso == "2026-11-20")
            let after = try await staff.get("/panel/applications/\(a.id!)").body.string
            #expect(after.contains("IPUS do opracowania do 18 grudnia 2026: w terminie (28 dni)"))
            #expect(after.contains("Przeprowadzono ocenę potrzeb 20 listopada 2026"), "history")
            var board = try await staff.get("/panel/applications").body.string
            #expect(board.contains("IPUS do opracowania") && board.contains("ocena przeprowadzona 20 listopada 2026"))
            #expect(board.contains("w terminie (28 dni)"))
            // Past the deadline the dashboard says so.
            t.advanceClock(30 * 86_400)
            try await staff.login("koordynator@cus-jasminowo.example")
            board = try await staff.get("/panel/applications").body.string
            #expect(board.contains("po terminie (2 dni)"))
            #expect(try await t.audit(action: .update, subject: a.$person.id).contains { $0.detail == "ocena potrzeb" })
        }
    }

    @Test func theCountersLinkToListsOfApplicationsNearAndPastTheirDeadline() async throws {
        try await withTestApp(.demoWithoutIntake) { t in
            let club = try await t.inForceService("Klub Seniora „Pogodna Jesień”")
            let early = try await t.applicant(1, services: [club])  // 18 Nov: assessment due 2 Dec
            t.advanceClock(12 * 86_400)
            let waiting = try await t.applicant(2, services: [club])  // 30 Nov: due 14 Dec
            let planned = try await t.applicant(3, services: [club])
            let staff = t.browser()
            try await staff.login("koordynator@cus-jasminowo.example")
            #expect(
                try await staff.post(
                    "/panel/applications/\(planned.id!)/assessment", [("scheduledOn", "2026-12-03"), ("place", "centre")]
                ).status == .seeOther)
            func listed(_ query: String) async throws -> (String, [String]) {
                let body = try await staff.get("/panel/applications" + query).body.string
                let list = body.components(separatedBy: "<h2 id=\"list-heading\">")[1].components(separatedBy: "<h2>IPUS")[0]
                return (body, [early, waiting, planned].filter { list.contains($0.number) }.map(\.number))
            }
            var (body, numbers) = try await listed("?show=soon")
            #expect(
                numbers == [early.number] && body.contains("Termin oceny potrzeb mija w ciągu 3 dni")
                    && body.contains("aria-current=\"page\"><span class=\"counter-value\" id=\"count-soon\">1"))
            (body, numbers) = try await listed("?show=schedule")
            #expect(numbers == [early.number, waiting.number], "the planned one is not to schedule")
            (body, numbers) = try await listed("?show=overdue")
            #expect(numbers.isEmpty && body.contains("Brak wniosków w tej grupie."))
            (body, numbers) = try await listed("?show=<script>")
            #expect(numbers == [early.number, waiting.number, planned.number], "an unknown group lists everything")
            // Three days on, the first is past its deadline and no longer "soon".
            t.advanceClock(3 * 86_400)
            try await staff.login("koordynator@cus-jasminowo.example")
            (body, numbers) = try await listed("?show=overdue")
            #expect(
                numbers == [early.number] && body.contains("id=\"count-overdue\">1</span>")
                    && body.contains("po terminie (1 dzień)"))
            (_, numbers) = try await listed("?show=soon")
            #expect(numbers.isEmpty)
        }
    }

    @Test func routingNeedsConsentAndFreesAHeldPlace() async throws {
        try await withTestApp(.demoWithoutIntake) { t in
            let respite = try await t.inForceService("Opieka wytchnieniowa")  // 8 places
            let coordinator = try await t.coordinatorActor()
            let cus = try await t.cus()
            var enrolled: [ServiceApplication] = []
            for n in 1...8 {
                let a = try await t.applicant(n, services: [respite])
                try await IntakeService.qualify(
                    try await t.requested(a, respite).id!, startDay: CalendarDay(iso: "2026-12-01")!, staff: coordinator,
                    organisationID: cus.id!, now: t.app.clock.now(), on: t.db)
                enrolled.append(a)
            }
            t.advanceClock(60)
            let waiting1 = try await t.applicant(9, services: [respite], email: "dziewiata@przyklad.example")
            t.advanceClock(60)
            let waiting2 = try await t.applicant(10, services: [respite])
            for w in [waiting1, waiting2] {
                try await IntakeService.reserve(
                    try await t.requested(w, respite).id!, criteria: [], staff: coordinator, organisationID: cus.id!,
                    now: t.app.clock.now(), on: t.db)
            }
            // A place frees: offered to person 9, who then prefers another unit's support.
            let enrolment = try #require(
                try await Enrolment.query(on: t.db).filter(\.$requested.$id == (try await t.requested(enrolled[0], respite)).id!)
                    .first())
            try await IntakeService.endEnrolment(
                enrolment.id!, reason: "przeprowadzka", staff: coordinator, organisationID: cus.id!, now: t.app.clock.now(),
                on: t.db)
            #expect(try await t.requested(waiting1, respite).offeredAt != nil)

            let staff = t.browser()
            try await staff.login("koordynator@cus-jasminowo.example")
            let (aid, rid) = try await ids(t, waiting1, respite)
            let noConsent = try await staff.post(
                "/panel/applications/\(aid)/services/\(rid)/route", [("unit", "Powiatowe Centrum Pomocy Rodzinie")])
            #expect(noConsent.status == .unprocessableEntity && noConsent.body.string.contains("wymaga zgody wnioskodawcy"))
            #expect(noConsent.body.string.contains("value=\"Powiatowe Centrum Pomocy Rodzinie\""), "typed unit kept")
            #expect(try await t.requested(waiting1, respite).outcome == .reserve)
            let routed = try await staff.post(
                "/panel/applications/\(aid)/services/\(rid)/route",
                [("unit", "Powiatowe Centrum Pomocy Rodzinie"), ("consent", "on")])
            #expect(routed.status == .seeOther)
            let r = try await t.requested(waiting1, respite)
            #expect(r.outcome == .routed && r.routedTo == "Powiatowe Centrum Pomocy Rodzinie" && r.routingConsentAt != nil)
            #expect(try await t.requested(waiting2, respite).offeredAt != nil, "the held place went to the next person")
            #expect(
                try await OutboxMessage.query(on: t.db).filter(\.$recipient == "dziewiata@przyklad.example").filter(
                    \.$subject ~~ "przekazanie"
                ).count() == 1)
            let again = try await staff.post(
                "/panel/applications/\(aid)/services/\(rid)/route", [("unit", "Inna"), ("consent", "on")])
            #expect(again.status == .conflict)
        }
    }

    @Test func decisionDeliveryStartsTheAppealPeriodAndTheCaseShowsTheAppeal() async throws {
        try await withTestApp(.demoWithoutIntake) { t in
            let club = try await t.inForceService("Klub Seniora „Pogodna Jesień”")
            let a = try await t.applicant(1, services: [club])
            let staff = t.browser()
            try await staff.login("koordynator@cus-jasminowo.example")
            let (aid, rid) = try await ids(t, a, club)
            let refusal = try await staff.post(
                "/panel/applications/\(aid)/services/\(rid)/refuse",
                [
                    ("legalBasis", "art. 17 ust. 3 ustawy"), ("reasons", "Osoba nie spełnia kryterium wieku."),
                    ("appealBody", "Samorządowego Kolegium Odwoławczego w Kaliszu"),
                    ("signatoryName", "Barbara Zielińska"), ("signatoryFunction", "Dyrektor"), ("confirmed", "yes"),
                ])
            #expect(refusal.status == .seeOther)
            let decision = try #require(try await RefusalDecision.query(on: t.db).first())
            let path = "/panel/decisions/\(decision.id!)"
            #expect(try await staff.get(path).body.string.contains("nie doręczono"))
            let bad = try await staff.post(path + "/appeal", [("deliveredOn", "2027-02-01"), ("appealResult", "upheld")])
            #expect(
                bad.status == .unprocessableEntity && bad.body.string.contains("nie może być w przyszłości")
                    && bad.body.string.contains("po dacie jego wniesienia"))
            #expect(bad.body.string.contains("value=\"2027-02-01\""))
            t.advanceClock(3 * 86_400)
            try await staff.login("koordynator@cus-jasminowo.example")
            #expect(try await staff.post(path + "/appeal", [("deliveredOn", "2026-11-20")]).status == .seeOther)
            #expect(try await staff.get(path).body.string.contains("biegnie termin na odwołanie (do 4 grudnia 2026)"))
            t.advanceClock(20 * 86_400)
            try await staff.login("koordynator@cus-jasminowo.example")
            #expect(try await staff.get("/panel/decisions").body.string.contains("decyzja ostateczna od 5 grudnia 2026"))
            // An appeal arrived in time after all (sent by post): recorded, then decided.
            #expect(
                try await staff.post(path + "/appeal", [("deliveredOn", "2026-11-20"), ("appealLodgedOn", "2026-12-03")]).status
                    == .seeOther)
            #expect(try await staff.get("/panel/applications/\(aid)").body.string.contains("odwołanie wniesione 3 grudnia 2026"))
            #expect(
                try await staff.post(
                    path + "/appeal",
                    [
                        ("deliveredOn", "2026-11-20"), ("appealLodgedOn", "2026-12-03"), ("appealResult", "quashed"),
                        ("appealResultOn", "2026-12-10"),
                    ]
                ).status == .seeOther)
            #expect(try await staff.get(path).body.string.contains("organ odwoławczy uchylił decyzję (10 grudnia 2026)"))
            let history = try await ApplicationEvent.query(on: t.db).filter(\.$application.$id == a.id!).all().map(\.what)
            #expect(
                history.contains { $0.contains("doręczenie: 20 listopada 2026") } && history.contains { $0.contains("uchylił") })
        }
    }

    @Test func whenTheCusSaysRefusalIsNoDecisionTheLetterIsANoticeWithoutAppeal() async throws {
        try await withTestApp(.demoWithoutIntake) { t in
            let club = try await t.inForceService("Klub Seniora „Pogodna Jesień”")
            let first = try await t.applicant(1, services: [club])
            let second = try await t.applicant(2, services: [club])
            let director = t.browser()
            try await director.login("dyrektor@cus-jasminowo.example")
            #expect(
                try await director.get("/panel/applications/settings").body.string.contains(
                    "id=\"refusalIsDecision\" name=\"refusalIsDecision\" value=\"on\" aria-describedby=\"refusalIsDecision-hint\" checked"
                ))
            let clause = EffectiveIntakeSettings.defaultClause(
                try #require(try await Organisation.query(on: t.db).filter(\.$slug == "cus-jasminowo").first()))
            let settings: [(String, String)] = [
                ("assessmentDays", "14"), ("ipusDays", "30"), ("appealDays", "14"),
                ("appealBody", "Samorządowego Kolegium Odwoławczego w Kaliszu"),
                ("rodoClause", clause),
            ]
            // The checkbox left unticked: refusals become notices.
            #expect(try await director.post("/panel/applications/settings", settings).status == .seeOther)
            #expect(try await ApplicationClauseVersion.query(on: t.db).count() == 0, "the same clause is not a new version")

            let (aid, rid) = try await ids(t, first, club)
            let page = try await director.get("/panel/applications/\(aid)")
            #expect(page.body.string.contains("Wydaj informację o odmowie") && !page.body.string.contains("name=\"appealBody\""))
            let refused = try await director.post(
                "/panel/applications/\(aid)/services/\(rid)/refuse",
                [
                    ("legalBasis", "§ 4 programu usług społecznych"),
                    ("reasons", "Brak wolnych miejsc i kryterium wieku niespełnione."), ("signatoryName", "Barbara Zielińska"),
                    ("signatoryFunction", "Dyrektor"), ("confirmed", "yes"),
                ])
            #expect(refused.status == .seeOther)
            let notice = try #require(try await RefusalDecision.query(on: t.db).first())
            #expect(
                notice.kind == .notice && notice.sequence == 1
                    && notice.appealInstruction.contains("nie przysługuje od niej odwołanie"))
            let letter = try await director.get("/panel/decisions/\(notice.id!)").body.string
            #expect(
                letter.contains("<h1>Informacja o odmowie nr \(notice.number)</h1>")
                    && letter.contains("usługa nie została przyznana"))
            #expect(
                !letter.contains("odmawiam przyznania") && !letter.contains("name=\"deliveredOn\"")
                    && letter.contains("informacja o odmowie (bez odwołania)"))
            #expect(
                try await director.post("/panel/decisions/\(notice.id!)/appeal", [("deliveredOn", "2026-11-18")]).status
                    == .conflict)
            #expect(try await RefusalDecision.find(notice.id, on: t.db)?.deliveredOn == nil)
            // A notice is no archival hold on erasure (a decision is).
            let record = try #require(
                try await PersonRecords.load(ids: [first.$person.id], organisationID: first.$organisation.id, on: t.db).first)
            #expect(record.hold == nil)

            // Ticked again: the next refusal is a decision, numbered on in the same register; the notice keeps its form.
            #expect(
                try await director.post("/panel/applications/settings", settings + [("refusalIsDecision", "on")]).status
                    == .seeOther)
            let (aid2, rid2) = try await ids(t, second, club)
            let missing = try await director.post(
                "/panel/applications/\(aid2)/services/\(rid2)/refuse",
                [
                    ("legalBasis", "art. 17 ust. 3 ustawy"),
                    ("reasons", "Kryterium wieku."), ("signatoryName", "Barbara Zielińska"), ("signatoryFunction", "Dyrektor"),
                ])
            #expect(
                missing.status == .unprocessableEntity && missing.body.string.contains("Podaj organ odwoławczy"),
                "a decision needs its appeal body")
            #expect(
                try await director.post(
                    "/panel/applications/\(aid2)/services/\(rid2)/refuse",
                    [
                        ("legalBasis", "art. 17 ust. 3 ustawy"),
                        ("reasons", "Kryterium wieku."), ("appealBody", "Samorządowego Kolegium Odwoławczego w Kaliszu"),
                        ("signatoryName", "Barbara Zielińska"),
                        ("signatoryFunction", "Dyrektor"), ("confirmed", "yes"),
                    ]
                ).status == .seeOther)
            let register = try await director.get("/panel/decisions").body.string
            #expect(
                register.contains("<td>Informacja o odmowie</td>") && register.contains("<td>Decyzja</td>")
                    && register.contains("nie doręczono"))
            let both = try await RefusalDecision.query(on: t.db).sort(\.$sequence).all()
            #expect(both.map(\.sequence) == [1, 2] && both.map(\.kind) == [.notice, .decision])
        }
    }

    @Test func theCusSetsItsDeadlinesAndClauseAndEachApplicationKeepsTheVersionItAccepted() async throws {
        try await withTestApp(.demoWithoutIntake) { t in
            let club = try await t.inForceService("Klub Seniora „Pogodna Jesień”")
            let director = t.browser()
            try await director.login("dyrektor@cus-jasminowo.example")
            let form = try await director.get("/panel/applications/settings")
            #expect(form.status == .ok && form.body.string.contains("value=\"14\"") && form.body.string.contains("wersja 1"))
            let bad = try await director.post(
                "/panel/applications/settings",
                [
                    ("assessmentDays", "0"), ("ipusDays", "abc"), ("appealDays", "14"),
                    ("appealBody", ""), ("rodoClause", "krótko"),
                ])
            #expect(bad.status == .unprocessableEntity)
            for message in ["od 1 do 90", "Termin opracowania IPUS", "organ odwoławczy", "co najmniej 200 znaków"] {
                #expect(bad.body.string.contains(message), "\(message)")
            }
            #expect(bad.body.string.contains(">krótko</textarea>"))
            #expect(try await IntakeSettings.query(on: t.db).count() == 0)

            // The resident opens the form (clause version 1) while the director changes the clause.
            let resident = t.browser()
            let apply = try await resident.get("/services/cus-jasminowo/apply")
            #expect(apply.body.string.contains("name=\"rodoVersion\" value=\"1\""))
            let clause = String(
                repeating: "Administratorem danych jest CUS Jaśminowo. Inspektor: iod@cus-jasminowo.example. ", count: 4)
            #expect(
                try await director.post(
                    "/panel/applications/settings",
                    [
                        ("assessmentDays", "7"), ("ipusDays", "30"), ("appealDays", "14"),
                        ("appealBody", "Samorządowego Kolegium Odwoławczego w Kaliszu"), ("rodoClause", clause),
                    ]
                ).status == .seeOther)
            #expect(try await ApplicationClauseVersion.query(on: t.db).count() == 2, "version 1 (built in) and 2 kept")
            let fields: [(String, String)] = [
                ("applicantRole", "person"), ("firstName", "Zofia"), ("lastName", "Kos"), ("birthDate", "1948-03-02"),
                ("city", "Jaśminowo"), ("phone", "600 100 300"), ("situation", "Samotność."), ("services[]", club.id!.uuidString),
                ("consentRodo", "on"),
            ]
            // A form without the version, or with one that never existed, is not consent either.
            for version in [[], [("rodoVersion", "")], [("rodoVersion", "7")], [("rodoVersion", "x")]] {
                let response = try await resident.post("/services/cus-jasminowo/apply", fields + version)
                #expect(response.status == .conflict && response.body.string.contains("Klauzula informacyjna zmieniła się"))
            }
            let stale = try await resident.post("/services/cus-jasminowo/apply", fields + [("rodoVersion", "1")])
            #expect(stale.status == .conflict && stale.body.string.contains("Klauzula informacyjna zmieniła się"))
            #expect(
                stale.body.string.contains("value=\"Zofia\"")
                    && stale.body.string.contains("Inspektor: iod@cus-jasminowo.example"))
            #expect(try await ServiceApplication.query(on: t.db).count() == 0)
            let accepted = try await resident.post("/services/cus-jasminowo/apply", fields + [("rodoVersion", "2")])
            #expect(accepted.status == .seeOther)
            // The receipt: what was applied for, the personal tracking link, whom to ask (the
            // CUS's own phone and address); printable, never cached.
            let location = try #require(accepted.headers.first(name: .location))
            #expect(!location.contains("number="), "no application number to guess in the address")
            let receiptPage = try await resident.get(location)
            let receipt = receiptPage.body.string
            #expect(
                receipt.contains("Wniosek przyjęty") && receipt.contains("+48 62 000 00 00") && receipt.contains("ul. Ogrodowa 5")
            )
            #expect(receipt.contains("<li>\(club.name)</li>") && receipt.contains("Nie podano adresu e-mail: zapisz ten link"))
            let tracking = try #require(receipt.firstMatch(of: /href="(\/s\/[A-Za-z0-9_-]{32,})"/)?.1).description
            #expect(try await resident.get(tracking).body.string.contains(club.name))
            #expect(receiptPage.headers.first(name: .cacheControl) == "no-store")
            #expect(try await resident.get("/services/cus-jasminowo/apply/done?number=W/2026/0001").status == .notFound)
            #expect(
                try await resident.get(location.replacingOccurrences(of: "cus-jasminowo", with: "rops-poznan")).status
                    == .notFound)
            let application = try #require(try await ServiceApplication.query(on: t.db).first())
            #expect(application.consentTextVersion == 2 && application.assessmentDue.iso == "2026-11-25", "7 days from 18 Nov")
            // The coordinator cannot change settings.
            let coordinator = t.browser()
            try await coordinator.login("koordynator@cus-jasminowo.example")
            #expect(try await coordinator.get("/panel/applications/settings").status == .forbidden)
        }
    }

    @Test func personRegistrySearchDuplicatesAndTenancy() async throws {
        try await withTestApp(.demoWithoutIntake) { t in
            let club = try await t.inForceService("Klub Seniora „Pogodna Jesień”")
            let first = try await t.applicant(1, services: [club])
            let second = try await t.applicant(1, services: [club])  // same name and birth date, no PESEL
            let flagged = try #require(try await Person.find(second.$person.id, on: t.db))
            #expect(flagged.possibleDuplicateOf == first.$person.id && flagged.id != first.$person.id, "flagged, not merged")

            let staff = t.browser()
            try await staff.login("koordynator@cus-jasminowo.example")
            let badPESEL = try await staff.post("/panel/persons", [("pesel", "44051401358")])
            #expect(
                badPESEL.status == .unprocessableEntity && badPESEL.body.string.contains("cyfrę kontrolną")
                    && badPESEL.body.string.contains("value=\"44051401358\""))
            let nameOnly = try await staff.post("/panel/persons", [("lastName", "Numer 1")])
            #expect(nameOnly.status == .unprocessableEntity && nameOnly.body.string.contains("samo nazwisko nie wystarczy"))
            let found = try await staff.post("/panel/persons", [("lastName", "Numer 1"), ("birthDate", "1950-01-02")])
            #expect(found.status == .ok && found.body.string.contains("możliwy duplikat do sprawdzenia"))
            #expect(try await t.audit(action: .search).contains { $0.detail.contains("wyników 2") })

            let card = try await staff.get("/panel/persons/\(flagged.id!)")
            #expect(
                card.status == .ok && card.body.string.contains("Możliwy duplikat") && card.body.string.contains(second.number))
            let merged = try await staff.post("/panel/persons/\(flagged.id!)/duplicate", [("decision", "same")])
            #expect(merged.status == .seeOther)
            #expect(try await Person.find(flagged.id!, on: t.db) == nil)
            #expect(try await ServiceApplication.query(on: t.db).filter(\.$person.$id == first.$person.id).count() == 2)
            let original = try await staff.get("/panel/persons/\(first.$person.id)").body.string
            #expect(original.contains(first.number) && original.contains(second.number) && original.contains("połączono dane"))

            // A third with the same name but staff know it is someone else.
            let third = try await t.applicant(1, services: [club])
            let thirdPerson = third.$person.id
            #expect(
                try await staff.post("/panel/persons/\(thirdPerson)/duplicate", [("decision", "different")]).status == .seeOther)
            #expect(try await Person.find(thirdPerson, on: t.db)?.possibleDuplicateOf == nil)
            #expect(
                try await staff.get("/panel/persons/\(thirdPerson)?done=distinct").body.string.contains(
                    "Zapisano: to różne osoby"))

            // Staff of another organisation guessing the id: 404, nothing shown.
            try await StaffAccounts.add(
                email: "koordynator@rops-poznan.example", name: "Obcy Koordynator", organisationSlug: "rops-poznan",
                role: "ipus_coordinator", password: { "długie hasło do testów 42" }, on: t.app)
            let foreign = t.browser()
            try await foreign.login("koordynator@rops-poznan.example", password: "długie hasło do testów 42")
            let guessed = try await foreign.get("/panel/persons/\(first.$person.id)")
            #expect(guessed.status == .notFound && !guessed.body.string.contains("Numer 1"))
            #expect(try await foreign.post("/panel/persons/\(thirdPerson)/duplicate", [("decision", "same")]).status == .notFound)
            #expect(try await foreign.get("/panel/applications/\(first.id!)").status != .ok)
        }
    }

    @Test func residentsSeeAvailabilityInWordsAndTheSiteGetsNumbers() async throws {
        try await withTestApp(.demoWithoutIntake) { t in
            let respite = try await t.inForceService("Opieka wytchnieniowa")  // 8 places
            let coordinator = try await t.coordinatorActor()
            let cus = try await t.cus()
            for n in 1...11 {
                let a = try await t.applicant(n, services: [respite])
                let r = try await t.requested(a, respite)
                if n <= 8 {
                    try await IntakeService.qualify(
                        r.id!, startDay: CalendarDay(iso: "2026-12-01")!, staff: coordinator, organisationID: cus.id!,
                        now: t.app.clock.now(), on: t.db)
                } else {
                    try await IntakeService.reserve(
                        r.id!, criteria: [], staff: coordinator, organisationID: cus.id!, now: t.app.clock.now(), on: t.db)
                }
            }
            let visitor = t.browser()
            let catalogue = try await visitor.get("/services/cus-jasminowo").body.string
            #expect(catalogue.contains("brak wolnych miejsc, lista rezerwowa: 3 osoby"))
            #expect(!catalogue.contains("Numer 9"), "no personal data")
            #expect(
                try await visitor.get("/services/cus-jasminowo/\(respite.id!)").body.string.contains("lista rezerwowa: 3 osoby"))
            let json = try #require(
                try JSONSerialization.jsonObject(
                    with: Data(buffer: try await visitor.get("/api/v1/organisations/cus-jasminowo/services").body))
                    as? [String: Any])
            let services = try #require(json["services"] as? [[String: Any]])
            let entry = try #require(services.first { $0["name"] as? String == "Opieka wytchnieniowa" })
            let availability = try #require(entry["availability"] as? [String: Any])
            #expect(
                availability["places"] as? Int == 8 && availability["inUse"] as? Int == 8 && availability["free"] as? Int == 0
                    && availability["reserveList"] as? Int == 3)
        }
    }

    @Test func theFullDemoHasAboutAHundredApplicationsInEveryState() async throws {
        // The fixture is what `opencus demo` loads (DemoData.load with its default count).
        try await withTestApp(.fullDemo) { t in
            let cus = try await t.cus()
            #expect(try await ServiceApplication.scoped(to: cus.id!, on: t.db).count() >= 95)
            for outcome in ServiceOutcome.allCases {
                #expect(try await RequestedService.query(on: t.db).filter(\.$outcome == outcome).count() > 0, "\(outcome)")
            }
            #expect(
                try await RequestedService.query(on: t.db).filter(\.$outcome == .reserve).filter(\.$offeredAt != nil).count() > 0,
                "a freed place offered")
            #expect(try await NeedsAssessment.query(on: t.db).filter(\.$doneOn == nil).count() > 0)
            #expect(try await NeedsAssessment.query(on: t.db).filter(\.$ipusNeeded == true).count() > 0)
            #expect(try await RefusalDecision.query(on: t.db).filter(\.$appealLodgedOn != nil).count() == 1)
            #expect(try await RefusalDecision.query(on: t.db).filter(\.$deliveredOn != nil).count() == 2)
            #expect(try await Enrolment.query(on: t.db).filter(\.$active == false).count() > 0)
            #expect(try await Person.query(on: t.db).filter(\.$possibleDuplicateOf != nil).count() == 1)
            let staff = t.browser()
            try await staff.login("koordynator@cus-jasminowo.example")
            let board = try await staff.get("/panel/applications")
            #expect(board.status == .ok && board.body.string.contains("IPUS do opracowania"))
            // IPUS: about twenty plans in every state, one with a second version, two closed; deliveries from three providers.
            let plans = try await IpusPlan.query(on: t.db).all()
            let states = Dictionary(grouping: plans, by: \.state).mapValues(\.count)
            #expect((15...25).contains(plans.count), "\(plans.count) plans")
            for state in IpusState.allCases { #expect((states[state] ?? 0) > 0, "\(state): \(states)") }
            #expect(states[.closed] == 2)
            #expect(try await IpusVersion.query(on: t.db).filter(\.$version == 2).filter(\.$state == .approved).count() == 1)
            #expect(try await IpusVersion.query(on: t.db).filter(\.$state == .superseded).count() == 1)
            let providers = Set(try await DeliveryRecord.query(on: t.db).all().compactMap(\.providerOrganisationID))
            #expect(providers.count >= 3, "\(providers.count) providers")
            let months = Set(try await DeliveryRecord.query(on: t.db).all().map { $0.onDay.iso.prefix(7) })
            #expect(months.count >= 3, "deliveries over several months: \(months.sorted())")
            let caseload = try await staff.get("/panel/ipus").body.string
            #expect(caseload.contains("Wymaga działania:") && caseload.contains("Rozpocznij plan"))
            // Loading again changes nothing.
            try await DemoData.load(on: t.app)
            #expect(try await ServiceApplication.scoped(to: cus.id!, on: t.db).count() < 101)
            #expect(try await IpusPlan.query(on: t.db).count() == plans.count)
        }
    }

    @Test func providerStaffSeeOnlyTheirEnrolmentsAndOnlyWhatDeliveryNeeds() async throws {
        try await withTestApp(.demoWithoutIntake) { t in
            let care = try await t.inForceService("Usługi opiekuńcze w miejscu zamieszkania")  // Fundacja „Pod Lipami”
            let respite = try await t.inForceService("Opieka wytchnieniowa")  // another provider
            let coordinator = try await t.coordinatorActor()
            let cus = try await t.cus()
            let mine = try await t.applicant(1, services: [care])
            let theirs = try await t.applicant(2, services: [respite])
            for (a, s) in [(mine, care), (theirs, respite)] {
                try await IntakeService.qualify(
                    try await t.requested(a, s).id!, startDay: CalendarDay(iso: "2026-12-01")!, staff: coordinator,
                    organisationID: cus.id!, now: t.app.clock.now(), on: t.db)
            }
            let provider = t.browser()
            try await provider.login("realizator@pod-lipami.example")
            let page = try await provider.get("/panel/provider/people")
            #expect(
                page.status == .ok && page.body.string.contains("Mieszkanka Numer 1")
                    && page.body.string.contains("Usługi opiekuńcze"))
            #expect(!page.body.string.contains("Numer 2"), "another provider's person")
            #expect(!page.body.string.contains("Potrzebuję wsparcia"), "not the situation described in the application")
            #expect(try await provider.get("/panel/persons/\(mine.$person.id)").status == .forbidden)
            #expect(try await provider.get("/panel/applications/\(mine.id!)").status == .forbidden)
            let recorded = try await t.audit(action: .list, subject: mine.$person.id)
            #expect(recorded.contains { $0.detail.contains("realizator") }, "audited in the CUS's chain")
            let staff = t.browser()
            try await staff.login("koordynator@cus-jasminowo.example")
            #expect(try await staff.get("/panel/provider/people").status == .forbidden)
        }
    }
}

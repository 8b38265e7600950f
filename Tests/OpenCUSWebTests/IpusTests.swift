import Fluent
import Foundation
import OpenCUSCore
import Testing
import Vapor
import VaporTesting

@testable import OpenCUSWeb

/// IPUS plans end to end: drafting with the person, approval by someone other than the
/// coordinator, monitoring, a second version, closure; the rules on bad input, the clocks, who
/// may see a plan, and two staff saving the same plan.
@Suite struct IpusTests {
    /// A person qualified for home care whose assessment found an IPUS is needed, and the plan
    /// started (on the `.demoWithoutIntake` fixture: the plan is the first of the year).
    func planStarted(_ t: TestApp, _ staff: Browser) async throws -> (
        plan: IpusPlan, application: ServiceApplication, care: ServiceDefinition, club: ServiceDefinition
    ) {
        let care = try await t.inForceService("Usługi opiekuńcze w miejscu zamieszkania")
        let club = try await t.inForceService("Klub Seniora „Pogodna Jesień”")
        let a = try await t.applicant(1, services: [care])
        let requested = try await t.requested(a, care)
        #expect(
            try await staff.post("/panel/applications/\(a.id!)/services/\(requested.id!)/qualify", [("startDay", "2026-11-18")])
                .status == .seeOther)
        #expect(
            try await staff.post(
                "/panel/applications/\(a.id!)/assessment",
                [
                    ("scheduledOn", "2026-11-18"), ("place", "home"), ("doneOn", "2026-11-18"),
                    ("findings", "Potrzebna pomoc w codziennych czynnościach przez co najmniej pół roku."), ("ipusNeeded", "on"),
                ]
            ).status == .seeOther)
        let caseload = try await staff.get("/panel/ipus").body.string
        #expect(
            caseload.contains("Rozpocznij plan") && caseload.contains(a.number),
            "\(LogCapture.all.split(separator: "\n").filter { $0.hasPrefix("error") || $0.hasPrefix("warning") }.suffix(5))")
        let created = try await staff.post("/panel/ipus", [("applicationID", a.id!.uuidString)])
        #expect(created.status == .seeOther)
        let plan = try #require(try await IpusPlan.query(on: t.db).first())
        #expect(plan.state == .drafting && plan.number == "IPUS/1/2026" && plan.due.iso == "2026-12-18")
        #expect(
            try await staff.post("/panel/ipus", [("applicationID", a.id!.uuidString)]).status == .conflict,
            "one open plan per application")
        return (plan, a, care, club)
    }

    func draft(_ care: ServiceDefinition, frequency: String = "codziennie 2 godziny", end: String = "2027-05-31") -> [(
        String, String
    )] {
        [
            ("start", "2026-11-18"), ("end", end),
            ("responsibilities", "Pani Mieszkanka prowadzi listę zakupów; córka dzwoni codziennie."),
            ("goals[0][text]", "Chcę sama robić zakupy w sklepie obok"),
            ("goals[0][indicator]", "samodzielne wyjścia w tygodniu"), ("goals[0][baseline]", "0"),
            ("goals[0][target]", "2"), ("goals[0][due]", "2027-03-01"),
            ("items[0][kind]", "service"), ("items[0][serviceID]", care.id!.uuidString),
            ("items[0][provider]", "Fundacja Pod Lipami"),
            ("items[0][scope]", "pomoc w zakupach i sprzątaniu"), ("items[0][frequency]", frequency),
            ("items[0][start]", "2026-11-20"),
            ("items[0][responsible]", "opiekunka z fundacji"),
            ("items[1][kind]", "supportive"), ("items[1][name]", "Spacery z wolontariuszem"),
            ("items[1][provider]", "Centrum wolontariatu"),
            ("items[1][scope]", "wspólne wyjścia"), ("items[1][frequency]", "raz w tygodniu"), ("items[1][start]", "2026-12-01"),
            ("items[1][responsible]", "wolontariuszka"),
            ("reviews[0]", "2027-01-15"), ("reviews[1]", "2027-03-15"),
        ]
    }

    func revision(_ t: TestApp, _ plan: IpusPlan) async throws -> String {
        String(try #require(try await IpusPlan.find(plan.id, on: t.db)).revision)
    }

    /// A supportive item points to the seniors' club of the calendar: the coordinator signs the
    /// person up from the plan (the club's places count) and sees their attendance there.
    @Test func aSupportiveItemPointsToAnActivityAndThePlanShowsAttendance() async throws {
        try await withTestApp(.demoWithoutIntake) { t in
            let coordinator = t.browser()
            try await coordinator.login("koordynator@cus-jasminowo.example")
            let (plan, application, care, _) = try await planStarted(t, coordinator)
            let path = "/panel/ipus/\(plan.id!)"
            let club = try #require(try await Activity.query(on: t.db).filter(\.$kind == .club).first())
            let clubID = try club.requireID()
            var page = try await coordinator.get(path).body.string
            #expect(page.contains("<option value=\"\(clubID.uuidString)\" >Klub Seniora „Pogodna Jesień”</option>"))
            var fields = draft(care).filter { $0.0 != "items[1][name]" && $0.0 != "items[1][provider]" }
            fields.append(("items[1][activityID]", UUID().uuidString))
            let unknown = try await coordinator.post(path + "/draft", fields + [("revision", try await revision(t, plan))])
            #expect(unknown.status == .unprocessableEntity)
            #expect(unknown.body.string.contains("href=\"#item-1-activityID\""))
            fields.removeLast()
            fields.append(("items[1][activityID]", clubID.uuidString))
            let saved = try await coordinator.post(path + "/draft", fields + [("revision", try await revision(t, plan))])
            #expect(saved.status == .seeOther)
            let version = try #require(try await IpusVersion.query(on: t.db).filter(\.$plan.$id == plan.requireID()).first())
            let item = try #require(version.content.items.first { $0.kind == .supportive })
            #expect(item.activityID == clubID && item.name == club.title && item.provider == club.organiser)
            page = try await coordinator.get(path).body.string
            #expect(page.contains("Działania wspierające z kalendarza centrum") && page.contains("Zapisz osobę"))
            let signed = try await coordinator.post(path + "/activities/\(clubID)", [])
            #expect(signed.status == .seeOther)
            let signUp = try #require(
                try await ActivitySignUp.query(on: t.db).filter(\.$personID == application.$person.id).first())
            #expect(signUp.source == "ipus" && signUp.$activity.id == clubID)
            // Thursday's meeting: she came.
            let session = ActivitySession(
                organisationID: club.$organisation.id, activityID: clubID, day: CalendarDay(iso: "2026-11-19")!,
                counted: CountedAttendance(total: 12, breakdown: [:]), notes: "", recordedBy: "test", createdAt: testStart)
            try await session.create(on: t.db)
            try await ActivityPresence(
                organisationID: club.$organisation.id, sessionID: try session.requireID(), signUpID: try signUp.requireID()
            ).create(on: t.db)
            page = try await coordinator.get(path).body.string
            #expect(page.contains("<td>1 z 1 spotkań od zapisu</td><td>19 listopada 2026</td><td>zapisana/zapisany</td>"))
            let twice = try await coordinator.post(path + "/activities/\(clubID)", [])
            #expect(twice.status == .conflict && twice.body.string.contains("Osoba jest już zapisana"))
            let other = try #require(try await Activity.query(on: t.db).filter(\.$kind == .neighbourlyHelp).first())
            #expect(try await coordinator.post(path + "/activities/\(other.id!)", []).status == .notFound)
        }
    }

    @Test func coordinatorDraftsDirectorApprovesThenASecondVersionAndClosure() async throws {
        try await withTestApp(.demoWithoutIntake) { t in
            let coordinator = t.browser()
            try await coordinator.login("koordynator@cus-jasminowo.example")
            let (plan, application, care, club) = try await planStarted(t, coordinator)
            let path = "/panel/ipus/\(plan.id!)"
            let page = try await coordinator.get(path).body.string
            #expect(
                page.contains("Opracuj plan razem z osobą")
                    && page.contains("Termin opracowania i zatwierdzenia: 18 grudnia 2026"))
            #expect(
                page.contains("Usługi opiekuńcze w miejscu zamieszkania (osoba zakwalifikowana)")
                    && page.contains("(osoba niezakwalifikowana)"))

            // Bad input: longer than a year, a service she is not qualified for, a goal without words; everything typed stays.
            var bad = draft(care, end: "2027-12-01")
            bad += [
                ("items[2][kind]", "service"), ("items[2][serviceID]", club.id!.uuidString), ("items[2][scope]", "spotkania"),
                ("items[2][frequency]", "co tydzień"),
                ("items[2][start]", "2026-12-01"), ("items[2][responsible]", "koordynatorka"),
                ("goals[1][indicator]", "bez celu <script>"),
            ]
            var r = try await coordinator.post(path + "/draft", bad + [("revision", try await revision(t, plan))])
            #expect(r.status == .unprocessableEntity)
            #expect(
                r.body.string.contains(
                    "IPUS trwa najwyżej rok: przy początku 18 listopada 2026 koniec może przypaść najpóźniej 17 listopada 2027"))
            #expect(
                r.body.string.contains("Cel (słowami osoby): wpisz treść.")
                    && r.body.string.contains("value=\"bez celu &lt;script&gt;\""))
            #expect(r.body.string.contains("value=\"2027-12-01\"") && r.body.string.contains("Spacery z wolontariuszem"))
            r = try await coordinator.post(
                path + "/draft",
                draft(care) + [
                    ("items[2][kind]", "service"), ("items[2][serviceID]", club.id!.uuidString),
                    ("items[2][scope]", "spotkania"), ("items[2][frequency]", "co tydzień"), ("items[2][start]", "2026-12-01"),
                    ("items[2][responsible]", "koordynatorka"),
                    ("revision", try await revision(t, plan)),
                ])
            #expect(
                r.status == .unprocessableEntity
                    && r.body.string.contains("Osoba nie jest zakwalifikowana do usługi „Klub Seniora „Pogodna Jesień””"))
            #expect(
                r.body.string.contains("są wolne miejsca") || r.body.string.contains("wolne miejsc"), "availability is offered")
            // Submitting an empty draft names what is missing.
            r = try await coordinator.post(path + "/submit", [("revision", try await revision(t, plan))])
            #expect(r.status == .unprocessableEntity && r.body.string.contains("Dodaj co najmniej jeden cel"))

            #expect(
                try await coordinator.post(path + "/draft", draft(care) + [("revision", try await revision(t, plan))]).status
                    == .seeOther)
            var v1 = try #require(try await IpusVersion.query(on: t.db).filter(\.$version == 1).first())
            #expect(v1.content.items.first?.enrolmentID != nil && v1.content.items.count == 2 && v1.content.goals.count == 1)
            #expect(try await coordinator.post(path + "/submit", [("revision", try await revision(t, plan))]).status == .seeOther)
            // The coordinator cannot approve their own plan (no button, and the request is refused).
            #expect(!(try await coordinator.get(path).body.string.contains("Zatwierdź wersję")))
            #expect(
                try await coordinator.post(path + "/approve", [("revision", try await revision(t, plan))]).status == .forbidden)

            let director = t.browser()
            try await director.login("dyrektor@cus-jasminowo.example")
            #expect(try await director.get(path).body.string.contains("Zatwierdź wersję 1"))
            #expect(try await director.post(path + "/approve", [("revision", try await revision(t, plan))]).status == .seeOther)
            var stored = try #require(try await IpusPlan.find(plan.id, on: t.db))
            #expect(stored.state == .active && stored.approvedVersion == 1)
            let held = try await PersonRecords.load(
                ids: [application.$person.id], organisationID: application.$organisation.id, on: t.db)
            #expect(held.first?.hold?.contains("IPUS/1/2026") == true, "no erasure while the plan runs")
            v1 = try #require(try await IpusVersion.query(on: t.db).filter(\.$version == 1).first())
            #expect(v1.state == .approved && v1.approvedBy == "Barbara Zielińska" && v1.approvedOn?.iso == "2026-11-18")

            // The provider records sessions of the plan's home care; the plan shows them.
            let provider = t.browser()
            try await provider.login("realizator@pod-lipami.example")
            let careEnrolment = try #require(v1.content.items.first?.enrolmentID)
            #expect(
                try await provider.post(
                    "/panel/deliveries/enrolments/\(careEnrolment)",
                    [
                        ("day", "2026-11-18"), ("attendance", "attended"), ("minutes", "120"),
                        ("note", "pani skarżyła się na ból nogi"),
                    ]
                ).status == .seeOther)
            #expect(try await provider.get(path).status == .forbidden, "provider staff never see the plan")
            let withDeliveries = try await coordinator.get(path).body.string
            #expect(
                withDeliveries.contains("Realizacja usług w tym miesiącu") && withDeliveries.contains("1 z 1 zajęć z obecnością")
                    && withDeliveries.contains("18 listopada 2026: obecność"))

            // Monitoring: a review note and the goal's progress.
            #expect(
                try await coordinator.post(
                    path + "/notes", [("onDay", "2030-01-01"), ("what", ""), ("revision", try await revision(t, plan))]
                ).status == .unprocessableEntity)
            #expect(
                try await coordinator.post(
                    path + "/notes",
                    [
                        ("onDay", "2026-11-18"), ("what", "Pierwsze wizyty opiekunki, pani zadowolona."),
                        ("providerFeedback", "Wizyty codziennie."), ("personView", "Czuję się pewniej."), ("isReview", "on"),
                        ("revision", try await revision(t, plan)),
                    ]
                ).status == .seeOther)
            #expect(
                try await coordinator.post(
                    path + "/progress",
                    [
                        ("goal", "0"), ("status", "partly_achieved"), ("goalNote", "raz w tygodniu"),
                        ("revision", try await revision(t, plan)),
                    ]
                ).status == .seeOther)

            // Life changed: a second version, approved again; the first stays readable and the diff says what changed.
            #expect(
                try await coordinator.post(path + "/versions", [("reason", ""), ("revision", try await revision(t, plan))]).status
                    == .unprocessableEntity)
            #expect(
                try await coordinator.post(
                    path + "/versions",
                    [("reason", "Po upadku pani potrzebuje pomocy częściej."), ("revision", try await revision(t, plan))]
                ).status == .seeOther)
            #expect(
                try await coordinator.post(
                    path + "/draft", draft(care, frequency: "codziennie 4 godziny") + [("revision", try await revision(t, plan))]
                ).status == .seeOther)
            let v2 = try #require(try await IpusVersion.query(on: t.db).filter(\.$version == 2).first())
            #expect(v2.content.goals.first?.status == .partlyAchieved, "a kept goal keeps its progress")
            #expect(try await coordinator.post(path + "/submit", [("revision", try await revision(t, plan))]).status == .seeOther)
            #expect(try await IpusPlan.find(plan.id, on: t.db)?.state == .active, "version 1 stays in force while 2 waits")
            let organiser = t.browser()
            try await organiser.login("organizator@cus-jasminowo.example")
            #expect(
                try await organiser.post(path + "/approve", [("revision", try await revision(t, plan))]).status == .seeOther,
                "an authorised organiser approves")
            let versions = try await IpusVersion.query(on: t.db).sort(\.$version).all()
            #expect(versions.map(\.state) == [.superseded, .approved])
            let diff = try await coordinator.get(path + "/versions/2").body.string
            #expect(
                diff.contains("Zmiany względem wersji 1") && diff.contains("codziennie 2 godziny")
                    && diff.contains("codziennie 4 godziny"))
            #expect(try await coordinator.get(path + "/versions/1").body.string.contains("zastąpiona nowszą wersją"))
            let printed = try await coordinator.get(path + "/print").body.string
            #expect(
                printed.contains("Indywidualny plan usług społecznych nr IPUS/1/2026") && printed.contains("Mieszkanka Numer 1")
                    && printed.contains("codziennie 4 godziny"))
            #expect(printed.contains("Data i podpis osoby"))

            // Closure: a summary conversation and an assessment of every goal; then read-only.
            #expect(
                try await coordinator.post(path + "/closing", [("revision", try await revision(t, plan))]).status == .seeOther)
            r = try await coordinator.post(
                path + "/close",
                [
                    ("summaryOn", "2026-11-18"), ("summary", "Pani robi zakupy sama dwa razy w tygodniu."),
                    ("attainment[0]", ""), ("revision", try await revision(t, plan)),
                ])
            #expect(r.status == .unprocessableEntity && r.body.string.contains("Oceń każdy cel"))
            let closed = try await coordinator.post(
                path + "/close",
                [
                    ("summaryOn", "2026-11-18"), ("summary", "Pani robi zakupy sama dwa razy w tygodniu."),
                    ("attainment[0]", "achieved"), ("revision", try await revision(t, plan)),
                ])
            #expect(closed.status == .seeOther, "\(closed.body.string.suffix(4000))")
            stored = try #require(try await IpusPlan.find(plan.id, on: t.db))
            #expect(stored.state == .closed && stored.summaryOn?.iso == "2026-11-18")
            #expect(
                try await coordinator.post(
                    path + "/notes", [("onDay", "2026-11-18"), ("what", "x"), ("revision", String(stored.revision))]
                ).status == .conflict)
            #expect(
                try await coordinator.post(path + "/draft", draft(care) + [("revision", String(stored.revision))]).status
                    == .conflict)
            let summary = try await coordinator.get(path + "/summary").body.string
            #expect(
                summary.contains("Podsumowanie indywidualnego planu") && summary.contains("osiągnięty")
                    && summary.contains("dwa razy w tygodniu"))
            // Erasure: allowed once the plan is closed; every text about the person goes, the structure stays.
            let records = try await PersonRecords.load(
                ids: [application.$person.id], organisationID: application.$organisation.id, on: t.db)
            #expect(records.first?.hold == nil || records.first?.hold?.contains("IPUS") == false)
            let actor = try await t.coordinatorActor()
            // The enrolment in home care is still active: end it, as the retention or DPO flow would require.
            for e in try await Enrolment.query(on: t.db).filter(\.$person.$id == application.$person.id).all() {
                try await IntakeService.endEnrolment(
                    e.id!, reason: "koniec", staff: actor, organisationID: application.$organisation.id, now: t.app.clock.now(),
                    on: t.db)
            }
            let fresh = try await PersonRecords.load(
                ids: [application.$person.id], organisationID: application.$organisation.id, on: t.db)
            #expect(
                try await PersonRecords.anonymise(
                    fresh, organisationID: application.$organisation.id, actor: actor, reason: "test", now: t.app.clock.now(),
                    on: t.db) == 1)
            let contents =
                try await IpusVersion.query(on: t.db).all().map(\.contentJSON).joined()
                + (try await IpusNote.query(on: t.db).all().map { $0.what + $0.personView }.joined())
                + (try await IpusPlan.query(on: t.db).all().map(\.summary).joined())
                + (try await DeliveryRecord.query(on: t.db).all().map(\.note).joined())
            for text in [
                "zakupy w sklepie", "Pierwsze wizyty", "Czuję się pewniej", "dwa razy w tygodniu", "opiekunka z fundacji",
                "ból nogi",
            ] { #expect(!contents.contains(text), "\(text)") }
            #expect(
                try await IpusVersion.query(on: t.db).all().allSatisfy {
                    $0.content.goals.count == 1 && $0.content.items.count == 2
                }, "structure kept")

            // Reads and changes are audited against the person.
            let audit = try await t.audit(action: .view, subject: application.$person.id)
            #expect(audit.contains { $0.detail.contains("plan IPUS/1/2026") })
            #expect(
                try await t.audit(action: .update, subject: application.$person.id).contains {
                    $0.detail.contains("zatwierdzono wersję 2")
                })
        }
    }

    @Test func twoStaffSavingTheSamePlanTheSecondIsToldAndLosesNothing() async throws {
        try await withTestApp(.demoWithoutIntake) { t in
            let coordinator = t.browser()
            try await coordinator.login("koordynator@cus-jasminowo.example")
            let (plan, _, care, _) = try await planStarted(t, coordinator)
            let director = t.browser()
            try await director.login("dyrektor@cus-jasminowo.example")
            let path = "/panel/ipus/\(plan.id!)"
            let opened = try await revision(t, plan)  // both open the form at this revision
            #expect(
                try await director.post(path + "/draft", draft(care, frequency: "wersja dyrektora") + [("revision", opened)])
                    .status == .seeOther)
            let second = try await coordinator.post(
                path + "/draft", draft(care, frequency: "wersja koordynatorki") + [("revision", opened)])
            #expect(second.status == .conflict)
            let body = second.body.string
            #expect(body.contains("Plan zmienił się, odkąd go otwarto (zapisał: Barbara Zielińska"))
            #expect(body.contains("value=\"wersja koordynatorki\""), "what she typed is still in the form")
            #expect(body.contains("Twoje zmiany względem planu zapisanego w międzyczasie") && body.contains("wersja dyrektora"))
            let stored = try #require(try await IpusVersion.query(on: t.db).first())
            #expect(stored.content.items.first?.frequency == "wersja dyrektora", "the first save is intact")
            // Saving again from the refreshed form works.
            #expect(
                try await coordinator.post(
                    path + "/draft", draft(care, frequency: "wersja koordynatorki") + [("revision", try await revision(t, plan))]
                ).status == .seeOther)

            // Many saves racing from one revision: exactly one wins.
            let racing = try await revision(t, plan)
            let results = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for i in 0..<6 {
                    group.addTask {
                        let b = t.browser()
                        try await b.login(i % 2 == 0 ? "koordynator@cus-jasminowo.example" : "dyrektor@cus-jasminowo.example")
                        return try await b.post(
                            path + "/draft", self.draft(care, frequency: "wyścig \(i)") + [("revision", racing)]
                        ).status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results.filter { $0 == .seeOther }.count == 1 && results.filter { $0 == .conflict }.count == 5)
        }
    }

    @Test func whoMaySeeAPlanAndTheClocksOnTheCaseload() async throws {
        try await withTestApp(.demoWithoutIntake) { t in
            let coordinator = t.browser()
            try await coordinator.login("koordynator@cus-jasminowo.example")
            let (plan, _, _, _) = try await planStarted(t, coordinator)
            let path = "/panel/ipus/\(plan.id!)"
            // Another coordinator: not theirs, not assigned — 404 and not on their caseload.
            let other = t.browser()
            try await other.login("koordynator2@cus-jasminowo.example")
            #expect(try await other.get(path).status == .notFound)
            #expect(!(try await other.get("/panel/ipus").body.string.contains("IPUS/1/2026")))
            // The director assigns them as deputy: now they may.
            let director = t.browser()
            try await director.login("dyrektor@cus-jasminowo.example")
            let deputy = try #require(
                try await User.query(on: t.db).filter(\.$email == "koordynator2@cus-jasminowo.example").first())
            #expect(
                try await director.post(
                    path + "/assign",
                    [
                        ("coordinator", plan.coordinatorUserID.uuidString), ("deputy", deputy.id!.uuidString),
                        ("revision", try await revision(t, plan)),
                    ]
                ).status == .seeOther)
            #expect(try await other.get(path).status == .ok)
            #expect(try await other.get("/panel/ipus").body.string.contains("IPUS/1/2026"))
            #expect(
                try await coordinator.post(
                    path + "/assign", [("coordinator", deputy.id!.uuidString), ("revision", try await revision(t, plan))]
                ).status == .forbidden)
            // Analyst: numbers only. Provider staff and the DPO: no plans. Another organisation: 404.
            let analyst = t.browser()
            try await analyst.login("analityk@cus-jasminowo.example")
            #expect(try await analyst.get(path).status == .forbidden)
            #expect(try await analyst.get("/panel/ipus").status == .forbidden)
            let stats = try await analyst.get("/panel/ipus/statistics")
            #expect(
                stats.status == .ok && stats.body.string.contains("w opracowaniu") && !stats.body.string.contains("Mieszkanka"))
            let provider = t.browser()
            try await provider.login("realizator@pod-lipami.example")
            #expect(try await provider.get(path).status == .forbidden)
            let rops = t.browser()
            try await rops.login("admin@rops-poznan.example")
            #expect(try await rops.get(path).status == .forbidden)

            // Clocks: 31 days after the application the unapproved plan is overdue and shown first.
            t.advanceClock(31 * 86_400)
            try await coordinator.login("koordynator@cus-jasminowo.example")
            let caseload = try await coordinator.get("/panel/ipus").body.string
            #expect(caseload.contains("Wymaga działania:") && caseload.contains("opracowanie do 18 grudnia 2026: po terminie"))
            #expect(try await coordinator.get(path).body.string.contains("po terminie"))
        }
    }
}

extension IpusTests {
    /// The deadline for a plan is met by its approval: the intake dashboard's IPUS alarms and the
    /// caseload list exactly the persons whose plan is still owed, computed here independently
    /// from the assessments and plans (on the full demo, with plans in every state).
    @Test func ipusAlarmsListOnlyPlansStillOwedAndTheDashboardAgreesWithTheCaseload() async throws {
        try await withTestApp(.fullDemo) { t in
            let organisationID = try await t.organisationID("cus-jasminowo")
            let plans = try await IpusPlan.query(on: t.db).filter(\.$organisation.$id == organisationID).all()
            let settled = Set(plans.filter { $0.approvedVersion != nil || $0.state == .closed }.map(\.$application.id))
            let assessments = try await NeedsAssessment.query(on: t.db).filter(\.$organisation.$id == organisationID)
                .filter(\.$ipusNeeded == true).all().filter { $0.ipusDue != nil }
            let owed = Set(assessments.map(\.$application.id)).subtracting(settled)
            let today = CalendarDay(t.app.clock.now(), in: WallClock.warsaw)
            let approvedAfterTheirDue = assessments.filter {
                settled.contains($0.$application.id) && ($0.ipusDue.map { $0 < today } ?? false)
            }
            #expect(!approvedAfterTheirDue.isEmpty, "the demo has approved plans whose 30 days are over")
            #expect(!owed.isEmpty)

            let clocks = try await IntakeQueries.ipusClocks(organisationID: organisationID, limit: 500, on: t.db)
            #expect(Set(clocks.map(\.application_id)) == owed)

            let director = t.browser()
            try await director.login("dyrektor@cus-jasminowo.example")
            let dashboard = try await director.get("/panel/applications").body.string
            let section = try #require(dashboard.components(separatedBy: "IPUS do opracowania i zatwierdzenia").last)
            let dashboardRows = section.components(separatedBy: "<tr><td><a href=\"/panel/applications/").count - 1
            #expect(dashboardRows == owed.count)
            for settledID in settled { #expect(!section.contains(settledID.uuidString), "approved plan listed as owed") }
            // The caseload: those without a plan to start, and the started ones with their deadline alert.
            let caseload = try await director.get("/panel/ipus").body.string
            let started = Set(plans.map(\.$application.id))
            let toDraft = owed.subtracting(started)
            for id in toDraft { #expect(caseload.contains("/panel/applications/\(id.uuidString)")) }
            let withDeadlineAlert = caseload.components(separatedBy: "opracowanie do ").count - 1
            #expect(toDraft.count + withDeadlineAlert == owed.count)
        }
    }
}

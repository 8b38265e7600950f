import Fluent
import Foundation
import OpenCUSCore
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import OpenCUSWeb

extension TestApp {
    /// Every row of every table as text: what a database dump would contain.
    func databaseDump() async throws -> String {
        let sql = try db.sql()
        var out = ""
        if TestDatabase.isPostgres {
            struct Table: Decodable { let table_name: String }
            let tables = try await sql.raw(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
            ).all(decoding: Table.self)
            for table in tables {
                for row in try await sql.raw("SELECT CAST(t AS text) AS line FROM \(ident: table.table_name) t").all() {
                    out += (try row.decode(column: "line", as: String.self)) + "\n"
                }
            }
        } else {
            struct Table: Decodable { let name: String }
            let tables = try await sql.raw("SELECT name FROM sqlite_master WHERE type = 'table'").all(decoding: Table.self)
            for table in tables {
                for row in try await sql.raw("SELECT * FROM \(ident: table.name)").all() {
                    for column in row.allColumns {
                        if let text = try? row.decode(column: column, as: String.self) {
                            out += text + "|"
                        } else if let data = try? row.decode(column: column, as: Data.self) {
                            out += String(decoding: data, as: UTF8.self) + "|"
                        }
                    }
                    out += "\n"
                }
            }
        }
        return out
    }

    /// Counts that statistics pages show, by state, institution type and voivodeship.
    func registrationStatistics(_ eventID: UUID) async throws -> [String] {
        try await Registration.query(on: db).filter(\.$event.$id == eventID).all()
            .map {
                "\($0.state.rawValue)|\($0.institutionType?.rawValue ?? "")|\($0.voivodeship?.rawValue ?? "")|\($0.consentImage)"
            }.sorted()
    }
}

/// Data-subject requests: finding a person's data, handing it over, anonymising it (legal
/// holds respected) and the retention job with a pinned clock.
@Suite struct DataSubjectTests {
    static let forum = DemoRegistrations.upcomingSlug
    static let name = ("Zdzisława", "Unikalna-Testowa")
    static let email = "zdzislawa.unikalna@przyklad.example"
    static let phone = "600 700 801"
    static let institution = "Stowarzyszenie Wyjątkowych Testów"

    func registerPerson(_ t: TestApp) async throws -> (RegistrationContext, Registration) {
        let context = try await t.context(Self.forum)
        var form = participantForm(1, email: Self.email)
        form.firstName = Self.name.0
        form.lastName = Self.name.1
        form.phone = Self.phone
        form.institution = Self.institution
        form.position = "koordynatorka wolontariatu"
        form.dietary = "bez glutenu, alergia na orzechy"
        form.consentImage = true
        for rule in context.workshops where rule.required { form.workshops[rule.fieldName] = [rule.alternatives[0].uuidString] }
        let created = try await RegistrationService.register(
            form, source: .online, actor: .participant, context: context, on: t.db, environment: t.registrationEnvironment(),
            enforceWindow: false)
        return (context, created.registration)
    }

    @Test func personGetsACopyAndIsAnonymisedOnlyWhenNoHoldApplies() async throws {
        try await withTestApp { t in
            let (context, person) = try await registerPerson(t)
            // Consent records were written with the registration.
            let consents = try await ConsentRecord.query(on: t.db).filter(\.$subjectID == person.id!).all()
            #expect(Set(consents.map(\.purpose)) == [.rodoClause, .image])
            #expect(consents.first { $0.purpose == .rodoClause }?.textVersionID == context.consent.id)

            let organiser = t.browser()
            try await organiser.login("wydarzenia@cus-jasminowo.example")
            try await organiser.get("/panel/events/\(context.eventID)/registrations/\(person.id!)")

            let dpo = t.browser()
            try await dpo.login("iod@cus-jasminowo.example")
            try await dpo.get("/panel/privacy")
            let found = try await dpo.post("/panel/privacy/subject", [("email", " ZDZISLAWA.Unikalna@przyklad.example ")])
            #expect(found.status == .ok)
            #expect(found.body.string.contains("Forum") && found.body.string.contains("Blokada"))
            #expect(found.body.string.contains("Joanna Pawlak"), "who has seen the person's data")
            #expect(!found.body.string.contains("Potwierdzam anonimizację"), "no anonymise button while a hold applies")
            let refused = try await dpo.post("/panel/privacy/anonymise", [("email", Self.email), ("confirm", "yes")])
            #expect(refused.status == .conflict)
            #expect(try await Registration.find(person.id, on: t.db)?.firstName == Self.name.0)
            let invalid = try await dpo.post("/panel/privacy/subject", [("email", "<script>alert(1)</script>")])
            #expect(invalid.status == .unprocessableEntity && invalid.body.string.contains("To nie jest poprawny adres e-mail"))
            #expect(!invalid.body.string.contains("<script>alert"))

            // The copy (art. 15), as a document and as JSON.
            let document = try await dpo.post("/panel/privacy/export", [("email", Self.email), ("format", "html")])
            #expect(
                document.status == .ok && document.body.string.contains(Self.phone)
                    && document.body.string.contains("Czego kopia nie zawiera"))
            let json = try await dpo.post("/panel/privacy/export", [("email", Self.email), ("format", "json")])
            let decoded = try JSONSerialization.jsonObject(with: Data(buffer: json.body)) as? [String: Any]
            let items = try #require(decoded?["registrations"] as? [[String: Any]])
            #expect(
                items.count == 1 && items[0]["lastName"] as? String == Self.name.1
                    && items[0]["dietary"] as? String == "bez glutenu, alergia na orzechy")
            #expect((decoded?["consents"] as? [Any])?.count == 2)
            #expect(
                try await t.audit(action: .export).contains {
                    $0.record_type == "data_subject" && $0.actor_name == "Renata Sikora"
                })

            // The organiser corrects the phone and cancels with a reason naming her; both end up in
            // the audit as values, which anonymisation must erase as well.
            let actor = AuditActor(
                userID: try await t.userID("wydarzenia@cus-jasminowo.example"), name: "Joanna Pawlak",
                organisationID: context.organisationID, roles: [.eventOrganiser], address: nil)
            var form = SelfServiceController.editable(
                person, rows: try await RegistrationService.workshopRows(person, on: t.db), context: context)
            form.phone = "600 700 802"
            try await RegistrationService.updateDetails(
                person.id!, form: form, actor: .staff(actor), context: context, on: t.db, environment: t.registrationEnvironment()
            )
            #expect(
                try await organiser.post(
                    "/panel/events/\(context.eventID)/registrations/\(person.id!)/cancel",
                    [("reason", "Pani \(Self.name.1) zrezygnowała"), ("confirmed", "yes")]
                ).status == .seeOther)
            let statistics = try await t.registrationStatistics(context.eventID)
            #expect(try await t.databaseDump().contains(Self.name.1))

            let unconfirmed = try await dpo.post("/panel/privacy/anonymise", [("email", Self.email)])
            #expect(unconfirmed.status == .unprocessableEntity && unconfirmed.body.string.contains("Zaznacz potwierdzenie"))
            let done = try await dpo.post("/panel/privacy/anonymise", [("email", Self.email), ("confirm", "yes")])
            #expect(done.status == .seeOther)
            let doneLocation = try #require(done.headers.first(name: .location))
            #expect(try await dpo.get(doneLocation).body.string.contains("Zanonimizowano 1 zgłoszenie"))

            let dump = try await t.databaseDump()
            for identifying in [
                Self.name.0, Self.name.1, Self.email, Self.phone, "600 700 802", Self.institution, "alergia na orzechy",
                "koordynatorka wolontariatu",
            ] {
                #expect(
                    !dump.contains(identifying),
                    "the database still holds \(identifying): \(dump.split(separator: "\n").filter { $0.contains(identifying) }.map { String($0.prefix(300)) })"
                )
            }
            #expect(try await t.registrationStatistics(context.eventID) == statistics)
            let after = try #require(try await Registration.find(person.id, on: t.db))
            #expect(after.anonymisedAt != nil && after.state == .cancelled && after.consentImage)
            #expect(try await RegistrationToken.query(on: t.db).filter(\.$registration.$id == person.id!).count() == 0)
            #expect(try await t.audit(action: .anonymise).count == 1)
            #expect(try await t.chainProblems().isEmpty, "erasing values keeps the chain intact")
            // The trail still says who looked, without what they saw.
            let dpoView = try await dpo.get("/panel/audit?subject=\(person.id!)")
            #expect(dpoView.body.string.contains("(usunięto przy anonimizacji)"))
            // A second request finds nothing and changes nothing.
            let again = try await dpo.post("/panel/privacy/subject", [("email", Self.email)])
            #expect(again.body.string.contains("nie ma danych powiązanych"))
        }
    }

    @Test func residentRegistryRecordsAreCopiedAndAnonymisedOnceNothingIsOpen() async throws {
        try await withTestApp(.demoWithoutIntake) { t in
            let service = try await t.inForceService("Konsultacje psychologiczne")
            var form = ApplicationForm()
            form.firstName = "Bożena"
            form.lastName = "Rejestrowa-Unikalna"
            form.birthDate = "1944-05-14"
            form.pesel = "44051401359"
            form.street = "ul. Zaułek Testowy 13"
            form.postcode = "62-999"
            form.city = "Jaśminowo"
            form.phone = "600 900 901"
            form.email = "bozena.rejestrowa@przyklad.example"
            form.services = [service.id!.uuidString]
            form.situation = "Po śmierci męża nie radzę sobie z lękiem."
            form.consentRodo = true
            let catalogue = try #require(try await Catalogue.load(try await t.cus(), on: t.db))
            let valid = try form.cleaned().validate(
                services: ApplicationFormView.rules(catalogue), gminaCity: "Jaśminowo",
                today: CalendarDay(testStart, in: WallClock.warsaw)
            ).get()
            let application = try await IntakeService.submit(
                form.cleaned(), valid: valid, channel: .online, organisation: try await t.cus(), staff: nil,
                now: t.app.clock.now(), baseURL: t.configuration.baseURL, on: t.db
            ).application
            let coordinator = t.browser()
            try await coordinator.login("koordynator@cus-jasminowo.example")
            try await coordinator.get("/panel/applications/\(application.id!)")
            #expect(
                try await coordinator.post(
                    "/panel/applications/\(application.id!)/assessment",
                    [
                        ("place", "home"), ("placeNote", "Zaułek Testowy 3"),
                        ("doneOn", "2026-11-18"), ("findings", "Bezsenność po żałobie, potrzebna rozmowa z psychologiem."),
                    ]
                ).status == .seeOther)

            let dpo = t.browser()
            try await dpo.login("iod@cus-jasminowo.example")
            try await dpo.get("/panel/privacy")
            let found = try await dpo.post("/panel/privacy/subject", [("email", "bozena.rejestrowa@przyklad.example")])
            #expect(found.body.string.contains(application.number) && found.body.string.contains("Blokada"))
            #expect(found.body.string.contains("Agnieszka Wójcik"), "who has seen the registry file")
            let json = try await dpo.post(
                "/panel/privacy/export", [("email", "bozena.rejestrowa@przyklad.example"), ("format", "json")])
            let decoded = try #require(try JSONSerialization.jsonObject(with: Data(buffer: json.body)) as? [String: Any])
            let applications = try #require(decoded["applications"] as? [[String: Any]])
            #expect(
                applications.count == 1 && applications[0]["pesel"] as? String == "44051401359"
                    && (applications[0]["situation"] as? String)?.contains("lękiem") == true)
            #expect((decoded["consents"] as? [[String: Any]])?.first?["givenBy"] as? String == "osoba, której dane dotyczą")
            #expect(
                (applications[0]["assessment"] as? String)?.contains("Bezsenność po żałobie") == true,
                "the needs assessment is part of the copy")
            // The director reads the application together with who has seen it.
            let director = t.browser()
            try await director.login("dyrektor@cus-jasminowo.example")
            let page = try await director.get("/panel/applications/\(application.id!)")
            #expect(
                page.body.string.contains("Kto oglądał lub zmieniał dane tej osoby")
                    && page.body.string.contains("Agnieszka Wójcik"))
            #expect(
                !(try await coordinator.get("/panel/applications/\(application.id!)")).body.string.contains(
                    "Kto oglądał lub zmieniał"),
                "only roles that read the audit")
            #expect(
                try await dpo.post(
                    "/panel/privacy/anonymise", [("email", "bozena.rejestrowa@przyklad.example"), ("confirm", "yes")]
                ).status == .conflict)

            // The resident withdraws; nothing is open any more.
            let requested = try await t.requested(application, service)
            try await IntakeService.withdraw(requested.id!, application: application, now: t.app.clock.now(), on: t.db)
            let done = try await dpo.post(
                "/panel/privacy/anonymise", [("email", "bozena.rejestrowa@przyklad.example"), ("confirm", "yes")])
            #expect(done.status == .seeOther)
            #expect(
                try await dpo.get(try #require(done.headers.first(name: .location))).body.string.contains(
                    "rejestrze mieszkańców"))
            let dump = try await t.databaseDump()
            for identifying in [
                "Bożena", "Rejestrowa-Unikalna", "44051401359", "Zaułek Testowy", "600 900 901",
                "bozena.rejestrowa@przyklad.example", "lękiem", "Bezsenność",
            ] {
                #expect(!dump.contains(identifying), "the database still holds \(identifying)")
            }
            let person = try #require(try await Person.find(application.$person.id, on: t.db))
            #expect(person.anonymisedAt != nil && person.birthDate.iso == "1944-01-01" && person.city == "Jaśminowo")
            #expect(
                try await RequestedService.find(requested.id, on: t.db)?.outcome == .withdrawn, "outcomes stay for statistics")
            #expect(try await t.chainProblems().isEmpty)
        }
    }

    @Test func retentionAnonymisesRegistryPersonsWhenNothingIsOpenAndKeepsDecisionsLonger() async throws {
        try await withTestApp(.demoWithoutIntake) { t in
            let service = try await t.inForceService("Konsultacje psychologiczne")
            let coordinator = try await t.coordinatorActor()
            let cus = try await t.cus()
            let finished = try await t.applicant(1, services: [service])
            try await IntakeService.qualify(
                try await t.requested(finished, service).id!, startDay: CalendarDay(iso: "2026-11-20")!, staff: coordinator,
                organisationID: cus.id!, now: t.app.clock.now(), on: t.db)
            let enrolment = try #require(try await Enrolment.query(on: t.db).filter(\.$active == true).first())
            try await IntakeService.endEnrolment(
                enrolment.id!, reason: "", staff: coordinator, organisationID: cus.id!, now: t.app.clock.now(), on: t.db)
            let refused = try await t.applicant(2, services: [service])
            var form = IntakeService.RefusalForm()
            (form.legalBasis, form.reasons, form.appealBody, form.signatoryName, form.signatoryFunction) = (
                "art. 17", "powody", "SKO", "Barbara Zielińska", "Dyrektor"
            )
            _ = try await IntakeService.refuse(
                try await t.requested(refused, service).id!, form: form, staff: coordinator, organisation: cus,
                now: t.app.clock.now(), on: t.db)
            let open = try await t.applicant(3, services: [service])

            #expect(try await RetentionJob.plan(cus.id!, now: t.app.clock.now(), on: t.db).persons.isEmpty)
            t.advanceClock(61 * 31 * 86_400)  // past the 60 months for applications, within the 120 for decisions
            let plan = try await RetentionJob.plan(cus.id!, now: t.app.clock.now(), on: t.db)
            #expect(plan.persons == [finished.$person.id], "only the finished case, not the decision nor the open request")
            let report = try await RetentionJob.run(on: t.db, now: t.app.clock.now(), logger: t.app.logger)
            #expect(report.persons == 1)
            #expect(try await Person.find(finished.$person.id, on: t.db)?.lastName == Anonymiser.placeholderLastName)
            #expect(try await Person.find(refused.$person.id, on: t.db)?.anonymisedAt == nil)
            #expect(try await Person.find(open.$person.id, on: t.db)?.anonymisedAt == nil)
            #expect(try await RetentionJob.run(on: t.db, now: t.app.clock.now(), logger: t.app.logger).persons == 0, "idempotent")
        }
    }

    @Test func withdrawingAConsentIsRecordedWithWhoAndWhen() async throws {
        try await withTestApp { t in
            let (context, person) = try await registerPerson(t)
            var form = SelfServiceController.editable(
                person, rows: try await RegistrationService.workshopRows(person, on: t.db), context: context)
            form.consentImage = false
            t.advanceClock(3600)
            try await RegistrationService.updateDetails(
                person.id!, form: form, actor: .participant, context: context, on: t.db, environment: t.registrationEnvironment())
            let image = try #require(
                try await ConsentRecord.query(on: t.db).filter(\.$subjectID == person.id!).filter(\.$purpose == .image).first())
            #expect(image.withdrawnAt == testStart.addingTimeInterval(3600))
            #expect(image.withdrawnBy == "osoba, której dane dotyczą")
            #expect(try await Registration.find(person.id, on: t.db)?.consentImage == false)
        }
    }

    @Test func otherOrganisationsAndOtherRolesCannotReachAPerson() async throws {
        try await withTestApp { t in
            _ = try await registerPerson(t)
            let stranger = t.browser()
            try await stranger.login("iod@rops-poznan.example")
            try await stranger.get("/panel/privacy")
            let page = try await stranger.post("/panel/privacy/subject", [("email", Self.email)])
            #expect(
                page.status == .ok && !page.body.string.contains("Forum")
                    && page.body.string.contains("nie ma danych powiązanych"))
            #expect(
                try await stranger.post("/panel/privacy/anonymise", [("email", Self.email), ("confirm", "yes")]).status
                    == .seeOther)
            #expect(try await Registration.query(on: t.db).filter(\.$email == Self.email).first()?.anonymisedAt == nil)
            let organiser = t.browser()
            try await organiser.login("wydarzenia@cus-jasminowo.example")
            #expect(try await organiser.get("/panel/privacy").status == .forbidden)
            #expect(try await organiser.post("/panel/privacy/export", [("email", Self.email)]).status == .forbidden)
        }
    }

    @Test func retentionJobAnonymisesPastEventsOnceAndTheNumbersStay() async throws {
        try await withTestApp { t in
            let congress = try await t.event("ii-kongres-centrow-uslug-spolecznych-2022")
            let organisationID = congress.$organisation.id
            let registrations = try await Registration.query(on: t.db).filter(\.$event.$id == congress.id!).all()
            #expect(registrations.count > 3)
            let names = registrations.map(\.lastName)
            let statistics = try await t.registrationStatistics(congress.id!)

            // Demo rule: five years after 22 June 2022, so nothing is due in November 2026.
            #expect(try await RetentionJob.plan(organisationID, now: t.app.clock.now(), on: t.db).events.isEmpty)
            let dpoLikeDirector = t.browser()
            try await dpoLikeDirector.login("iod@rops-poznan.example")
            t.advanceClock(240 * 86_400)  // July 2027
            let plan = try await RetentionJob.plan(organisationID, now: t.app.clock.now(), on: t.db)
            #expect(plan.events.map(\.eventID) == [congress.id!] && plan.registrations == registrations.count)
            let dryRun = try await dpoLikeDirector.get("/panel/privacy/retention")
            if try await t.organisationID("rops-poznan") == organisationID {
                #expect(dryRun.body.string.contains("II Kongres"))
            }
            #expect(
                try await Registration.query(on: t.db).filter(\.$event.$id == congress.id!).filter(\.$anonymisedAt == nil).count()
                    == registrations.count,
                "the dry run changes nothing")

            let report = try await RetentionJob.run(on: t.db, now: t.app.clock.now(), logger: t.app.logger)
            #expect(report.registrations == registrations.count)
            #expect(try await t.registrationStatistics(congress.id!) == statistics)
            let after = try await Registration.query(on: t.db).filter(\.$event.$id == congress.id!).all()
            #expect(
                after.allSatisfy {
                    $0.lastName == Anonymiser.placeholderLastName && $0.phone == nil && $0.institution.isEmpty
                        && $0.anonymisedAt != nil
                })
            #expect(Set(after.map(\.email)).isDisjoint(with: registrations.map(\.email)) && !names.isEmpty)
            #expect(
                try await RegistrationToken.query(on: t.db).filter(\.$registration.$id ~~ registrations.map { $0.id! }).count()
                    == 0)
            #expect(
                try await RetentionJob.run(on: t.db, now: t.app.clock.now(), logger: t.app.logger).registrations == 0,
                "idempotent")
            #expect(LogCapture.all.contains("Retention applied"))

            // Audit records: kept 24 months by default, then removed oldest first; the chain
            // still verifies from its new anchor and records the removal.
            t.advanceClock(25 * 31 * 86_400)
            let second = try await RetentionJob.run(on: t.db, now: t.app.clock.now(), logger: t.app.logger)
            #expect(second.auditRecords > 0)
            #expect(try await t.chainProblems().isEmpty)
            #expect(try await t.audit(action: .retention).count >= 1)
        }
    }

    @Test func retentionPeriodsAreValidatedAndAudited() async throws {
        try await withTestApp { t in
            let director = t.browser()
            try await director.login("dyrektor@cus-jasminowo.example")
            try await director.get("/panel/privacy/retention")
            let bad = try await director.post(
                "/panel/privacy/retention",
                [
                    ("registrations", "dwanaście"), ("registrations_funded", "72"), ("audit_records", "3"),
                    ("applications", "60"), ("decisions", "120"), ("consultation_comments", "24"),
                ])
            #expect(bad.status == .unprocessableEntity)
            #expect(
                bad.body.string.contains("Podaj liczbę miesięcy") && bad.body.string.contains("value=\"dwanaście\"")
                    && bad.body.string.contains("od 12 do 600"))
            let good = try await director.post(
                "/panel/privacy/retention",
                [
                    ("registrations", "24"), ("registrations_funded", "120"), ("audit_records", "36"),
                    ("applications", "48"), ("decisions", "120"), ("consultation_comments", "24"),
                    ("activity_signups", "12"), ("volunteers", "36"),
                ])
            #expect(good.status == .seeOther)
            let settings = try await RetentionSettings.load(try await t.organisationID("cus-jasminowo"), on: t.db)
            #expect(settings[.registrations] == 24 && settings[.registrationsFunded] == 120 && settings[.auditRecords] == 36)
            let change = try #require(try await t.audit(action: .update).last { $0.record_type == "retention_rule" })
            let values = try await AuditTrail.values(for: [change.id], on: t.db)[change.id] ?? []
            #expect(values.contains { $0.field == "registrations" && $0.old_value == "60" && $0.new_value == "24" })
            let analyst = t.browser()
            try await analyst.login("analityk@cus-jasminowo.example")
            #expect(try await analyst.get("/panel/privacy/retention").status == .forbidden)
        }
    }
}

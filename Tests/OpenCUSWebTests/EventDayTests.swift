import Fluent
import Foundation
import OpenCUSCore
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import OpenCUSWeb

extension TestApp {
    /// Rows of any text column of any table that contain `needle` ("table.column" per hit):
    /// the proof that personal data are gone is that the database no longer holds them.
    func databaseHits(_ needle: String) async throws -> [String] {
        try await databaseHits([needle])[needle] ?? []
    }

    /// For each text, the `table.column`s where some row still contains it (`LIKE '%text%'`).
    /// One query per text column for all the texts at once (a CTE of the texts), not one per
    /// text and column: the retention test checks about sixty texts.
    func databaseHits(_ needles: [String]) async throws -> [String: [String]] {
        struct Name: Decodable { let name: String }
        struct Column: Decodable {
            let name: String
            let type: String
        }
        struct Needle: Decodable { let needle: String }
        let sql = try db.sql()
        let tables: [String]
        if TestDatabase.isPostgres {
            tables = try await sql.raw(
                "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()"
            ).all(decoding: Name.self).map(\.name)
        } else {
            tables = try await sql.raw("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all(
                decoding: Name.self
            ).map(\.name)
        }
        guard !needles.isEmpty else { return [:] }
        var values = SQLQueryString("")
        for (index, needle) in needles.enumerated() {
            values.appendInterpolation(unsafeRaw: index == 0 ? "(" : ", (")
            values.appendInterpolation(bind: needle)
            values.appendInterpolation(unsafeRaw: ")")
        }
        var hits: [String: [String]] = [:]
        for table in tables {
            let columns: [Column] =
                TestDatabase.isPostgres
                ? try await sql.raw(
                    """
                    SELECT column_name AS name, data_type AS type FROM information_schema.columns
                    WHERE table_schema = current_schema() AND table_name = \(bind: table)
                    """
                ).all(decoding: Column.self)
                : try await sql.raw("SELECT name, type FROM pragma_table_info(\(bind: table))").all(decoding: Column.self)
            for column in columns where ["text", "character varying"].contains(column.type.lowercased()) {
                let found = try await sql.raw(
                    """
                    WITH needles(needle) AS (VALUES \(values))
                    SELECT needle FROM needles
                    WHERE EXISTS (SELECT 1 FROM \(ident: table) WHERE \(ident: column.name) LIKE '%' || needle || '%')
                    """
                ).all(decoding: Needle.self)
                for row in found { hits[row.needle, default: []].append("\(table).\(column.name)") }
            }
        }
        return hits
    }
}

/// Issue 5: the day of the event and after it, on the II Congress demo and the Jaśminowo forum.
@Suite struct EventDayTests {
    static let congress = "ii-kongres-centrow-uslug-spolecznych-2022"
    static let desk = "kongres@cus-starachowice.example"

    func eventPath(_ t: TestApp, _ slug: String) async throws -> String {
        "/panel/events/\(try await t.event(slug).id!.uuidString)"
    }

    @Test func twoDesksCheckingInAtOnceLoseNoMarkAndUndoWorks() async throws {
        try await withTestApp { t in
            let event = try await t.event(DemoRegistrations.upcomingSlug)
            let base = "/panel/events/\(event.id!.uuidString)"
            let confirmed = try await Registration.query(on: t.db).filter(\.$event.$id == event.id!).filter(
                \.$state == .confirmed
            ).all()
            #expect(confirmed.count >= 6)
            let desks = [t.browser(), t.browser()]
            for desk in desks {
                try await desk.login("wydarzenia@cus-jasminowo.example")
                try await desk.get("\(base)/checkin")
            }
            let day = event.startDay.iso
            // Both desks mark everyone at the same time (each person twice, in different orders).
            try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for (d, desk) in desks.enumerated() {
                    for r in (d == 0 ? confirmed : confirmed.reversed()) {
                        group.addTask {
                            try await desk.post("\(base)/checkin/\(r.id!.uuidString)/present", [("day", day)]).status
                        }
                    }
                }
                for try await status in group { #expect(status == .seeOther) }
            }
            let marks = try await EventAttendance.query(on: t.db).filter(\.$event.$id == event.id!).filter(
                \.$day == CalendarDay(iso: day)!
            ).all()
            #expect(marks.count == confirmed.count && Set(marks.map { $0.$registration.id }).count == confirmed.count)

            // The desk's counters (as JSON for the script) and the undo.
            desks[1].headers.replaceOrAdd(name: .accept, value: "application/json")
            let undo = try await desks[1].post("\(base)/checkin/\(confirmed[0].id!.uuidString)/absent", [("day", day)])
            let counters = try undo.content.decode(CheckInController.Counters.self)
            #expect(counters.registered == confirmed.count && counters.present == confirmed.count - 1 && counters.notYet == 1)
            #expect(!counters.presentIDs.contains(confirmed[0].id!))
            desks[1].headers.remove(name: .accept)
            let page = try await desks[0].get("\(base)/checkin?day=\(day)")
            #expect(page.body.string.contains("data-counter=\"notYet\">1<"))
            // Search as you type, on the server too: diacritics do not matter.
            let name = confirmed[1].lastName
            let folded = LooseMatch.fold(name)
            let found = try await desks[0].get("\(base)/checkin?day=\(day)&q=\(folded)")
            #expect(found.body.string.contains(name))
            // A day outside the event and a registration of another event are refused.
            #expect(
                try await desks[0].post("\(base)/checkin/\(confirmed[1].id!.uuidString)/present", [("day", "2020-01-01")]).status
                    == .unprocessableEntity)
            let foreign = try #require(try await Registration.query(on: t.db).filter(\.$event.$id != event.id!).first())
            #expect(
                try await desks[0].post("\(base)/checkin/\(foreign.id!.uuidString)/present", [("day", day)]).status == .notFound)
        }
    }

    @Test func walkInGetsASeatOrAClearRefusalWhenFull() async throws {
        try await withTestApp { t in
            let event = try await t.event(DemoRegistrations.upcomingSlug)
            let base = "/panel/events/\(event.id!.uuidString)"
            let desk = t.browser()
            try await desk.login("wydarzenia@cus-jasminowo.example")
            let context = try await t.context(DemoRegistrations.upcomingSlug)
            let rule = try #require(context.workshops.first)
            func form(_ email: String) -> [(String, String)] {
                [
                    ("day", event.endDay.iso), ("firstName", "Łucja"), ("lastName", "Przybyszewska"), ("email", email),
                    ("institution", "OPS w Lipnie (fikcyjny)"),
                    ("institutionType", "ops"), ("consentRodo", "on"), (rule.fieldName, rule.alternatives[0].uuidString),
                ]
            }
            // The form asks for what the desk must type: the e-mail and the RODO consent, with the clause shown.
            let page = try await desk.get("\(base)/checkin/walk-in").body.string
            #expect(page.contains("id=\"email\"") && page.contains("id=\"consentRodo\"") && page.contains("id=\"klauzula\""))
            let created = try await desk.post("\(base)/checkin/walk-in", form("lucja.p@uczestnik.example"))
            #expect(created.status == .seeOther)
            let walkIn = try #require(
                try await Registration.query(on: t.db).filter(\.$email == "lucja.p@uczestnik.example").first())
            #expect(walkIn.source == .onSite && walkIn.state == .confirmed)
            #expect(
                try await EventAttendance.query(on: t.db).filter(\.$registration.$id == walkIn.id!).filter(
                    \.$day == event.endDay
                ).count() == 1)

            // Full: the capacity equals the confirmed count; the walk-in is refused, the form keeps what was typed.
            let settings = try #require(try await RegistrationSettings.query(on: t.db).filter(\.$event.$id == event.id!).first())
            settings.capacity = try await Registration.query(on: t.db).filter(\.$event.$id == event.id!).filter(
                \.$state == .confirmed
            ).count()
            try await settings.save(on: t.db)
            try await desk.get("\(base)/checkin/walk-in")
            let refused = try await desk.post("\(base)/checkin/walk-in", form("druga.osoba@uczestnik.example"))
            #expect(refused.status == .conflict)
            #expect(refused.body.string.contains("Brak wolnego miejsca") && refused.body.string.contains("Przybyszewska"))
            #expect(try await Registration.query(on: t.db).filter(\.$email == "druga.osoba@uczestnik.example").count() == 0)
        }
    }

    @Test func attendanceListsAreSortedThePolishWayWithFundingAndWorkshops() async throws {
        try await withTestApp { t in
            let base = try await eventPath(t, Self.congress)
            let desk = t.browser()
            try await desk.login(Self.desk)
            let html = try await desk.get("\(base)/attendance/print?day=2022-06-22").body.string
            let confirmed = try await Registration.query(on: t.db).filter(\.$event.$id == (try await t.event(Self.congress)).id!)
                .filter(\.$state == .confirmed).all()
            let expected = AttendanceListController.sorted(confirmed).map { "\($0.lastName) \($0.firstName)" }
            let positions = expected.map { html.range(of: "<td>\($0)</td>")?.lowerBound }
            #expect(positions.allSatisfy { $0 != nil }, "everyone confirmed is on the list")
            #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted(), "in Polish alphabetical order")
            // Ł after L, Ś after S, Ż after Z.
            func at(_ s: String) -> String.Index? { html.range(of: "<td>\(s)")?.lowerBound }
            #expect(at("Lewandowska")! < at("Łęcka")! && at("Sowa")! < at("Śliwa")! && at("Zając")! < at("Żak")!)
            #expect(html.contains("class=\"col-signature\"></td>"))
            // All day-2 workshops in one document, a sheet each.
            let workshops = try await desk.get("\(base)/attendance/print?day=2022-06-22&workshops=1").body.string
            #expect(workshops.components(separatedBy: "<section class=\"sheet\"").count - 1 == 3)
            #expect(workshops.contains("warsztat: Indywidualne plany usług społecznych"))
            // A funded event prints its attribution on every sheet.
            let funded = t.browser()
            try await funded.login("wydarzenia@rops-poznan.example")
            let jarocin = try await funded.get(
                "\(try await eventPath(t, "v-ogolnopolski-kongres-cus-jarocin-2025"))/attendance/print?day=2025-04-10"
            ).body.string
            #expect(jarocin.contains("Europejskiego Funduszu Społecznego Plus"))
            // Printing is audited with the people on the list.
            struct Count: Decodable { let n: Int }
            try await AuditChainer.run(on: t.db)
            let printed =
                try await t.db.sql().raw(
                    "SELECT COUNT(*) AS n FROM audit_records WHERE record_type = \(bind: AuditRecordType.attendanceList.rawValue)"
                )
                .first(decoding: Count.self)?.n ?? 0
            #expect(printed >= 3)
        }
    }

    @Test func certificateNumbersNeverRepeatOrSkipUnderConcurrencyAndReissueKeepsTheNumber() async throws {
        try await withTestApp { t in
            let event = try await t.event(DemoRegistrations.upcomingSlug)
            let base = "/panel/events/\(event.id!.uuidString)"
            let staff = t.browser()
            try await staff.login("wydarzenia@cus-jasminowo.example")
            let confirmed = try await Registration.query(on: t.db).filter(\.$event.$id == event.id!).filter(
                \.$state == .confirmed
            ).all()
            let days = event.startDay.days(through: event.endDay)
            try #require(days.count == 2, "the demo forum has two days")
            for r in confirmed {
                for day in days {
                    try await CheckInController.mark(r, day: day, by: "test", now: t.app.clock.now(), on: t.db)
                }
            }
            try await staff.get("\(base)/certificates")
            // Issuing before the settings exist is refused with what to do.
            let early = try await staff.post("\(base)/certificates/issue", [])
            #expect(early.status == .conflict && early.body.string.contains("Najpierw zapisz ustawienia"))
            let invalid = try await staff.post(
                "\(base)/certificates/settings",
                [
                    ("registerCode", "!"), ("hours", "abc"), ("signatoryName", ""), ("signatoryFunction", "Dyrektor"),
                    ("issuePlace", "Jaśminowo"),
                ])
            #expect(
                invalid.status == .unprocessableEntity && invalid.body.string.contains("oznaczenie rejestru")
                    && invalid.body.string.contains("value=\"Dyrektor\""))
            #expect(
                try await staff.post(
                    "\(base)/certificates/settings",
                    [
                        ("registerCode", "cus-jaśminowo"), ("hours", "4,5"), ("signatoryName", "Barbara Zielińska"),
                        ("signatoryFunction", "Dyrektor CUS"), ("issuePlace", "Jaśminowo"),
                        ("topics", "Usługi społeczne w gminie | 2\nWarsztat | 2,5"),
                    ]
                ).status == .seeOther)
            // Every present person at once, from many requests: one number each, 1…n.
            let desks = (0..<3).map { _ in t.browser() }
            for desk in desks {
                try await desk.login("wydarzenia@cus-jasminowo.example"); try await desk.get("\(base)/certificates")
            }
            try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for (i, r) in confirmed.enumerated() {
                    let desk = desks[i % desks.count]
                    group.addTask {
                        try await desk.post("\(base)/certificates/issue", [("registrationID", r.id!.uuidString)]).status
                    }
                    group.addTask { try await desk.post("\(base)/certificates/issue", [("confirmed", "yes")]).status }
                }
                for try await status in group { #expect(status == .seeOther) }
            }
            let issued = try await Certificate.query(on: t.db).filter(\.$event.$id == event.id!).all()
            let year = CalendarDay(t.app.clock.now(), in: WallClock.warsaw).year
            #expect(issued.count == confirmed.count)
            #expect(issued.map(\.sequence).sorted() == Array(1...confirmed.count), "no number repeats or is skipped")
            #expect(issued.allSatisfy { $0.number == "\($0.sequence)/\(year)/CUS-JASMINOWO" && $0.hoursMinutes == 270 })

            let one = try #require(issued.first { $0.sequence == 2 })
            let printed = try await staff.get("\(base)/certificates/\(one.id!.uuidString)").body.string
            let person = try #require(confirmed.first { $0.id == one.$registration.id })
            #expect(
                printed.contains("Nr 2/\(year)/CUS-JASMINOWO") && printed.contains(person.fullName)
                    && printed.contains("w wymiarze 4,5 godziny zegarowej"))
            #expect(printed.contains("Usługi społeczne w gminie – 2 godz.") && printed.contains("Barbara Zielińska"))
            try await staff.get("\(base)/certificates")
            let noReason = try await staff.post("\(base)/certificates/\(one.id!.uuidString)/reissue", [("reason", "")])
            #expect(noReason.status == .unprocessableEntity && noReason.body.string.contains("podaj powód ponownego wydania"))
            #expect(
                try await staff.post(
                    "\(base)/certificates/\(one.id!.uuidString)/reissue", [("reason", "Poprawiona pisownia nazwiska")]
                ).status == .seeOther)
            let reissued = try #require(try await Certificate.find(one.id, on: t.db))
            #expect(reissued.number == one.number && reissued.reissueCount == 1)
            #expect(
                try await CertificateReissue.query(on: t.db).filter(\.$certificate.$id == one.id!).first()?.reason
                    == "Poprawiona pisownia nazwiska")
            // The attendance list is corrected (absent on the second day): a reissue certifies the
            // first day only, keeps the number and says what changed.
            try await EventAttendance.query(on: t.db).filter(\.$registration.$id == one.$registration.id)
                .filter(\.$day == days[1]).delete()
            #expect(
                try await staff.post(
                    "\(base)/certificates/\(one.id!.uuidString)/reissue", [("reason", "Poprawiona lista obecności")]
                ).status == .seeOther)
            let corrected = try #require(try await Certificate.find(one.id, on: t.db))
            #expect(corrected.number == one.number && corrected.hoursMinutes < 270 && corrected.hoursMinutes > 0)
            let reasons = try await CertificateReissue.query(on: t.db).filter(\.$certificate.$id == one.id!).all().map(\.reason)
            #expect(reasons.contains { $0.hasPrefix("Poprawiona lista obecności (wymiar zmieniony z 4,5 godziny na ") })
            let reprinted = try await staff.get("\(base)/certificates/\(one.id!.uuidString)").body.string
            #expect(!reprinted.contains("w wymiarze 4,5 godziny zegarowej"))
            #expect(!reprinted.contains(days[1].polish), "the certificate names only the day present")
            // All in one document; the register of the year lists them in order.
            let all = try await staff.get("\(base)/certificates/print").body.string
            #expect(all.components(separatedBy: "<article class=\"certificate\"").count - 1 == confirmed.count)
            let register = try await staff.get("/panel/certificates?year=\(year)").body.string
            #expect(register.contains("1/\(year)/CUS-JASMINOWO") && register.contains("\(confirmed.count)/\(year)/CUS-JASMINOWO"))
            // Another organisation's organiser finds none of it.
            let other = t.browser()
            try await other.login("wydarzenia@rops-poznan.example")
            #expect(try await other.get("\(base)/certificates/\(one.id!.uuidString)").status == .notFound)
            #expect(!(try await other.get("/panel/certificates?year=\(year)").body.string.contains("CUS-JASMINOWO")))
        }
    }

    @Test func thankYouMailOnceThenCertificateAndAnonymousSurveyThroughTheLink() async throws {
        try await withTestApp { t in
            let event = try await t.event(Self.congress)
            let base = "/panel/events/\(event.id!.uuidString)"
            // The demo sent the thank-you mails already: a second round sends none.
            let present = Set(
                try await EventAttendance.query(on: t.db).filter(\.$event.$id == event.id!).all().map { $0.$registration.id })
            let keys = present.map { ThanksMailer.key($0) }
            #expect(try await OutboxMessage.query(on: t.db).filter(\.$idempotencyKey ~~ keys).count() == present.count)
            let desk = t.browser()
            try await desk.login(Self.desk)
            try await desk.get(base)
            let again = try await desk.post("\(base)/thanks", [])
            #expect(
                again.status == .seeOther
                    && again.headers.first(name: .location)?.contains("thanks=0&before=\(present.count)") == true)
            #expect(try await OutboxMessage.query(on: t.db).filter(\.$idempotencyKey ~~ keys).count() == present.count)

            // One participant follows the link from their mail.
            let certificate = try #require(
                try await Certificate.query(on: t.db).filter(\.$event.$id == event.id!).sort(\.$sequence).first())
            let person = try #require(try await Registration.find(certificate.$registration.id, on: t.db))
            let mail = try #require(
                try await OutboxMessage.query(on: t.db).filter(\.$idempotencyKey == ThanksMailer.key(person.id!)).first())
            #expect(mail.textBody.contains("/certificate") && mail.textBody.contains("/survey"))
            let link = try #require(try await t.lastLink(to: person.email))
            let participant = t.browser()
            let own = try await participant.get(link).body.string
            #expect(own.contains("\(link)/certificate") && own.contains("\(link)/survey"), "the personal page links both")
            let page = try await participant.get(link + "/certificate")
            #expect(
                page.status == .ok && page.body.string.contains(person.fullName) && page.body.string.contains(certificate.number))
            let answersBefore = try await SurveyAnswer.query(on: t.db).filter(\.$event.$id == event.id!).count()
            // The demo may have answered for this person: they answer here (the answers stay anonymous).
            try await SurveySubmission.query(on: t.db).filter(\.$registration.$id == person.id!).delete()
            let form = try await participant.get(link + "/survey")
            #expect(form.status == .ok && form.body.string.contains("q_q1"))
            do {
                // Required question left out: 422, nothing stored, what was typed stays.
                let missing = try await participant.post(link + "/survey", [("q_q5", "Więcej przerw <script>alert(1)</script>")])
                #expect(
                    missing.status == .unprocessableEntity && missing.body.string.contains("jest obowiązkowe")
                        && missing.body.string.contains("&lt;script&gt;"))
                let sent = try await participant.post(
                    link + "/survey", [("q_q1", "5"), ("q_q4[]", "0"), ("q_q4[]", "3"), ("q_q5", "Więcej przerw")])
                #expect(sent.status == .seeOther)
                let thanks = try await participant.get(try #require(sent.headers.first(name: .location)))
                #expect(thanks.body.string.contains("Dziękujemy za wypełnienie ankiety"))
                #expect(try await participant.get(link + "/survey").body.string.contains("została już zapisana"))
                #expect(
                    try await participant.post(link + "/survey", [("q_q1", "1")]).status == .conflict,
                    "one answer per registration")
                #expect(try await SurveyAnswer.query(on: t.db).filter(\.$event.$id == event.id!).count() == answersBefore + 1)
            }
            // Results: charts with their numbers, CSV without any name.
            let results = try await desk.get("\(base)/survey/results").body.string
            #expect(results.contains("<svg") && results.contains("role=\"img\"") && results.contains("średnia"))
            let csv = try await desk.get("\(base)/survey/results.csv").body.string
            #expect(
                !csv.contains(person.lastName) && !csv.contains(person.email) && csv.contains("Jak ogólnie oceniasz Kongres?"))
            // The answers table has no link to anyone.
            let columns = try await t.db.sql().raw("SELECT * FROM survey_answers").all().first?.allColumns ?? []
            #expect(!columns.contains("registration_id") && !columns.contains("created_at"))
        }
    }

    /// A photo is published without the position, time and text its file carried (here a PNG
    /// with a GPS text chunk and a time stamp, as a phone's editor writes them).
    @Test func galleryPhotosAndAttachmentsArePublishedWithoutTheirMetadata() async throws {
        try await withTestApp { t in
            let event = try await t.event(DemoRegistrations.upcomingSlug)
            let base = "/panel/events/\(event.id!.uuidString)"
            let staff = t.browser()
            try await staff.login("wydarzenia@cus-jasminowo.example")
            try await staff.get("\(base)/report")
            let plain = DemoFiles.png(width: 8, height: 8) { x, y in (UInt8(x * 30), UInt8(y * 30), 128) }
            func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
                withUnsafeBytes(of: UInt32(data.count).bigEndian, Array.init) + Array(type.utf8) + data + [0, 0, 0, 0]
            }
            let tagged =
                Array(plain[0..<33]) + chunk("tEXt", Array("GPSPosition\u{0}52.4064 N, 16.9252 E".utf8))
                + chunk("tIME", [7, 234, 11, 18, 10, 15, 0]) + Array(plain[33...])
            #expect(
                try await staff.upload(
                    "\(base)/report/photos", fields: [("alt", "Sala plenarna")], file: ("file", "sala.png", "image/png", tagged)
                ).status == .seeOther)
            let photo = try #require(try await EventPhoto.query(on: t.db).filter(\.$event.$id == event.id!).first())
            let stored = try FileStorage(dataDirectory: t.configuration.dataDirectory).read(photo.storageKey)
            #expect(Array(stored) == plain)
            #expect(photo.size == plain.count)
            // The same for an image attachment (it can become the event's cover).
            try await staff.get(base)
            #expect(
                try await staff.upload(
                    "\(base)/attachments", fields: [("title", "Plakat")], file: ("file", "plakat.png", "image/png", tagged)
                ).status == .seeOther)
            let attachment = try #require(
                try await EventAttachment.query(on: t.db).filter(\.$event.$id == event.id!).filter(\.$title == "Plakat").first())
            #expect(Array(try FileStorage(dataDirectory: t.configuration.dataDirectory).read(attachment.storageKey)) == plain)
            // A cut-off image is refused with the reason next to the field.
            let cut = try await staff.upload(
                "\(base)/report/photos", fields: [("alt", "Sala")], file: ("file", "a.png", "image/png", Array(plain.prefix(40))))
            #expect(cut.status == .unprocessableEntity && cut.body.string.contains("Nie udało się odczytać obrazu"))
        }
    }

    @Test func reportWithGalleryChecksUploadsConsentsAndCaching() async throws {
        try await withTestApp { t in
            let event = try await t.event(DemoRegistrations.upcomingSlug)
            let base = "/panel/events/\(event.id!.uuidString)"
            let staff = t.browser()
            try await staff.login("wydarzenia@cus-jasminowo.example")
            try await staff.get("\(base)/report")
            let png = DemoFiles.png(width: 8, height: 8) { x, y in (UInt8(x * 30), UInt8(y * 30), 128) }
            let noAlt = try await staff.upload(
                "\(base)/report/photos", fields: [("alt", "")], file: ("file", "a.png", "image/png", png))
            #expect(noAlt.status == .unprocessableEntity && noAlt.body.string.contains("tekst alternatywny"))
            let fake = try await staff.upload(
                "\(base)/report/photos", fields: [("alt", "Sala")],
                file: ("file", "a.png", "image/png", Array("<script>alert(1)</script>".utf8)))
            #expect(fake.status == .unprocessableEntity && fake.body.string.contains("rozpoznano po zawartości"))
            #expect(try await EventPhoto.query(on: t.db).filter(\.$event.$id == event.id!).count() == 0)
            #expect(
                try await staff.upload(
                    "\(base)/report/photos", fields: [("alt", "Uczestnicy przy stole warsztatowym"), ("caption", "Warsztat")],
                    file: ("file", "warsztat.png", "image/png", png)
                ).status == .seeOther)
            #expect(
                try await staff.upload(
                    "\(base)/report/photos", fields: [("alt", "Sala plenarna")], file: ("file", "sala.png", "image/png", png)
                ).status == .seeOther)
            let photos = try await EventPhoto.query(on: t.db).filter(\.$event.$id == event.id!).sort(\.$position).all()
            #expect(photos.count == 2)
            // A blank alt text and a wrong number are refused next to the fields, the rest typed is kept.
            try await staff.get("\(base)/report")
            let bad = try await staff.post(
                "\(base)/report/photos/order",
                [
                    ("alt_\(photos[0].id!.uuidString)", ""), ("caption_\(photos[0].id!.uuidString)", "Nowy podpis"),
                    ("position_\(photos[0].id!.uuidString)", "x"), ("alt_\(photos[1].id!.uuidString)", photos[1].alt),
                    ("position_\(photos[1].id!.uuidString)", "1"),
                ])
            #expect(
                bad.status == .unprocessableEntity && bad.body.string.contains("Tekst alternatywny jest wymagany")
                    && bad.body.string.contains("Podaj numer kolejny"))
            #expect(bad.body.string.contains("value=\"Nowy podpis\""))
            #expect(try await EventPhoto.find(photos[0].id, on: t.db)?.alt == photos[0].alt, "nothing stored")
            // Reorder by numbers: the second becomes first.
            try await staff.get("\(base)/report")
            let order = try await staff.post(
                "\(base)/report/photos/order",
                photos.flatMap { p in
                    [
                        ("alt_\(p.id!.uuidString)", p.alt), ("caption_\(p.id!.uuidString)", p.caption),
                        ("position_\(p.id!.uuidString)", p.position == 1 ? "5" : "1"),
                    ]
                })
            #expect(order.status == .seeOther)
            #expect(
                try await EventPhoto.query(on: t.db).filter(\.$event.$id == event.id!).sort(\.$position).first()?.alt
                    == "Sala plenarna")

            // Publishing needs a summary and the image-consent confirmation.
            #expect(
                try await staff.post("\(base)/report", [("summary", "Forum zakończyło się **wnioskami**.")]).status == .seeOther)
            try await staff.get("\(base)/report")
            let unconfirmed = try await staff.post("\(base)/report/publish", [])
            #expect(unconfirmed.status == .unprocessableEntity && unconfirmed.body.string.contains("zgody uczestników"))
            let publicBrowser = t.browser()
            #expect(try await publicBrowser.get("/events/\(event.slug)/report").status == .notFound)
            #expect(try await staff.post("\(base)/report/publish", [("consentChecked", "on")]).status == .seeOther)
            let report = try await publicBrowser.get("/events/\(event.slug)/report")
            #expect(
                report.status == .ok && report.body.string.contains("<strong>wnioskami</strong>")
                    && report.body.string.contains("alt=\"Sala plenarna\""))
            #expect(try await publicBrowser.get("/events/\(event.slug)").body.string.contains("/events/\(event.slug)/report"))
            let image = try await publicBrowser.get("/events/\(event.slug)/photos/\(photos[0].id!.uuidString)")
            #expect(image.status == .ok && image.headers.first(name: .contentType) == "image/png")
            #expect(image.headers.first(name: .cacheControl)?.contains("max-age") == true)
            let etag = try #require(image.headers.first(name: .eTag))
            publicBrowser.headers.replaceOrAdd(name: .ifNoneMatch, value: etag)
            #expect(
                try await publicBrowser.get("/events/\(event.slug)/photos/\(photos[0].id!.uuidString)").status == .notModified)
        }
    }

    @Test func retentionKeepsReportNumbersAndTheRegisterButNoPersonalData() async throws {
        try await withTestApp { t in
            let event = try await t.event(Self.congress)
            let registrations = try await Registration.query(on: t.db).filter(\.$event.$id == event.id!).all()
            let certificates = try await Certificate.query(on: t.db).filter(\.$event.$id == event.id!).all()
            #expect(registrations.count > 30 && certificates.count > 20)
            let numbers = try await ReportNumbers.compute(event.id!, on: t.db)
            #expect(numbers.present > 20 && numbers.institutions >= 6 && numbers.voivodeships >= 4)
            let publicBefore = try await t.browser().get("/events/\(event.slug)/report").body.string
            let someone = try #require(registrations.first)
            #expect(
                try await t.databaseHits([someone.email, "nobody-\(UUID())"]).keys.sorted() == [someone.email],
                "the scan finds what is there, and only that")

            // The organiser shortens the event's period to 12 months: it is due now (2026).
            let desk = t.browser()
            try await desk.login(Self.desk)
            let base = "/panel/events/\(event.id!.uuidString)"
            try await desk.get("\(base)/report")
            #expect(try await desk.post("\(base)/report/retention", [("retentionMonths", "0")]).status == .unprocessableEntity)
            #expect(try await desk.post("\(base)/report/retention", [("retentionMonths", "12")]).status == .seeOther)
            let plan = try await RetentionJob.plan(event.$organisation.id, now: t.app.clock.now(), on: t.db)
            #expect(
                plan.events.map(\.eventID) == [event.id!] && plan.registrations == registrations.count, "the dry run shows it")
            #expect(
                try await Registration.query(on: t.db).filter(\.$event.$id == event.id!).filter(\.$anonymisedAt == nil).count()
                    == registrations.count)

            let report = try await RetentionJob.run(on: t.db, now: t.app.clock.now(), logger: t.app.logger)
            #expect(report.registrations == registrations.count)
            #expect(
                try await RetentionJob.run(on: t.db, now: t.app.clock.now(), logger: t.app.logger).registrations == 0,
                "idempotent")
            #expect(try await ReportNumbers.compute(event.id!, on: t.db) == numbers, "the report's numbers do not change")
            let publicAfter = try await t.browser().get("/events/\(event.slug)/report").body.string
            func counters(_ html: String) -> String {
                html.components(separatedBy: "<dl class=\"counters\">").dropFirst().first?.components(separatedBy: "</dl>").first
                    ?? ""
            }
            #expect(!counters(publicAfter).isEmpty && counters(publicAfter) == counters(publicBefore))
            let after = try await Certificate.query(on: t.db).filter(\.$event.$id == event.id!).all()
            #expect(Set(after.map(\.number)) == Set(certificates.map(\.number)), "the register keeps its numbers and dates")
            // No name or e-mail of any participant is left anywhere in the database (people who
            // also registered for another, still-kept event are checked only there: their other
            // registration rightly keeps its data).
            let elsewhere = try await Registration.query(on: t.db).filter(\.$event.$id != event.id!).all()
            let kept = Set(elsewhere.map(\.email) + elsewhere.map { "\($0.firstName) \($0.lastName)" })
            let onlyHere = registrations.filter { !kept.contains($0.email) && !kept.contains("\($0.firstName) \($0.lastName)") }
            #expect(onlyHere.count >= 30)
            let hits = try await t.databaseHits(onlyHere.flatMap { [$0.email, "\($0.firstName) \($0.lastName)"] })
            for r in onlyHere {
                let emailHits = hits[r.email] ?? []
                #expect(emailHits.isEmpty, "e-mail of a participant still in \(emailHits)")
                let nameHits = hits["\(r.firstName) \(r.lastName)"] ?? []
                #expect(nameHits.isEmpty, "name still in \(nameHits)")
            }
        }
    }
}

extension EventDayTests {
    @Test func peselOnlyWhenRequiredOnlyOnTheCertificateAndGoneWithTheName() async throws {
        try await withTestApp { t in
            let event = try await t.event(Self.congress)
            let settings = try #require(try await CertificateSettings.query(on: t.db).filter(\.$event.$id == event.id!).first())
            settings.requirePesel = true
            try await settings.save(on: t.db)
            let certificate = try #require(
                try await Certificate.query(on: t.db).filter(\.$event.$id == event.id!).sort(\.$sequence).first())
            let person = try #require(try await Registration.find(certificate.$registration.id, on: t.db))
            let link = try #require(try await t.lastLink(to: person.email))
            let participant = t.browser()
            let ask = try await participant.get(link + "/certificate")
            #expect(
                ask.body.string.contains("name=\"pesel\"") && !ask.body.string.contains(certificate.number),
                "asked first, certificate after")
            let wrong = try await participant.post(link + "/certificate/pesel", [("pesel", "44051401358")])
            #expect(
                wrong.status == .unprocessableEntity && wrong.body.string.contains("cyfrę kontrolną")
                    && wrong.body.string.contains("value=\"44051401358\""))
            #expect(try await participant.post(link + "/certificate/pesel", [("pesel", "44051401359")]).status == .seeOther)
            let shown = try await participant.get(link + "/certificate").body.string
            #expect(shown.contains("PESEL: 44051401359") && shown.contains(certificate.number))
            // Never on lists or in the register.
            let desk = t.browser()
            try await desk.login(Self.desk)
            let base = "/panel/events/\(event.id!.uuidString)"
            for page in [
                "\(base)/attendance/print?day=2022-06-21", "\(base)/certificates", "/panel/certificates?year=\(certificate.year)",
                "\(base)/checkin",
            ] {
                #expect(!(try await desk.get(page).body.string.contains("44051401359")), "\(page)")
            }
            // Anonymisation takes it away with the name; the register entry stays.
            _ = try await Anonymiser.anonymise(
                [person.id!], organisationID: event.$organisation.id,
                actor: AuditActor(userID: nil, name: "test", organisationID: event.$organisation.id, roles: [], address: nil),
                reason: "test", now: t.app.clock.now(), on: t.db)
            let after = try #require(try await Certificate.find(certificate.id, on: t.db))
            #expect(after.pesel == nil && after.number == certificate.number)
            #expect(try await t.databaseHits("44051401359").isEmpty)
        }
    }

    @Test func reportMaterialsAreTheAttachmentsTheOrganiserPicks() async throws {
        try await withTestApp { t in
            let event = try await t.event(Self.congress)
            let base = "/panel/events/\(event.id!.uuidString)"
            let desk = t.browser()
            try await desk.login(Self.desk)
            try await desk.get(base)
            let pdf = DemoFiles.pdf(lines: ["Prezentacja: monitorowanie usług"])
            #expect(
                try await desk.upload(
                    "\(base)/attachments", fields: [("title", "Prezentacja – monitorowanie usług")],
                    file: ("file", "p.pdf", "application/pdf", pdf)
                ).status == .seeOther)
            let attachment = try #require(
                try await EventAttachment.query(on: t.db).filter(\.$event.$id == event.id!).filter(
                    \.$title == "Prezentacja – monitorowanie usług"
                ).first())
            let before = try await t.browser().get("/events/\(event.slug)/report").body.string
            #expect(!before.contains("Prezentacja – monitorowanie usług"))
            let report = try #require(try await EventReport.query(on: t.db).filter(\.$event.$id == event.id!).first())
            try await desk.get("\(base)/report")
            #expect(
                try await desk.post("\(base)/report", [("summary", report.summary), ("materials[]", attachment.id!.uuidString)])
                    .status == .seeOther)
            let after = try await t.browser().get("/events/\(event.slug)/report").body.string
            #expect(
                after.contains("Prezentacja – monitorowanie usług") && after.contains("/attachments/\(attachment.id!.uuidString)")
            )
            // The archive links the report.
            #expect(try await t.browser().get("/events").body.string.contains("/events/\(event.slug)/report"))
            // Too long a summary keeps the text and stores nothing.
            let huge = String(repeating: "ą", count: 20_001)
            let refused = try await desk.post("\(base)/report", [("summary", huge)])
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("20 000"))
            #expect(try await EventReport.find(report.id, on: t.db)?.summary == report.summary)
        }
    }
}

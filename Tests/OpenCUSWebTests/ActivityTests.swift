import Fluent
import Foundation
import OpenCUSCore
import Testing
import Vapor

@testable import OpenCUSWeb

/// Supportive activities: staff schedule one; residents find it on the public calendar (list,
/// month, ICS, JSON) and sign up without overselling; staff record who came and how many.
@Suite struct ActivityTests {
    static let organiser = "osl@cus-jasminowo.example"

    static func fields(title: String = "Warsztaty rękodzieła", capacity: String = "3") -> [(String, String)] {
        [
            ("title", title), ("kind", "education"), ("organiser", "Koło Gospodyń Wiejskich w Bzowie"),
            ("place", "Świetlica, Bzowo 5"), ("description", "Szydełko i haft."), ("audience", "dorośli"),
            ("accessibility", "Wejście bez schodów."), ("firstDay", "2026-11-02"), ("lastDay", "2026-12-31"),
            ("weekdays", "1"), ("weekdays", "3"), ("everyWeeks", "1"), ("start", "17:00"), ("end", "19:00"),
            ("except", "2026-11-11"), ("capacity", capacity), ("signUps", "on"),
        ]
    }

    static func club(_ t: TestApp) async throws -> Activity {
        let cus = try await t.organisationID("cus-jasminowo")
        return try #require(try await Activity.scoped(to: cus, on: t.db).filter(\.$kind == .club).first())
    }

    @Test func staffScheduleAnActivityAndResidentsFindItInTheCalendar() async throws {
        try await withTestApp { t in
            let staff = t.browser()
            try await staff.login(Self.organiser)
            try await staff.get("/panel/activities/new")
            var bad = Self.fields()
            bad.removeAll { $0.0 == "title" || $0.0 == "end" }
            bad += [("title", ""), ("end", "16:00")]
            let refused = try await staff.post("/panel/activities", bad)
            #expect(refused.status == .unprocessableEntity)
            #expect(
                refused.body.string.contains("Wpisz nazwę działania.")
                    && refused.body.string.contains("Koniec musi być po początku."))
            #expect(refused.body.string.contains("value=\"Koło Gospodyń Wiejskich w Bzowie\""), "what was typed stays")
            let created = try await staff.post("/panel/activities", Self.fields())
            #expect(created.status == .seeOther)
            let activity = try #require(try await Activity.query(on: t.db).filter(\.$title == "Warsztaty rękodzieła").first())
            let id = try activity.requireID()
            #expect(try await t.audit(action: .create).contains { $0.detail == "działanie: utworzono „Warsztaty rękodzieła”" })
            // testStart is Wednesday 18 November 2026: the next meetings are Wed 18, Mon 23, Wed 25.
            let visitor = t.browser()
            let list = try await visitor.get("/activities/cus-jasminowo").body.string
            #expect(
                list.contains("środa, 18 listopada 2026")
                    && list.contains("17:00–19:00</strong> <a href=\"/activities/cus-jasminowo/\(id)\">Warsztaty rękodzieła</a>"))
            let month = try await visitor.get("/activities/cus-jasminowo?miesiac=2026-11").body.string
            #expect(month.contains("<caption class=\"visually-hidden\">Działania wspierające: listopad 2026</caption>"))
            func cell(_ label: String) -> Substring {
                guard let start = month.range(of: "aria-label=\"\(label)\"") else { return "" }
                return month[start.lowerBound...].split(separator: "</td>").first ?? ""
            }
            #expect(cell("9 listopada 2026").contains("href=\"/activities/cus-jasminowo/\(id)\""), "a Monday")
            #expect(!cell("11 listopada 2026").contains("href=\"/activities/cus-jasminowo/\(id)\""), "the exception")
            #expect(!cell("10 listopada 2026").contains("href=\"/activities/cus-jasminowo/\(id)\""), "a Tuesday")
            #expect(try await visitor.get("/activities/cus-jasminowo?miesiac=2026-13").status == .notFound)
            let ics = try await visitor.get("/activities/cus-jasminowo/calendar.ics")
            #expect(ics.headers.contentType?.description.hasPrefix("text/calendar") == true)
            #expect(ics.body.string.contains("UID:activity-\(id.uuidString.lowercased())-2026-11-18@"))
            #expect(ics.body.string.contains("DTSTART;TZID=Europe/Warsaw:20261118T170000"))
            #expect(!ics.body.string.contains("activity-\(id.uuidString.lowercased())-2026-11-11@"), "the exception")
            let json = try await visitor.get("/api/v1/organisations/cus-jasminowo/activities")
            struct Row: Decodable {
                let id: UUID
                let capacity: Int?
                let placesLeft: Int?
                let next: [[String: String]]
            }
            let rows = try JSONDecoder().decode([Row].self, from: Data(json.body.readableBytesView))
            let row = try #require(rows.first { $0.id == id })
            #expect(row.capacity == 3 && row.placesLeft == 3 && row.next.first?["day"] == "2026-11-18")
            // Another organisation's address does not show it.
            #expect(try await visitor.get("/activities/cus-starachowice/\(id)").status == .notFound)
        }
    }

    @Test func residentsSignUpAndThePlacesAreNeverOversold() async throws {
        try await withTestApp(adjust: { $0.rateLimitPerMinute = 10_000 }) { t in
            let staff = t.browser()
            try await staff.login(Self.organiser)
            try await staff.get("/panel/activities/new")
            #expect(try await staff.post("/panel/activities", Self.fields(capacity: "10")).status == .seeOther)
            let activity = try #require(try await Activity.query(on: t.db).filter(\.$title == "Warsztaty rękodzieła").first())
            let path = "/activities/cus-jasminowo/\(try activity.requireID())"
            let browsers = (0..<30).map { _ in t.browser() }
            for browser in browsers { try await browser.get(path) }
            let statuses = try await withThrowingTaskGroup(of: HTTPResponseStatus.self) { group in
                for (n, browser) in browsers.enumerated() {
                    group.addTask {
                        try await browser.post(
                            path, [("name", "Osoba \(n)"), ("phone", "600 300 \(String(format: "%03d", n))"), ("consent", "on")]
                        ).status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .seeOther }.count == 10, "\(statuses)")
            #expect(statuses.filter { $0 == .conflict }.count == 20)
            #expect(try await ActivityService.activeSignUps(try activity.requireID(), on: t.db).count() == 10)
            let full = try await t.browser().get(path).body.string
            #expect(full.contains("Wszystkie miejsca są zajęte"))
        }
    }

    @Test func aResidentSignsUpForTheSeniorsClubOnce() async throws {
        try await withTestApp { t in
            let club = try await Self.club(t)
            let path = "/activities/cus-jasminowo/\(try club.requireID())"
            let resident = t.browser()
            let page = try await resident.get(path).body.string
            let taken = try await ActivityService.activeSignUps(try club.requireID(), on: t.db).count()
            #expect(page.contains("\(25 - taken) wolnych z 25"))
            let missing = try await resident.post(path, [("name", "Alicja Nowa")])
            #expect(missing.status == .unprocessableEntity && missing.body.string.contains("Podaj telefon albo e-mail"))
            let done = try await resident.post(
                path, [("name", "Alicja Nowa"), ("email", "alicja@example.pl"), ("consent", "on")])
            #expect(done.status == .seeOther && done.headers.first(name: .location) == path + "?zapisano=1")
            #expect(try await resident.get(path + "?zapisano=1").body.string.contains("Zapisaliśmy Cię"))
            let again = try await resident.post(
                path, [("name", "Alicja Nowa"), ("email", "ALICJA@example.pl"), ("consent", "on")])
            #expect(again.status == .conflict && again.body.string.contains("Jesteś już zapisany/zapisana"))
            let bot = try await resident.post(
                path, [("name", "Bot"), ("email", "bot@example.pl"), ("consent", "on"), ("website", "x")])
            #expect(bot.status == .seeOther)
            #expect(try await ActivitySignUp.query(on: t.db).filter(\.$name == "Bot").count() == 0)
        }
    }

    @Test func staffRecordWhoCameAndHowMany() async throws {
        try await withTestApp { t in
            let club = try await Self.club(t)
            let id = try club.requireID()
            let staff = t.browser()
            try await staff.login(Self.organiser)
            let page = try await staff.get("/panel/activities/\(id)").body.string
            #expect(page.contains("Halina Kaczmarek") && page.contains("Odbyte spotkania"))
            #expect(try await t.audit(action: .view).contains { $0.detail.hasPrefix("działanie: lista zapisanych") })
            // testStart (Wed 18 Nov) has no meeting; Tuesday 17 Nov has one, not yet recorded.
            let signUps = try await ActivityService.activeSignUps(id, on: t.db).sort(\.$createdAt).all()
            let twoPresent = signUps.prefix(2).map { ("present", $0.id!.uuidString) }
            let wrongDay = try await staff.post(
                "/panel/activities/\(id)/sessions", [("day", "2026-11-18"), ("total", "5")] + twoPresent)
            #expect(
                wrongDay.status == .unprocessableEntity && wrongDay.body.string.contains("Tego dnia działanie się nie odbywa"))
            let future = try await staff.post("/panel/activities/\(id)/sessions", [("day", "2026-11-19"), ("total", "5")])
            #expect(future.body.string.contains("w dniu spotkania albo później"))
            let sum = try await staff.post(
                "/panel/activities/\(id)/sessions", [("day", "2026-11-17"), ("total", "5"), ("n-60+-k", "3")] + twoPresent)
            #expect(sum.status == .unprocessableEntity && sum.body.string.contains("daje 3, a razem wpisano 5"))
            #expect(sum.body.string.contains("value=\"3\""), "the breakdown stays as typed")
            let fewer = try await staff.post(
                "/panel/activities/\(id)/sessions", [("day", "2026-11-17"), ("total", "1")] + twoPresent)
            #expect(fewer.body.string.contains("nie może być mniej niż zaznaczonych"))
            let ok = try await staff.post(
                "/panel/activities/\(id)/sessions",
                [("day", "2026-11-17"), ("total", "5"), ("n-60+-k", "4"), ("n-60+-m", "1"), ("notes", "Wyjście do kina.")]
                    + twoPresent)
            #expect(ok.status == .seeOther)
            let session = try #require(
                try await ActivitySession.query(on: t.db).filter(\.$activity.$id == id).filter(
                    \.$day == CalendarDay(iso: "2026-11-17")!
                )
                .first())
            #expect(session.total == 5 && session.breakdown == ["60+|k": 4, "60+|m": 1])
            #expect(try await ActivityPresence.query(on: t.db).filter(\.$session.$id == session.requireID()).count() == 2)
            let twice = try await staff.post("/panel/activities/\(id)/sessions", [("day", "2026-11-17"), ("total", "5")])
            #expect(twice.status != .seeOther)
            // Cancelling a sign-up asks first.
            let target = try #require(signUps.last)
            let ask = try await staff.post("/panel/activities/\(id)/signups/\(target.id!)/cancel", [])
            #expect(ask.status == .ok && ask.body.string.contains("Wypisać \(target.name)"))
            let cancelled = try await staff.post("/panel/activities/\(id)/signups/\(target.id!)/cancel", [("confirmed", "yes")])
            #expect(cancelled.status == .seeOther)
            #expect(try await ActivitySignUp.find(target.id, on: t.db)?.cancelledAt != nil)
            // Coordinators do not manage activities; another organisation's staff cannot either.
            let coordinator = t.browser()
            try await coordinator.login("koordynator@cus-jasminowo.example")
            #expect(try await coordinator.get("/panel/activities/\(id)").status == .forbidden)
        }
    }

    @Test func signUpsAreInTheRodoCopyAndAnonymisedButAttendanceCountsStay() async throws {
        try await withTestApp { t in
            let club = try await Self.club(t)
            let path = "/activities/cus-jasminowo/\(try club.requireID())"
            let resident = t.browser()
            try await resident.get(path)
            #expect(
                try await resident.post(path, [("name", "Zenon Zapisany"), ("email", "zenon@example.pl"), ("consent", "on")])
                    .status
                    == .seeOther)
            let dpo = t.browser()
            try await dpo.login("iod@cus-jasminowo.example")
            try await dpo.get("/panel/privacy")
            let found = try await dpo.post("/panel/privacy/subject", [("email", "zenon@example.pl")])
            #expect(found.body.string.contains("Zapis na działanie wspierające „Klub Seniora"))
            let copy = try await dpo.post("/panel/privacy/export", [("email", "zenon@example.pl"), ("format", "html")])
            #expect(copy.body.string.contains("imię i nazwisko: Zenon Zapisany, telefon: —, e-mail: zenon@example.pl"))
            let done = try await dpo.post("/panel/privacy/anonymise", [("email", "zenon@example.pl"), ("confirm", "yes")])
            #expect(done.status == .seeOther)
            let row = try #require(
                try await ActivitySignUp.query(on: t.db).filter(\.$activity.$id == club.requireID())
                    .sort(\.$createdAt, .descending).all().first { $0.name == ConsultationPrivacy.anonymisedName })
            #expect(row.email == nil && row.phone == nil)
        }
    }

    @Test func partnersAreKeptAndRunActivities() async throws {
        try await withTestApp { t in
            let staff = t.browser()
            try await staff.login(Self.organiser)
            let list = try await staff.get("/panel/partners").body.string
            #expect(list.contains("Stowarzyszenie „Sąsiedzka Dłoń”") && list.contains(">Młodzieżowa grupa wolontariacka</a>"))
            try await staff.get("/panel/partners/new")
            let bad = try await staff.post(
                "/panel/partners", [("name", ""), ("kind", "sekta"), ("email", "x@"), ("contribution", "")])
            #expect(bad.status == .unprocessableEntity)
            for message in [
                "Wpisz nazwę partnera", "Wybierz rodzaj partnera.", "To nie jest poprawny adres e-mail.",
                "Napisz, co partner wnosi",
            ] {
                #expect(bad.body.string.contains(message), "\(message)")
            }
            let created = try await staff.post(
                "/panel/partners",
                [
                    ("name", "Uniwersytet Trzeciego Wieku"), ("kind", "ngo"), ("locality", "Jaśminowo"),
                    ("contribution", "wykłady"),
                ])
            #expect(created.status == .seeOther)
            let partner = try #require(try await Partner.query(on: t.db).filter(\.$name == "Uniwersytet Trzeciego Wieku").first())
            // An activity run by the partner: its name fills the empty organiser; a foreign id is refused.
            try await staff.get("/panel/activities/new")
            var fields = Self.fields().filter { $0.0 != "organiser" } + [("organiser", "")]
            let foreign = try await staff.post("/panel/activities", fields + [("partner", UUID().uuidString)])
            #expect(foreign.status == .unprocessableEntity && foreign.body.string.contains("Wybierz partnera z listy"))
            fields.append(("partner", partner.id!.uuidString))
            #expect(try await staff.post("/panel/activities", fields).status == .seeOther)
            let activity = try #require(try await Activity.query(on: t.db).filter(\.$title == "Warsztaty rękodzieła").first())
            #expect(activity.partnerID == partner.id && activity.organiser == "Uniwersytet Trzeciego Wieku")
            let edit = try await staff.post(
                "/panel/partners/\(partner.id!)",
                [("name", "UTW Jaśminowo"), ("kind", "ngo"), ("contribution", "wykłady i warsztaty")])
            #expect(edit.status == .seeOther)
            #expect(
                try await staff.get("/panel/partners").body.string.contains(
                    "<a href=\"/panel/activities/\(activity.id!)\">Warsztaty rękodzieła</a>"))
            #expect(try await t.audit(action: .update).contains { $0.detail == "partner: zmieniono „UTW Jaśminowo”" })
        }
    }
}

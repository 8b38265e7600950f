import Fluent
import Foundation
import OpenCUSCore
import Testing
import Vapor

@testable import OpenCUSWeb

@Suite struct EventsAdminTests {
    static let organiser = "wydarzenia@rops-poznan.example"

    func eventForm(
        title: String = "Kongres Centrów Usług Społecznych", edition: String = "2", start: String = "2027-06-21",
        end: String = "2027-06-22", slug: String = ""
    ) -> [(String, String)] {
        [
            ("title", title), ("edition", edition), ("kind", "congress"), ("startDay", start), ("endDay", end),
            ("venueName", "Hotel Europa Business & Spa"), ("venueStreet", "ul. Radomska 76"), ("venuePostcode", "27-200"),
            ("venueCity", "Starachowice"), ("voivodeship", "swietokrzyskie"), ("slug", slug),
            ("registrationInfo", "Rejestracja przez formularz online."),
        ]
    }

    /// Creates an event through the form and returns its id.
    func createEvent(_ browser: Browser, _ t: TestApp, slug: String = "ii-kongres-test") async throws -> UUID {
        try await browser.get("/panel/events/new")
        let response = try await browser.post("/panel/events", eventForm(slug: slug))
        #expect(response.status == .seeOther)
        return try #require(try await Event.query(on: t.db).filter(\.$slug == slug).first()).requireID()
    }

    func entry(
        _ day: String, _ start: String, _ end: String, _ title: String, room: UUID?, group: UUID? = nil, type: String = "workshop"
    )
        -> [(String, String)]
    {
        [
            ("day", day), ("startTime", start), ("endTime", end), ("type", type), ("title", title),
            ("roomID", room?.uuidString ?? ""), ("parallelGroupID", group?.uuidString ?? ""), ("capacity", "40"),
        ]
    }

    @Test func organiserBuildsTheSecondCongressFromScratchAndSeesTheRoomClash() async throws {
        try await withTestApp { t in
            let browser = t.browser()
            try await browser.login(Self.organiser)
            let id = try await createEvent(browser, t)
            let overview = "/panel/events/\(id)"
            try await browser.get(overview)
            #expect(try await browser.post(overview + "/rooms", [("name", "Warszawa")]).status == .seeOther)
            #expect(try await browser.post(overview + "/rooms", [("name", "Wiedeń")]).status == .seeOther)
            #expect(
                try await browser.post(
                    overview + "/groups", [("title", "Warsztaty do wyboru"), ("maxChoices", "1"), ("choiceRequired", "on")]
                ).status == .seeOther)
            #expect(
                try await browser.post(
                    overview + "/people", [("honorific", "prof."), ("name", "Jan Testowy"), ("affiliation", "Instytut")]
                ).status == .seeOther)
            let warszawa = try #require(
                try await EventRoom.query(on: t.db).filter(\.$event.$id == id).filter(\.$name == "Warszawa").first()
            ).id
            let wieden = try #require(
                try await EventRoom.query(on: t.db).filter(\.$event.$id == id).filter(\.$name == "Wiedeń").first()
            ).id
            let group = try #require(try await ParallelGroup.query(on: t.db).filter(\.$event.$id == id).first()).id
            let person = try #require(try await EventPerson.query(on: t.db).filter(\.$event.$id == id).first()).id

            // The published programme puts all three workshops in "Warszawa".
            for title in [
                "Zarządzanie usługami społecznymi", "Organizowanie Społeczności Lokalnej", "Indywidualne plany usług społecznych",
            ] {
                try await browser.get(overview + "/entries/new")
                var form = entry("2027-06-22", "09:00", "12:00", title, room: warszawa, group: group)
                form += [("person1", person!.uuidString), ("role1", "host"), ("presenting[]", "irpius")]
                #expect(try await browser.post(overview + "/entries", form).status == .seeOther)
            }
            let page = try await browser.get(overview).body.string
            #expect(page.contains("Do poprawienia przed publikacją"))
            #expect(
                page.contains(
                    "Warsztaty równoległe „Indywidualne plany usług społecznych” i „Organizowanie Społeczności Lokalnej” mają tę samą salę „Warszawa”"
                ))
            #expect(page.contains("prof. Jan Testowy występuje jednocześnie"))

            let refused = try await browser.post(overview + "/status", [("action", "publish")])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("Nie można opublikować"))
            #expect(try await Event.find(id, on: t.db)?.status == .draft)
            #expect(try await browser.get("/events/ii-kongres-test").status == .notFound)

            // Move two workshops to their own rooms (one room each) and drop the double host.
            let workshops = try await AgendaEntry.query(on: t.db).filter(\.$event.$id == id).sort(\.$title).all()
            let rooms = [warszawa, wieden]
            try await browser.post(overview + "/rooms", [("name", "Praga")])
            let praga = try #require(
                try await EventRoom.query(on: t.db).filter(\.$event.$id == id).filter(\.$name == "Praga").first()
            ).id
            for (index, workshop) in workshops.enumerated() {
                try await browser.get(overview + "/entries/\(workshop.id!)/edit")
                let form = entry("2027-06-22", "09:00", "12:00", workshop.title, room: ([praga] + rooms)[index], group: group)
                #expect(try await browser.post(overview + "/entries/\(workshop.id!)/edit", form).status == .seeOther)
            }
            let fixed = try await browser.get(overview).body.string
            #expect(!fixed.contains("Do poprawienia przed publikacją"))
            #expect(try await browser.post(overview + "/status", [("action", "publish")]).status == .seeOther)
            let public_ = try await t.browser().get("/events/ii-kongres-test")
            #expect(public_.status == .ok)
            #expect(public_.body.string.contains("<h1>II Kongres Centrów Usług Społecznych</h1>"))
            #expect(public_.body.string.components(separatedBy: "class=\"alternative\"").count == 4)

            // Published: a change that would clash is refused with the clash named; nothing goes live.
            let before = try await AgendaEntry.query(on: t.db).filter(\.$event.$id == id).count()
            try await browser.get(overview + "/entries/new")
            let clash = try await browser.post(
                overview + "/entries", entry("2027-06-22", "10:00", "11:00", "Spotkanie w kuluarach", room: praga))
            #expect(clash.status == .unprocessableEntity)
            #expect(clash.body.string.contains("Wydarzenie jest opublikowane, więc zmiana nie została zapisana"))
            #expect(clash.body.string.contains("Kolizja sali „Praga”"))
            #expect(clash.body.string.contains("(22 czerwca 2027, 09:00–12:00 i 10:00–11:00)"))
            #expect(clash.body.string.contains("value=\"Spotkanie w kuluarach\""), "what was typed is kept")
            #expect(try await AgendaEntry.query(on: t.db).filter(\.$event.$id == id).count() == before)
            #expect(!(try await t.browser().get("/events/ii-kongres-test").body.string.contains("Spotkanie w kuluarach")))
            // Without the clash it is saved.
            #expect(
                try await browser.post(
                    overview + "/entries", entry("2027-06-22", "12:30", "13:00", "Spotkanie w kuluarach", room: praga)
                ).status == .seeOther)
        }
    }

    @Test func eventFormShowsPolishErrorsKeepsWhatWasTypedAndStoresNothing() async throws {
        try await withTestApp { t in
            let browser = t.browser()
            try await browser.login(Self.organiser)
            try await browser.get("/panel/events/new")
            let before = try await Event.query(on: t.db).count()
            var form = eventForm(title: String(repeating: "Ż", count: 10_000), start: "2027-06-22", end: "2027-06-21")
            form.append(("contactEmail", "nie-email"))
            form.append(("description", "Opis z <script>alert(1)</script>"))
            let response = try await browser.post("/panel/events", form)
            #expect(response.status == .unprocessableEntity)
            let html = response.body.string
            #expect(html.contains("Formularz zawiera 3 błędy"))
            #expect(html.contains("Tekst jest za długi: najwyżej 300 znaków (jest 10000)."))
            #expect(html.contains("Data zakończenia nie może być wcześniejsza"))
            #expect(html.contains("Opis z &lt;script&gt;alert(1)&lt;/script&gt;</textarea>"))
            #expect(html.contains("aria-invalid=\"true\""))
            #expect(try await Event.query(on: t.db).count() == before)
        }
    }

    @Test func hostileTextIsStoredAndShownEscaped() async throws {
        try await withTestApp { t in
            let browser = t.browser()
            try await browser.login(Self.organiser)
            try await browser.get("/panel/events/new")
            let hostile = "<img src=x onerror=alert(1)> Kongres 🎉 مؤتمر"
            var form = eventForm(title: hostile, slug: "wrogi-tekst")
            form.append(("description", "[klik](javascript:alert(1)) <b>pogrubione?</b>"))
            #expect(try await browser.post("/panel/events", form).status == .seeOther)
            let id = try #require(try await Event.query(on: t.db).filter(\.$slug == "wrogi-tekst").first()).id!
            #expect(try await Event.find(id, on: t.db)?.title == hostile)
            try await browser.get("/panel/events/\(id)")
            #expect(try await browser.post("/panel/events/\(id)/status", [("action", "publish")]).status == .seeOther)
            let html = try await t.browser().get("/events/wrogi-tekst").body.string
            #expect(html.contains("&lt;img src=x onerror=alert(1)&gt; Kongres 🎉 مؤتمر"))
            #expect(!html.contains("<img src=x"))
            #expect(!html.contains("<b>pogrubione?</b>"))
            #expect(!html.contains("javascript:"))
        }
    }

    @Test func slugMustBeFree() async throws {
        try await withTestApp { t in
            let browser = t.browser()
            try await browser.login(Self.organiser)
            try await browser.get("/panel/events/new")
            let response = try await browser.post("/panel/events", eventForm(slug: EventsPublicTests.congress))
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("ma już inne wydarzenie"))
        }
    }

    @Test func organiserOfAnotherOrganisationCannotSeeOrChangeTheEvent() async throws {
        try await withTestApp { t in
            let congress = try #require(try await Event.query(on: t.db).filter(\.$slug == EventsPublicTests.congress).first())
            let id = congress.id!
            let entryID = try #require(try await AgendaEntry.query(on: t.db).filter(\.$event.$id == id).first()).id!
            let browser = t.browser()
            try await browser.login(Self.organiser)  // ROPS Poznań; the congress belongs to CUS Starachowice
            for path in [
                "/panel/events/\(id)", "/panel/events/\(id)/edit", "/panel/events/\(id)/entries/new",
                "/panel/events/\(id)/entries/\(entryID)/edit",
            ] {
                #expect(try await browser.get(path).status == .notFound, "\(path)")
            }
            for path in [
                "/panel/events/\(id)/edit", "/panel/events/\(id)/status", "/panel/events/\(id)/entries/\(entryID)/delete",
                "/panel/events/\(id)/rooms", "/panel/events/\(id)/clone",
            ] {
                #expect(
                    try await browser.post(path, [("action", "cancel"), ("name", "X"), ("startDay", "2030-01-01")]).status
                        == .notFound, "\(path)")
            }
            #expect(try await Event.find(id, on: t.db)?.status == .published)
            #expect(try await AgendaEntry.find(entryID, on: t.db) != nil)
            #expect(!(try await browser.get("/panel/events").body.string.contains("II Kongres")))

            let analyst = t.browser()
            try await analyst.login("analityk@cus-jasminowo.example")
            #expect(try await analyst.get("/panel/events").status == .forbidden)
        }
    }

    @Test func oneOrganisationsRoomCannotBeUsedInAnotherEvent() async throws {
        try await withTestApp { t in
            let browser = t.browser()
            try await browser.login(Self.organiser)
            let id = try await createEvent(browser, t)
            let foreignRoom = try #require(try await EventRoom.query(on: t.db).filter(\.$name == "Bruksela").first()).id
            try await browser.get("/panel/events/\(id)/entries/new")
            let response = try await browser.post(
                "/panel/events/\(id)/entries", entry("2027-06-21", "10:00", "11:00", "Wykład", room: foreignRoom, type: "lecture")
            )
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("Wybierz salę z listy sal tego wydarzenia."))
        }
    }

    @Test func cloningMakesANewEditionWithShiftedDatesAndTheSameWallClockTimes() async throws {
        try await withTestApp { t in
            let jarocin = try #require(
                try await Event.query(on: t.db).filter(\.$slug == "v-ogolnopolski-kongres-cus-jarocin-2025").first())
            let browser = t.browser()
            try await browser.login(Self.organiser)
            try await browser.get("/panel/events/\(jarocin.id!)")
            // 10 April 2025 is summer time; 5 November 2026 winter time: wall times must stay.
            let response = try await browser.post("/panel/events/\(jarocin.id!)/clone", [("startDay", "2026-11-05")])
            #expect(response.status == .seeOther)
            let copy = try #require(
                try await Event.query(on: t.db).filter(\.$slug == "vi-ogolnopolski-kongres-centrow-uslug-spolecznych-2026")
                    .first())
            #expect(copy.status == .draft)
            #expect(copy.edition == 6)
            #expect(copy.startDay.iso == "2026-11-05" && copy.endDay.iso == "2026-11-06")
            let original = try await AgendaEntry.query(on: t.db).filter(\.$event.$id == jarocin.id!).sort(\.$startsAt).all()
            let copied = try await AgendaEntry.query(on: t.db).filter(\.$event.$id == copy.id!).sort(\.$startsAt).all()
            #expect(copied.count == original.count)
            #expect(copied.map { WallClock.local($0.startsAt).time } == original.map { WallClock.local($0.startsAt).time })
            #expect(WallClock.local(copied[0].startsAt).day.iso == "2026-11-05")
            #expect(
                try await EventPerson.query(on: t.db).filter(\.$event.$id == copy.id!).count()
                    == (try await EventPerson.query(on: t.db).filter(\.$event.$id == jarocin.id!).count()))
            #expect(
                try await AgendaEntryPerson.query(on: t.db).join(
                    AgendaEntry.self, on: \AgendaEntryPerson.$entry.$id == \AgendaEntry.$id
                )
                .filter(AgendaEntry.self, \.$event.$id == copy.id!).count() > 0)
        }
    }

    @Test func uploadsAreCheckedByContent() async throws {
        try await withTestApp { t in
            let browser = t.browser()
            try await browser.login(Self.organiser)
            let jarocin = try #require(
                try await Event.query(on: t.db).filter(\.$slug == "v-ogolnopolski-kongres-cus-jarocin-2025").first())
            let path = "/panel/events/\(jarocin.id!)/attachments"
            try await browser.get("/panel/events/\(jarocin.id!)")
            let exe = try await browser.upload(
                path, fields: [("title", "Program")],
                file: ("file", "program.pdf", "application/pdf", Array("MZ\u{90}\u{0}not a pdf at all".utf8)))
            #expect(exe.status == .unprocessableEntity)
            #expect(exe.body.string.contains("Nie rozpoznano typu pliku po jego zawartości"))
            let html = try await browser.upload(
                path, fields: [("title", "Strona")],
                file: ("file", "strona.pdf", "application/pdf", Array("<html><script>alert(1)</script></html>".utf8)))
            #expect(html.status == .unprocessableEntity)
            #expect(try await EventAttachment.query(on: t.db).filter(\.$event.$id == jarocin.id!).count() == 0)

            let ok = try await browser.upload(
                path, fields: [("title", "Program kongresu")],
                file: ("file", "../Program kongresu.exe", "application/octet-stream", DemoFiles.pdf(lines: ["Program"])))
            #expect(ok.status == .seeOther)
            let stored = try #require(try await EventAttachment.query(on: t.db).filter(\.$event.$id == jarocin.id!).first())
            #expect(stored.filename == "Program-kongresu.pdf")
            #expect(stored.contentType == "application/pdf")
            let download = try await t.browser().get("/events/\(jarocin.slug)/attachments/\(stored.id!)/\(stored.filename)")
            #expect(download.status == .ok)
            #expect(download.headers.first(name: "X-Content-Type-Options") == "nosniff")
            #expect(download.body.string.hasPrefix("%PDF"))
        }
    }

    @Test func nonexistentSpringForwardTimeIsExplained() async throws {
        try await withTestApp { t in
            let browser = t.browser()
            try await browser.login(Self.organiser)
            try await browser.get("/panel/events/new")
            #expect(
                try await browser.post("/panel/events", eventForm(start: "2027-03-28", end: "2027-03-28", slug: "zmiana-czasu"))
                    .status == .seeOther)
            let id = try #require(try await Event.query(on: t.db).filter(\.$slug == "zmiana-czasu").first()).id!
            try await browser.get("/panel/events/\(id)/entries/new")
            let response = try await browser.post(
                "/panel/events/\(id)/entries", entry("2027-03-28", "02:30", "03:30", "Nocna sesja", room: nil, type: "talk"))
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("Godzina 02:30 nie istnieje 28 marca 2027"))
            #expect(response.body.string.contains("value=\"Nocna sesja\""))
        }
    }

    @Test func cancellingShowsTheNoticePubliclyAndUnpublishingHidesTheEvent() async throws {
        try await withTestApp { t in
            let jarocin = try #require(
                try await Event.query(on: t.db).filter(\.$slug == "v-ogolnopolski-kongres-cus-jarocin-2025").first())
            let browser = t.browser()
            try await browser.login(Self.organiser)
            try await browser.get("/panel/events/\(jarocin.id!)")
            try await browser.post(
                "/panel/events/\(jarocin.id!)/status",
                [("action", "cancel"), ("notice", "Nowy termin podamy wkrótce."), ("confirmed", "yes")])
            #expect(try await t.browser().get("/events/\(jarocin.slug)").body.string.contains("Nowy termin podamy wkrótce."))
            try await browser.post("/panel/events/\(jarocin.id!)/status", [("action", "unpublish"), ("confirmed", "yes")])
            #expect(try await t.browser().get("/events/\(jarocin.slug)").status == .notFound)
        }
    }

    static let png = Array(
        Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=")!)

    @Test func coverImageNeedsAnAlternativeTextAndAppearsOnThePage() async throws {
        try await withTestApp { t in
            let jarocin = try #require(
                try await Event.query(on: t.db).filter(\.$slug == "v-ogolnopolski-kongres-cus-jarocin-2025").first())
            let browser = t.browser()
            try await browser.login(Self.organiser)
            let base = "/panel/events/\(jarocin.id!)"
            try await browser.get(base)
            #expect(
                try await browser.upload(
                    base + "/attachments", fields: [("title", "Sala kongresowa")],
                    file: ("file", "sala.png", "image/png", Self.png)
                ).status == .seeOther)
            let image = try #require(try await EventAttachment.query(on: t.db).filter(\.$event.$id == jarocin.id!).first())
            #expect(image.contentType == "image/png")
            let noAlt = try await browser.post(base + "/cover", [("attachmentID", image.id!.uuidString), ("alt", "")])
            #expect(noAlt.status == .unprocessableEntity)
            #expect(noAlt.body.string.contains("tekst alternatywny"))
            let foreign = try await browser.post(base + "/cover", [("attachmentID", UUID().uuidString), ("alt", "Sala")])
            #expect(foreign.status == .unprocessableEntity)
            #expect(
                try await browser.post(
                    base + "/cover", [("attachmentID", image.id!.uuidString), ("alt", "Sala kongresowa w Jarocinie")]
                ).status == .seeOther)
            let html = try await t.browser().get("/events/\(jarocin.slug)").body.string
            #expect(html.contains("class=\"event-cover\""))
            #expect(html.contains("alt=\"Sala kongresowa w Jarocinie\""))
            #expect(!html.contains("Materiały do pobrania"))  // the only attachment is the cover
            let served = try await t.browser().get("/events/\(jarocin.slug)/attachments/\(image.id!)/\(image.filename)")
            #expect(served.headers.first(name: "Content-Disposition")?.hasPrefix("inline;") == true)
        }
    }

    @Test func cachedPublicPageFollowsEveryChange() async throws {
        try await withTestApp { t in
            let jarocin = try #require(
                try await Event.query(on: t.db).filter(\.$slug == "v-ogolnopolski-kongres-cus-jarocin-2025").first())
            let visitor = t.browser()
            #expect(try await visitor.get("/events/\(jarocin.slug)").body.string.contains("Sala główna"))
            // Served from the cache.
            #expect(try await visitor.get("/events/\(jarocin.slug)").body.string.contains("Sala główna"))
            let organiser = t.browser()
            try await organiser.login(Self.organiser)
            let room = try #require(
                try await EventRoom.query(on: t.db).filter(\.$event.$id == jarocin.id!).filter(\.$name == "Sala główna").first())
            try await organiser.get("/panel/events/\(jarocin.id!)")
            #expect(
                try await organiser.post(
                    "/panel/events/\(jarocin.id!)/rooms/\(room.id!)/rename", [("name", "Aula Jarocińskiego Ośrodka Kultury")]
                ).status == .seeOther)
            let after = try await visitor.get("/events/\(jarocin.slug)").body.string
            #expect(after.contains("Aula Jarocińskiego Ośrodka Kultury") && !after.contains("sala Aula"))
            #expect(!after.contains("Sala główna"))
            #expect(try await visitor.get("/events/\(jarocin.slug)/print").body.string.contains("Aula Jarocińskiego"))
        }
    }

    @Test func organisationsCanBeReordered() async throws {
        try await withTestApp { t in
            let jarocin = try #require(
                try await Event.query(on: t.db).filter(\.$slug == "v-ogolnopolski-kongres-cus-jarocin-2025").first())
            let links = try await EventOrganisation.query(on: t.db).filter(\.$event.$id == jarocin.id!).sort(\.$position).all()
            let organiser = t.browser()
            try await organiser.login(Self.organiser)
            try await organiser.get("/panel/events/\(jarocin.id!)")
            #expect(
                try await organiser.post("/panel/events/\(jarocin.id!)/organisations/\(links[1].id!)/move", [("direction", "up")])
                    .status == .seeOther)
            let reordered = try await EventOrganisation.query(on: t.db).filter(\.$event.$id == jarocin.id!).sort(\.$position)
                .all()
            #expect(reordered.map(\.name).prefix(2) == [links[1].name, links[0].name])
            #expect(Set(reordered.map(\.position)).count == reordered.count)
        }
    }
}

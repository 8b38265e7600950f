import Fluent
import Foundation
import OpenCUSCore
import Testing
import Vapor

@testable import OpenCUSWeb

@Suite struct EventsPublicTests {
    static let congress = "ii-kongres-centrow-uslug-spolecznych-2022"

    func event(_ t: TestApp, _ slug: String) async throws -> Event {
        try #require(try await Event.query(on: t.db).filter(\.$slug == slug).first())
    }

    @Test func allFourDemoEventsAreListedInTheArchiveAndTwoUpcoming() async throws {
        try await withTestApp { t in
            let html = try await t.browser().get("/events").body.string
            #expect(html.contains("Znaleziono: 6 wydarzeń."))
            for title in [
                "II Kongres Centrów Usług Społecznych", "V Ogólnopolski Kongres Centrów Usług Społecznych",
                "Centrum Usług Społecznych jako zintegrowany system usług społecznych na poziomie lokalnym",
                "X Jubileuszowa Konferencja „Oczekiwania na NOWE w pomocy społecznej”",
            ] {
                #expect(html.contains(title))
            }
            // The four real events are past; the two fictional demo events are upcoming.
            let upcoming = html.components(separatedBy: "id=\"archiwum\"")[0]
            #expect(upcoming.contains("Forum Usług Społecznych w Jaśminowie"))
            #expect(upcoming.contains("CUS krok po kroku"))
            #expect(!upcoming.contains("II Kongres"))
        }
    }

    @Test(arguments: [
        ("kind=congress", "V Ogólnopolski", "2 wydarzenia"), ("voivodeship=malopolskie", "Jubileuszowa", "1 wydarzenie"),
        ("organiser=rops-opole", "na poziomie lokalnym", "1 wydarzenie"),
    ])
    func filtersNarrowTheList(query: String, expected: String, count: String) async throws {
        try await withTestApp { t in
            let html = try await t.browser().get("/events?\(query)").body.string
            #expect(html.contains("Znaleziono: \(count)."))
            #expect(html.contains(expected))
        }
    }

    @Test func congressPageShowsTheWholeProgramme() async throws {
        try await withTestApp { t in
            let response = try await t.browser().get("/events/\(Self.congress)")
            #expect(response.status == .ok)
            let html = response.body.string
            #expect(html.contains("<h1>II Kongres Centrów Usług Społecznych</h1>"))
            #expect(html.contains("Wtorek, 21 czerwca 2022"))
            #expect(html.contains("Środa, 22 czerwca 2022"))
            #expect(html.contains(#"<time datetime="2022-06-21T10:00:00+02:00">10:00</time>"#))
            #expect(html.contains("Warsztaty do wyboru"))
            #expect(html.components(separatedBy: "class=\"alternative\"").count == 4)
            #expect(html.contains("Wybierz jedną z 3 możliwości."))
            #expect(html.contains("Centrum Usług Społecznych w Elblągu"))
            #expect(html.contains("Moderator:</span> prof. Stanisław Rybicki"))
            #expect(html.contains("<h3>Partnerzy</h3>"))
            #expect(html.contains("Uroczysta kolacja; koncert"))
            #expect(html.contains("application/ld+json"))
            try Snapshot.expectMatches(html, named: "event-ii-kongres")
        }
    }

    @Test func printViewIsAPlainDocument() async throws {
        try await withTestApp { t in
            let html = try await t.browser().get("/events/\(Self.congress)/print").body.string
            #expect(html.contains("programme-print.css"))
            #expect(!html.contains("<nav"))
            #expect(!html.contains("Dodaj do kalendarza"))
            #expect(html.contains("Zarządzanie usługami społecznymi"))
        }
    }

    @Test func fundingAndRegistrationAppearWhereTheyExist() async throws {
        try await withTestApp { t in
            let jarocin = try await t.browser().get("/events/v-ogolnopolski-kongres-cus-jarocin-2025").body.string
            #expect(jarocin.contains("Fundusze Europejskie dla Wielkopolski 2021–2027"))
            #expect(jarocin.contains("„Centra Usług Społecznych jako nośnik zmiany społecznej”"))
            // Registration is over for a past event: no call to action.
            #expect(!jarocin.contains("id=\"rejestracja\""))
            let opole = try await t.browser().get("/events/cus-zintegrowany-system-uslug-opole-2023").body.string
            #expect(opole.contains("Program spotkania"))
            #expect(opole.contains("Formularz zgłoszeniowy z klauzulą informacyjną RODO"))
        }
    }

    @Test func attachmentsAreServedWithTheirCheckedTypeAndASafeName() async throws {
        try await withTestApp { t in
            let html = try await t.browser().get("/events/cus-zintegrowany-system-uslug-opole-2023").body.string
            let links = PageTests.matches(html, "href=\"(/events/cus-zintegrowany-system-uslug-opole-2023/attachments/[^\"]+)\"")
            #expect(links.count == 2)
            let pdf = try await t.browser().get(try #require(links.first { $0.hasSuffix(".pdf") }))
            #expect(pdf.status == .ok)
            #expect(pdf.headers.contentType?.description == "application/pdf")
            #expect(pdf.headers.first(name: "Content-Disposition")?.hasPrefix("attachment;") == true)
            #expect(pdf.body.string.hasPrefix("%PDF-"))
            let docx = try await t.browser().get(try #require(links.first { $0.hasSuffix(".docx") }))
            #expect(docx.headers.first(name: "Content-Type") == AttachmentKind.docx.contentType)
            #expect(AttachmentKind.detect(Array(docx.body.readableBytesView)) == .docx)
            #expect(
                docx.headers.first(name: "Content-Disposition")?.contains("filename*=UTF-8''formularz-zg%C5%82oszeniowy.docx")
                    == true)
        }
    }

    @Test func draftsNeverLeakThroughAnyPublicPath() async throws {
        try await withTestApp { t in
            let opole = try await event(t, "cus-zintegrowany-system-uslug-opole-2023")
            let id = try opole.requireID()
            let attachment = try #require(try await EventAttachment.query(on: t.db).filter(\.$event.$id == id).first())
            let entry = try #require(try await AgendaEntry.query(on: t.db).filter(\.$event.$id == id).first())
            opole.status = .draft
            try await opole.update(on: t.db)
            let browser = t.browser()
            let base = "/events/cus-zintegrowany-system-uslug-opole-2023"
            for path in [
                base, base + "/print", base + "/calendar.ics", base + "/entries/\(entry.id!)/calendar.ics",
                base + "/attachments/\(attachment.id!)/\(attachment.filename)", "/api/v1/events/\(id)",
            ] {
                #expect(try await browser.get(path).status == .notFound, "\(path) leaked a draft")
            }
            #expect(!(try await browser.get("/events").body.string.contains("na poziomie lokalnym")))
            #expect(!(try await browser.get("/api/v1/events?per_page=100").body.string.contains(id.uuidString)))
        }
    }

    @Test func cancelledEventShowsTheNotice() async throws {
        try await withTestApp { t in
            let e = try await event(t, "x-konferencja-oczekiwania-na-nowe-zakopane-2024")
            e.status = .cancelled
            e.cancellationNotice = "Z powodu powodzi konferencja nie odbędzie się."
            try await e.update(on: t.db)
            let html = try await t.browser().get("/events/\(e.slug)").body.string
            #expect(html.contains("Wydarzenie zostało odwołane."))
            #expect(html.contains("Z powodu powodzi"))
            #expect(try await t.browser().get("/events/\(e.slug)/calendar.ics").body.string.contains("STATUS:CANCELLED"))
        }
    }

    @Test func calendarFilesForTheEventAndForOneEntry() async throws {
        try await withTestApp { t in
            let whole = try await t.browser().get("/events/\(Self.congress)/calendar.ics")
            #expect(whole.headers.first(name: "Content-Type") == "text/calendar; charset=utf-8")
            #expect(whole.body.string.contains("DTSTART;VALUE=DATE:20220621\r\nDTEND;VALUE=DATE:20220623\r\n"))
            let congress = try await event(t, Self.congress)
            let dinner = try #require(
                try await AgendaEntry.query(on: t.db).filter(\.$event.$id == congress.id!).filter(\.$type == .dinner).first())
            let text = try await t.browser().get("/events/\(Self.congress)/entries/\(dinner.id!)/calendar.ics").body.string
            #expect(text.contains("DTSTART;TZID=Europe/Warsaw:20220621T180000\r\n"))
            #expect(!text.contains("DTEND"))
            #expect(text.contains("LOCATION:sala Europejska\\, Hotel Europa Business & Spa\\, Starachowice"))
            for line in text.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 75) }
            #expect(try await t.browser().get("/events/\(Self.congress)/entries/\(UUID())/calendar.ics").status == .notFound)
        }
    }

    @Test func jsonFeedIsPaginatedFilterableAndDetailed() async throws {
        try await withTestApp { t in
            struct Page: Decodable {
                struct Item: Decodable { let id: UUID; let slug: String; let title: String }
                let items: [Item]
                let page: Int
                let perPage: Int
                let total: Int
            }
            let first = try JSONDecoder().decode(
                Page.self, from: Data(try await t.browser().get("/api/v1/events?per_page=3").body.readableBytesView))
            #expect(first.total == 6)
            #expect(first.items.count == 3)
            #expect(first.items[0].slug == DemoRegistrations.upcomingSlug)  // newest first
            let second = try JSONDecoder().decode(
                Page.self, from: Data(try await t.browser().get("/api/v1/events?per_page=3&page=2").body.readableBytesView))
            #expect(second.items.count == 3)
            let filtered = try JSONDecoder().decode(
                Page.self, from: Data(try await t.browser().get("/api/v1/events?kind=congress").body.readableBytesView))
            #expect(
                filtered.items.map(\.slug) == [
                    "v-ogolnopolski-kongres-cus-jarocin-2025", "ii-kongres-centrow-uslug-spolecznych-2022",
                ])

            let congress = try await event(t, Self.congress)
            let detail = try await t.browser().get("/api/v1/events/\(congress.id!)")
            #expect(detail.status == .ok)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(detail.body.readableBytesView)) as? [String: Any])
            let agenda = try #require(json["agenda"] as? [[String: Any]])
            #expect(agenda.count == 19)
            #expect((json["parallelGroups"] as? [Any])?.count == 1)
            #expect((json["rooms"] as? [Any])?.count == 5)
            #expect(agenda.first?["startsAt"] as? String == "2022-06-21T10:00:00+02:00")
        }
    }

    @Test func jsonLDIsValidAndCannotCloseTheScriptElement() async throws {
        try await withTestApp { t in
            let e = try await event(t, Self.congress)
            e.subtitle = "</script><script>alert(1)</script>"
            try await e.update(on: t.db)
            let html = try await t.browser().get("/events/\(e.slug)").body.string
            let start = try #require(html.range(of: "<script type=\"application/ld+json\">"))
            let end = try #require(html.range(of: "</script>", range: start.upperBound..<html.endIndex))
            let json = String(html[start.upperBound..<end.lowerBound])
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
            #expect(object["@type"] as? String == "Event")
            #expect(object["description"] as? String == "</script><script>alert(1)</script>")
            #expect(!html.contains("<script>alert(1)</script>"))
        }
    }

    @Test func markdownIsRenderedWithoutScriptOrDangerousLinks() {
        let html = MarkdownRenderer.html(
            """
            # Nagłówek
            **ważne** <script>alert(1)</script> [dobry](https://cus.example.pl) [zły](javascript:alert(1)) ![obraz](https://evil.example/x.png)
            [cudzysłów](https://x.example/"onmouseover="alert(1))
            """)
        #expect(html.contains("<h3>Nagłówek</h3>"))
        #expect(html.contains("<strong>ważne</strong>"))
        #expect(!html.contains("<script"))
        #expect(html.contains("<a href=\"https://cus.example.pl\">dobry</a>"))
        #expect(!html.contains("javascript:"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("onmouseover=\""))
    }
}

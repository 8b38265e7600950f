import Fluent
import Foundation
import OpenCUSCore
import Testing
import Vapor

@testable import OpenCUSWeb

/// Public consultations: a round is prepared and announced under the wójt's order, residents
/// comment its numbered paragraphs online while staff type in paper, e-mail and meeting
/// comments, nothing is public before the close, every comment gets a position, and the report
/// is published with its metryczka and change register.
@Suite struct ConsultationTests {
    static let organiser = "osl@cus-jasminowo.example"
    static let document = """
        # Sytuacja społeczna

        Gmina Jaśminowo liczy 12 400 mieszkańców; co piąty ma ponad 65 lat.

        Rośnie liczba osób samotnych.

        # Potrzeby

        Brakuje opieki wytchnieniowej dla opiekunów osób z niepełnosprawnościami.
        """

    static func roundFields(subject: String = "Projekt diagnozy potrzeb i potencjału 2026", orderNumber: String = "0050.112.2026")
        -> [(String, String)]
    {
        [
            ("subject", subject), ("aim", "Poznanie opinii mieszkańców o projekcie diagnozy."), ("scope", "cała gmina"),
            ("documentTitle", "Diagnoza potrzeb i potencjału 2026 (projekt)"), ("document", document),
            ("firstDay", "2026-11-18"), ("lastDay", "2026-11-30"), ("online", "on"),
            ("paperPlace", "sekretariat CUS, ul. Lipowa 1"), ("email", "konsultacje@cus-jasminowo.example"),
            ("meetingDay", "2026-11-25"), ("meetingTime", "17:00"), ("meetingPlace", "świetlica, ul. Lipowa 1"),
            ("coordinator", "Krzysztof Mazur"), ("coordinatorContact", "tel. 62 000 00 10"), ("orderNumber", orderNumber),
            ("orderDate", "2026-11-10"), ("resolution", "Uchwała nr XII/87/2019 Rady Gminy Jaśminowo"), ("revision", ""),
        ]
    }

    /// Creates and announces a round (open from today, testStart) and returns its id.
    static func announcedRound(_ t: TestApp, _ staff: Browser) async throws -> UUID {
        try await staff.get("/panel/consultations/new")
        let before = Set(try await ConsultationRound.query(on: t.db).all().compactMap(\.id))
        let created = try await staff.post("/panel/consultations", roundFields())
        #expect(created.status == .seeOther)
        let round = try #require(try await ConsultationRound.query(on: t.db).all().first { !before.contains($0.id!) })
        let id = try round.requireID()
        try await staff.get("/panel/consultations/\(id)")
        let announced = try await staff.post(
            "/panel/consultations/\(id)/announce", [("revision", String(round.revision)), ("confirmed", "yes")])
        #expect(announced.status == .seeOther, "\(announced.body.string.prefix(400))")
        return id
    }

    static func comment(_ paragraph: String, _ body: String, name: String = "Jan Kowalski", extra: [(String, String)] = [])
        -> [(String, String)]
    {
        [
            ("paragraph", paragraph), ("body", body), ("authorKind", "person"), ("authorName", name),
            ("email", "jan@example.org"), ("consent", "on"), ("website", ""),
        ] + extra
    }

    @Test func aRoundIsPreparedAnnouncedCommentedAnsweredAndReported() async throws {
        try await withTestApp { t in
            let staff = t.browser()
            try await staff.login(Self.organiser)
            // A bad form keeps what was typed and says what to fix, next to the field.
            try await staff.get("/panel/consultations/new")
            var bad = Self.roundFields()
            bad[0] = ("subject", "")
            bad[6] = ("lastDay", "2026-11-01")
            let refused = try await staff.post("/panel/consultations", bad)
            #expect(refused.status == .unprocessableEntity)
            #expect(
                refused.body.string.contains("Podaj przedmiot konsultacji") && refused.body.string.contains("href=\"#lastDay\""))
            #expect(refused.body.string.contains("Rośnie liczba osób samotnych."))
            let demoRounds = Set(try await ConsultationRound.query(on: t.db).all().compactMap(\.id))
            #expect(demoRounds.count == 3, "the demo's rounds")

            // A draft without the order cannot be announced; the page says why.
            let created = try await staff.post("/panel/consultations", Self.roundFields(orderNumber: ""))
            #expect(created.status == .seeOther)
            let draft = try #require(try await ConsultationRound.query(on: t.db).all().first { !demoRounds.contains($0.id!) })
            let draftPage = try await staff.get("/panel/consultations/\(try draft.requireID())").body.string
            #expect(draftPage.contains("Podaj numer i datę zarządzenia") && !draftPage.contains("Ogłoś konsultacje</button>"))
            let visitor = t.browser()
            #expect(try await visitor.get("/consultations/cus-jasminowo/\(try draft.requireID())").status == .notFound)

            let id = try await Self.announcedRound(t, staff)
            let page = try await visitor.get("/consultations/cus-jasminowo/\(id)")
            #expect(page.status == .ok)
            let html = page.body.string
            #expect(html.contains("id=\"p-2-1\"") && html.contains("Zarządzenie nr 0050.112.2026 z dnia 10 listopada 2026"))
            #expect(html.contains("Wyślij uwagę"))
            #expect(try await visitor.get("/consultations/cus-jasminowo").body.string.contains("Projekt diagnozy potrzeb"))

            // A resident comments a paragraph; the comment is not public while the round is open.
            let sent = try await visitor.post(
                "/consultations/cus-jasminowo/\(id)/comments",
                Self.comment("2.1", "Proszę o <script>alert(1)</script> opiekę wytchnieniową w weekendy."))
            #expect(sent.status == .seeOther)
            #expect(sent.headers.first(name: .location)?.contains("wyslano=1") == true)
            let after = try await visitor.get("/consultations/cus-jasminowo/\(id)?wyslano=1").body.string
            #expect(after.contains("Przyjęliśmy Twoją uwagę (nr 1)") && after.contains("<strong>1</strong>"))
            #expect(!after.contains("opiekę wytchnieniową w weekendy") && !after.contains("Jan Kowalski"))
            let stored = try #require(try await ConsultationComment.query(on: t.db).filter(\.$round.$id == id).first())
            #expect(stored.clientKey?.count == 64 && stored.channel == .online && stored.paragraph == "2.1")

            // Staff type in a paper questionnaire and an e-mailed comment of an organisation.
            try await staff.get("/panel/consultations/\(id)")
            let paper = try await staff.post(
                "/panel/consultations/\(id)/comments",
                [
                    ("channel", "paper"), ("receivedOn", "2026-11-18"), ("paragraph", "1.2"), ("body", "Dodać dane o samotnych."),
                    ("authorKind", "person"), ("authorName", "Zofia Lis"),
                ])
            #expect(paper.status == .seeOther)
            let emailed = try await staff.post(
                "/panel/consultations/\(id)/comments",
                [
                    ("channel", "email"), ("receivedOn", "2026-11-18"), ("paragraph", ""), ("body", "Popieramy projekt."),
                    ("authorKind", "organisation"), ("authorName", "Anna Maj"), ("organisationName", "Koło Seniorów Jaśminowo"),
                    ("publishName", "on"),
                ])
            #expect(emailed.status == .seeOther)
            let duplicate = try await staff.post(
                "/panel/consultations/\(id)/comments",
                [
                    ("channel", "meeting"), ("receivedOn", "2026-11-18"), ("paragraph", "2.1"),
                    ("body", "Opieka wytchnieniowa w weekendy."), ("authorKind", "person"), ("authorName", "Piotr Lis"),
                ])
            #expect(duplicate.status == .seeOther)
            // Answers wait for the close.
            let comments = try await ConsultationComment.query(on: t.db).filter(\.$round.$id == id).sort(\.$number).all()
            #expect(comments.map(\.number) == [1, 2, 3, 4])
            let early = try await staff.post(
                "/panel/consultations/\(id)/comments/\(try comments[0].requireID())/answer",
                [("position", "accepted"), ("reason", "Tak.")])
            #expect(early.status == .conflict && early.body.string.contains("po zakończeniu konsultacji"))

            // After the close (Warsaw midnight after 30 November) online comments are refused.
            t.advanceClock(13 * 86_400)
            let late = try await visitor.post("/consultations/cus-jasminowo/\(id)/comments", Self.comment("2.1", "Spóźniona."))
            #expect(late.status == .notFound || late.status == .conflict)
            #expect(try await ConsultationComment.query(on: t.db).filter(\.$round.$id == id).count() == 4)

            // Every comment gets a position; the meeting's duplicate joins the online one.
            try await staff.login(Self.organiser)  // the session of 13 days ago has expired
            try await staff.get("/panel/consultations/\(id)")
            let noReason = try await staff.post(
                "/panel/consultations/\(id)/comments/\(try comments[0].requireID())/answer",
                [("position", "accepted"), ("reason", "")])
            #expect(noReason.status == .unprocessableEntity && noReason.body.string.contains("Podaj uzasadnienie"))
            #expect(noReason.body.string.contains("href=\"#reason-1\""))
            #expect(
                try await staff.post(
                    "/panel/consultations/\(id)/comments/\(try comments[3].requireID())/group",
                    [("choice", try comments[0].requireID().uuidString)]
                ).status == .seeOther)
            for (comment, position) in [
                (comments[0], "partly_accepted"), (comments[1], "accepted"), (comments[2], "outside_scope"),
            ] {
                let answered = try await staff.post(
                    "/panel/consultations/\(id)/comments/\(try comment.requireID())/answer",
                    [("position", position), ("reason", "Uzasadnienie do uwagi nr \(comment.number).")])
                #expect(answered.status == .seeOther)
            }
            let grouped = try #require(try await ConsultationComment.find(comments[3].id, on: t.db))
            #expect(grouped.position == .partlyAccepted && grouped.reason == "Uzasadnienie do uwagi nr 1.")

            // The report asks first, then goes public with positions, no private names or e-mails.
            let round = try #require(try await ConsultationRound.find(id, on: t.db))
            let report = [
                ("summary", "W konsultacjach wpłynęły 4 uwagi."), ("preparedBy", "Krzysztof Mazur, OSL"),
                ("revision", String(round.revision)),
            ]
            let ask = try await staff.post("/panel/consultations/\(id)/report", report)
            #expect(ask.status == .ok && ask.body.string.contains("Opublikować raport z konsultacji?"))
            #expect(
                try await staff.post("/panel/consultations/\(id)/report", report + [("confirmed", "yes")]).status == .seeOther)
            let published = try await visitor.get("/consultations/cus-jasminowo/\(id)/report")
            #expect(published.status == .ok)
            let body = published.body.string
            #expect(body.contains("uwzględniona częściowo") && body.contains("Uzasadnienie do uwagi nr 1."))
            #expect(body.contains("mieszkaniec/mieszkanka") && body.contains("Koło Seniorów Jaśminowo"))
            #expect(!body.contains("Jan Kowalski") && !body.contains("Zofia Lis") && !body.contains("jan@example.org"))
            #expect(body.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !body.contains("<script>alert(1)"))
            #expect(body.contains("Krzysztof Mazur, OSL") && body.contains("opublikowano raport z konsultacji"))
            #expect(body.contains("ogłoszono konsultacje") && body.contains("jak uwaga nr 1"))
            let csv = try await visitor.get("/consultations/cus-jasminowo/\(id)/report.csv")
            #expect(csv.headers.contentType?.subType == "csv" && csv.body.string.contains("formularz papierowy"))
            #expect(!csv.body.string.contains("Zofia Lis"))
            // The client keys only served the open round.
            #expect(
                try await ConsultationComment.query(on: t.db).filter(\.$round.$id == id).filter(\.$clientKey != nil).count() == 0)
            #expect(try await t.audit(action: .update).contains { $0.record_type == "consultation_comment" })
        }
    }

    @Test func hostileCommentsAreRefusedOrIgnoredAndNothingIsHalfStored() async throws {
        try await withTestApp { t in
            let staff = t.browser()
            try await staff.login(Self.organiser)
            let id = try await Self.announcedRound(t, staff)
            let visitor = t.browser()
            try await visitor.get("/consultations/cus-jasminowo/\(id)")
            // The honeypot: the same answer a person gets, nothing stored.
            let bot = try await visitor.post(
                "/consultations/cus-jasminowo/\(id)/comments", Self.comment("", "Kup teraz!", extra: [("website", "http://x")]))
            #expect(bot.status == .seeOther)
            // A paragraph of no paragraph, no consent, a huge body, control characters.
            var bad = Self.comment("9.9", String(repeating: "ż", count: 10_001), name: "\u{0000}\u{0007}")
            bad.removeAll { $0.0 == "consent" }
            let refused = try await visitor.post("/consultations/cus-jasminowo/\(id)/comments", bad)
            #expect(refused.status == .unprocessableEntity)
            let html = refused.body.string
            #expect(html.contains("W tym dokumencie nie ma akapitu") && html.contains("Uwaga jest za długa"))
            #expect(html.contains("Podaj imię i nazwisko") && html.contains("Zaznacz zgodę"))
            // Another round's paragraph anchors or a round of another organisation: 404.
            #expect(
                try await visitor.post("/consultations/cus-starachowice/\(id)/comments", Self.comment("", "x")).status
                    == .notFound)
            #expect(try await ConsultationComment.query(on: t.db).filter(\.$round.$id == id).count() == 0)
            // Another organisation's staff cannot open the round.
            let other = t.browser()
            try await other.login("dyrektor@cus-jasminowo.example")
            #expect(try await other.get("/panel/consultations/\(id)").status == .ok)
            let foreign = t.browser()
            try await foreign.login("kongres@cus-starachowice.example")
            #expect(try await foreign.get("/panel/consultations/\(id)").status == .forbidden)
        }
    }

    @Test func aFrozenDocumentAndAStaleFormAreRefused() async throws {
        try await withTestApp { t in
            let staff = t.browser()
            try await staff.login(Self.organiser)
            try await staff.get("/panel/consultations/new")
            var fields = Self.roundFields()
            fields[5] = ("firstDay", "2026-11-20")
            let demoRounds = Set(try await ConsultationRound.query(on: t.db).all().compactMap(\.id))
            #expect(try await staff.post("/panel/consultations", fields).status == .seeOther)
            let round = try #require(try await ConsultationRound.query(on: t.db).all().first { !demoRounds.contains($0.id!) })
            let id = try round.requireID()
            // Two people edit the draft from revision 1: the second save is refused, nothing lost.
            var edit = fields
            edit[edit.firstIndex { $0.0 == "revision" }!] = ("revision", "1")
            edit[0] = ("subject", "Pierwsza zmiana")
            try await staff.get("/panel/consultations/\(id)/edit")
            #expect(try await staff.post("/panel/consultations/\(id)", edit).status == .seeOther)
            edit[0] = ("subject", "Druga zmiana")
            let stale = try await staff.post("/panel/consultations/\(id)", edit)
            #expect(stale.status == .conflict && stale.body.string.contains("Krzysztof Mazur zapisał(a) zmiany"))
            #expect(stale.body.string.contains("value=\"Druga zmiana\""))
            #expect(try await ConsultationRound.find(id, on: t.db)?.subject == "Pierwsza zmiana")
            // Announced and open: the document is frozen.
            #expect(
                try await staff.post("/panel/consultations/\(id)/announce", [("revision", "2"), ("confirmed", "yes")]).status
                    == .seeOther)
            edit[edit.firstIndex { $0.0 == "revision" }!] = ("revision", "3")
            edit[0] = ("subject", "Przed otwarciem")
            #expect(try await staff.post("/panel/consultations/\(id)", edit).status == .seeOther)
            t.advanceClock(2 * 86_400)
            try await staff.login(Self.organiser)
            edit[edit.firstIndex { $0.0 == "revision" }!] = ("revision", "4")
            let frozen = try await staff.post("/panel/consultations/\(id)", edit)
            #expect(frozen.status == .conflict, "\(frozen.status) \(frozen.body.string.prefix(3000))")
            #expect(frozen.body.string.contains("nie można zmieniać"))
            let changes = try await ConsultationChange.query(on: t.db).filter(\.$round.$id == id).all().map(\.what)
            #expect(changes.contains("ogłoszono konsultacje") && changes.contains("zmieniono ogłoszenie"))
        }
    }

    @Test func concurrentCommentsGetConsecutiveNumbersOnce() async throws {
        try await withTestApp(adjust: { $0.rateLimitPerMinute = 10_000 }) { t in
            let staff = t.browser()
            try await staff.login(Self.organiser)
            let id = try await Self.announcedRound(t, staff)
            let clients = 24
            let browsers = (0..<clients).map { _ in t.browser() }
            for browser in browsers { try await browser.get("/consultations/cus-jasminowo/\(id)") }
            let statuses = try await withThrowingTaskGroup(of: HTTPResponseStatus.self) { group in
                for (n, browser) in browsers.enumerated() {
                    group.addTask {
                        try await browser.post("/consultations/cus-jasminowo/\(id)/comments", Self.comment("1.1", "Uwaga \(n)"))
                            .status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { $0 == .seeOther }, "\(statuses)")
            let numbers = try await ConsultationComment.query(on: t.db).filter(\.$round.$id == id).all().map(\.number).sorted()
            #expect(numbers == Array(1...clients))
            // One client (network) cannot flood a round: the 31st comment from it is refused.
            let flood = t.browser()
            try await flood.get("/consultations/cus-jasminowo/\(id)")
            var last: HTTPResponseStatus = .ok
            for n in 0..<(ConsultationService.commentsPerClient - clients + 1) {
                last = try await flood.post("/consultations/cus-jasminowo/\(id)/comments", Self.comment("", "Spam \(n)")).status
            }
            #expect(last == .tooManyRequests)
            #expect(
                try await ConsultationComment.query(on: t.db).filter(\.$round.$id == id).count()
                    == ConsultationService.commentsPerClient)
        }
    }

    @Test func theDemoHasAnOpenDiagnosisWithEveryChannelAndAPublishedProgrammeReport() async throws {
        try await withTestApp { t in
            let cus = try await t.organisationID("cus-jasminowo")
            let rounds = try await ConsultationRound.scoped(to: cus, on: t.db).all()
            let now = testStart
            let open = try #require(rounds.first { $0.phase(at: now) == .open })
            let reported = try #require(rounds.first { $0.phase(at: now) == .reportPublished })
            let comments = try await ConsultationComment.query(on: t.db).filter(\.$round.$id == open.requireID()).all()
            #expect(Set(comments.map(\.channel)) == Set(CommentChannel.allCases))
            let visitor = t.browser()
            let list = try await visitor.get("/consultations/cus-jasminowo").body.string
            #expect(list.contains("Projekt diagnozy potrzeb") && list.contains("raport z konsultacji"))
            let report = try await visitor.get("/consultations/cus-jasminowo/\(try reported.requireID())/report").body.string
            #expect(report.contains("poza zakresem konsultacji") && report.contains("Stowarzyszenie „Sąsiedzka Dłoń”"))
            #expect(!report.contains("Teresa Wójcik"))
        }
    }

    @Test func aCommentersDataIsInTheRodoCopyAndIsAnonymisedOnRequest() async throws {
        try await withTestApp { t in
            let staff = t.browser()
            try await staff.login(Self.organiser)
            let id = try await Self.announcedRound(t, staff)
            let visitor = t.browser()
            try await visitor.get("/consultations/cus-jasminowo/\(id)")
            #expect(
                try await visitor.post(
                    "/consultations/cus-jasminowo/\(id)/comments",
                    Self.comment(
                        "1.1", "Więcej danych o seniorach.", name: "Zdzisław Konsultowany",
                        extra: [("email", "zdzislaw@przyklad.example")])
                ).status == .seeOther)
            let dpo = t.browser()
            try await dpo.login("iod@cus-jasminowo.example")
            try await dpo.get("/panel/privacy")
            let found = try await dpo.post("/panel/privacy/subject", [("email", "zdzislaw@przyklad.example")])
            #expect(found.body.string.contains("Uwaga nr 1 w konsultacjach „Projekt diagnozy potrzeb i potencjału 2026”"))
            let copy = try await dpo.post("/panel/privacy/export", [("email", "zdzislaw@przyklad.example"), ("format", "html")])
            #expect(
                copy.body.string.contains("autor: Zdzisław Konsultowany")
                    && copy.body.string.contains("Więcej danych o seniorach."))
            let done = try await dpo.post(
                "/panel/privacy/anonymise", [("email", "zdzislaw@przyklad.example"), ("confirm", "yes")])
            #expect(done.status == .seeOther)
            let comment = try #require(try await ConsultationComment.query(on: t.db).filter(\.$round.$id == id).first())
            #expect(comment.authorName == ConsultationPrivacy.anonymisedName && comment.email == nil)
            #expect(comment.body == "Więcej danych o seniorach.", "the consultation's record keeps the text")
            #expect(try await t.audit(action: .anonymise).contains { $0.record_type == "consultation_comment" })
            let notice = try await dpo.get(try #require(done.headers.first(name: .location))).body.string
            #expect(notice.contains("przy uwagach w konsultacjach (1)"))
        }
    }

    /// The link in the newest queued mail to `address` that contains `marker`.
    static func link(_ t: TestApp, to address: String, containing marker: String) async throws -> String? {
        let mails = try await OutboxMessage.query(on: t.db).filter(\.$recipient == address).sort(\.$createdAt, .descending).all()
        for mail in mails {
            for match in mail.textBody.matches(of: /https?:\/\/[^\s]+/) where match.output.contains(marker) {
                let url = String(match.output)
                return String(url[url.range(of: "/consultations/")!.lowerBound...])
            }
        }
        return nil
    }

    @Test func announcementsGoOnlyToConfirmedSubscribersWithAWayOut() async throws {
        try await withTestApp { t in
            let visitor = t.browser()
            try await visitor.get("/consultations/cus-jasminowo")
            // Bad input keeps what was typed; the answer never says whether an address is known.
            let bad = try await visitor.post("/consultations/cus-jasminowo/subscribe", [("email", "nie-adres"), ("website", "")])
            #expect(bad.status == .unprocessableEntity && bad.body.string.contains("value=\"nie-adres\""))
            #expect(bad.body.string.contains("href=\"#subscribeEmail\"") && bad.body.string.contains("Zaznacz zgodę"))
            for address in ["ala@przyklad.example", "ola@przyklad.example", "ala@przyklad.example"] {
                let sent = try await visitor.post(
                    "/consultations/cus-jasminowo/subscribe", [("email", address), ("consent", "on"), ("website", "")])
                #expect(
                    sent.status == .seeOther && sent.headers.first(name: .location)?.contains("powiadomienia=wyslano") == true)
                t.advanceClock(1)  // a second request replaces the first link: the newest mail counts
            }
            #expect(try await ConsultationSubscriber.query(on: t.db).count() == 2)
            // Ala confirms (the link's page asks for a button; opening it changes nothing).
            let confirm = try #require(try await Self.link(t, to: "ala@przyklad.example", containing: "/subscription/"))
            #expect(try await visitor.get(confirm).body.string.contains("Potwierdzam"))
            #expect(try await ConsultationSubscriber.query(on: t.db).filter(\.$confirmedAt != nil).count() == 0)
            #expect(try await visitor.post(confirm, []).status == .seeOther)
            #expect(try await visitor.get(confirm).body.string.contains("Powiadomienia są włączone"))
            #expect(try await visitor.get("/consultations/cus-jasminowo/subscription/nie-ma-takiego").status == .notFound)

            // An announcement mails Ala (with her way out), not Ola who never confirmed.
            let staff = t.browser()
            try await staff.login(Self.organiser)
            let id = try await Self.announcedRound(t, staff)
            let announcement = try #require(
                try await OutboxMessage.query(on: t.db).filter(\.$recipient == "ala@przyklad.example")
                    .filter(\.$subject == "Nowe konsultacje: Projekt diagnozy potrzeb i potencjału 2026").first())
            #expect(announcement.textBody.contains("/consultations/cus-jasminowo/\(id)"))
            #expect(
                try await OutboxMessage.query(on: t.db).filter(\.$recipient == "ola@przyklad.example")
                    .filter(\.$subject ~~ "Nowe konsultacje").count() == 0)
            let unsubscribe = try #require(try await Self.link(t, to: "ala@przyklad.example", containing: "/unsubscribe/"))
            #expect(try await visitor.get(unsubscribe).body.string.contains("Wypisz mnie"))
            #expect(try await visitor.post(unsubscribe, []).status == .seeOther)
            #expect(try await visitor.get(unsubscribe).body.string.contains("Wypisano ten adres"))
            // Ola's link expires after seven days.
            t.advanceClock(8 * 86_400)
            let olaLink = try #require(try await Self.link(t, to: "ola@przyklad.example", containing: "/subscription/"))
            let expired = try await visitor.get(olaLink)
            #expect(expired.status == .notFound && expired.body.string.contains("wygasł"))
        }
    }

    @Test func authorsNamesGoWhenTheRetentionPeriodAfterTheReportEnds() async throws {
        try await withTestApp { t in
            let cus = try await t.organisationID("cus-jasminowo")
            let reported = try #require(
                try await ConsultationRound.scoped(to: cus, on: t.db).filter(\.$status == .reportPublished).first())
            let id = try reported.requireID()
            #expect(try await RetentionJob.plan(cus, now: t.app.clock.now(), on: t.db).consultationComments.isEmpty)
            // 24 months (the default) after the report: the names go, the texts and positions stay.
            t.advanceClock(Double(25 * 31) * 86_400)
            let plan = try await RetentionJob.plan(cus, now: t.app.clock.now(), on: t.db)
            #expect(plan.consultationComments.count == 4)
            let report = try await RetentionJob.run(on: t.db, now: t.app.clock.now(), logger: t.app.logger)
            #expect(report.consultationComments >= 4)
            let comments = try await ConsultationComment.query(on: t.db).filter(\.$round.$id == id).all()
            #expect(comments.allSatisfy { $0.authorName == ConsultationPrivacy.anonymisedName && $0.email == nil })
            #expect(comments.allSatisfy { !$0.body.isEmpty && $0.position != nil })
            let page = try await t.browser().get("/consultations/cus-jasminowo/\(id)/report").body.string
            #expect(page.contains("Stowarzyszenie „Sąsiedzka Dłoń”"), "an organisation's name is not a person's")
            // The period is set on the retention page with the others.
            let director = t.browser()
            try await director.login("dyrektor@cus-jasminowo.example")
            let retention = try await director.get("/panel/privacy/retention")
            #expect(
                retention.body.string.contains("Dane autorów uwag w konsultacjach"),
                "\(retention.status) \(retention.body.string.prefix(1500))")
        }
    }
}

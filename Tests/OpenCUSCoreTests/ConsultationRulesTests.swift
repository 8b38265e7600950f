import Foundation
import Testing

@testable import OpenCUSCore

@Suite struct ConsultationRulesTests {
    static let text = """
        Wstęp bez nagłówka.

        # 1. Sytuacja społeczna

        Gmina liczy 12 400 mieszkańców.
        Druga linia tego samego akapitu.

        - lista
        - w jednym akapicie

        ## Potrzeby

        Brakuje opieki wytchnieniowej.
        """

    @Test func numbersSectionsAndParagraphsByPositionWithAnUntitledIntroduction() {
        let document = ConsultedDocument(markdown: Self.text)
        #expect(document.sections.map(\.title) == ["", "1. Sytuacja społeczna", "Potrzeby"])
        #expect(document.paragraphs.map(\.reference) == ["1.1", "2.1", "2.2", "3.1"])
        #expect(document.paragraph("2.1")?.markdown == "Gmina liczy 12 400 mieszkańców.\nDruga linia tego samego akapitu.")
        #expect(document.paragraph("2.2")?.markdown == "- lista\n- w jednym akapicie")
        #expect(document.section(of: "3.1")?.title == "Potrzeby")
        #expect(document.paragraph("4.1") == nil)
    }

    @Test func editingWordingKeepsNumbersAndAnInsertMovesOnlyItsOwnSection() {
        let before = ConsultedDocument(markdown: Self.text)
        let reworded = ConsultedDocument(
            markdown: Self.text.replacingOccurrences(of: "12 400", with: "12 450").replacingOccurrences(of: "\n", with: "\r\n"))
        #expect(reworded.paragraphs.map(\.reference) == before.paragraphs.map(\.reference))
        let inserted = ConsultedDocument(
            markdown: Self.text.replacingOccurrences(of: "## Potrzeby", with: "Nowy akapit.\n\n## Potrzeby"))
        #expect(inserted.paragraphs.map(\.reference) == ["1.1", "2.1", "2.2", "2.3", "3.1"])
        #expect(inserted.paragraph("3.1")?.markdown == before.paragraph("3.1")?.markdown)
        #expect(ConsultedDocument(markdown: "").sections.isEmpty)
        #expect(ConsultedDocument(markdown: "#hashtag to nie nagłówek").sections.first?.title == "")
    }

    @Test func theRoundOpensAndClosesByItsDatesInWarsawTime() throws {
        // 1–14 December 2026: open from 1 Dec 00:00 CET (30 Nov 23:00 UTC) to 15 Dec 00:00 CET.
        let dates = ConsultationDates(firstDay: CalendarDay(iso: "2026-12-01")!, lastDay: CalendarDay(iso: "2026-12-14")!)
        #expect(dates.days == 14)
        let utc = ISO8601DateFormatter()
        #expect(dates.opensAt == utc.date(from: "2026-11-30T23:00:00Z"))
        #expect(dates.closesAt == utc.date(from: "2026-12-14T23:00:00Z"))
        func phase(_ status: ConsultationStatus, _ at: String) -> ConsultationPhase {
            ConsultationPhase(status: status, opensAt: dates.opensAt, closesAt: dates.closesAt, now: utc.date(from: at)!)
        }
        #expect(phase(.draft, "2026-12-05T10:00:00Z") == .draft)
        #expect(phase(.announced, "2026-11-30T22:59:59Z") == .announced)
        #expect(phase(.announced, "2026-11-30T23:00:00Z") == .open)
        #expect(phase(.announced, "2026-12-14T22:59:59Z") == .open)
        #expect(phase(.announced, "2026-12-14T23:00:00Z") == .closed)
        #expect(phase(.reportPublished, "2026-12-01T10:00:00Z") == .reportPublished)
        #expect(!ConsultationPhase.announced.documentIsFrozen && ConsultationPhase.open.documentIsFrozen)
        #expect(ConsultationPhase.closed.acceptsStaffEntry && !ConsultationPhase.closed.acceptsOnlineComments)
        // Summer time: a round ending 31 March closes at 1 April 00:00 CEST = 31 March 22:00 UTC.
        let summer = ConsultationDates(firstDay: CalendarDay(iso: "2027-03-20")!, lastDay: CalendarDay(iso: "2027-03-31")!)
        #expect(summer.closesAt == utc.date(from: "2027-03-31T22:00:00Z"))
    }

    static func validRound() -> ConsultationRoundForm {
        var form = ConsultationRoundForm()
        form.subject = "Projekt diagnozy potrzeb i potencjału"
        form.aim = "Poznanie opinii mieszkańców"
        form.scope = "cała gmina"
        form.documentTitle = "Diagnoza 2026"
        form.document = Self.text
        form.firstDay = "2026-12-01"
        form.lastDay = "2026-12-14"
        form.coordinator = "Anna Nowak"
        return form
    }

    @Test func aRoundNeedsItsCoreFactsAndCoherentDates() throws {
        let valid = try Self.validRound().validate().get()
        #expect(valid.document.paragraphs.count == 4)
        var form = Self.validRound()
        form.subject = "  \u{0007} "
        form.lastDay = "2026-11-30"
        form.online = false
        form.meetingPlace = "Sala <b>"
        form.email = "nie-adres"
        guard case .failure(let errors) = form.validate() else {
            Issue.record("accepted")
            return
        }
        #expect(errors.fields == ["subject", "lastDay", "email", "meetingDay", "meetingTime"])
        form = Self.validRound()
        form.online = false
        guard case .failure(let noWay) = form.validate() else { return }
        #expect(noWay.fields == ["online"])
        form = Self.validRound()
        form.meetingDay = "2026-12-20"
        form.meetingTime = "17:00"
        form.meetingPlace = "Świetlica"
        guard case .failure(let outside) = form.validate() else {
            Issue.record("meeting outside the round accepted")
            return
        }
        #expect(outside["meetingDay"]?.contains("14 grudnia 2026") == true)
        form.document = String(repeating: "x", count: ConsultedDocument.maximumCharacters + 1)
        guard case .failure(let huge) = form.validate() else { return }
        #expect(huge["document"]?.contains("za długi") == true)
    }

    @Test func announcingNeedsTheOrderTheDocumentAndDatesNotPast() {
        let document = ConsultedDocument(markdown: Self.text)
        let day = CalendarDay(iso: "2026-12-14")!
        #expect(
            ConsultationRoundForm.announcementProblems(
                document: document, orderNumber: "0050.12.2026", orderDate: CalendarDay(iso: "2026-11-20"), lastDay: day,
                today: day
            ).isEmpty)
        let problems = ConsultationRoundForm.announcementProblems(
            document: ConsultedDocument(markdown: ""), orderNumber: "", orderDate: nil, lastDay: day,
            today: day.adding(days: 1))
        #expect(problems.count == 3)
    }

    @Test func anOnlineCommentNeedsBodyNameConsentAndAParagraphOfThisDocument() {
        let document = ConsultedDocument(markdown: Self.text)
        let today = CalendarDay(iso: "2026-12-05")!
        var form = ConsultationCommentForm()
        form.paragraph = "2.1"
        form.body = "Proszę o <script>alert(1)</script> więcej miejsc.\r\nDruga linia."
        form.authorName = "Jan Kowalski"
        form.consent = true
        guard case .valid(let valid) = form.validateOnline(document: document, today: today) else {
            Issue.record("refused")
            return
        }
        #expect(valid.body == "Proszę o <script>alert(1)</script> więcej miejsc.\nDruga linia.")
        #expect(valid.channel == .online && valid.receivedOn == today && valid.paragraph == "2.1")
        #expect(!valid.publishName)

        form.paragraph = "9.9"
        form.body = String(repeating: "ą", count: ConsultationCommentForm.maximumBody + 1)
        form.consent = false
        form.authorKind = "organisation"
        guard case .invalid(let errors) = form.validateOnline(document: document, today: today) else {
            Issue.record("accepted")
            return
        }
        #expect(errors.fields == ["paragraph", "body", "organisationName", "consent"])

        var bot = ConsultationCommentForm()
        bot.website = "http://spam.example"
        #expect(bot.validateOnline(document: document, today: today) == .bot)
    }

    @Test func staffEntryNeedsAChannelAndADayWithinTheRound() {
        let document = ConsultedDocument(markdown: Self.text)
        let dates = ConsultationDates(firstDay: CalendarDay(iso: "2026-12-01")!, lastDay: CalendarDay(iso: "2026-12-14")!)
        var form = ConsultationCommentForm()
        form.body = "Uwaga z formularza papierowego."
        form.authorName = "Stowarzyszenie"
        form.authorKind = "organisation"
        form.organisationName = "Stowarzyszenie Razem"
        form.publishName = true
        form.channel = "paper"
        form.receivedOn = "2026-12-03"
        guard
            case .valid(let valid) = form.validateStaffEntry(
                document: document, dates: dates, today: CalendarDay(iso: "2026-12-16")!)
        else {
            Issue.record("refused")
            return
        }
        #expect(valid.channel == .paper && valid.publishName && valid.paragraph == nil)
        form.channel = "online"
        form.receivedOn = "2026-12-15"
        guard
            case .invalid(let errors) = form.validateStaffEntry(
                document: document, dates: dates, today: CalendarDay(iso: "2026-12-16")!)
        else { return }
        #expect(errors.fields == ["channel", "receivedOn"])
        #expect(errors["receivedOn"]?.contains("po terminie") == true)
    }

    @Test func theReportNamesOnlyOrganisationsThatAgreed() {
        #expect(
            ConsultationCommentForm.publicAuthor(kind: .person, organisationName: nil, publishName: true)
                == "mieszkaniec/mieszkanka")
        #expect(
            ConsultationCommentForm.publicAuthor(kind: .organisation, organisationName: "Koło Gospodyń", publishName: true)
                == "Koło Gospodyń")
        #expect(
            ConsultationCommentForm.publicAuthor(kind: .organisation, organisationName: "Koło Gospodyń", publishName: false)
                .hasPrefix("organizacja"))
    }

    @Test func anAnswerNeedsAPositionAndAReasonAndTheTallyCountsWhatIsLeft() {
        #expect(throws: FieldErrors.self) { try CommentAnswerForm(position: "maybe", reason: " ").validate().get() }
        let answer = try? CommentAnswerForm(position: "partly_accepted", reason: "Uwzględniono w rozdziale 3.").validate().get()
        #expect(answer?.0 == .partlyAccepted)
        let tally = ConsultationTally([
            .init(channel: .online, position: .accepted, hidden: false),
            .init(channel: .online, position: nil, hidden: false),
            .init(channel: .paper, position: nil, hidden: true),
            .init(channel: .email, position: .notAccepted, hidden: false),
        ])
        #expect(tally.total == 4 && tally.unanswered == 1 && tally.hidden == 1 && !tally.readyForReport)
        #expect(tally.byChannel.map(\.count) == [2, 1, 1, 0])
        #expect(tally.byPosition.map(\.count) == [1, 0, 1, 0])
    }
}

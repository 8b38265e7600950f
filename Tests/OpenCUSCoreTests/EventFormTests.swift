import Foundation
import Testing

@testable import OpenCUSCore

@Suite struct EventFormTests {
    var valid: EventForm {
        var f = EventForm()
        f.title = "Kongres Centrów Usług Społecznych"
        f.edition = "2"
        f.kind = "congress"
        f.startDay = "2022-06-21"
        f.endDay = "2022-06-22"
        f.venueCity = "Starachowice"
        f.venuePostcode = "27-200"
        f.voivodeship = "swietokrzyskie"
        return f
    }

    @Test func validFormGivesKindDaysAndAGeneratedSlug() throws {
        let result = try valid.validate().get()
        #expect(result.kind == .congress)
        #expect(result.edition == 2)
        #expect(result.slug.value == "ii-kongres-centrow-uslug-spolecznych-2022")
        #expect(result.voivodeship == .swietokrzyskie)
    }

    @Test func oneDayEventNeedsNoEndDay() throws {
        var f = valid
        f.endDay = ""
        let result = try f.validate().get()
        #expect(result.firstDay == result.lastDay)
    }

    func errors(_ change: (inout EventForm) -> Void) -> FieldErrors {
        var f = valid
        change(&f)
        if case .failure(let e) = f.validate() { return e }
        return FieldErrors()
    }

    @Test func eachRuleNamesItsField() {
        #expect(errors { $0.title = "" }["title"] == "Podaj tytuł wydarzenia.")
        #expect(errors { $0.title = String(repeating: "x", count: 10_000) }["title"]?.contains("za długi") == true)
        #expect(errors { $0.edition = "II" }["edition"] != nil)
        #expect(errors { $0.edition = "0" }["edition"] != nil)
        #expect(errors { $0.endDay = "2022-06-20" }["endDay"]?.contains("wcześniejsza") == true)
        #expect(errors { $0.endDay = "2022-08-30" }["endDay"]?.contains("31 dni") == true)
        #expect(errors { $0.startDay = "21.06.2022" }["startDay"] != nil)
        #expect(errors { $0.venueCity = "" }["venueCity"] != nil)
        #expect(errors { $0.venuePostcode = "27200" }["venuePostcode"] == "Kod pocztowy ma postać 00-000.")
        #expect(errors { $0.onlineURL = "javascript:alert(1)" }["onlineURL"] != nil)
        #expect(errors { $0.kind = "party" }["kind"] != nil)
        #expect(errors { $0.voivodeship = "bawaria" }["voivodeship"] != nil)
        #expect(errors { $0.contactEmail = "x@" }["contactEmail"] != nil)
        #expect(errors { $0.slug = "Zły Adres" }["slug"] != nil)
    }

    @Test func onlineEventNeedsNoCity() {
        #expect(
            errors {
                $0.venueCity = ""; $0.onlineURL = "https://spotkanie.example.pl/cus"
            }.isEmpty)
    }

    @Test func hostileTextIsKeptAsTextAndCleaned() throws {
        var f = valid
        f.title = " <script>alert('x')</script> Kongres 🎉 مرحبا\u{0} "
        let cleaned = f.cleaned()
        #expect(cleaned.title == "<script>alert('x')</script> Kongres 🎉 مرحبا")
        #expect(try cleaned.validate().get().slug.value.hasPrefix("ii-script-alert-x-script-kongres"))
    }
}

@Suite struct EntryFormTests {
    let first = CalendarDay(iso: "2026-10-24")!
    let last = CalendarDay(iso: "2026-10-25")!

    func form(_ day: String, _ start: String, _ end: String = "") -> EntryForm {
        var f = EntryForm()
        f.day = day
        f.startTime = start
        f.endTime = end
        f.type = "talk"
        f.title = "Wystąpienie"
        return f
    }

    @Test func acrossTheOctoberChangeTheDurationIsReal() throws {
        // 01:30–03:30 on 25 October 2026 lasts three hours: 02:00–03:00 happens twice.
        let valid = try form("2026-10-25", "01:30", "03:30").validate(firstDay: first, lastDay: last, rooms: [], groups: []).get()
        #expect(valid.end!.timeIntervalSince(valid.start) == 3 * 3600)
    }

    @Test func midnightStartIsTheBeginningOfTheDay() throws {
        let valid = try form("2026-10-24", "00:00", "01:00").validate(firstDay: first, lastDay: last, rooms: [], groups: []).get()
        #expect(WallClock.local(valid.start).day.iso == "2026-10-24")
        #expect(WallClock.local(valid.start).time.description == "00:00")
    }

    @Test func nonexistentMarchTimeIsRefusedWithTheReason() {
        let march = CalendarDay(iso: "2026-03-29")!
        guard
            case .failure(let errors) = form("2026-03-29", "02:30").validate(
                firstDay: march, lastDay: march, rooms: [], groups: [])
        else {
            Issue.record("expected failure")
            return
        }
        #expect(errors["startTime"]?.contains("nie istnieje") == true)
    }

    @Test func roomsGroupsCapacityAndDaysAreChecked() {
        let room = UUID()
        var f = form("2026-10-26", "10:00", "09:00")
        f.roomID = UUID().uuidString
        f.parallelGroupID = "not-a-uuid"
        f.capacity = "-3"
        guard case .failure(let errors) = f.validate(firstDay: first, lastDay: last, rooms: [room], groups: []) else {
            Issue.record("expected failure")
            return
        }
        #expect(errors["day"] != nil)
        #expect(errors["roomID"] != nil)
        #expect(errors["parallelGroupID"] != nil)
        #expect(errors["capacity"] != nil)
        var ok = form("2026-10-24", "10:00", "11:00")
        ok.roomID = room.uuidString
        ok.capacity = "40"
        #expect((try? ok.validate(firstDay: first, lastDay: last, rooms: [room], groups: []).get())?.capacity == 40)
        #expect(
            form("2026-10-24", "11:00", "10:00").validate(firstDay: first, lastDay: last, rooms: [], groups: []).failureValue?[
                "endTime"] != nil)
    }
}

@Suite struct AttachmentKindTests {
    @Test func recognisesByContentNotName() {
        #expect(AttachmentKind.detect(Array("%PDF-1.7\n...".utf8)) == .pdf)
        #expect(AttachmentKind.detect([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0]) == .png)
        #expect(AttachmentKind.detect([0xFF, 0xD8, 0xFF, 0xE0]) == .jpeg)
        #expect(AttachmentKind.detect(Array("RIFF\u{0}\u{0}\u{0}\u{0}WEBPVP8 ".utf8)) == .webp)
        #expect(AttachmentKind.detect(Array("MZ\u{90}\u{0}this is a windows program".utf8)) == nil)
        #expect(AttachmentKind.detect(Array("<html><script>".utf8)) == nil)
        #expect(AttachmentKind.detect([]) == nil)
        let odt =
            [0x50, 0x4B, 0x03, 0x04] + [UInt8](repeating: 0, count: 26)
            + Array("mimetypeapplication/vnd.oasis.opendocument.text".utf8)
        #expect(AttachmentKind.detect(odt) == .odt)
        let docx = [0x50, 0x4B, 0x03, 0x04] + Array("....[Content_Types].xml....word/document.xml".utf8)
        #expect(AttachmentKind.detect(docx) == .docx)
        let xlsx = [0x50, 0x4B, 0x03, 0x04] + Array("....[Content_Types].xml....xl/workbook.xml".utf8)
        #expect(AttachmentKind.detect(xlsx) == .xlsx)
        #expect(AttachmentKind.detect([0x50, 0x4B, 0x03, 0x04] + Array("random.zip".utf8)) == nil)
    }

    @Test func filenamesAreSafeAndCarryTheRealExtension() {
        #expect(AttachmentKind.safeFilename("../../etc/passwd", kind: .pdf) == "passwd.pdf")
        #expect(AttachmentKind.safeFilename("Program kongresu (wersja 2).exe", kind: .pdf) == "Program-kongresu-wersja-2.pdf")
        #expect(AttachmentKind.safeFilename("formularz zgłoszeniowy.docx", kind: .docx) == "formularz-zgłoszeniowy.docx")
        #expect(AttachmentKind.safeFilename("\"; rm -rf /\".pdf", kind: .pdf) == "zalacznik.pdf")
        #expect(AttachmentKind.safeFilename("a\"b;c.pdf", kind: .pdf) == "abc.pdf")
        #expect(AttachmentKind.safeFilename("", kind: .png) == "zalacznik.png")
        #expect(AttachmentKind.safeFilename(String(repeating: "a", count: 500) + ".pdf", kind: .pdf).count <= 100)
    }
}

extension Result {
    var failureValue: Failure? {
        if case .failure(let f) = self { return f }
        return nil
    }
}

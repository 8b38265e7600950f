import Foundation
import Testing

@testable import OpenCUSCore

@Suite struct CalendarDayTests {
    @Test func parsesOnlyRealDates() {
        #expect(CalendarDay(iso: "2026-03-31")?.polish == "31 marca 2026")
        #expect(CalendarDay(iso: "2024-02-29") != nil)
        #expect(CalendarDay(iso: "2026-02-29") == nil)
        #expect(CalendarDay(iso: "2026-13-01") == nil)
        #expect(CalendarDay(iso: "31.03.2026") == nil)
        #expect(CalendarDay(iso: "") == nil)
        #expect(CalendarDay(iso: "2026-3-1") == nil)
    }

    /// Rows store a day as its ISO text (one value, so the columns and their order are unchanged)
    /// and a stored text that is not a day is refused when read, never shown as if it were one.
    @Test func aDayIsStoredAsItsIsoTextAndReadBackOnlyWhenItIsADay() throws {
        struct Row: Codable, Equatable { let on: CalendarDay }
        let row = Row(on: CalendarDay(iso: "2026-01-18")!)
        let json = try JSONEncoder().encode(row)
        #expect(String(decoding: json, as: UTF8.self) == #"{"on":"2026-01-18"}"#)
        #expect(try JSONDecoder().decode(Row.self, from: json) == row)
        #expect(row.on.polish == "18 stycznia 2026")
        for malformed in ["2026-02-30", "", "jutro"] {
            #expect(throws: DecodingError.self) {
                try JSONDecoder().decode(Row.self, from: Data(#"{"on":"\#(malformed)"}"#.utf8))
            }
        }
    }

    @Test func dayOfAnInstantIsTakenInWarsaw() {
        // 2026-06-30 22:30 UTC is already 1 July in Warsaw (UTC+2 in summer).
        let instant = Date(timeIntervalSince1970: 1_782_858_600)
        #expect(CalendarDay(instant, in: TimeZone(identifier: "Europe/Warsaw")!).iso == "2026-07-01")
        #expect(CalendarDay(instant, in: TimeZone(identifier: "UTC")!).iso == "2026-06-30")
    }

    @Test func ordering() {
        #expect(CalendarDay(iso: "2025-12-31")! < CalendarDay(iso: "2026-01-01")!)
    }
}

@Suite struct EmailAddressTests {
    @Test(arguments: ["anna.nowak@example.pl", "  Anna.Nowak@Example.PL ", "a+tag@sub.example.com.pl"])
    func accepts(raw: String) {
        #expect(EmailAddress(raw) != nil)
    }

    @Test(arguments: [
        "", "anna", "anna@", "@example.pl", "anna@example", "anna@@example.pl", "an na@example.pl", "anna@example..pl",
        "anna@-example.pl", "<script>@example.pl", "anna@example.pl\r\nBcc: x@y.pl", ".anna@example.pl", "a..b@example.pl",
    ])
    func rejects(raw: String) {
        #expect(EmailAddress(raw) == nil)
    }

    @Test func lowerCases() {
        #expect(EmailAddress("Anna@Example.PL")?.value == "anna@example.pl")
        #expect(EmailAddress(String(repeating: "a", count: 65) + "@example.pl") == nil)
    }
}

@Suite struct SlugTests {
    @Test func validatesAndBuildsFromPolishNames() {
        #expect(Slug("cus-starachowice") != nil)
        #expect(Slug("Cus") == nil)
        #expect(Slug("-cus") == nil)
        #expect(Slug("cus--x") == nil)
        #expect(Slug("a") == nil)
        #expect(Slug.from(name: "Gmina Jaśminowo")?.value == "gmina-jasminowo")
        #expect(Slug.from(name: "Łódź – Żółć!")?.value == "lodz-zolc")
        #expect(Slug.from(name: "!!!") == nil)
    }
}

@Suite struct TextInputTests {
    @Test func cleansSingleLineAndMultilineText() {
        #expect(TextInput.clean("  Anna \t Nowak\u{0}\u{7} ") == "Anna Nowak")
        #expect(TextInput.clean("Jan\r\nKowalski") == "JanKowalski")
        #expect(TextInput.clean("a\r\nb\rc", multiline: true) == "a\nb\nc")
        #expect(TextInput.clean("Zero\u{200B}width") == "Zerowidth")
        #expect(TextInput.clean(nil) == "")
        #expect(TextInput.clean("ąęłńóśźż ĄĘŁŃÓŚŹŻ") == "ąęłńóśźż ĄĘŁŃÓŚŹŻ")
    }

    @Test func textBlocksBecomeParagraphsAndLists() {
        let blocks = TextBlock.parse("Pierwszy akapit\nciąg dalszy.\n\n- jeden\n- dwa\n\n\n<b>tekst</b>")
        #expect(blocks == [.paragraph("Pierwszy akapit ciąg dalszy."), .list(["jeden", "dwa"]), .paragraph("<b>tekst</b>")])
        #expect(TextBlock.parse("   \n\n ").isEmpty)
    }
}

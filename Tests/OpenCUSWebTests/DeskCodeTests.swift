import Fluent
import Foundation
import OpenCUSCore
import SQLKit
import Testing
import Vapor

@testable import OpenCUSWeb

/// The participant's check-in code: made with the registration, shown as a QR code on the
/// personal page and in the confirmation e-mail, and read at the desk (typed by a hand scanner
/// or by the phone's camera) to mark the person present at once.
@Suite struct DeskCodeTests {
    @Test func aCodeReadAtTheDeskMarksThePersonAtOnceAndComesBackToAnEmptyField() async throws {
        try await withTestApp { t in
            let event = try await t.event(DemoRegistrations.upcomingSlug)
            let base = "/panel/events/\(event.id!.uuidString)"
            let people = try await Registration.query(on: t.db).filter(\.$event.$id == event.id!).all()
            let person = try #require(people.first { $0.state == .confirmed })
            let code = try #require(person.checkinCode)
            #expect(CheckInCode.normalise(code) == code && code.hasPrefix("\(person.sequence)-"))
            #expect(Set(people.compactMap(\.checkinCode)).count == people.count, "every registration has its own code")
            let day = event.startDay.iso
            let desk = t.browser()
            try await desk.login("wydarzenia@cus-jasminowo.example")
            try await desk.get("\(base)/checkin?day=\(day)")

            // A hand scanner types the code (here in lower case, with spaces round it) and Enter.
            let read = try await desk.post("\(base)/checkin/find", [("q", "  \(code.lowercased()) "), ("day", day)])
            #expect(read.status == .seeOther)
            let location = try #require(read.headers.first(name: .location))
            #expect(location.contains("marked=\(person.id!.uuidString)"))
            let marks = try await EventAttendance.query(on: t.db).filter(\.$registration.$id == person.id!).all()
            #expect(marks.map(\.day.iso) == [day])
            let page = try await desk.get(location).body.string
            #expect(page.contains("Obecny(-a): <strong>\(person.lastName) \(person.firstName)"))
            #expect(page.contains("name=\"q\" type=\"search\" value=\"\"") && page.contains("autofocus"))
            // Read twice: still one mark.
            #expect(try await desk.post("\(base)/checkin/find", [("q", code), ("day", day)]).status == .seeOther)
            #expect(try await EventAttendance.query(on: t.db).filter(\.$registration.$id == person.id!).count() == 1)

            // A code nobody has, and one of a registration that is not confirmed.
            let unknown = try await desk.post("\(base)/checkin/find", [("q", "99999-AAA"), ("day", day)])
            #expect(
                try await desk.get(try #require(unknown.headers.first(name: .location))).body.string.contains(
                    "Nie znaleziono kodu 99999-AAA"))
            if let waiting = people.first(where: { $0.state != .confirmed && $0.checkinCode != nil }) {
                let refused = try await desk.post("\(base)/checkin/find", [("q", waiting.checkinCode!), ("day", day)])
                #expect(
                    try await desk.get(try #require(refused.headers.first(name: .location))).body.string.contains(
                        "nie jest potwierdzone"))
                #expect(try await EventAttendance.query(on: t.db).filter(\.$registration.$id == waiting.id!).count() == 0)
            }
            // A name is a search, as before.
            let search = try await desk.post("\(base)/checkin/find", [("q", person.lastName), ("day", day)])
            #expect(try #require(search.headers.first(name: .location)).contains("q="))

            // Another organisation's desk cannot use this event's codes.
            let other = t.browser()
            try await other.login("recepcja@cus-starachowice.example")
            #expect(try await other.post("\(base)/checkin/find", [("q", code), ("day", day)]).status == .notFound)
        }
    }

    /// The personal page shows the code and its QR code; the confirmation e-mail carries both.
    @Test func theCodeIsOnThePersonalPageAndInTheConfirmationMail() async throws {
        try await withTestApp { t in
            let context = try await t.configureRegistration(DemoRegistrations.approvalSlug, capacity: 5, mode: .automatic)
            try await t.registerByEmail(context, ["kod.qr@gmina.example"])
            let registration = try #require(
                try await Registration.query(on: t.db).filter(\.$email == "kod.qr@gmina.example").first())
            #expect(registration.state == .confirmed)
            let code = try #require(registration.checkinCode)
            let message = try #require(
                try await OutboxMessage.query(on: t.db).filter(\.$recipient == "kod.qr@gmina.example").with(\.$attachments)
                    .first())
            #expect(message.textBody.contains("Kod do recepcji: \(code)."))
            let png = try #require(message.attachments.first { $0.filename == "kod-recepcji-\(code).png" })
            let expected = MonochromePNG.encode(try QRCode(code))
            #expect(png.contentType == "image/png" && Array(png.data) == expected)

            let link = try #require(try await t.lastLink(to: "kod.qr@gmina.example"))
            let page = try await t.browser().get(link).body.string
            #expect(page.contains("Kod do recepcji") && page.contains("<strong class=\"code\">\(code)</strong>"))
            #expect(page.contains("<title id=\"kod-qr-title\">Kod QR do recepcji: \(code)</title>"))
            let path = try QRCode(code).svgPath
            #expect(page.contains("d=\"\(path)\""))
        }
    }

    /// Registrations made before the codes existed get theirs from the migration.
    @Test func registrationsWithoutACodeGetOneFromTheMigration() async throws {
        try await withTestApp { t in
            try await t.db.sql().raw("UPDATE registrations SET checkin_code = NULL").run()
            try await M0023_CheckInCodes.backfill(on: t.db)
            let all = try await Registration.query(on: t.db).all()
            #expect(!all.isEmpty)
            #expect(
                all.allSatisfy { r in
                    r.checkinCode.map { $0.hasPrefix("\(r.sequence)-") && CheckInCode.normalise($0) == $0 } ?? false
                })
        }
    }
}

import Fluent
import Foundation
import OpenCUSCore
import Testing
import Vapor

@testable import OpenCUSWeb

/// A CUS keeps its own public profile: the office's contact and hours, a logo and an accent
/// colour that must read on white; its catalogue, application and tracking pages show them.
@Suite struct OrganisationProfileTests {
    static let director = "dyrektor@cus-jasminowo.example"

    func fields(accent: String, phone: String = "62 555 01 00", email: String = "sekretariat@cus-jasminowo.example")
        -> [(String, String)]
    {
        [
            ("phone", phone), ("email", email), ("street", "ul. Lipowa 1"), ("postcode", "62-999"), ("city", "Jaśminowo"),
            ("officeHours", "poniedziałek–piątek 7:30–15:30"), ("website", ""), ("accentColour", accent),
        ]
    }

    @Test func aColourThatDoesNotReadOnWhiteIsRefusedWithItsRatioAndTheFormKeepsWhatWasTyped() async throws {
        try await withTestApp { t in
            let director = t.browser()
            try await director.login(Self.director)
            #expect(try await director.get("/panel/profile").status == .ok)
            let refused = try await director.post("/panel/profile", fields(accent: "#ffcc00"))
            #expect(refused.status == .unprocessableEntity)
            let html = refused.body.string
            #expect(html.contains("ma kontrast 1,") && html.contains("4,5:1"))
            #expect(html.contains("value=\"#ffcc00\"") && html.contains("poniedziałek–piątek 7:30–15:30</textarea>"))
            #expect(html.contains("href=\"#accentColour\""))
            let stored = try #require(try await Organisation.query(on: t.db).filter(\.$slug == "cus-jasminowo").first())
            #expect(stored.accentColour == "#1d5c3a" && stored.phone == "+48 62 000 00 00", "nothing stored (the demo's profile)")
            // Neither phone nor e-mail: residents would have no way to reach the office.
            let unreachable = try await director.post("/panel/profile", fields(accent: "", phone: "", email: ""))
            #expect(
                unreachable.status == .unprocessableEntity && unreachable.body.string.contains("Podaj telefon albo adres e-mail"))
        }
    }

    @Test func theProfileShowsOnTheCentresPagesWithItsColourAndLogo() async throws {
        try await withTestApp { t in
            let director = t.browser()
            try await director.login(Self.director)
            try await director.get("/panel/profile")
            let saved = try await director.post("/panel/profile", fields(accent: "#005A9C"))
            #expect(saved.status == .seeOther)
            #expect(try await director.get("/panel/profile?done=saved").body.string.contains("Zapisano profil"))
            let organisation = try #require(try await Organisation.query(on: t.db).filter(\.$slug == "cus-jasminowo").first())
            #expect(organisation.accentColour == "#005a9c" && organisation.phone == "62 555 01 00")
            #expect(try await t.audit(action: .update).contains { $0.record_type == "organisation" })

            let visitor = t.browser()
            let catalogue = try await visitor.get("/services/cus-jasminowo").body.string
            #expect(catalogue.contains("href=\"/organisations/cus-jasminowo/brand.css?v=005a9c\""))
            #expect(catalogue.contains("godziny przyjęć") && catalogue.contains("poniedziałek–piątek 7:30–15:30"))
            let style = try await visitor.get("/organisations/cus-jasminowo/brand.css?v=005a9c")
            #expect(style.headers.contentType?.subType == "css")
            #expect(style.body.string.contains("--primary: #005a9c") && style.body.string.contains("--primary-dark: #004475"))
            #expect(!(try await visitor.get("/services/cus-jasminowo/apply").body.string.contains("org-logo\"")))

            // A file that is not an image is refused by its content; a PNG is stored and shown.
            try await director.get("/panel/profile")
            let notImage = try await director.upload(
                "/panel/profile/logo", fields: [], file: ("file", "logo.png", "image/png", Array("%PDF-1.4 x".utf8)))
            #expect(notImage.status == .unprocessableEntity && notImage.body.string.contains("To nie jest obraz"))
            let uploaded = try await director.upload(
                "/panel/profile/logo", fields: [], file: ("file", "logo.png", "image/png", EventsAdminTests.png))
            #expect(uploaded.status == .seeOther)
            let withLogo = try await visitor.get("/services/cus-jasminowo/apply").body.string
            let logoURL = try #require(
                withLogo.firstMatch(of: /src="(\/organisations\/cus-jasminowo\/logo\?v=[^"]+)" alt="" class="org-logo"/))
            let logo = try await visitor.get(String(logoURL.output.1))
            #expect(
                logo.status == .ok && logo.headers.contentType == .png
                    && logo.headers.first(name: "X-Content-Type-Options") == "nosniff")

            // Removing the logo asks first, then the pages show none and its address is gone.
            try await director.get("/panel/profile")
            let question = try await director.post("/panel/profile/logo/delete", [])
            #expect(question.status == .ok && question.body.string.contains("Usunąć logo?"))
            try await director.get("/panel/profile")
            #expect(try await director.post("/panel/profile/logo/delete", [("confirmed", "yes")]).status == .seeOther)
            #expect(try await visitor.get(String(logoURL.output.1)).status == .notFound)
            #expect(!(try await visitor.get("/services/cus-jasminowo").body.string.contains("class=\"org-logo\"")))
        }
    }
}

import Fluent
import Foundation
import OpenCUSCore
import Testing
import Vapor
import VaporTesting

@testable import OpenCUSWeb

enum ProgrammeFormFixture {
    static var valid: ProgrammeForm {
        var f = ProgrammeForm()
        f.title = "Program usług społecznych na lata 2027–2029"
        f.periodStart = "2027-01-01"
        f.periodEnd = "2029-12-31"
        return f
    }
}

enum ServiceFormFixture {
    static var valid: ServiceForm {
        var f = ServiceForm()
        f.name = "Kawiarenka obywatelska"
        f.area = ServiceArea.civicActivity.rawValue
        f.description = "Spotkania mieszkańców przy kawie."
        f.forWhom = "Dla wszystkich mieszkańców."
        return f
    }
}

/// The programme (PUS) and its public catalogue: residents' pages, JSON for the gmina's site,
/// and the organiser's versions with adoption, publication and amendment.
@Suite struct ServicesCatalogueTests {
    static let cus = "cus-jasminowo"

    @Test func residentsSeeTheProgrammeInForceByAreaSearchableAndPrintable() async throws {
        try await withTestApp { t in
            let visitor = t.browser()
            let index = try await visitor.get("/services")
            #expect(index.status == .ok && index.body.string.contains("/services/cus-jasminowo"))
            #expect(index.body.string.contains("Usług w programie: 15"))
            let page = try await visitor.get("/services/cus-jasminowo")
            #expect(page.status == .ok)
            let html = page.body.string
            #expect(html.contains("Program usług społecznych Gminy Jaśminowo na lata 2026–2028"))
            #expect(html.contains("uchwała nr XII/123/2025 z 27 listopada 2025"))
            #expect(html.contains("W programie: 15 usług."))
            #expect(html.contains("pomoc społeczna") && html.contains("kultura fizyczna i turystyka"))
            #expect(html.contains("12,50\u{00A0}zł za godzinę") && html.contains("bez względu na dochód"))
            #expect(html.contains("Fundacja „Pod Lipami” (fikcyjna)"))
            // Filters: one area; only services with a free place now (the JSON API's numbers say which).
            // One limited service is made full here: its places are those already in use.
            let programmeInForce = try #require(try await Programme.query(on: t.db).filter(\.$state == .inForce).first())
            let limited = try #require(
                try await ServiceDefinition.query(on: t.db).filter(\.$programme.$id == programmeInForce.id!).filter(
                    \.$places != nil
                ).first())
            let inUse = try await IntakeQueries.availabilities([limited], on: t.db)[limited.id!]?.inUse ?? 0
            limited.places = inUse
            try await limited.save(on: t.db)
            let api =
                try JSONSerialization.jsonObject(
                    with: Data(buffer: try await visitor.get("/api/v1/organisations/cus-jasminowo/services").body))
                as? [String: Any]
            let services = try #require(api?["services"] as? [[String: Any]])
            let full = services.filter { (($0["availability"] as? [String: Any])?["free"] as? Int) == 0 }.compactMap {
                $0["name"] as? String
            }
            try #require(!full.isEmpty, "the demo has a service without free places")
            let freeOnly = try await visitor.get("/services/cus-jasminowo?free=1").body.string
            #expect(full.allSatisfy { !freeOnly.contains(">\($0)</a></h3>") })
            #expect(freeOnly.contains("Pasujące do wyboru: ") && freeOnly.contains("z 15."))
            let oneArea = try #require(services.first?["area"] as? String)
            let inArea = services.filter { $0["area"] as? String == oneArea }.compactMap { $0["name"] as? String }
            let areaPage = try await visitor.get("/services/cus-jasminowo?area=\(oneArea)").body.string
            #expect(inArea.allSatisfy { areaPage.contains(">\($0)</a></h3>") })
            #expect(
                services.filter { $0["area"] as? String != oneArea }.compactMap { $0["name"] as? String }.allSatisfy {
                    !areaPage.contains(">\($0)</a></h3>")
                })
            #expect(html.contains("Przejdź do obszaru:") && html.contains("href=\"#area-"))
            // The CUS's own office, on the catalogue and on the application form.
            for page in [html, try await visitor.get("/services/cus-jasminowo/apply").body.string] {
                #expect(
                    page.contains("<a href=\"tel:+48620000000\">+48 62 000 00 00</a>")
                        && page.contains("mailto:cus@jasminowo.example") && page.contains("ul. Ogrodowa 5, 62-999 Jaśminowo"))
            }
            #expect(html.contains("/js/catalogue.js") && html.contains("/css/print.css"))
            #expect(!html.contains("Kawiarenka"), "drafts are never public")
            let script = try await visitor.get("/js/catalogue.js")
            #expect(script.status == .ok && script.body.string.contains("data-search"))

            let search = try await visitor.get("/services/cus-jasminowo?q=senior")
            #expect(search.body.string.contains("Klub Seniora") && !search.body.string.contains("Asystent rodziny"))
            #expect(search.body.string.contains("Pasujące do „senior”: 3 usługi."))
            let hostile = try await visitor.get("/services/cus-jasminowo?q=%3Cscript%3Ealert(1)%3C/script%3E")
            #expect(hostile.status == .ok && !hostile.body.string.contains("<script>alert(1)"))
            #expect(hostile.body.string.contains("Żadna usługa nie pasuje"))

            let inForce = try #require(try await Programme.query(on: t.db).filter(\.$state == .inForce).first())
            let service = try #require(
                try await ServiceDefinition.query(on: t.db).filter(\.$programme.$id == inForce.id!).filter(
                    \.$name == "Opieka wytchnieniowa"
                ).first())
            let expired = try #require(
                try await ServiceDefinition.query(on: t.db).filter(\.$programme.$id != inForce.id!).filter(
                    \.$name == "Opieka wytchnieniowa"
                ).first())
            #expect(
                try await visitor.get("/services/cus-jasminowo/\(expired.id!)").status == .notFound,
                "an expired version's service is not offered")
            let detail = try await visitor.get("/services/cus-jasminowo/\(service.id!)")
            #expect(detail.status == .ok && detail.body.string.contains("Stowarzyszenie „Sąsiedzka Dłoń”"))
            #expect(detail.body.string.contains("Jak się zgłosić") && detail.body.string.contains("+48 62 000 00 00"))
            #expect(try await visitor.get("/services/cus-jasminowo/\(UUID())").status == .notFound)
            #expect(try await visitor.get("/services/nie-ma-takiej").status == .notFound)
            #expect(try await visitor.get("/services/rops-poznan").status == .notFound, "no programme in force")
        }
    }

    @Test func catalogueJSONForTheGminasSite() async throws {
        try await withTestApp { t in
            let response = try await t.app.testing().sendRequest(.GET, "/api/v1/organisations/cus-jasminowo/services")
            #expect(response.status == .ok && response.headers.first(name: .accessControlAllowOrigin) == "*")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
            let programme = try #require(json["programme"] as? [String: Any])
            #expect(programme["version"] as? Int == 2 && programme["resolutionNumber"] as? String == "XII/123/2025")
            let services = try #require(json["services"] as? [[String: Any]])
            #expect(services.count == 15)
            let care = try #require(services.first { $0["name"] as? String == "Usługi opiekuńcze w miejscu zamieszkania" })
            #expect(care["places"] as? Int == 15 && care["area"] as? String == "social_assistance")
            #expect((care["fee"] as? [String: Any])?["amountGrosze"] as? Int == 1250)
            #expect((care["priorityCriteria"] as? [String])?.count == 2)
            let seniors = try #require(services.first { $0["name"] as? String == "Klub Seniora „Pogodna Jesień”" })
            #expect(seniors["ageMin"] as? Int == 60 && seniors["places"] as? Int == 40)

            let list = try await t.app.testing().sendRequest(.GET, "/api/v1/organisations")
            let organisations = try #require(try JSONSerialization.jsonObject(with: Data(buffer: list.body)) as? [[String: Any]])
            let cus = try #require(organisations.first { $0["slug"] as? String == "cus-jasminowo" })
            #expect((cus["servicesURL"] as? String)?.hasSuffix("/api/v1/organisations/cus-jasminowo/services") == true)
            let rops = try #require(organisations.first { $0["slug"] as? String == "rops-poznan" })
            #expect(rops["servicesURL"] == nil || rops["servicesURL"] is NSNull)
            // Public fields only.
            #expect(
                Set(cus.keys).isSubset(of: [
                    "slug", "name", "kind", "kindName", "voivodeship", "city", "website", "email", "phone", "servicesURL",
                ]))
            #expect(Set(cus.keys).isSuperset(of: ["slug", "name", "kind", "kindName", "servicesURL"]))
            let none = try await t.app.testing().sendRequest(.GET, "/api/v1/organisations/rops-poznan/services")
            let empty = try #require(try JSONSerialization.jsonObject(with: Data(buffer: none.body)) as? [String: Any])
            #expect(
                none.status == .ok && (empty["programme"] == nil || empty["programme"] is NSNull)
                    && (empty["services"] as? [Any])?.isEmpty == true)
            #expect(try await t.app.testing().sendRequest(.GET, "/api/v1/organisations/nie-ma/services").status == .notFound)
        }
    }

    @Test func organiserDraftsAdoptsPublishesAndAmendsTheProgramme() async throws {
        try await withTestApp { t in
            let organiser = t.browser()
            try await organiser.login("organizator@cus-jasminowo.example")
            try await organiser.get("/panel/programme")
            // Bad input keeps what was typed and says what to fix, in Polish.
            let bad = try await organiser.post(
                "/panel/programme",
                [("title", "Nowy <b>program</b>"), ("periodStart", "2029-01-01"), ("periodEnd", "2027-12-31")])
            #expect(bad.status == .unprocessableEntity)
            #expect(
                bad.body.string.contains("nie może być wcześniejszy")
                    && bad.body.string.contains("Nowy &lt;b&gt;program&lt;/b&gt;"))
            let created = try await organiser.post(
                "/panel/programme",
                [
                    ("title", "Program usług społecznych na lata 2029–2031"), ("periodStart", "2029-01-01"),
                    ("periodEnd", "2031-12-31"),
                ])
            #expect(created.status == .seeOther)
            let draft = try #require(try await Programme.query(on: t.db).filter(\.$version == 3).first())
            #expect(draft.state == .draft)
            let base = "/panel/programme/\(draft.id!)"
            try await organiser.get(base)

            // Coming into force needs services, a resolution and its publication.
            #expect(try await organiser.post(base + "/state", [("state", "in_force")]).status == .conflict)
            let unresolved = try await organiser.post(base + "/state", [("state", "adopted")])
            #expect(unresolved.status == .unprocessableEntity && unresolved.body.string.contains("podaj numer uchwały"))

            try await organiser.get(base + "/services/new")
            var fields: [(String, String)] = [
                ("name", ""), ("area", "kosmos"), ("description", "Opis"), ("forWhom", "Dla wszystkich"),
                ("places", "dużo"), ("feeKind", "per_hour"), ("feeAmount", "abc"), ("deliveryRoute", "commissioned"),
            ]
            let refused = try await organiser.post(base + "/services", fields)
            #expect(refused.status == .unprocessableEntity)
            for message in ["Podaj nazwę usługi", "Wybierz obszar", "Liczbę miejsc podaj", "Podaj kwotę", "Wybierz realizatora"] {
                #expect(refused.body.string.contains(message), "\(message)")
            }
            #expect(refused.body.string.contains("value=\"dużo\""))
            let provider = try await t.organisationID("fundacja-pod-lipami")
            fields = [
                ("name", "Kawiarenka obywatelska"), ("area", "civic_activity"),
                ("description", "Spotkania mieszkańców przy kawie."),
                ("forWhom", "Dla wszystkich."), ("places", "20"), ("feeKind", "per_unit"), ("feeAmount", "3,50"),
                ("feeUnit", "spotkanie"),
                ("deliveryRoute", "commissioned"), ("providerID", provider.uuidString), ("ipusEligible", "on"),
                ("priorityCriteria", "osoby samotne\nseniorzy"),
            ]
            #expect(try await organiser.post(base + "/services", fields).status == .seeOther)
            let service = try #require(try await ServiceDefinition.query(on: t.db).filter(\.$programme.$id == draft.id!).first())
            #expect(
                service.fee == .perUnit(grosze: 350, unit: "spotkanie") && service.ipusEligible
                    && service.criteriaList == ["osoby samotne", "seniorzy"])
            #expect(try await organiser.get(base + "/services/\(service.id!)/edit").body.string.contains("value=\"3,50\""))

            #expect(
                try await organiser.post(
                    base,
                    [
                        ("title", draft.title), ("periodStart", draft.periodStart.iso), ("periodEnd", draft.periodEnd.iso),
                        ("resolutionNumber", "XL/400/2028"), ("resolutionDate", "2028-11-30"),
                    ]
                ).status == .seeOther)
            #expect(try await organiser.post(base + "/state", [("state", "adopted")]).status == .seeOther)
            // Adopted: the text is fixed; only publication data may still be added.
            #expect(try await organiser.post(base + "/services", fields).status == .conflict)
            #expect(try await organiser.post(base + "/services/\(service.id!)/delete", []).status == .conflict)
            let noJournal = try await organiser.post(base + "/state", [("state", "in_force")])
            #expect(noJournal.status == .unprocessableEntity && noJournal.body.string.contains("dzienniku urzędowym"))
            #expect(
                try await organiser.post(
                    base,
                    [
                        ("title", "Zmieniony tytuł"), ("periodStart", "2029-01-01"), ("periodEnd", "2031-12-31"),
                        ("resolutionNumber", "XL/400/2028"), ("resolutionDate", "2028-11-30"),
                        ("journalReference", "Dz. Urz. Woj. Wlkp. z 2028 r. poz. 1"),
                    ]
                ).status == .seeOther)
            let adopted = try #require(try await Programme.find(draft.id, on: t.db))
            #expect(
                adopted.title == draft.title && adopted.journalReference == "Dz. Urz. Woj. Wlkp. z 2028 r. poz. 1",
                "the adopted text stays")

            // In force: the previous version expires; residents see the new one.
            #expect(try await organiser.post(base + "/state", [("state", "in_force")]).status == .seeOther)
            #expect(try await Programme.query(on: t.db).filter(\.$version == 2).first()?.state == .expired)
            #expect(try await Programme.query(on: t.db).filter(\.$state == .inForce).count() == 1)
            let catalogue = try await t.browser().get("/services/cus-jasminowo")
            #expect(
                catalogue.body.string.contains("Kawiarenka obywatelska")
                    && catalogue.body.string.contains("W programie: 1 usługa."))
            #expect(try await organiser.post(base + "/state", [("state", "adopted")]).status == .conflict, "no way back")

            // An amendment is a new draft with the same services.
            #expect(try await organiser.post(base + "/copy", []).status == .seeOther)
            let amendment = try #require(try await Programme.query(on: t.db).filter(\.$version == 4).first())
            #expect(amendment.state == .draft && amendment.resolutionNumber == nil)
            #expect(try await ServiceDefinition.query(on: t.db).filter(\.$programme.$id == amendment.id!).count() == 1)

            let audited = try await t.audit().filter { $0.record_type == "programme" || $0.record_type == "service_definition" }
            #expect(audited.count >= 7 && audited.allSatisfy { $0.actor_name == "Paweł Nowicki" })
            let coordinator = t.browser()
            try await coordinator.login("koordynator@cus-jasminowo.example")
            #expect(try await coordinator.get("/panel/programme").status == .forbidden)
        }
    }
}

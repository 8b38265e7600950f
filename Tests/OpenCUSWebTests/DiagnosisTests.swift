import Fluent
import Foundation
import OpenCUSCore
import Testing
import Vapor

@testable import OpenCUSWeb

/// The diagnosis of needs and potential: prepared in parts with typed figures and OpenCUS's own,
/// recommendations linked to the programme's services, sent to consultation, adopted (the
/// five-year clock) and published.
@Suite struct DiagnosisTests {
    static let organiser = "osl@cus-jasminowo.example"

    static func created(_ t: TestApp, _ staff: Browser, title: String = "Diagnoza testowa 2026") async throws -> Diagnosis {
        try await staff.get("/panel/diagnoses")
        let before = Set(try await Diagnosis.query(on: t.db).all().compactMap(\.id))
        #expect(try await staff.post("/panel/diagnoses", [("title", title), ("dataYear", "2026")]).status == .seeOther)
        return try #require(try await Diagnosis.query(on: t.db).all().first { !before.contains($0.id!) })
    }

    @Test func aDiagnosisIsWrittenWithFiguresAndRecommendationsThenAdoptedAndPublished() async throws {
        try await withTestApp { t in
            let staff = t.browser()
            try await staff.login(Self.organiser)
            try await staff.get("/panel/diagnoses")
            let bad = try await staff.post("/panel/diagnoses", [("title", ""), ("dataYear", "dwa tysiące")])
            #expect(
                bad.status == .unprocessableEntity && bad.body.string.contains("Podaj tytuł")
                    && bad.body.string.contains("href=\"#dataYear\""))
            let diagnosis = try await Self.created(t, staff)
            let id = try diagnosis.requireID()
            let page = try await staff.get("/panel/diagnoses/\(id)")
            #expect(page.status == .ok)
            // OpenCUS's own figures for the year, with how they were computed (the demo's casework).
            #expect(
                page.body.string.contains("Wnioskowane usługi: pomoc społeczna")
                    && page.body.string.contains("OpenCUS: Liczba usług"))

            let texts: [(String, String)] = [
                ("title", "Diagnoza testowa 2026"), ("dataYear", "2026"), ("situation", "Gmina liczy 12 400 mieszkańców."),
                ("needs", "Brakuje opieki wytchnieniowej."), ("resources", ""), ("voice", ""),
                ("conclusions", "Rozwinąć usługi."),
                ("revision", "1"),
            ]
            #expect(try await staff.post("/panel/diagnoses/\(id)/texts", texts).status == .seeOther)
            // A second save from the same opened form is refused; nothing is lost.
            let stale = try await staff.post(
                "/panel/diagnoses/\(id)/texts", texts.map { $0.0 == "needs" ? ($0.0, "Inny tekst") : $0 })
            #expect(stale.status == .conflict && stale.body.string.contains("Inny tekst</textarea>"))
            #expect(try await Diagnosis.find(id, on: t.db)?.needs == "Brakuje opieki wytchnieniowej.")

            let badFigure = try await staff.post(
                "/panel/diagnoses/\(id)/indicators",
                [
                    ("section", "situation"), ("name", "Osoby 65+"), ("value", "dużo"), ("unit", "osób"), ("source", ""),
                    ("year", "2025"),
                ])
            #expect(badFigure.status == .unprocessableEntity && badFigure.body.string.contains("Wartość to liczba"))
            #expect(
                try await staff.post(
                    "/panel/diagnoses/\(id)/indicators",
                    [
                        ("section", "situation"), ("name", "Osoby 65+"), ("value", "2 610"), ("unit", "osób"),
                        ("source", "GUS BDL"), ("year", "2025"),
                    ]
                ).status == .seeOther)

            let service = try #require(try await ServiceDefinition.scoped(to: diagnosis.$organisation.id, on: t.db).first())
            let foreign = UUID().uuidString
            let refused = try await staff.post(
                "/panel/diagnoses/\(id)/recommendations", [("text", "Więcej miejsc."), ("services[]", foreign)])
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("Wybierz usługi z listy"))
            #expect(
                try await staff.post(
                    "/panel/diagnoses/\(id)/recommendations",
                    [("text", "Zwiększyć liczbę miejsc."), ("services[]", try service.requireID().uuidString)]
                ).status == .seeOther)

            // Adoption needs its day and act; it starts the five-year clock.
            let noDay = try await staff.post(
                "/panel/diagnoses/\(id)/status", [("status", "adopted"), ("adoptedOn", ""), ("adoptedByAct", "")])
            #expect(noDay.status == .unprocessableEntity && noDay.body.string.contains("pięć lat"))
            #expect(
                try await staff.post(
                    "/panel/diagnoses/\(id)/status",
                    [
                        ("status", "published"), ("adoptedOn", "2026-11-10"),
                        ("adoptedByAct", "Zarządzenie Dyrektora CUS nr 12/2026"),
                    ]
                ).status == .seeOther)
            let visitor = t.browser()
            let published = try await visitor.get("/diagnoses/cus-jasminowo/\(id)")
            #expect(published.status == .ok)
            let html = published.body.string
            #expect(
                html.contains("Gmina liczy 12 400 mieszkańców.") && html.contains("2610 osób") && html.contains("GUS BDL, 2025"))
            #expect(html.contains("Zwiększyć liczbę miejsc.") && html.contains(service.name))
            #expect(html.contains("Przyjęta 10 listopada 2026"))
            #expect(try await t.audit(action: .update).contains { $0.record_type == "diagnosis" })
            // A draft is not public.
            let draft = try await Self.created(t, staff, title: "Szkic")
            #expect(try await visitor.get("/diagnoses/cus-jasminowo/\(try draft.requireID())").status == .notFound)
        }
    }

    @Test func theDraftGoesToConsultationAsANumberedDocument() async throws {
        try await withTestApp { t in
            let staff = t.browser()
            try await staff.login(Self.organiser)
            let diagnosis = try await Self.created(t, staff)
            let id = try diagnosis.requireID()
            try await staff.get("/panel/diagnoses/\(id)")
            let texts: [(String, String)] = [
                ("title", "Diagnoza testowa 2026"), ("dataYear", "2026"), ("situation", "Akapit pierwszy.\n\nAkapit drugi."),
                ("needs", "Potrzeby."), ("resources", ""), ("voice", ""), ("conclusions", ""), ("revision", "1"),
            ]
            #expect(try await staff.post("/panel/diagnoses/\(id)/texts", texts).status == .seeOther)
            #expect(
                try await staff.post("/panel/diagnoses/\(id)/recommendations", [("text", "Opieka wytchnieniowa.")]).status
                    == .seeOther)
            let sent = try await staff.post("/panel/diagnoses/\(id)/consultation", [])
            #expect(sent.status == .seeOther)
            let roundID = try #require(try await Diagnosis.find(id, on: t.db)?.consultationRoundID)
            let round = try #require(try await ConsultationRound.find(roundID, on: t.db))
            #expect(round.status == .draft && round.subject.contains("Diagnoza testowa 2026"))
            #expect(
                round.parsedDocument.paragraphs.map(\.reference) == ["1.1", "1.2", "2.1", "3.1"],
                "\(round.document)")
            // Sending again opens the same round.
            let again = try await staff.post("/panel/diagnoses/\(id)/consultation", [])
            #expect(again.headers.first(name: .location) == "/panel/consultations/\(roundID)")
        }
    }

    @Test func theClockWarnsWhenTheLastDiagnosisIsOld() async throws {
        try await withTestApp { t in
            let cus = try await t.organisationID("cus-jasminowo")
            try await Diagnosis.scoped(to: cus, on: t.db).delete()
            let staff = t.browser()
            try await staff.login(Self.organiser)
            #expect(try await staff.get("/panel/diagnoses").body.string.contains("nie ma przyjętej diagnozy"))
            try await Diagnosis(
                organisationID: cus, title: "Stara", dataYear: 2020, status: .adopted, adoptedOn: CalendarDay(iso: "2021-06-01")!,
                adoptedByAct: "Zarządzenie 3/2021", situation: "", needs: "", resources: "", voice: "", conclusions: "",
                revision: 1,
                updatedBy: "test", updatedAt: testStart, createdAt: testStart
            ).create(on: t.db)
            let list = try await staff.get("/panel/diagnoses").body.string
            #expect(list.contains("straciła aktualność 1 czerwca 2026"))
            let director = t.browser()
            try await director.login("dyrektor@cus-jasminowo.example")
            #expect(try await director.get("/panel").body.string.contains("straciła aktualność 1 czerwca 2026"))
            #expect(
                try await t.browser().get("/services/cus-jasminowo").body.string.contains("straciła aktualność 1 czerwca 2026"))
        }
    }

    @Test func theProgrammeNamesItsDiagnosisAndGoesToConsultationServiceByService() async throws {
        try await withTestApp { t in
            let cus = try await t.organisationID("cus-jasminowo")
            let programme = try #require(try await Programme.scoped(to: cus, on: t.db).filter(\.$state == .inForce).first())
            let id = try programme.requireID()
            let organiser = t.browser()
            try await organiser.login("organizator@cus-jasminowo.example")
            let page = try await organiser.get("/panel/programme/\(id)").body.string
            #expect(page.contains("Program opiera się na diagnozie: <a href=\"/diagnoses/cus-jasminowo/"))
            #expect(page.contains("jest aktualna do"), "the demo's diagnosis is due within a year")
            let sent = try await organiser.post("/panel/programme/\(id)/consultation", [])
            #expect(sent.status == .seeOther)
            let round = try #require(
                try await ConsultationRound.scoped(to: cus, on: t.db).filter(\.$subject ~~ "Projekt programu").first())
            let services = try await ServiceDefinition.query(on: t.db).filter(\.$programme.$id == id).count()
            #expect(round.parsedDocument.paragraphs.count == services + 2, "the summary, the period line and one per service")
            #expect(
                try await organiser.post("/panel/programme/\(id)/consultation", []).headers.first(name: .location)
                    == "/panel/consultations/\(try round.requireID())")
            // Without the consultations permission the button is not offered and the route says why.
            let coordinator = t.browser()
            try await coordinator.login("koordynator@cus-jasminowo.example")
            #expect(try await coordinator.post("/panel/programme/\(id)/consultation", []).status == .forbidden)
        }
    }
}

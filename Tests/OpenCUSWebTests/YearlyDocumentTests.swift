import Fluent
import Foundation
import OpenCUSCore
import Testing
import Vapor

@testable import OpenCUSWeb

/// The yearly documents end to end: the analyst drafts the activity report and edits it, the
/// figures are recomputed without losing the texts, two editors do not overwrite each other,
/// the director finalises it (asked first), and a finalised document stays as it was.
@Suite struct YearlyDocumentTests {
    @Test func theAnalystDraftsAndTheDirectorFinalisesTheActivityReport() async throws {
        try await withTestApp { t in
            let org = try await t.organisationID("cus-jasminowo")
            let analyst = t.browser()
            try await analyst.login("analityk@cus-jasminowo.example")
            let list = try await analyst.get("/panel/insight/documents")
            #expect(list.status == .ok && list.body.string.contains("Przygotuj projekt za 2026"))
            // Two starts at once make one document.
            let created = try await analyst.post("/panel/insight/documents", [("kind", "activity_report"), ("year", "2026")])
            #expect(created.status == .seeOther)
            let again = try await analyst.post("/panel/insight/documents", [("kind", "activity_report"), ("year", "2026")])
            #expect(again.headers.first(name: .location) == created.headers.first(name: .location))
            #expect(
                try await YearlyDocument.scoped(to: org, on: t.db).filter(\.$kind == .activityReport).filter(\.$year == 2026)
                    .count()
                    == 1)
            #expect(
                try await analyst.post("/panel/insight/documents", [("kind", "nie-ma"), ("year", "2026")]).status
                    == .unprocessableEntity)
            #expect(
                try await analyst.post("/panel/insight/documents", [("kind", "activity_report"), ("year", "1999")]).status
                    == .unprocessableEntity)

            let url = try #require(created.headers.first(name: .location))
            let page = try await analyst.get(url)
            #expect(page.status == .ok)
            let html = page.body.string
            #expect(html.contains("Sprawozdanie z działalności") && html.contains("Wykaz potrzeb w zakresie usług społecznych"))
            // The services table counts what the database holds: people served in 2026 per service.
            let document = try #require(
                try await YearlyDocument.scoped(to: org, on: t.db).filter(\.$kind == .activityReport).filter(\.$year == 2026)
                    .first())
            let services = try #require(try document.decoded().sections.first { $0.key == "uslugi" }?.tables.first)
            let year = InsightPeriod(.year, containing: try #require(CalendarDay(iso: "2026-06-01")))
            let enrolments = try await Enrolment.scoped(to: org, on: t.db).all()
            for (row, service) in zip(services.rows, try await InsightPublisher.programmeServices(org, on: t.db)) {
                let served = Set(
                    enrolments.filter {
                        $0.$service.id == service.id && $0.startDay <= year.last && ($0.endDay.map { $0 >= year.first } ?? true)
                    }.map { $0.$person.id }
                ).count
                #expect(row[0] == service.name)
                #expect(row[2] == String(served) || (row[2] == "<5" && served > 0 && served < 5) || row[2] == "ukryte")
            }

            // The texts: saved, escaped on the page, kept by a refresh of the tables.
            let saved = try await analyst.post(
                url, [("revision", "1"), ("text-wnioski", "Brakuje miejsc w opiece wytchnieniowej. <script>alert(1)</script>")])
            #expect(saved.status == .seeOther)
            #expect(try await analyst.get(url).body.string.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            // A form from before that save (revision 1) is refused and what was typed is shown back.
            let stale = try await analyst.post(url, [("revision", "1"), ("text-wnioski", "Moja wersja")])
            #expect(stale.status == .conflict && stale.body.string.contains("Moja wersja"))
            #expect(try await analyst.post(url + "/refresh", []).status == .seeOther)
            let refreshed = try #require(try await YearlyDocument.find(document.id, on: t.db))
            #expect(
                try refreshed.decoded().sections.first { $0.key == "wnioski" }?.text
                    == "Brakuje miejsc w opiece wytchnieniowej. <script>alert(1)</script>")
            #expect(refreshed.revision == 3)

            // The analyst may not finalise; the director is asked first, then it is numbered.
            #expect(try await analyst.post(url + "/finalise", [("confirmed", "yes")]).status == .forbidden)
            let director = t.browser()
            try await director.login("dyrektor@cus-jasminowo.example")
            let asked = try await director.post(url + "/finalise", [])
            #expect(asked.status == .ok && asked.body.string.contains("Tak, zatwierdź dokument"))
            #expect(try await YearlyDocument.find(document.id, on: t.db)?.isFinal == false)
            #expect(try await director.post(url + "/finalise", [("confirmed", "yes")]).status == .seeOther)
            let final = try #require(try await YearlyDocument.find(document.id, on: t.db))
            #expect(final.number == "SPR/2026" && final.finalisedBy == "Barbara Zielińska")
            // Frozen: no save, no refresh.
            #expect(
                try await analyst.post(url, [("revision", String(final.revision)), ("text-wnioski", "zmiana")]).status
                    == .conflict)
            #expect(try await analyst.post(url + "/refresh", []).status == .conflict)
            #expect(try await YearlyDocument.find(document.id, on: t.db)?.content == final.content)

            let print = try await analyst.get(url + "/print")
            #expect(print.status == .ok && print.body.string.contains("Nr SPR/2026"))
            let csv = try await analyst.get(url + "/tables.csv")
            #expect(csv.status == .ok && csv.body.string.contains("Usługi społeczne w 2026 r."))
            #expect(try await t.audit(action: .update).contains { $0.detail.contains("zatwierdzono, nr SPR/2026") })
            #expect(try await t.audit(action: .export).contains { $0.detail.contains("CSV") })

            // A coordinator has no access; another organisation's document is not found.
            let coordinator = t.browser()
            try await coordinator.login("koordynator@cus-jasminowo.example")
            #expect(try await coordinator.get(url).status == .forbidden)
        }
    }

    @Test func theProgrammeEvaluationAndTheOZPSHelperDraftFromTheData() async throws {
        try await withTestApp { t in
            let director = t.browser()
            try await director.login("dyrektor@cus-jasminowo.example")
            for (kind, heading) in [
                ("programme_evaluation", "Usługi: plan a wykonanie"), ("ozps_helper", "Tej części OpenCUS nie wypełni"),
            ] {
                let created = try await director.post("/panel/insight/documents", [("kind", kind), ("year", "2025")])
                let url = try #require(created.headers.first(name: .location))
                let page = try await director.get(url)
                #expect(page.status == .ok && page.body.string.contains(heading), "\(kind)")
            }
        }
    }
}

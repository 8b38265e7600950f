import Fluent
import Foundation
import OpenCUSCore
import Testing
import Vapor

@testable import OpenCUSWeb

@Suite struct AccessibilityStatementTests {
    static func fields(_ form: StatementForm) -> [(String, String)] {
        [
            ("entityName", form.entityName), ("publishedOn", form.publishedOn), ("updatedOn", form.updatedOn),
            ("preparedOn", form.preparedOn), ("reviewedOn", form.reviewedOn), ("status", form.status),
            ("nonCompliance", form.nonCompliance), ("exemptions", form.exemptions), ("assessment", form.assessment),
            ("contactName", form.contactName), ("contactEmail", form.contactEmail), ("contactPhone", form.contactPhone),
            ("procedure", form.procedure), ("architecture", form.architecture), ("mobileApps", form.mobileApps),
            ("shortcuts", form.shortcuts),
        ]
    }

    @Test func publicStatementShowsTheLegalSectionsAndReviewDate() async throws {
        try await withTestApp { t in
            let html = try await t.browser().get("/accessibility").body.string
            for heading in [
                "Stan dostępności cyfrowej", "Przygotowanie deklaracji dostępności", "Informacje zwrotne i dane kontaktowe",
                "Procedura wnioskowo-skargowa", "Dostępność architektoniczna",
            ] {
                #expect(html.contains("<h2>\(heading)</h2>"))
            }
            #expect(html.contains("Data ostatniego przeglądu deklaracji: 20 marca 2026."))
            #expect(html.contains("<li>nagrania z wcześniejszych kongresów"))
        }
    }

    @Test func adminEditsTheStatementAndThePublicPageFollows() async throws {
        try await withTestApp { t in
            let admin = t.browser()
            try await admin.login("admin@rops-poznan.example")
            var form = DemoData.demoStatement
            form.reviewedOn = "2026-11-18"
            form.architecture = "Wejście <script>alert(1)</script> od ulicy Lipowej."
            let response = try await admin.post("/panel/accessibility", Self.fields(form))
            #expect(response.status == .seeOther)
            let saved = try #require(try await AccessibilityStatement.query(on: t.db).first())
            #expect(saved.reviewedOn.iso == "2026-11-18")
            let html = try await t.browser().get("/accessibility").body.string
            #expect(html.contains("Data ostatniego przeglądu deklaracji: 18 listopada 2026."))
            #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(!html.contains("<script>alert(1)</script>"))
        }
    }

    @Test func invalidFormKeepsWhatWasTypedShowsPolishErrorsAndStoresNothing() async throws {
        try await withTestApp { t in
            let admin = t.browser()
            try await admin.login("admin@rops-poznan.example")
            let before = try #require(try await AccessibilityStatement.query(on: t.db).first()).form
            var form = DemoData.demoStatement
            form.entityName = "Nowa nazwa podmiotu"
            form.reviewedOn = "2026-02-30"
            form.contactEmail = "nie-email"
            form.status = "partial"
            form.nonCompliance = ""
            form.procedure = String(repeating: "ż", count: 20_001)
            let response = try await admin.post("/panel/accessibility", Self.fields(form))
            #expect(response.status == .unprocessableEntity)
            let html = response.body.string
            #expect(html.contains("Formularz zawiera 4 błędy"))
            #expect(html.contains("„2026-02-30” nie jest poprawną datą"))
            #expect(html.contains("To nie jest poprawny adres e-mail"))
            #expect(html.contains("Wymień treści niedostępne"))
            #expect(html.contains("Tekst jest za długi"))
            #expect(html.contains("value=\"Nowa nazwa podmiotu\""))  // typed value kept
            #expect(html.contains("aria-invalid=\"true\" aria-describedby=\"contactEmail-error\""))
            #expect(try #require(try await AccessibilityStatement.query(on: t.db).first()).form == before)
        }
    }

    @Test func overdueReviewIsFlaggedToTheAdmin() async throws {
        try await withTestApp { t in
            let statement = try #require(try await AccessibilityStatement.query(on: t.db).first())
            statement.reviewedOn = CalendarDay(iso: "2025-03-01")!
            try await statement.update(on: t.db)
            let admin = t.browser()
            try await admin.login("admin@rops-poznan.example")
            let html = try await admin.get("/panel/accessibility").body.string
            #expect(html.contains("Deklarację trzeba przeglądać co roku do 31 marca"))
        }
    }

    @Test func missingStatementStillGivesAContactPage() async throws {
        try await withTestApp { t in
            try await AccessibilityStatement.query(on: t.db).delete()
            let html = try await t.browser().get("/accessibility").body.string
            #expect(html.contains("nie została jeszcze opublikowana"))
            #expect(html.contains("kontakt@rops-poznan.example"))
        }
    }
}

import Testing

@testable import OpenCUSCore

@Suite struct StatementReviewRuleTests {
    let rule = StatementReviewRule()
    func day(_ iso: String) -> CalendarDay { CalendarDay(iso: iso)! }

    @Test func reviewIsDueEachYearBy31March() {
        #expect(!rule.isOverdue(lastReviewed: day("2026-03-20"), today: day("2026-11-23")))
        #expect(rule.isOverdue(lastReviewed: day("2025-12-30"), today: day("2026-04-01")))
        #expect(!rule.isOverdue(lastReviewed: day("2025-12-30"), today: day("2026-03-31")))  // still on time
        #expect(!rule.isOverdue(lastReviewed: day("2025-03-31"), today: day("2026-02-10")))
        #expect(rule.isOverdue(lastReviewed: day("2024-03-31"), today: day("2026-02-10")))
        #expect(rule.nextDeadline(after: day("2026-11-23")) == day("2027-03-31"))
        #expect(rule.nextDeadline(after: day("2026-03-31")) == day("2026-03-31"))
    }
}

@Suite struct StatementFormTests {
    let today = CalendarDay(iso: "2026-11-23")!

    var valid: StatementForm {
        StatementForm(
            entityName: "Centrum Usług Społecznych w Jaśminowie", publishedOn: "2026-01-15", updatedOn: "2026-11-01",
            preparedOn: "2026-01-15", reviewedOn: "2026-03-20", status: "full", assessment: "Samoocena.",
            contactName: "Jan Nowak", contactEmail: "dostepnosc@example.pl", contactPhone: "+48 61 000 00 00",
            procedure: "Procedura.", architecture: "Budynek.")
    }

    @Test func validFormHasNoErrors() {
        #expect(valid.validate(today: today).isEmpty)
    }

    @Test func eachRuleNamesItsField() {
        var form = valid
        form.entityName = ""
        form.reviewedOn = "2026-12-01"
        form.preparedOn = "nie wiem"
        form.status = "partial"
        form.contactPhone = "12"
        form.contactEmail = "x@"
        let errors = form.validate(today: today)
        #expect(errors["entityName"] == "Podaj nazwę podmiotu.")
        #expect(errors["reviewedOn"]?.contains("nie może być późniejsza") == true)
        #expect(errors["preparedOn"]?.contains("nie jest poprawną datą") == true)
        #expect(errors["nonCompliance"] != nil)
        #expect(errors["contactPhone"] != nil)
        #expect(errors["contactEmail"] != nil)
        #expect(errors["publishedOn"] == nil)
    }

    @Test func reviewBeforePreparationIsRefused() {
        var form = valid
        form.reviewedOn = "2026-01-01"
        #expect(form.validate(today: today)["reviewedOn"]?.contains("przed sporządzeniem") == true)
    }

    @Test func unknownStatusAndOversizedTextAreRefused() {
        var form = valid
        form.status = "<script>"
        #expect(form.validate(today: today)["status"] != nil)
        form = valid
        form.architecture = String(repeating: "a", count: StatementForm.longLimit + 1)
        #expect(form.validate(today: today)["architecture"]?.contains("za długi") == true)
    }

    @Test func cleaningKeepsParagraphsInLongTextsOnly() {
        var form = valid
        form.entityName = "  CUS\r\nJaśminowo "
        form.procedure = "a\r\n\r\nb"
        let cleaned = form.cleaned()
        #expect(cleaned.entityName == "CUSJaśminowo")
        #expect(cleaned.procedure == "a\n\nb")
    }
}

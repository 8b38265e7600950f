import Fluent
import Foundation
import OpenCUSCore
import Vapor

/// CUS Jaśminowo shares a dozen indicators with ROPS Poznań and publishes its programme's
/// monitoring page; the last ended month is published at once (later months by housekeeping).
/// Its activity report for last year is finalised; this year's programme evaluation is a draft.
enum DemoInsight {
    static let sharedCodes = [
        "DOS-01", "DOS-03", "DOS-05", "DOS-06", "USL-01", "USL-03", "USL-04", "USL-05", "USL-06", "IPUS-01", "IPUS-03", "SPO-02",
        "SPO-03", "WYD-01",
    ]

    static func load(on app: Application, organisations ids: [String: UUID]) async throws {
        let db = app.db
        guard let cusID = ids["cus-jasminowo"], try await InsightSettings.scoped(to: cusID, on: db).count() == 0 else { return }
        let now = app.clock.now()
        let settings = InsightSettings(organisationID: cusID, updatedBy: "Barbara Zielińska", at: now)
        settings.residents = 12_480
        settings.residentsSource = "GUS BDL, stan na 31.12.2025 (dane demonstracyjne)"
        settings.shareWithRegion = true
        settings.sharedCodes = sharedCodes.joined(separator: ",")
        settings.publishMonitoring = true
        try await settings.create(on: db)
        try await InsightPublisher.publish(settings, month: InsightPublisher.lastCompletedMonth(now), now: now, on: db)

        let year = CalendarDay(now, in: WallClock.warsaw).year
        var report = try await YearlyDocumentController.draft(.activityReport, year: year - 1, organisationID: cusID, on: db)
        report = try report.withTexts([
            "wnioski":
                "Najpilniejsza potrzeba to opieka wytchnieniowa: lista rezerwowa przez cały rok. Proponujemy zwiększenie liczby miejsc w programie na kolejny rok oraz zlecenie części usług opiekuńczych organizacji pozarządowej."
        ]).get()
        let finalised = try YearlyDocument(
            organisationID: cusID, kind: .activityReport, year: year - 1, content: report, by: "Michał Lewandowski", at: now)
        finalised.number = "\(YearlyDocumentKind.activityReport.prefix)/\(year - 1)"
        finalised.finalisedAt = now
        finalised.finalisedBy = "Barbara Zielińska"
        try await finalised.create(on: db)
        let evaluation = try await YearlyDocumentController.draft(
            .programmeEvaluation, year: year, organisationID: cusID, on: db)
        try await YearlyDocument(
            organisationID: cusID, kind: .programmeEvaluation, year: year, content: evaluation, by: "Michał Lewandowski",
            at: now
        ).create(on: db)
        try await ownIndicators(cusID, now: now, on: db)
    }

    /// Two own indicators typed in for the ended months: the partner's streetworking contacts
    /// (people, with a target) and the information point's duty hours.
    static func ownIndicators(_ cusID: UUID, now: Date, on db: any Database) async throws {
        let definitions: [(ManualIndicatorForm, [Double], String)] = [
            (
                ManualIndicatorForm(
                    name: "Kontakty streetworkerów z osobami w kryzysie bezdomności",
                    description:
                        "Różne osoby, z którymi streetworkerzy Stowarzyszenia „Przystań” rozmawiali w miesiącu; z kart kontaktu przekazywanych do CUS do 5. dnia następnego miesiąca.",
                    unit: "count", direction: "higher", target: "30", countsPeople: true),
                [18, 22, 25, 21, 27, 31, 29, 33, 4, 28, 35], "karty kontaktu Stowarzyszenia „Przystań”"
            ),
            (
                ManualIndicatorForm(
                    name: "Godziny dyżurów punktu informacji o usługach",
                    description: "Godziny, w których punkt informacji w bibliotece gminnej był otwarty dla mieszkańców.",
                    unit: "hours", direction: "higher", target: "", countsPeople: false),
                [40, 40, 36, 40, 44, 44, 40, 32, 40, 44, 42], "grafik dyżurów punktu"
            ),
        ]
        let months = Array(InsightSnapshots.periods(now).dropLast())
        for (number, (form, values, source)) in definitions.enumerated() {
            let indicator = ManualIndicator(
                organisationID: cusID, number: number + 1, try form.validate().get(), by: "Michał Lewandowski", at: now)
            try await indicator.create(on: db)
            for (month, value) in zip(months, values) {
                try await ManualIndicatorValue(
                    organisationID: cusID, indicatorID: try indicator.requireID(),
                    ManualValueForm.Valid(month: month, value: value, source: source), by: "Michał Lewandowski", at: now
                ).create(on: db)
            }
        }
    }
}

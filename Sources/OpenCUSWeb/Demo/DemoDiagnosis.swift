import Fluent
import Foundation
import OpenCUSCore
import Vapor

/// CUS Jaśminowo's diagnoses: the previous one (adopted almost five years ago, published, the
/// basis of the programme in force) and the 2026 one in preparation, whose draft is the open
/// consultation of `DemoConsultations`.
enum DemoDiagnosis {
    static func load(on app: Application, organisations ids: [String: UUID]) async throws {
        let db = app.db
        guard let cusID = ids["cus-jasminowo"], try await Diagnosis.scoped(to: cusID, on: db).count() == 0,
            let osl = try await User.query(on: db).filter(\.$email == "osl@cus-jasminowo.example").first()
        else { return }
        let now = app.clock.now()
        let today = CalendarDay(now, in: WallClock.warsaw)
        let services = try await ServiceDefinition.scoped(to: cusID, on: db).all()
        func service(_ name: String) -> UUID? { services.first { $0.name == name }?.id }

        // Adopted 100 days short of five years ago: due within the coming year.
        let previousAdopted = today.adding(days: -(5 * 365 + 1 - 100))
        let previous = Diagnosis(
            organisationID: cusID,
            title: "Diagnoza potrzeb i potencjału wspólnoty samorządowej Gminy Jaśminowo \(previousAdopted.year - 1)",
            dataYear: previousAdopted.year - 1, status: .published, adoptedOn: previousAdopted,
            adoptedByAct: "Zarządzenie Dyrektora CUS w Jaśminowie nr 7/\(previousAdopted.year)",
            situation: "Gminę zamieszkiwało 12 650 osób, w tym 2 290 w wieku 65 lat i więcej (18 %).",
            needs:
                "Najczęściej wskazywane potrzeby: usługi opiekuńcze w domu, wsparcie opiekunów osób z niepełnosprawnościami, zajęcia dla seniorów.",
            resources: "12 organizacji pozarządowych, 5 świetlic wiejskich, 31 wolontariuszy.",
            voice: "Ankieta wśród mieszkańców: 248 odpowiedzi.",
            conclusions: "Program usług powinien objąć usługi opiekuńcze, opiekę wytchnieniową i klub seniora.", revision: 1,
            updatedBy: osl.name, updatedAt: now, publishedAt: now, createdAt: now)
        try await previous.create(on: db)
        for (number, text, linked) in [
            (
                1, "Zapewnić usługi opiekuńcze w miejscu zamieszkania dla co najmniej 40 osób.",
                ["Usługi opiekuńcze w miejscu zamieszkania"]
            ),
            (
                2, "Uruchomić opiekę wytchnieniową dla opiekunów osób z niepełnosprawnościami.",
                ["Opieka wytchnieniowa", "Grupa wsparcia dla opiekunów"]
            ),
            (3, "Rozwinąć aktywność seniorów.", ["Klub Seniora „Pogodna Jesień”", "Gimnastyka dla seniorów"]),
        ] {
            let recommendation = DiagnosisRecommendation(
                organisationID: cusID, diagnosisID: try previous.requireID(), number: number, text: text, createdAt: now)
            try await recommendation.create(on: db)
            for serviceID in linked.compactMap(service) {
                try await DiagnosisRecommendationService(
                    organisationID: cusID, recommendationID: try recommendation.requireID(), serviceID: serviceID
                ).create(on: db)
            }
        }
        try await DiagnosisIndicator(
            organisationID: cusID, diagnosisID: try previous.requireID(), section: .situation, name: "Osoby w wieku 65+",
            value: "2290", unit: "osób", source: "GUS, Bank Danych Lokalnych", year: previousAdopted.year - 1, createdAt: now
        ).create(on: db)

        // The 2026 diagnosis, in preparation; its draft is being consulted.
        let round = try await ConsultationRound.scoped(to: cusID, on: db).all()
            .first { $0.subject.hasPrefix("Projekt diagnozy") }
        let current = Diagnosis(
            organisationID: cusID, title: "Diagnoza potrzeb i potencjału wspólnoty samorządowej Gminy Jaśminowo \(today.year)",
            dataYear: today.year, status: .inPreparation, adoptedByAct: "",
            situation:
                "Gminę zamieszkuje 12 400 osób, w tym 2 610 w wieku 65 lat i więcej (21 %). W ciągu pięciu lat liczba seniorów wzrosła o 14 %.\n\nCo trzecie gospodarstwo domowe osób starszych to gospodarstwo jednoosobowe.",
            needs:
                "Na usługi opiekuńcze w domu czeka 18 osób; średni czas oczekiwania wynosi 47 dni.\n\nOpiekunowie osób z niepełnosprawnościami potrzebują opieki wytchnieniowej, szczególnie w weekendy.",
            resources:
                "14 organizacji pozarządowych, 3 koła gospodyń wiejskich, 46 wolontariuszy; 6 świetlic wiejskich, z czego 4 niedostępne dla osób na wózku.",
            voice: "Ankieta wśród mieszkańców (312 ankiet, w tym 74 papierowe) i pięć wywiadów grupowych.",
            conclusions: "Rozwinąć usługi opiekuńcze, opiekę wytchnieniową i dowóz na zajęcia; dostosować świetlice.",
            consultationRoundID: round?.id, revision: 1, updatedBy: osl.name, updatedAt: now, createdAt: now)
        try await current.create(on: db)
        for (section, name, value, unit, source) in [
            (DiagnosisSection.situation, "Liczba mieszkańców", "12400", "osób", "GUS, Bank Danych Lokalnych"),
            (.situation, "Osoby w wieku 65+", "2610", "osób", "GUS, Bank Danych Lokalnych"),
            (.resources, "Organizacje pozarządowe działające w gminie", "14", "", "Rejestr organizacji, urząd gminy"),
            (.resources, "Wolontariusze w bazie centrum", "46", "osób", "Centrum wolontariatu CUS"),
        ] {
            try await DiagnosisIndicator(
                organisationID: cusID, diagnosisID: try current.requireID(), section: section, name: name, value: value,
                unit: unit,
                source: source, year: today.year - 1, createdAt: now
            ).create(on: db)
        }
        for (number, text, linked) in [
            (1, "Skrócić czas oczekiwania na usługi opiekuńcze do 30 dni.", ["Usługi opiekuńcze w miejscu zamieszkania"]),
            (2, "Uruchomić weekendową opiekę wytchnieniową.", ["Opieka wytchnieniowa"]),
        ] {
            let recommendation = DiagnosisRecommendation(
                organisationID: cusID, diagnosisID: try current.requireID(), number: number, text: text, createdAt: now)
            try await recommendation.create(on: db)
            for serviceID in linked.compactMap(service) {
                try await DiagnosisRecommendationService(
                    organisationID: cusID, recommendationID: try recommendation.requireID(), serviceID: serviceID
                ).create(on: db)
            }
        }
    }
}

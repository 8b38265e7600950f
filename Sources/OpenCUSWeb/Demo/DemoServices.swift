import Fluent
import Foundation
import OpenCUSCore

/// The fictional CUS Jaśminowo's social services programme: an expired first version
/// (2023–2025) and the version in force (2026–2028) with fifteen services across the areas,
/// delivered by the centre, two NGOs, a social cooperative and the municipal sports centre.
enum DemoServices {
    struct Seed {
        let name: String
        let area: ServiceArea
        let description: String
        let forWhom: String
        var criteria = ""
        var ageMin: Int? = nil
        var ageMax: Int? = nil
        var residence = true
        var places: Int? = nil
        var priority: [String] = []
        var fee: FeeRule = .free
        var exemptions = ""
        var route: DeliveryRoute = .own
        var provider: String? = nil
        var place = "Centrum Usług Społecznych, ul. Ogrodowa 5, Jaśminowo"
        var schedule = ""
        var documents = ""
        var ipus = true
    }

    static let services: [Seed] = [
        .init(
            name: "Usługi opiekuńcze w miejscu zamieszkania", area: .socialAssistance,
            description:
                "Opiekunka przychodzi do domu i pomaga w codziennych sprawach: zakupach, przygotowaniu posiłku, sprzątaniu, higienie, wizycie u lekarza.",
            forWhom: "Dla osób, które z powodu wieku, choroby lub niepełnosprawności potrzebują pomocy innych osób.",
            criteria: "Zakres pomocy ustala się po rozmowie z koordynatorem.", places: 15,
            priority: ["osoby samotnie mieszkające", "osoby z orzeczeniem o znacznym stopniu niepełnosprawności"],
            fee: .perHour(grosze: 1250),
            exemptions:
                "Bezpłatnie dla osób, których dochód nie przekracza 300% kryterium dochodowego z ustawy o pomocy społecznej.",
            route: .commissioned, provider: "fundacja-pod-lipami", place: "W domu osoby korzystającej z usługi",
            schedule: "Od poniedziałku do soboty, 7:00–20:00, według ustalonego planu.",
            documents: "Zaświadczenie lekarskie o stanie zdrowia (jeśli je masz)."),
        .init(
            name: "Opieka wytchnieniowa", area: .disability,
            description:
                "Na kilka godzin lub dni zastępujemy opiekuna osoby z niepełnosprawnością, żeby mógł odpocząć i załatwić swoje sprawy.",
            forWhom: "Dla członków rodzin i opiekunów osób z niepełnosprawnością.", places: 8,
            priority: ["opiekunowie osób z orzeczeniem o znacznym stopniu niepełnosprawności"],
            route: .commissioned, provider: "stowarzyszenie-sasiedzka-dlon",
            schedule: "Do 240 godzin w roku na rodzinę, po uzgodnieniu terminu."),
        .init(
            name: "Asystent rodziny", area: .familySupport,
            description:
                "Asystent spotyka się z rodziną, pomaga uporządkować sprawy domowe, szkolne i urzędowe, wspiera rodziców w wychowaniu dzieci.",
            forWhom: "Dla rodzin z dziećmi, które przeżywają trudności.", places: 12,
            schedule: "Spotkania w domu rodziny, zwykle raz lub dwa razy w tygodniu.", documents: ""),
        .init(
            name: "Konsultacje psychologiczne", area: .health,
            description: "Rozmowa z psychologiem w trudnej sytuacji życiowej: kryzys, żałoba, stres, problemy w rodzinie.",
            forWhom: "Dla każdego mieszkańca gminy, także dzieci i młodzieży (z rodzicem).", places: 20,
            schedule: "Wtorki 14:00–19:00, czwartki 9:00–14:00, po umówieniu terminu.", ipus: true),
        .init(
            name: "Klub Seniora „Pogodna Jesień”", area: .civicActivity,
            description: "Spotkania, zajęcia ruchowe, warsztaty, wycieczki i wspólne świętowanie.",
            forWhom: "Dla osób po 60. roku życia.", ageMin: 60, places: 40,
            place: "Klub Seniora, ul. Kwiatowa 2, Jaśminowo", schedule: "Poniedziałek–piątek 10:00–15:00."),
        .init(
            name: "Centrum wolontariatu", area: .civicActivity,
            description: "Łączymy osoby, które chcą pomagać, z tymi, którzy pomocy potrzebują; szkolimy wolontariuszy.",
            forWhom: "Dla każdego, kto chce zostać wolontariuszem, i dla instytucji szukających wolontariuszy.", residence: false,
            route: .commissioned, provider: "stowarzyszenie-sasiedzka-dlon", schedule: "Dyżur w środy 15:00–18:00.", ipus: false),
        .init(
            name: "Zajęcia sportowe dla dzieci i młodzieży", area: .sportTourism,
            description: "Bezpłatne zajęcia piłki nożnej, pływania i gimnastyki z trenerami.",
            forWhom: "Dla dzieci i młodzieży w wieku 7–18 lat.", ageMin: 7, ageMax: 18, places: 60,
            route: .municipalUnit, provider: "osir-jasminowo", place: "Ośrodek Sportu i Rekreacji, ul. Sportowa 3",
            schedule: "Popołudnia w dni szkolne według planu grup.", documents: "Zgoda rodzica lub opiekuna.", ipus: false),
        .init(
            name: "Gimnastyka dla seniorów", area: .sportTourism,
            description: "Łagodne ćwiczenia ruchowe i nordic walking z instruktorem.",
            forWhom: "Dla osób po 60. roku życia.", ageMin: 60, places: 25, fee: .perUnit(grosze: 500, unit: "zajęcia"),
            exemptions: "Bezpłatnie dla uczestników Klubu Seniora.", route: .municipalUnit, provider: "osir-jasminowo",
            place: "Ośrodek Sportu i Rekreacji, ul. Sportowa 3", schedule: "Wtorki i czwartki 10:00–11:00."),
        .init(
            name: "Poradnictwo mieszkaniowe", area: .housing,
            description:
                "Pomoc w sprawach mieszkaniowych: dodatek mieszkaniowy, zadłużenie czynszu, zamiana lokalu, mieszkania chronione.",
            forWhom: "Dla mieszkańców gminy, którzy mają kłopot z mieszkaniem.", schedule: "Poniedziałki 12:00–16:00."),
        .init(
            name: "Aktywizacja zawodowa", area: .employment,
            description: "Doradca zawodowy pomaga napisać CV, przygotować się do rozmowy o pracę, znaleźć kurs lub staż.",
            forWhom: "Dla osób w wieku 18–64 lat bez pracy lub szukających innej pracy.", ageMin: 18, ageMax: 64, places: 30,
            schedule: "Indywidualne spotkania po umówieniu terminu."),
        .init(
            name: "Wsparcie dla osób z Ukrainy / Підтримка для людей з України", area: .reintegration,
            description:
                "Pomoc w sprawach urzędowych, nauka języka polskiego, tłumaczenia, informacja o szkołach i pracy. Consultations in Ukrainian and Polish.",
            forWhom: "Dla osób, które przyjechały z Ukrainy, i ich rodzin.", residence: false, places: 25,
            route: .commissioned, provider: "stowarzyszenie-sasiedzka-dlon", schedule: "Środy i piątki 10:00–14:00."),
        .init(
            name: "Posiłki z dowozem", area: .socialAssistance,
            description: "Ciepły obiad dowożony do domu od poniedziałku do piątku.",
            forWhom: "Dla osób, które nie mogą same przygotować posiłku.", places: 35,
            priority: ["osoby samotnie mieszkające po 75. roku życia"], fee: .perUnit(grosze: 1400, unit: "posiłek"),
            exemptions: "Częściowe lub pełne zwolnienie według zasad programu (dochód).", route: .purchased,
            provider: "spoldzielnia-dobra-strawa",
            place: "Dowóz do domu", schedule: "Poniedziałek–piątek, dostawa 12:00–14:00."),
        .init(
            name: "Wypożyczalnia sprzętu rehabilitacyjnego", area: .disability,
            description: "Wypożyczamy wózki, balkoniki, łóżka rehabilitacyjne i inny sprzęt.",
            forWhom: "Dla mieszkańców gminy, którzy potrzebują sprzętu czasowo lub na stałe.",
            schedule: "Poniedziałek–piątek 8:00–15:00.", documents: "Dowód osobisty przy odbiorze.", ipus: false),
        .init(
            name: "Grupa wsparcia dla opiekunów", area: .health,
            description: "Spotkania z psychologiem i innymi opiekunami: rozmowa, wymiana doświadczeń, porady.",
            forWhom: "Dla osób opiekujących się bliskim przewlekle chorym lub z niepełnosprawnością.", places: 15,
            schedule: "Co drugi czwartek 17:00–19:00."),
        .init(
            name: "Edukacja cyfrowa dla dorosłych", area: .education,
            description: "Nauka obsługi telefonu, komputera, bankowości internetowej i e-urzędu (profil zaufany).",
            forWhom: "Dla dorosłych mieszkańców, zwłaszcza seniorów.", ageMin: 18, places: 16,
            place: "Biblioteka Publiczna, ul. Szkolna 4, Jaśminowo", schedule: "Cykle po 8 spotkań, soboty 10:00–12:00.",
            ipus: false),
    ]

    static func load(on db: any Database, organisations ids: [String: UUID]) async throws {
        guard let cus = ids["cus-jasminowo"], try await Programme.scoped(to: cus, on: db).count() == 0 else { return }
        func programme(
            _ version: Int, _ title: String, _ start: String, _ end: String, _ number: String, _ date: String, _ journal: String,
            state: ProgrammeState, services: [Seed]
        ) async throws {
            guard let start = CalendarDay(iso: start), let end = CalendarDay(iso: end) else {
                throw DemoEvents.DemoError(description: "bad demo programme period \(start) – \(end)")
            }
            let p = Programme(
                organisationID: cus,
                version: version,
                title: title,
                periodStart: start,
                periodEnd: end,
                resolutionNumber: number,
                resolutionDate: CalendarDay(iso: date),
                journalReference: journal,
                summary:
                    "Program określa usługi społeczne, które Centrum Usług Społecznych w Jaśminowie oferuje wszystkim mieszkańcom gminy, zasady dostępu do nich i odpłatności.",
                state: state
            )
            try await p.create(on: db)
            for (index, seed) in services.enumerated() {
                let s = ServiceDefinition(
                    organisationID: cus,
                    programmeID: try p.requireID(),
                    position: index + 1,
                    name: seed.name,
                    area: seed.area,
                    description: seed.description,
                    forWhom: seed.forWhom,
                    criteria: seed.criteria,
                    ageMin: seed.ageMin,
                    ageMax: seed.ageMax,
                    residenceRequired: seed.residence,
                    places: seed.places,
                    priorityCriteria: String(data: try JSONEncoder().encode(seed.priority), encoding: .utf8) ?? "[]",
                    feeKind: seed.fee.kind,
                    feeGrosze: seed.fee.grosze,
                    feeUnit: { if case .perUnit(_, let unit) = seed.fee { unit } else { nil } }(),
                    feeExemptions: seed.exemptions,
                    deliveryRoute: seed.route,
                    providerOrganisationID: seed.provider.flatMap { ids[$0] },
                    place: seed.place,
                    schedule: seed.schedule,
                    documents: seed.documents,
                    howToApply: "",
                    ipusEligible: seed.ipus
                )
                try await s.create(on: db)
            }
        }
        try await programme(
            1, "Program usług społecznych Gminy Jaśminowo na lata 2023–2025", "2023-01-01", "2025-12-31",
            "XXXIV/245/2022", "2022-11-24", "Dz. Urz. Woj. Wlkp. z 2022 r. poz. 8123 (dane fikcyjne)", state: .expired,
            services: Array(services.prefix(8)))
        try await programme(
            2, "Program usług społecznych Gminy Jaśminowo na lata 2026–2028", "2026-01-01", "2028-12-31",
            "XII/123/2025", "2025-11-27", "Dz. Urz. Woj. Wlkp. z 2025 r. poz. 9876 (dane fikcyjne)", state: .inForce,
            services: services)
    }
}

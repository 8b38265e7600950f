import Fluent
import Foundation
import OpenCUSCore
import Vapor

/// CUS Jaśminowo's surveys: the closed residents' survey behind the 2026 diagnosis (312
/// questionnaires, 74 of them typed in from paper, generated with realistic distributions —
/// older people living alone need care more often) and a short open survey inside the open
/// consultation of the diagnosis draft, which asks for optional contact.
enum DemoSurveys {
    /// SplitMix64: the same demo data on every machine.
    struct Seeded: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let localities = ["Jaśminowo", "Bzowo", "Lipniki", "Stara Wola"]
    static let ages = ["18–29", "30–44", "45–59", "60–74", "75 i więcej"]
    static let services = [
        "opieka w domu", "transport dla osób starszych i z niepełnosprawnością", "wsparcie psychologiczne",
        "zajęcia dla dzieci i młodzieży", "klub seniora", "pomoc sąsiedzka", "poradnictwo prawne",
    ]
    static let priorities = [
        "opieka nad osobami starszymi", "wsparcie rodzin z dziećmi", "zdrowie psychiczne", "aktywność mieszkańców",
    ]
    static let remarks = [
        "Brakuje autobusu do przychodni w Bzowie — sąsiadka jeździ z mamą taksówką za 60 zł.",
        "Opiekuję się mężem po udarze. Potrzebuję kilku godzin wolnego w tygodniu.",
        "Świetlica w Lipnikach jest zamknięta od dwóch lat, a dzieci nie mają gdzie się spotkać.",
        "Dobrze, że jest klub seniora, ale przydałyby się zajęcia także po południu.",
        "Nie wiedziałam, że mogę złożyć wniosek przez internet. Trzeba o tym mówić w parafii i w sklepie.",
        "Dowóz na zajęcia rehabilitacyjne — to najważniejsze dla nas na wsi.",
        "Młodzież potrzebuje psychologa na miejscu, w szkole, a nie w powiecie.",
        "Więcej informacji w gazetce gminnej, nie wszyscy mają internet.",
        "Chętnie pomogę jako wolontariuszka przy zakupach dla starszych sąsiadów.",
        "Porady prawne raz w miesiącu to za mało.",
        "Mieszkam sam, po śmierci żony nie mam z kim porozmawiać.",
        "Zajęcia dla dzieci w wakacje — rodzice pracują w Kielcach.",
    ]

    static func definition() -> QuestionnaireDefinition {
        QuestionnaireDefinition(sections: [
            QuestionnaireSection(
                key: "s1", title: "O Tobie",
                questions: [
                    QuestionDefinition(
                        key: "q1", text: "W jakiej miejscowości mieszkasz?", kind: .single, required: true, options: localities,
                        allowsOther: true),
                    QuestionDefinition(key: "q2", text: "Ile masz lat?", kind: .single, required: true, options: ages),
                    QuestionDefinition(
                        key: "q3", text: "Z kim mieszkasz?", kind: .single,
                        options: ["sam / sama", "z partnerem lub partnerką", "z dziećmi", "z innymi osobami"]),
                ]),
            QuestionnaireSection(
                key: "s2", title: "Potrzeby",
                questions: [
                    QuestionDefinition(
                        key: "q4", text: "Jakich usług najbardziej brakuje w gminie?", kind: .multiple, required: true,
                        options: services, allowsOther: true),
                    QuestionDefinition(key: "q5", text: "Jak oceniasz dostęp do usług społecznych w gminie?", kind: .scale5),
                    QuestionDefinition(
                        key: "q6", text: "Na ile zgadzasz się z tymi zdaniami?", kind: .grid,
                        statements: [
                            "Wiem, gdzie szukać pomocy w trudnej sytuacji.", "Czuję się bezpiecznie w swojej okolicy.",
                            "Mam z kim porozmawiać, gdy jest mi ciężko.",
                        ]),
                    QuestionDefinition(
                        key: "q7", text: "Czy ktoś w Twoim domu potrzebuje stałej opieki?", kind: .single, required: true,
                        options: ["tak", "nie"]),
                ]),
            QuestionnaireSection(
                key: "s3", title: "Opieka w domu", condition: QuestionCondition(question: "q7", anyOf: ["tak"]),
                questions: [
                    QuestionDefinition(
                        key: "q8", text: "Kto teraz sprawuje tę opiekę?", kind: .single, required: true,
                        options: ["rodzina", "sąsiedzi lub znajomi", "opiekunka z centrum", "nikt"]),
                    QuestionDefinition(key: "q9", text: "Ile godzin tygodniowo zajmuje opieka?", kind: .number),
                ]),
            QuestionnaireSection(
                key: "s4", title: "Twój głos",
                questions: [
                    QuestionDefinition(
                        key: "q10", text: "Ułóż sprawy od najważniejszej dla gminy:", kind: .ranking, options: priorities),
                    QuestionDefinition(
                        key: "q11", text: "Na ile polecił(a)byś centrum znajomym? (0–10)", kind: .scale10),
                    QuestionDefinition(key: "q12", text: "Co jeszcze chcesz nam powiedzieć?", kind: .text),
                ]),
        ])
    }

    static func pick<G: RandomNumberGenerator>(_ weights: [Double], using g: inout G) -> Int {
        var r = Double.random(in: 0..<weights.reduce(0, +), using: &g)
        for (i, w) in weights.enumerated() {
            if r < w { return i }
            r -= w
        }
        return weights.count - 1
    }

    /// One resident's questionnaire, drawn so that the figures tell a plausible story.
    static func answers<G: RandomNumberGenerator>(using g: inout G) -> [String: QuestionAnswer] {
        var a: [String: QuestionAnswer] = [:]
        let place = pick([44, 20, 20, 13, 3], using: &g)
        a["q1"] =
            place < 4
            ? .choice(localities[place], other: nil) : .choice(QuestionnaireResponse.otherValue, other: "Kolonia Jaśminowo")
        let age = pick([12, 20, 24, 28, 16], using: &g)
        a["q2"] = .choice(ages[age], other: nil)
        let alone = age >= 3 ? 0.38 : 0.12
        let household = Double.random(in: 0..<1, using: &g) < alone ? 0 : pick([0, 45, 35, 20], using: &g)
        a["q3"] = .choice(["sam / sama", "z partnerem lub partnerką", "z dziećmi", "z innymi osobami"][household], other: nil)
        var wanted: [String] = []
        let chances: [Double] = [
            age >= 3 ? 0.7 : 0.35, place == 0 ? 0.3 : 0.6, age <= 1 ? 0.5 : 0.25, household == 2 ? 0.7 : 0.25,
            age >= 3 ? 0.5 : 0.15, 0.3, 0.2,
        ]
        for (service, chance) in zip(services, chances) where Double.random(in: 0..<1, using: &g) < chance {
            wanted.append(service)
        }
        if wanted.isEmpty { wanted = [services[0]] }
        let other = Double.random(in: 0..<1, using: &g) < 0.06
        a["q4"] = .choices(wanted + (other ? [QuestionnaireResponse.otherValue] : []), other: other ? "dowóz posiłków" : nil)
        a["q5"] = .scale([1, 2, 3, 4, 5][pick([8, 18, 34, 28, 12], using: &g)])
        a["q6"] = .grid([
            0: [1, 2, 3, 4, 5][pick([10, 20, 30, 25, 15], using: &g)],
            1: [1, 2, 3, 4, 5][pick([4, 8, 22, 38, 28], using: &g)],
            2: [1, 2, 3, 4, 5][pick(household == 0 ? [20, 25, 25, 20, 10] : [5, 10, 20, 35, 30], using: &g)],
        ])
        let care = Double.random(in: 0..<1, using: &g) < (age >= 3 ? 0.35 : 0.14)
        a["q7"] = .choice(care ? "tak" : "nie", other: nil)
        if care {
            a["q8"] = .choice(
                ["rodzina", "sąsiedzi lub znajomi", "opiekunka z centrum", "nikt"][pick([70, 8, 14, 8], using: &g)], other: nil)
            if Double.random(in: 0..<1, using: &g) < 0.8 { a["q9"] = .number(Double(Int.random(in: 4...60, using: &g))) }
        }
        if Double.random(in: 0..<1, using: &g) < 0.85 {
            var order = priorities
            if age < 3 { order.swapAt(0, pick([30, 40, 20, 10], using: &g)) }
            if Double.random(in: 0..<1, using: &g) < 0.3 { order.swapAt(2, 3) }
            a["q10"] = .ranking(order)
        }
        a["q11"] = .scale(min(10, max(0, 7 + pick([2, 4, 8, 12, 10, 6], using: &g) - 3)))
        if Double.random(in: 0..<1, using: &g) < 0.22 { a["q12"] = .text(remarks[Int.random(in: 0..<remarks.count, using: &g)]) }
        return a
    }

    static func load(on app: Application, organisations ids: [String: UUID]) async throws {
        let db = app.db
        guard let cusID = ids["cus-jasminowo"], try await Survey.scoped(to: cusID, on: db).count() == 0,
            let osl = try await User.query(on: db).filter(\.$email == "osl@cus-jasminowo.example").first()
        else { return }
        let now = app.clock.now()
        let today = CalendarDay(now, in: WallClock.warsaw)
        let diagnosis = try await Diagnosis.scoped(to: cusID, on: db).filter(\.$status == .inPreparation).first()
        let round = try await ConsultationRound.scoped(to: cusID, on: db).all().first { $0.subject.hasPrefix("Projekt diagnozy") }

        let closed = Survey(
            organisationID: cusID, title: "Ankieta mieszkańców: potrzeby społeczne Gminy Jaśminowo \(today.year)",
            intro:
                "Centrum Usług Społecznych w Jaśminowie przygotowuje diagnozę potrzeb i potencjału gminy. Twoje odpowiedzi pomogą zaplanować usługi na kolejne lata.\n\nAnkieta jest anonimowa i zajmie około 10 minut.",
            status: .closed, definition: definition(), asksContact: false,
            quotas: SurveyQuotas(question: "q1", limits: ["Jaśminowo": 150, "Bzowo": 80, "Lipniki": 80, "Stara Wola": 45]),
            diagnosisID: diagnosis?.id, clientSalt: SecureToken.make(), closedAt: now.addingTimeInterval(-30 * 86_400),
            revision: 3, updatedBy: osl.name, updatedAt: now,
            // Prepared three months ago: listed after the newer surveys.
            createdAt: now.addingTimeInterval(-90 * 86_400))
        try await closed.create(on: db)
        var generator = Seeded(state: 2026)
        var rows: [SurveyResponse] = []
        // 312 questionnaires over six weeks, ending a month ago; every fourth-ish one on paper.
        for number in 1...312 {
            let day = today.adding(days: -72 + (number * 42) / 312)
            rows.append(
                SurveyResponse(
                    organisationID: cusID, surveyID: try closed.requireID(), number: number,
                    channel: number % 4 == 0 && number <= 296 ? .paper : .online,
                    answers: answers(using: &generator), submittedOn: day, updatedAt: now, createdAt: now))
        }
        try await rows.create(on: db)
        // A few remarks already grouped by the community organiser.
        for row in rows.prefix(120) {
            guard case .text(let text)? = row.answers["q12"] else { continue }
            let tag =
                text.contains("autobus") || text.contains("Dowóz")
                ? "transport"
                : text.contains("Opiekuję") ? "opiekunowie" : text.contains("sam") ? "samotność" : nil
            if let tag {
                try await SurveyTextTag(
                    organisationID: cusID, surveyID: try closed.requireID(), responseID: try row.requireID(), field: "q12",
                    tag: tag
                ).create(on: db)
            }
        }

        let open = Survey(
            organisationID: cusID, title: "Krótka ankieta do projektu diagnozy: czego brakuje?",
            intro:
                "Trzy pytania do projektu diagnozy, który konsultujemy. Jeśli chcesz, żebyśmy odezwali się w sprawie Twojej odpowiedzi, na końcu możesz zostawić kontakt.",
            status: .open,
            definition: QuestionnaireDefinition(sections: [
                QuestionnaireSection(
                    key: "s1", title: "Projekt diagnozy",
                    questions: [
                        QuestionDefinition(
                            key: "q1", text: "Czy projekt diagnozy dobrze opisuje potrzeby Twojej miejscowości?", kind: .single,
                            required: true, options: ["tak", "częściowo", "nie", "nie wiem"]),
                        QuestionDefinition(
                            key: "q2", text: "Czego w nim brakuje?", kind: .text,
                            condition: QuestionCondition(question: "q1", anyOf: ["częściowo", "nie"])),
                        QuestionDefinition(
                            key: "q3", text: "W jakiej miejscowości mieszkasz?", kind: .single, options: localities),
                    ])
            ]), asksContact: true, diagnosisID: diagnosis?.id, consultationRoundID: round?.id, clientSalt: SecureToken.make(),
            revision: 2, updatedBy: osl.name, updatedAt: now, createdAt: now)
        try await open.create(on: db)
        for (number, first, missing, place) in [
            (1, "tak", nil, "Jaśminowo"), (2, "częściowo", "Nie ma nic o dowozie do lekarza.", "Bzowo"),
            (3, "nie", "Brakuje opisu potrzeb młodzieży.", "Lipniki"), (4, "tak", nil, "Jaśminowo"),
            (5, "częściowo", nil, "Stara Wola"), (6, "nie wiem", nil, "Jaśminowo"),
        ] as [(Int, String, String?, String)] {
            var answers: [String: QuestionAnswer] = ["q1": .choice(first, other: nil), "q3": .choice(place, other: nil)]
            if let missing { answers["q2"] = .text(missing) }
            try await SurveyResponse(
                organisationID: cusID, surveyID: try open.requireID(), number: number, channel: number == 4 ? .paper : .online,
                answers: answers, submittedOn: today.adding(days: -number), updatedAt: now, createdAt: now
            ).create(on: db)
        }
    }
}

import Fluent
import Foundation
import OpenCUSCore
import Vapor

/// CUS Jaśminowo's plan of organising the local community for this year and the next: two
/// localities (Jaśminowo and Bzowo), the seniors' club, the neighbourly-help network, a youth
/// volunteering group added in version 2, a neighbours' picnic and residents' meetings; version 1
/// approved in February, version 2 in September; the year's records and quarterly measurements.
enum DemoCommunityPlan {
    static func load(on app: Application, organisations ids: [String: UUID]) async throws {
        let db = app.db
        guard let cusID = ids["cus-jasminowo"], try await CommunityPlan.scoped(to: cusID, on: db).count() == 0,
            let osl = try await User.query(on: db).filter(\.$email == "osl@cus-jasminowo.example").first(),
            let director = try await User.query(on: db).filter(\.$email == "dyrektor@cus-jasminowo.example").first()
        else { return }
        let now = app.clock.now()
        let today = CalendarDay(now, in: WallClock.warsaw)
        let start = CalendarDay(year: today.year, month: 1, day: 1)!
        let end = CalendarDay(year: today.year + 1, month: 12, day: 31)!
        guard today > start.adding(days: 60) else { return }
        let activities = try await Activity.scoped(to: cusID, on: db).all()
        func activity(_ prefix: String) -> [UUID] { activities.filter { $0.title.hasPrefix(prefix) }.compactMap(\.id) }
        let partners = try await Partner.names(cusID, on: db)
        func partner(_ prefix: String) -> [UUID] { partners.filter { $0.value.hasPrefix(prefix) }.map(\.key) }
        let recommendations = try await DiagnosisRecommendation.scoped(to: cusID, on: db).sort(\.$number).all()
            .compactMap(\.id)
        func day(_ month: Int, _ d: Int, year: Int? = nil) -> CalendarDay {
            CalendarDay(year: year ?? today.year, month: month, day: d)!
        }

        let aims = [
            PlanAim(
                key: "c-klub", text: "Więcej seniorów regularnie wychodzi z domu i spotyka się z innymi.",
                indicator: "Stali uczestnicy klubu seniora", unit: "osób", baseline: 12, target: 30,
                due: day(6, 30, year: today.year + 1)),
            PlanAim(
                key: "c-sasiedzi", text: "Sąsiedzi w Bzowie pomagają osobom starszym i chorym.",
                indicator: "Pary pomocy sąsiedzkiej", unit: "par", baseline: 0, target: 20, due: end),
            PlanAim(
                key: "c-mlodzi", text: "Młodzież angażuje się w życie wsi jako wolontariusze.",
                indicator: "Aktywni młodzi wolontariusze", unit: "osób", baseline: 0, target: 15,
                due: day(6, 30, year: today.year + 1)),
        ]
        let actions = [
            PlanAction(
                key: "d-klub", title: "Klub Seniora „Pogodna Jesień”", aimKeys: ["c-klub"], lead: "Krzysztof Mazur (OSL)",
                partnerIDs: partner("Parafia"), activityIDs: activity("Klub Seniora"), area: "Jaśminowo",
                places: "Świetlica wiejska, ul. Lipowa 1", schedule: "wtorki i czwartki 10:00–12:00",
                resources: "sala świetlicy, 2 wolontariuszki, 6 000 zł na materiały i wyjścia", expectedParticipants: 25),
            PlanAction(
                key: "d-siec", title: "Sąsiedzka sieć pomocy", aimKeys: ["c-sasiedzi"],
                lead: "Krzysztof Mazur (OSL) z sołtyską Bzowa",
                partnerIDs: partner("Ochotnicza") + partner("Koło Gospodyń"), activityIDs: activity("Sąsiedzka sieć"),
                area: "Bzowo", places: "Remiza OSP, Bzowo 12", schedule: "dyżur w środy 16:00–18:00, pomoc według potrzeb",
                resources: "telefon dyżurny, paliwo na dowozy (zwrot kosztów wolontariuszom)", expectedParticipants: 20),
            PlanAction(
                key: "d-mlodzi", title: "Młodzieżowa grupa wolontariacka", aimKeys: ["c-mlodzi", "c-klub"],
                lead: "Stowarzyszenie „Sąsiedzka Dłoń”", partnerIDs: partner("Stowarzyszenie") + partner("Szkoła Podstawowa"),
                activityIDs: activity("Młodzieżowa"), area: "Jaśminowo", places: "Szkoła Podstawowa w Jaśminowie, sala 4",
                schedule: "co drugą sobotę od września", resources: "opiekun z ramienia stowarzyszenia, ubezpieczenie NNW",
                expectedParticipants: 15),
            PlanAction(
                key: "d-piknik", title: "Pikniki sąsiedzkie", aimKeys: ["c-sasiedzi"], lead: "Krzysztof Mazur (OSL)",
                partnerIDs: partner("Koło Gospodyń") + partner("Klub Sportowy"), activityIDs: activity("Piknik"), area: "",
                places: "boiska przy świetlicach", schedule: "czerwiec i wrzesień", resources: "namiot, nagłośnienie, 3 000 zł",
                expectedParticipants: 150),
            PlanAction(
                key: "d-spotkania", title: "Spotkania z mieszkańcami i spacery badawcze", aimKeys: ["c-sasiedzi", "c-klub"],
                lead: "Krzysztof Mazur (OSL)", partnerIDs: partner("Fundacja"), activityIDs: [], area: "",
                places: "świetlice w Jaśminowie i Bzowie", schedule: "raz na kwartał", resources: "", expectedParticipants: 20),
        ]
        let issues = [
            PlanIssue(
                group: "Seniorzy mieszkający samotnie", issue: "Osamotnienie, zwłaszcza zimą; mało okazji do wyjścia z domu.",
                recommendationID: recommendations.first),
            PlanIssue(
                group: "Osoby starsze i chore w Bzowie", issue: "Daleko do sklepu, apteki i przychodni; brak transportu.",
                recommendationID: recommendations.dropFirst().first),
            PlanIssue(group: "Młodzież", issue: "Brak zajęć po lekcjach i okazji do działania dla innych."),
        ]
        let responsible =
            "Krzysztof Mazur — organizator społeczności lokalnej: prowadzi plan i monitoring.\nBarbara Zielińska — dyrektorka CUS: zatwierdza plan i jego zmiany."
        let first = CommunityPlanContent(
            title: "Plan organizowania społeczności lokalnej Gminy Jaśminowo na lata \(today.year)–\(today.year + 1)",
            start: start, end: end, areas: ["Jaśminowo", "Bzowo"], issues: Array(issues.prefix(2)),
            aims: Array(aims.prefix(2)),
            actions: actions.filter { $0.key != "d-mlodzi" }.map { a in
                var a = a
                a.aimKeys = a.aimKeys.filter { $0 != "c-mlodzi" }
                return a
            }, responsible: responsible)
        let second = CommunityPlanContent(
            title: first.title, start: start, end: end, areas: first.areas, issues: issues, aims: aims, actions: actions,
            responsible: responsible)

        let firstApproved = start.adding(days: 40)
        let secondApproved = min(day(9, 15), today.adding(days: -1))
        let plan = CommunityPlan(organisationID: cusID, title: first.title, by: osl.name, now: now)
        plan.latestVersion = 2
        plan.approvedVersion = 2
        try await plan.create(on: db)
        let planID = try plan.requireID()
        for (number, content, approvedOn, reason) in [
            (1, first, firstApproved, ""),
            (2, second, secondApproved, "Po zebraniu w szkole: dodano młodzież jako grupę, cel C3 i grupę wolontariacką."),
        ] {
            let version = try CommunityPlanVersion(
                organisationID: cusID, planID: planID, version: number, content: content, reason: reason, by: osl.name, now: now)
            version.state = number == 2 ? .approved : .superseded
            (version.approvedByUserID, version.approvedBy, version.approvedOn) = (
                try director.requireID(), director.name, approvedOn
            )
            version.submittedAt = now
            try await version.create(on: db)
        }

        // A year of records: the club weekly, the network every other week, the youth group from
        // September, a picnic in June and September, residents' meetings each quarter.
        var records: [(String, CalendarDay, Int, Int, String)] = []
        var d = start
        var week = 0
        while d < today {
            if ActivitySchedule.isoWeekday(d) == 2 {
                records.append(
                    ("d-klub", d, 12 + week * 12 / 50 + week % 4, week % 3, "Spotkanie klubu: gimnastyka, rozmowy, kawa."))
                if week % 2 == 0 {
                    records.append(
                        ("d-siec", d.adding(days: 1), 5 + week / 6, 3 + week % 3, "Dyżur: zakupy i dowozy do przychodni."))
                }
                if d >= secondApproved && week % 2 == 1 {
                    records.append(
                        ("d-mlodzi", d.adding(days: 4), 14 + week % 5, 6 + week % 4, "Młodzież pomagała w klubie seniora."))
                }
                week += 1
            }
            d = d.adding(days: 1)
        }
        for (month, dayOfMonth) in [(3, 12), (6, 11), (9, 10), (12, 3)] where day(month, dayOfMonth) < today {
            records.append(
                ("d-spotkania", day(month, dayOfMonth), 16 + month, 2, "Spacer badawczy i rozmowa o potrzebach mieszkańców."))
        }
        for (month, dayOfMonth, people) in [(6, 20, 184), (9, 12, 131)] where day(month, dayOfMonth) < today {
            records.append(
                ("d-piknik", day(month, dayOfMonth), people, 14, "Piknik sąsiedzki: gry, kiermasz KGW, stoisko centrum."))
        }
        let titles = Dictionary(uniqueKeysWithValues: actions.map { ($0.key, $0.title) })
        let storage = FileStorage(dataDirectory: app.config.dataDirectory)
        for (key, when, people, helpers, notes) in records {
            let record = CommunityPlanRecord(
                organisationID: cusID, planID: planID,
                valid: .init(actionKey: key, day: when, participants: people, volunteers: helpers, notes: notes),
                actionTitle: titles[key] ?? "", by: osl.name, now: now)
            if key == "d-piknik" && when.month == 6 {
                // A photo of the tables (drawn, not taken): its description and the consent noted.
                let bytes = DemoFiles.png(width: 96, height: 64) { x, y in
                    y > 40 ? (120, 170, 90) : (x / 8 % 3 == 0 && y > 28 ? (200, 80, 60) : (170, 210, 240))
                }
                record.photoKey = try storage.save(bytes)
                (record.photoType, record.photoAlt, record.photoConsentBy) = (
                    "image/png", "Stoły z poczęstunkiem Koła Gospodyń na boisku, w tle namiot centrum.", osl.name
                )
            }
            try await record.create(on: db)
        }
        for (key, values) in [("c-klub", [15, 19, 22]), ("c-sasiedzi", [4, 8, 11]), ("c-mlodzi", [0, 0, 6])] {
            for (quarter, value) in values.enumerated() {
                let when = day(3 * (quarter + 1), quarter == 0 ? 31 : 30)
                guard when < today, key != "c-mlodzi" || quarter == 2 else { continue }
                try await CommunityPlanMeasurement(
                    organisationID: cusID, planID: planID,
                    valid: .init(aimKey: key, day: when, value: value, note: "lista obecności klubu i rejestr dyżurów"),
                    by: osl.name,
                    now: now
                ).create(on: db)
            }
        }
    }
}

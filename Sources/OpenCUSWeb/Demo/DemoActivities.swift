import Fluent
import Foundation
import OpenCUSCore
import Vapor

/// CUS Jaśminowo's supportive activities: the seniors' club twice a week (with sign-ups, places
/// and six weeks of recorded attendance), a neighbourly-help network, a youth volunteering group
/// run by a partner, a carers' support group and a one-off neighbours' picnic.
enum DemoActivities {
    static let seniors = [
        "Halina Kaczmarek", "Zofia Wiśniewska", "Stanisław Lis", "Janina Wróbel", "Tadeusz Pawlak", "Krystyna Baran",
        "Henryk Michalski", "Danuta Król", "Irena Jabłońska", "Kazimierz Nowakowski", "Teresa Zając", "Wiesława Sikorska",
        "Ryszard Głowacki", "Genowefa Mazurek", "Elżbieta Kubiak", "Józef Szewczyk", "Barbara Ostrowska", "Marian Tomaszewski",
    ]

    static func load(on app: Application, organisations ids: [String: UUID]) async throws {
        let db = app.db
        guard let cusID = ids["cus-jasminowo"], try await Activity.scoped(to: cusID, on: db).count() == 0,
            let osl = try await User.query(on: db).filter(\.$email == "osl@cus-jasminowo.example").first()
        else { return }
        let now = app.clock.now()
        let today = CalendarDay(now, in: WallClock.warsaw)
        let yearStart = CalendarDay(year: today.year, month: 1, day: 1)!
        // The plan runs into next year: the calendar always has meetings ahead.
        let periodEnd = CalendarDay(year: today.year + 1, month: 6, day: 30)!
        func make(
            _ title: String, _ kind: ActivityKind, organiser: String = "Centrum Usług Społecznych w Jaśminowie", place: String,
            description: String, audience: String, accessibility: String, schedule: ActivitySchedule, capacity: Int? = nil,
            signUps: Bool
        ) async throws -> Activity {
            let activity = Activity(
                organisationID: cusID,
                valid: ActivityForm.Valid(
                    title: title, kind: kind, organiser: organiser, place: place, description: description, audience: audience,
                    accessibility: accessibility, schedule: schedule, capacity: capacity, signUps: signUps),
                updatedBy: osl.name, now: now)
            try await activity.create(on: db)
            return activity
        }
        let partners = try await partners(cusID, now: now, on: db)
        let club = try await make(
            "Klub Seniora „Pogodna Jesień”", .club, place: "Świetlica wiejska, ul. Lipowa 1, Jaśminowo",
            description:
                "Spotkania przy kawie, gimnastyka, zajęcia z telefonem i internetem, wyjścia do kina.\n\nRaz w miesiącu odwiedza nas pielęgniarka środowiskowa.",
            audience: "osoby 60+", accessibility: "Wejście bez schodów, toaleta dla osób na wózku, pętla indukcyjna.",
            schedule: ActivitySchedule(
                weekdays: [2, 4], first: yearStart, last: periodEnd, start: TimeOfDay("10:00")!, end: TimeOfDay("12:00")!,
                except: [
                    CalendarDay(year: today.year, month: 11, day: 11)!, CalendarDay(year: today.year, month: 12, day: 24)!,
                    CalendarDay(year: today.year, month: 12, day: 31)!,
                ].filter { $0 >= yearStart }),
            capacity: 25, signUps: true)
        _ = try await make(
            "Sąsiedzka sieć pomocy w Bzowie", .neighbourlyHelp, place: "Remiza OSP, Bzowo 12",
            description: "Dyżur sąsiadów-wolontariuszy: zakupy, apteka, podwiezienie do lekarza dla osób starszych i chorych.",
            audience: "mieszkańcy Bzowa", accessibility: "Parter, jeden stopień przy wejściu (jest podjazd).",
            schedule: ActivitySchedule(
                weekdays: [3], first: yearStart, last: periodEnd, start: TimeOfDay("16:00")!, end: TimeOfDay("18:00")!),
            signUps: false)
        let youth = try await make(
            "Młodzieżowa grupa wolontariacka", .volunteering, organiser: "Stowarzyszenie „Sąsiedzka Dłoń”",
            place: "Szkoła Podstawowa w Jaśminowie, sala 4",
            description: "Młodzież pomaga seniorom z klubu, przygotowuje pikniki i zbiórki.", audience: "młodzież 13–19 lat",
            accessibility: "Winda do sali na piętrze.",
            schedule: ActivitySchedule(
                weekdays: [6], everyWeeks: 2, first: yearStart.adding(days: 2), last: periodEnd, start: TimeOfDay("10:00")!,
                end: TimeOfDay("13:00")!), signUps: true)
        _ = try await make(
            "Grupa wsparcia dla opiekunów", .selfHelpGroup, place: "CUS, ul. Lipowa 1, sala 2",
            description:
                "Spotkania osób, które opiekują się bliskimi; prowadzi psycholożka centrum. W czasie spotkania wolontariusze zajmują się podopiecznymi w sali obok.",
            audience: "opiekunowie osób starszych i z niepełnosprawnościami", accessibility: "Wejście bez schodów.",
            schedule: ActivitySchedule(
                weekdays: [1], everyWeeks: 2, first: yearStart.adding(days: 4), last: periodEnd, start: TimeOfDay("17:00")!,
                end: TimeOfDay("19:00")!), capacity: 12, signUps: true)
        _ = try await make(
            "Piknik sąsiedzki w Lipnikach", .integration, place: "Boisko przy świetlicy, Lipniki",
            description: "Gry dla dzieci, kiermasz koła gospodyń, stoisko centrum z informacją o usługach.",
            audience: "wszyscy mieszkańcy", accessibility: "Teren płaski, utwardzony; toaleta przenośna dla osób na wózku.",
            schedule: ActivitySchedule(
                weekdays: [], first: today.adding(days: 12), last: nil, start: TimeOfDay("14:00")!, end: TimeOfDay("18:00")!),
            signUps: false)

        youth.partnerID = partners["Stowarzyszenie „Sąsiedzka Dłoń”"]
        try await youth.save(on: db)

        // The club: 18 signed up; six weeks of meetings with named and counted attendance.
        let clubID = try club.requireID()
        var signUps: [ActivitySignUp] = []
        for (n, name) in seniors.enumerated() {
            let signUp = ActivitySignUp(
                organisationID: cusID, activityID: clubID, name: name, phone: "600 200 \(String(format: "%03d", 100 + n))",
                email: nil, source: n % 3 == 0 ? "online" : "staff", createdAt: now)
            try await signUp.create(on: db)
            signUps.append(signUp)
        }
        let meetings = club.schedule.occurrences(from: today.adding(days: -42), through: today.adding(days: -3))
        for (m, day) in meetings.enumerated() {
            let present = signUps.enumerated().filter { ($0.offset + m) % 5 != 0 }.map(\.element)
            let walkIns = 2 + m % 3
            let total = present.count + walkIns
            let women = total * 2 / 3
            let session = ActivitySession(
                organisationID: cusID, activityID: clubID, day: day,
                counted: CountedAttendance(total: total, breakdown: ["60+|k": women, "60+|m": total - women]),
                notes: m == 0 ? "Gimnastyka i rozmowa o opiece wytchnieniowej." : "", recordedBy: osl.name, createdAt: now)
            try await session.create(on: db)
            for person in present {
                try await ActivityPresence(
                    organisationID: cusID, sessionID: try session.requireID(), signUpID: try person.requireID()
                ).create(on: db)
            }
        }
        try await volunteers(cusID, activities: try await Activity.scoped(to: cusID, on: db).all(), now: now, on: db)
    }

    static let volunteerNames = [
        "Aleksandra Kowal", "Bartosz Wilk", "Celina Mróz", "Dawid Sowa", "Ewa Kruk", "Filip Dąb", "Gabriela Lis", "Hubert Kos",
        "Iga Sikora", "Jakub Pawlik", "Karolina Bąk", "Łukasz Czapla", "Magdalena Żak", "Natalia Wrona", "Oskar Borek",
        "Patrycja Kania", "Rafał Gil", "Sylwia Cichy", "Tomasz Orzeł", "Urszula Wiąz", "Weronika Mak", "Zuzanna Dziedzic",
        "Adam Jarosz", "Bogumiła Kot", "Czesław Ryba",
    ]

    /// 25 volunteers with agreements (the youth group's with a parent's consent noted in the
    /// scope), and two months of hours at the activities.
    static func volunteers(_ cusID: UUID, activities: [Activity], now: Date, on db: any Database) async throws {
        guard try await Volunteer.scoped(to: cusID, on: db).count() == 0 else { return }
        let today = CalendarDay(now, in: WallClock.warsaw)
        let helping = activities.filter { [.club, .neighbourlyHelp, .volunteering, .selfHelpGroup].contains($0.kind) }
        for (n, name) in volunteerNames.enumerated() {
            let signed = today.adding(days: -(40 + n * 9))
            let young = n % 5 == 2
            var form = VolunteerForm()
            form.name = name
            form.phone = "600 400 \(String(format: "%03d", 100 + n))"
            form.email =
                name.lowercased().folding(options: .diacriticInsensitive, locale: Locale(identifier: "pl"))
                .replacingOccurrences(of: "ł", with: "l").replacingOccurrences(of: " ", with: ".") + "@example.pl"
            form.availability = ["popołudnia w tygodniu", "soboty", "wtorki i czwartki rano", "elastycznie"][n % 4]
            form.skills =
                ["prawo jazdy kat. B", "gry planszowe, rozmowa", "pierwsza pomoc", "obsługa smartfona — uczy seniorów"][n % 4]
            form.areas = ["Jaśminowo", "Bzowo", "Lipniki", "Stara Wola"][n % 4]
            form.consent = "on"
            form.agreementNumber = "WOL/\(signed.year)/\(String(format: "%02d", n + 1))"
            (form.signedOn, form.validFrom, form.validUntil) = (signed.iso, signed.iso, signed.adding(days: 365).iso)
            form.scope =
                young
                ? "pomoc przy zajęciach klubu seniora i pikniku sąsiedzkim (osoba niepełnoletnia — zgoda rodzica w dokumentacji)"
                : [
                    "zakupy i apteka dla osób starszych", "towarzyszenie podczas spacerów i rozmowy",
                    "pomoc przy zajęciach klubu seniora",
                    "dowóz do lekarza",
                ][n % 4]
            guard case .success(let valid) = form.validate() else { continue }
            let volunteer = Volunteer(organisationID: cusID, valid: valid, now: now)
            try await volunteer.create(on: db)
            guard !helping.isEmpty else { continue }
            for k in 0..<(3 + n % 6) {
                let activity = helping[(n + k) % helping.count]
                let hours = VolunteerHoursForm(
                    day: today.adding(days: -(3 + k * 7 + n % 5)).iso, duration: ["1,5", "2", "1", "3"][(n + k) % 4],
                    activity: activity.id?.uuidString,
                    what: ["zakupy dla sąsiadki", "pomoc przy gimnastyce", "dyżur telefoniczny", "podwiezienie do przychodni"][
                        (n + k) % 4])
                guard case .success(let validHours) = hours.validate(today: today, activities: Set(helping.compactMap(\.id)))
                else {
                    continue
                }
                try await VolunteerHours(
                    organisationID: cusID, volunteerID: try volunteer.requireID(), valid: validHours,
                    recordedBy: "Krzysztof Mazur",
                    createdAt: now
                ).create(on: db)
            }
        }
    }

    /// Twelve partners of the centre, by name → id.
    static func partners(_ cusID: UUID, now: Date, on db: any Database) async throws -> [String: UUID] {
        var ids: [String: UUID] = [:]
        for (name, kind, locality, person, contribution) in [
            ("Stowarzyszenie „Sąsiedzka Dłoń”", "ngo", "Jaśminowo", "Marta Zielonka", "Centrum wolontariatu, grupa młodzieżowa"),
            ("Koło Gospodyń Wiejskich w Bzowie", "club", "Bzowo", "Halina Mucha", "Kiermasze, poczęstunek na piknikach"),
            (
                "Ochotnicza Straż Pożarna w Bzowie", "club", "Bzowo", "Zbigniew Grabowiecki",
                "Sala w remizie na dyżury pomocy sąsiedzkiej"
            ),
            (
                "Parafia pw. św. Józefa w Jaśminowie", "parish", "Jaśminowo", "ks. Grzegorz Wawrzyniak",
                "Ogłoszenia o działaniach, sala parafialna"
            ),
            (
                "Szkoła Podstawowa w Jaśminowie", "school", "Jaśminowo", "Anna Dziedzic",
                "Sala dla grupy wolontariackiej, uczniowie"
            ),
            ("Przedszkole Samorządowe w Lipnikach", "school", "Lipniki", "Ewa Sowa", "Zajęcia międzypokoleniowe"),
            ("Fundacja „Pod Lipami”", "ngo", "Jaśminowo", "Jan Lipa", "Usługi opiekuńcze, szkolenia dla wolontariuszy"),
            (
                "Klub Sportowy „Orzeł” Stara Wola", "club", "Stara Wola", "Paweł Orzeł",
                "Boisko na pikniki, gimnastyka dla seniorów"
            ),
            (
                "Grupa nieformalna „Mamy z Lipnik”", "informal_group", "Lipniki", "Karolina Bąk",
                "Wymiana ubranek, spotkania rodziców"
            ),
            ("Sołtyska Lipnik", "leader", "Lipniki", "Teresa Kruk", "Zna potrzeby mieszkańców, zbiera zgłoszenia"),
            (
                "Gminna Biblioteka Publiczna", "institution", "Jaśminowo", "Irena Książek",
                "Zajęcia z obsługi telefonu dla seniorów"
            ),
            ("Sklep „U Zosi”", "business", "Stara Wola", "Zofia Kupiec", "Punkt informacji o działaniach, zbiórki"),
        ] {
            var form = PartnerForm()
            (form.name, form.kind, form.locality, form.contactPerson, form.contribution) = (
                name, kind, locality, person, contribution
            )
            form.phone = "62 000 \(String(format: "%02d", ids.count + 10)) 00"
            guard case .success(let valid) = form.validate() else { continue }
            let partner = Partner(organisationID: cusID, valid: valid, now: now)
            try await partner.create(on: db)
            ids[name] = partner.id
        }
        return ids
    }
}

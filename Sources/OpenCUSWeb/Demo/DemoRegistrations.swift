import Fluent
import Foundation
import OpenCUSCore

/// Registration in the demo: two upcoming fictional events with registration open (dates
/// relative to the day the demo is loaded) — one with automatic confirmation and three
/// workshops of limited capacity, one in approval mode — and registrations in every state for
/// two of the real past events. Participants are invented, on the reserved `.example` domain.
enum DemoRegistrations {
    static let upcomingSlug = "forum-uslug-spolecznych-jasminowo"
    static let approvalSlug = "spotkanie-gminy-planujace-cus"

    static func load(
        on db: any Database, organisations ids: [String: UUID], storage: FileStorage, environment: RegistrationService.Environment
    ) async throws -> Int {
        var created = 0
        let today = CalendarDay(environment.now, in: WallClock.warsaw)
        if try await Event.query(on: db).filter(\.$slug == upcomingSlug).count() == 0, let owner = ids["cus-jasminowo"] {
            let b = DemoEvents.Builder(db: db, owner: owner, organisations: ids, storage: storage)
            let start = today.adding(days: 45)
            let d1 = start.iso
            let d2 = start.adding(days: 1).iso
            try await b.event(
                slug: upcomingSlug, title: "Forum Usług Społecznych w Jaśminowie", kind: .conference,
                startDay: d1, endDay: d2
            ) { e in
                e.subtitle = "wydarzenie demonstracyjne (fikcyjne)"
                e.venueName = "Centrum Usług Społecznych w Jaśminowie"
                e.venueStreet = "ul. Ogrodowa 5"
                e.venuePostcode = "62-999"
                e.venueCity = "Jaśminowo"
                e.voivodeship = .wielkopolskie
                e.description =
                    "Dwa dni o usługach społecznych w gminie: wykład, panel i warsztaty do wyboru. **Udział bezpłatny**, liczba miejsc ograniczona."
                e.audience = "Pracownicy CUS, OPS i organizacji pozarządowych z regionu."
                e.contactName = "Biuro Forum (dane demonstracyjne)"
                e.contactEmail = "forum@cus-jasminowo.example"
            }
            try await b.organisation(.organiser, "cus-jasminowo")
            try await b.organisation(.partner, "fundacja-pod-lipami")
            let hall = try await b.room("Sala główna")
            let a = try await b.room("Sala A")
            let bRoom = try await b.room("Sala B")
            let c = try await b.room("Sala C")
            let director = try await b.person(nil, "Barbara Zielińska", "dyrektor CUS w Jaśminowie (postać fikcyjna)")
            try await b.entry(d1, "09:30", "10:00", .registration, "Rejestracja uczestników", place: "hol")
            try await b.entry(d1, "10:00", "10:30", .opening, "Otwarcie Forum", room: hall, people: [(director, .host)])
            try await b.entry(
                d1, "10:30", "12:00", .panel, "Usługi społeczne w małej gminie", room: hall, people: [(director, .moderator)])
            try await b.entry(d1, "12:00", "13:00", .meal, "Obiad")
            let workshops = try await b.group("Warsztaty do wyboru")
            try await b.entry(
                d2, "09:00", "12:00", .workshop, "Indywidualny plan usług społecznych w praktyce", room: a, group: workshops,
                capacity: 20)
            try await b.entry(
                d2, "09:00", "12:00", .workshop, "Organizowanie społeczności lokalnej", room: bRoom, group: workshops,
                capacity: 15)
            try await b.entry(
                d2, "09:00", "12:00", .workshop, "Zlecanie usług organizacjom pozarządowym", room: c, group: workshops,
                capacity: 15)
            try await b.entry(d2, "12:00", "12:30", .closing, "Podsumowanie", room: hall)
            try await settings(
                b.event, mode: .automatic, capacity: 60, opens: today.adding(days: -7), closes: start.adding(days: -3),
                reminderDays: 2,
                askDinner: false, on: db, now: environment.now)
            // The first week of registration: eight people, each with a workshop.
            if let context = try await RegistrationContext.load(b.event, on: db), let rule = context.workshops.first {
                for i in 0..<8 {
                    let f = form(
                        i, workshop: { _ in [rule.fieldName: [rule.alternatives[i % rule.alternatives.count].uuidString]] },
                        context: context)
                    _ = try await RegistrationService.register(
                        f, source: i == 5 ? .paper : .online, actor: .system, context: context, on: db,
                        environment: environment, enforceWindow: false)
                }
            }
            created += 1
        }
        if try await Event.query(on: db).filter(\.$slug == approvalSlug).count() == 0, let owner = ids["rops-poznan"] {
            let b = DemoEvents.Builder(db: db, owner: owner, organisations: ids, storage: storage)
            let day = today.adding(days: 30)
            try await b.event(
                slug: approvalSlug, title: "CUS krok po kroku – spotkanie dla gmin planujących centrum usług społecznych",
                kind: .informationMeeting,
                startDay: day.iso, endDay: day.iso
            ) { e in
                e.subtitle = "wydarzenie demonstracyjne (fikcyjne)"
                e.venueName = "Regionalny Ośrodek Polityki Społecznej w Poznaniu"
                e.venueCity = "Poznań"
                e.voivodeship = .wielkopolskie
                e.description =
                    "Spotkanie dla wójtów, burmistrzów i kierowników OPS. Zgłoszenia zatwierdza organizator (liczba miejsc ograniczona, pierwszeństwo mają gminy z województwa wielkopolskiego)."
                e.contactName = "Zespół ds. sieci CUS (dane demonstracyjne)"
                e.contactEmail = "kongres@rops-poznan.example"
            }
            try await b.organisation(.organiser, "rops-poznan")
            let hall = try await b.room("Sala konferencyjna")
            try await b.entry(day.iso, "10:00", "12:00", .lecture, "Od OPS do CUS: kroki, dokumenty, terminy", room: hall)
            try await b.entry(day.iso, "12:15", "13:30", .debate, "Pytania gmin", room: hall)
            try await settings(
                b.event, mode: .approval, capacity: 30, opens: today.adding(days: -3), closes: day.adding(days: -5),
                reminderDays: nil,
                askDinner: false, on: db, now: environment.now)
            try await question(
                b.event, kind: .yesNo, label: "Czy rada gminy podjęła już uchwałę o utworzeniu CUS?", required: true, options: [],
                on: db)
            try await question(
                b.event, kind: .singleChoice, label: "Dojazd", required: false,
                options: [
                    Question.Option(id: "o1", label: "Autokar z Poznania", limit: 20),
                    Question.Option(id: "o2", label: "Dojazd własny"),
                ], on: db)
            // Three forms waiting for the organiser's decision.
            if let context = try await RegistrationContext.load(b.event, on: db),
                let resolution = context.questions.first?.question
            {
                for i in 0..<3 {
                    var f = form(i + 5, context: context)
                    f.answers = [resolution.fieldName: [i == 1 ? "no" : "yes"]]
                    _ = try await RegistrationService.register(
                        f, source: .online, actor: .system, context: context, on: db,
                        environment: environment, enforceWindow: false)
                }
            }
            created += 1
        }
        created += try await pastRegistrations(on: db, environment: environment)
        return created
    }

    static func settings(
        _ event: Event, mode: RegistrationMode, capacity: Int?, opens: CalendarDay?, closes: CalendarDay?, reminderDays: Int?,
        askDinner: Bool,
        on db: any Database, now: Date
    ) async throws {
        func at(_ day: CalendarDay?, _ time: String) -> Date? {
            guard let day, case .exact(let d) = WallClock.resolve(day: day, time: TimeOfDay(time)!) else { return nil }
            return d
        }
        let s = RegistrationSettings(
            organisationID: event.$organisation.id,
            eventID: try event.requireID(),
            enabled: true,
            mode: mode,
            capacity: capacity,
            opensAt: at(opens, "00:00"),
            closesAt: at(closes, "23:59"),
            waitlistEnabled: true,
            promotionMode: .automatic,
            offerHours: 48,
            askDietary: true,
            askAccessibility: true,
            askDinner: askDinner,
            reminderDays: reminderDays
        )
        try await s.create(on: db)
        let consent = ConsentText(
            organisationID: event.$organisation.id,
            eventID: try event.requireID(),
            version: 1,
            text: RegistrationSettingsForm.defaultClause
        )
        try await consent.create(on: db)
    }

    static func question(
        _ event: Event, kind: Question.Kind, label: String, required: Bool, options: [Question.Option], on db: any Database
    ) async throws {
        let q = RegistrationQuestion(
            organisationID: event.$organisation.id,
            eventID: try event.requireID(),
            position: try await RegistrationQuestion.query(on: db).filter(\.$event.$id == event.requireID()).count() + 1,
            kind: kind,
            label: label,
            required: required,
            options: String(data: try JSONEncoder().encode(options), encoding: .utf8) ?? "[]"
        )
        try await q.create(on: db)
    }

    static let people: [(String, String, String, InstitutionType, Voivodeship)] = [
        ("Joanna", "Kalinowska", "Centrum Usług Społecznych w Czarnkowie", .cus, .wielkopolskie),
        ("Marek", "Urbański", "Gminny Ośrodek Pomocy Społecznej (fikcyjny)", .ops, .lubuskie),
        ("Aneta", "Wróblewska", "Miejski Ośrodek Pomocy Społecznej (fikcyjny)", .ops, .swietokrzyskie),
        ("Piotr", "Sosnowski", "Powiatowe Centrum Pomocy Rodzinie (fikcyjne)", .pcpr, .mazowieckie),
        ("Katarzyna", "Ostrowska", "Fundacja „Pod Lipami” (fikcyjna)", .ngo, .wielkopolskie),
        ("Tadeusz", "Mroczek", "Urząd Gminy (fikcyjny)", .localGovernment, .opolskie),
        ("Monika", "Gajewska", "Centrum Usług Społecznych w Elblągu", .cus, .warminskoMazurskie),
        ("Rafał", "Jabłoński", "Regionalny Ośrodek Polityki Społecznej (fikcyjny)", .rops, .lubelskie),
        ("Ilona", "Pawlak", "Centrum Usług Społecznych w Goleniowie", .cus, .zachodniopomorskie),
        ("Sebastian", "Dudek", "Gminny Ośrodek Pomocy Społecznej (fikcyjny)", .ops, .podkarpackie),
    ]

    static func form(
        _ index: Int, workshop: (RegistrationContext) -> [String: [String]] = { _ in [:] }, context: RegistrationContext
    ) -> ParticipantForm {
        let p = people[index % people.count]
        var f = ParticipantForm()
        f.firstName = p.0
        f.lastName = p.1
        f.email =
            "\(p.0).\(p.1)".lowercased().folding(options: .diacriticInsensitive, locale: Locale(identifier: "pl_PL"))
            .replacingOccurrences(of: "ł", with: "l") + "@uczestnik.example"
        f.institution = p.2
        f.institutionType = p.3.rawValue
        f.voivodeship = p.4.rawValue
        f.consentRodo = true
        f.consentList = index % 2 == 0
        f.workshops = workshop(context)
        return f
    }

    /// Registrations in every state for the II Congress (automatic, small capacity, three
    /// workshops) and the Opole meeting (approval mode).
    static func pastRegistrations(on db: any Database, environment: RegistrationService.Environment) async throws -> Int {
        var created = 0
        if let congress = try await Event.query(on: db).filter(\.$slug == "ii-kongres-centrow-uslug-spolecznych-2022").first(),
            try await RegistrationSettings.query(on: db).filter(\.$event.$id == congress.requireID()).count() == 0
        {
            try await settings(
                congress, mode: .automatic, capacity: 6, opens: nil, closes: nil, reminderDays: nil, askDinner: true, on: db,
                now: environment.now)
            guard let context = try await RegistrationContext.load(congress, on: db) else { return created }
            let rule = context.workshops.first
            for i in 0..<8 {
                var f = form(
                    i,
                    workshop: { _ in rule.map { [$0.fieldName: [$0.alternatives[i % $0.alternatives.count].uuidString]] } ?? [:]
                    }, context: context)
                f.dinner = i % 3 == 0 ? "no" : "yes"
                _ = try await RegistrationService.register(
                    f, source: i % 4 == 0 ? .paper : .online, actor: .system, context: context, on: db, environment: environment,
                    enforceWindow: false)
            }
            // One confirmed participant cancels: the first on the waiting list moves up.
            if let first = try await Registration.query(on: db).filter(\.$event.$id == congress.requireID()).filter(
                \.$state == .confirmed
            ).sort(\.$sequence).first() {
                try await RegistrationService.cancel(
                    try first.requireID(), reason: "Anulowane przez uczestnika.", actor: .participant, context: context, on: db,
                    environment: environment)
            }
            created += 1
        }
        if let opole = try await Event.query(on: db).filter(\.$slug == "cus-zintegrowany-system-uslug-opole-2023").first(),
            try await RegistrationSettings.query(on: db).filter(\.$event.$id == opole.requireID()).count() == 0
        {
            try await settings(
                opole, mode: .approval, capacity: 40, opens: nil, closes: nil, reminderDays: nil, askDinner: false, on: db,
                now: environment.now)
            guard let context = try await RegistrationContext.load(opole, on: db) else { return created }
            var ids: [UUID] = []
            for i in 0..<5 {
                // Approval mode: online forms wait; two came by e-mail and were typed in by the organiser.
                let created = try await RegistrationService.register(
                    form(i + 3, context: context), source: i < 3 ? .online : .email, actor: .system,
                    context: context, on: db, environment: environment, enforceWindow: false)
                ids.append(try created.registration.requireID())
            }
            try await RegistrationService.accept(ids[0], actor: .system, context: context, on: db, environment: environment)
            try await RegistrationService.reject(
                ids[1], reason: "Spotkanie jest przeznaczone dla gmin z województwa opolskiego.", actor: .system,
                context: context, on: db, environment: environment)
            created += 1
        }
        return created
    }
}

import Fluent
import Foundation
import OpenCUSCore

/// The II Congress after the fact: more participants (capacity raised to 60), both days
/// checked in at two desks (including walk-ins), certificates issued, an evaluation survey with
/// answers, and a published report with a gallery of generated illustrations (with alt texts).
/// Everyone is invented, on the reserved `.example` domain.
enum DemoEventDay {
    static let slug = "ii-kongres-centrow-uslug-spolecznych-2022"

    static let women = ["Agnieszka", "Ewa", "Żaneta", "Łucja", "Katarzyna", "Zofia", "Celina", "Olga"]
    static let men = ["Łukasz", "Stanisław", "Piotr", "Ludwik", "Tadeusz", "Marek"]
    /// (her surname, his surname): Ł, Ś, Ź, Ż and Ć at the start test the attendance lists' order.
    static let surnames: [(String, String)] = [
        ("Łęcka", "Łęcki"), ("Lewandowska", "Lewandowski"), ("Śliwa", "Śliwa"), ("Sowa", "Sowa"),
        ("Żak", "Żak"), ("Zając", "Zając"), ("Ćwik", "Ćwik"), ("Cieślak", "Cieślak"), ("Nowak", "Nowak"),
        ("Ostrowska", "Ostrowski"),
        ("Adamczyk", "Adamczyk"), ("Bąk", "Bąk"), ("Łuczak", "Łuczak"), ("Szymańska", "Szymański"), ("Źrebiec", "Źrebiec"),
        ("Wójcik", "Wójcik"),
    ]
    static let institutions: [(String, InstitutionType, Voivodeship)] = [
        ("Centrum Usług Społecznych w Starachowicach", .cus, .swietokrzyskie),
        ("Miejski Ośrodek Pomocy Rodzinie (fikcyjny)", .ops, .swietokrzyskie),
        ("Centrum Usług Społecznych w Jaśminowie", .cus, .wielkopolskie),
        ("Regionalny Ośrodek Polityki Społecznej (fikcyjny)", .rops, .swietokrzyskie),
        ("Stowarzyszenie Razem (fikcyjne)", .ngo, .mazowieckie),
        ("Gminny Ośrodek Pomocy Społecznej (fikcyjny)", .ops, .malopolskie),
    ]

    static func load(on db: any Database, storage: FileStorage, environment: RegistrationService.Environment) async throws {
        guard let event = try await Event.query(on: db).filter(\.$slug == slug).first(),
            try await EventAttendance.query(on: db).filter(\.$event.$id == event.requireID()).count() == 0,
            let settings = try await RegistrationSettings.query(on: db).filter(\.$event.$id == event.requireID()).first()
        else { return }
        settings.capacity = 60
        try await settings.save(on: db)
        guard let context = try await RegistrationContext.load(event, on: db) else { return }
        try await RegistrationService.promote(context, on: db, environment: environment)
        let rule = context.workshops.first
        for i in 0..<32 {
            var f = ParticipantForm()
            let woman = i % 3 != 2
            let surname = surnames[(i * 5) % surnames.count]
            f.firstName = woman ? women[i % women.count] : men[i % men.count]
            f.lastName = woman ? surname.0 : surname.1
            f.email = "uczestnik\(i + 1).kongres@uczestnik.example"
            let place = institutions[i % institutions.count]
            (f.institution, f.institutionType, f.voivodeship) = (place.0, place.1.rawValue, place.2.rawValue)
            f.consentRodo = true
            f.consentImage = i % 7 != 3
            f.consentList = i % 2 == 0
            f.dinner = "no"
            if let rule { f.workshops = [rule.fieldName: [rule.alternatives[i % rule.alternatives.count].uuidString]] }
            _ = try await RegistrationService.register(
                f, source: i < 30 ? .online : .onSite, actor: .system, context: context, on: db,
                environment: environment, enforceWindow: false)
        }
        // Two desks on both days: most people came both days, some only on the first.
        let confirmed = AttendanceListController.sorted(
            try await Registration.query(on: db).filter(\.$event.$id == event.requireID()).filter(\.$state == .confirmed).all())
        for (i, r) in confirmed.enumerated() {
            let at = environment.now
            if i % 9 != 4 {
                try await CheckInController.mark(
                    r, day: event.startDay, by: i % 2 == 0 ? "Recepcja 1" : "Recepcja 2", now: at, on: db)
            }
            if i % 5 != 2 {
                try await CheckInController.mark(
                    r, day: event.endDay, by: i % 2 == 0 ? "Recepcja 1" : "Recepcja 2", now: at, on: db)
            }
        }
        let certificateSettings = CertificateSettings(
            organisationID: event.$organisation.id,
            eventID: try event.requireID(),
            registerCode: "CUS-STARACHOWICE",
            signatoryName: "Anna Przykładowa (postać fikcyjna)",
            signatoryFunction: "Dyrektor Centrum Usług Społecznych",
            issuePlace: "Starachowice",
            topics: "",
            requirePesel: false
        )
        try await certificateSettings.create(on: db)
        _ = try await CertificateService.issue(
            event, registrationIDs: nil, settings: certificateSettings, actor: "Biuro Kongresu", now: environment.now, on: db)

        let survey = EventSurvey(
            organisationID: event.$organisation.id,
            eventID: try event.requireID(),
            intro: "Dziękujemy za udział w Kongresie. Ankieta zajmie około trzech minut.",
            questions: [
                SurveyQuestion(id: "q1", kind: .scale, text: "Jak ogólnie oceniasz Kongres?", required: true),
                SurveyQuestion(id: "q2", kind: .scale, text: "Jak oceniasz warsztaty drugiego dnia?"),
                SurveyQuestion(
                    id: "q3", kind: .single, text: "Czy wiedza z Kongresu przyda się w Twojej pracy?",
                    options: ["Tak, bardzo", "Raczej tak", "Raczej nie", "Nie"]),
                SurveyQuestion(
                    id: "q4", kind: .multiple, text: "Które tematy chcesz pogłębić?",
                    options: ["IPUS", "Organizowanie społeczności lokalnej", "Zlecanie usług", "Monitorowanie usług"]),
                SurveyQuestion(id: "q5", kind: .text, text: "Co możemy poprawić w kolejnej edycji?"),
            ],
            open: true
        )
        try await survey.create(on: db)
        let present = try await CertificateService.eligible(try event.requireID(), on: db)
        let remarks = [
            "Więcej czasu na pytania z sali.", "Materiały warto wysłać przed warsztatami.",
            "Bardzo dobra organizacja, dziękujemy.",
        ]
        for (i, e) in present.prefix(22).enumerated() {
            let answers = SurveyAnswers(
                [
                    "q1": [String([5, 4, 5, 3, 4, 5][i % 6])], "q2": [String([4, 5, 3, 4][i % 4])],
                    "q3": [String([0, 1, 0, 2][i % 4])],
                    "q4": i % 3 == 0 ? ["0", "2"] : ["1"],
                ].merging(i % 7 == 0 ? ["q5": [remarks[(i / 7) % remarks.count]]] : [:]) { a, _ in a })
            _ = try await SurveyController.submit(answers, registration: e.registration, on: db)
        }

        let summary = """
            II Kongres Centrów Usług Społecznych zgromadził przedstawicieli centrów usług społecznych, ośrodków pomocy społecznej, ROPS i organizacji pozarządowych.

            **Najważniejsze wnioski:**

            - centra potrzebują stabilnego finansowania po zakończeniu pilotażu,
            - indywidualne plany usług społecznych sprawdzają się, gdy koordynator ma czas na rozmowę z mieszkańcem,
            - zlecanie usług organizacjom pozarządowym wymaga prostych, powtarzalnych procedur.

            Kongres zakończył się podsumowaniem, wnioskami i wręczeniem zaświadczeń. (Relacja demonstracyjna – dane fikcyjne.)
            """
        let report = EventReport(
            organisationID: event.$organisation.id, eventID: try event.requireID(), summary: summary,
            publishedAt: environment.now, consentCheckedAt: environment.now, consentCheckedBy: "Biuro Kongresu")
        try await report.create(on: db)
        let scenes: [(String, String, (UInt8, UInt8, UInt8))] = [
            (
                "Ilustracja: sala plenarna z rzędami krzeseł i sceną, na której stoi mównica",
                "Otwarcie Kongresu w sali Bruksela", (40, 90, 160)
            ),
            (
                "Ilustracja: panel dyskusyjny – cztery osoby przy stole na scenie",
                "Panel o rozwoju i integracji usług społecznych", (120, 60, 140)
            ),
            (
                "Ilustracja: warsztat – grupa osób przy okrągłym stole z kartkami",
                "Warsztat o indywidualnych planach usług społecznych", (30, 120, 80)
            ),
            ("Ilustracja: przerwa kawowa w holu hotelu", "", (150, 100, 40)),
            ("Ilustracja: wręczenie zaświadczeń uczestnikom na scenie", "Podsumowanie i zaświadczenia", (170, 50, 50)),
            ("Ilustracja: wspólne zdjęcie uczestników przed hotelem", "Do zobaczenia na III Kongresie!", (60, 60, 60)),
        ]
        for (index, scene) in scenes.enumerated() {
            let (r, g, b) = scene.2
            let bytes = DemoFiles.png(width: 200, height: 125) { x, y in
                // Sky, a floor line and a band of "people": enough to tell the pictures apart.
                if y > 90 { return (r / 2, g / 2, b / 2) }
                if y > 70 && (x / 12) % 2 == 0 { return (230, 200, 160) }
                let shade = UInt8(min(255, 150 + y))
                return (UInt8(min(255, Int(r) + y)), UInt8(min(255, Int(g) + y / 2)), shade)
            }
            let photo = EventPhoto(
                organisationID: event.$organisation.id,
                eventID: try event.requireID(),
                storageKey: try storage.save(bytes),
                contentType: "image/png",
                size: bytes.count,
                alt: scene.0,
                caption: scene.1,
                position: index + 1,
                createdAt: environment.now
            )
            try await photo.create(on: db)
        }
        _ = try await ThanksMailer.send(event, baseURL: environment.baseURL, now: environment.now, on: db)
    }
}

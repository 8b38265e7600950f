import Fluent
import OpenCUSCore
import Vapor

/// The demo data set: the real institutions of the CUS network's congresses and meetings (with invented
/// contact details on the reserved `.example` domain, so no demo mail can reach a real inbox),
/// one fictional gmina with its CUS for the services side, and one account per role.
/// Loading it twice changes nothing: every row is looked up by its natural key first.
enum DemoData {
    static let password = "demo-opencus-2026"

    struct Account: Sendable {
        let email: String
        let name: String
        let organisation: String
        let role: Role
    }

    static let accounts: [Account] = [
        .init(email: "admin@rops-poznan.example", name: "Halina Przybylska", organisation: "rops-poznan", role: .admin),
        .init(
            email: "wydarzenia@rops-poznan.example", name: "Tomasz Kwiatkowski", organisation: "rops-poznan",
            role: .eventOrganiser),
        .init(email: "szkolenia@rops-opole.example", name: "Marta Kowalczyk", organisation: "rops-opole", role: .eventOrganiser),
        .init(
            email: "kongres@cus-starachowice.example", name: "Beata Sobczak", organisation: "cus-starachowice",
            role: .eventOrganiser),
        .init(
            email: "recepcja@cus-starachowice.example", name: "Kamil Jaworski", organisation: "cus-starachowice", role: .eventDesk
        ),
        .init(email: "dyrektor@cus-jasminowo.example", name: "Barbara Zielińska", organisation: "cus-jasminowo", role: .director),
        .init(
            email: "wydarzenia@cus-jasminowo.example", name: "Joanna Pawlak", organisation: "cus-jasminowo", role: .eventOrganiser
        ),
        .init(
            email: "organizator@cus-jasminowo.example", name: "Paweł Nowicki", organisation: "cus-jasminowo",
            role: .servicesOrganiser),
        .init(
            email: "koordynator@cus-jasminowo.example", name: "Agnieszka Wójcik", organisation: "cus-jasminowo",
            role: .ipusCoordinator),
        .init(
            email: "koordynator2@cus-jasminowo.example", name: "Marek Dąbrowski", organisation: "cus-jasminowo",
            role: .ipusCoordinator),
        .init(
            email: "osl@cus-jasminowo.example", name: "Krzysztof Mazur", organisation: "cus-jasminowo", role: .communityOrganiser),
        .init(
            email: "realizator@pod-lipami.example", name: "Ewa Kaczmarek", organisation: "fundacja-pod-lipami",
            role: .providerStaff),
        .init(email: "analityk@cus-jasminowo.example", name: "Michał Lewandowski", organisation: "cus-jasminowo", role: .analyst),
        .init(email: "iod@cus-jasminowo.example", name: "Renata Sikora", organisation: "cus-jasminowo", role: .dpo),
        .init(email: "iod@rops-poznan.example", name: "Grzegorz Wrona", organisation: "rops-poznan", role: .dpo),
        .init(email: "analityk@rops-poznan.example", name: "Dorota Szymańska", organisation: "rops-poznan", role: .analyst),
    ]

    struct OrganisationSeed: Sendable {
        let slug: String
        let name: String
        let kind: OrganisationKind
        let voivodeship: Voivodeship?
        let city: String?
        var street: String? = nil
        var postcode: String? = nil
        var email: String? = nil
        var phone: String? = nil
        var website: String? = nil
        var officeHours: String? = nil
        var accentColour: String? = nil
        var isOperator = false
    }

    static let organisations: [OrganisationSeed] = [
        .init(
            slug: "rops-poznan", name: "Regionalny Ośrodek Polityki Społecznej w Poznaniu", kind: .rops,
            voivodeship: .wielkopolskie, city: "Poznań", email: "kontakt@rops-poznan.example", phone: "+48 61 000 00 00",
            isOperator: true),
        .init(
            slug: "rops-zielona-gora", name: "Regionalny Ośrodek Polityki Społecznej w Zielonej Górze", kind: .rops,
            voivodeship: .lubuskie, city: "Zielona Góra"),
        .init(
            slug: "rops-opole", name: "Regionalny Ośrodek Polityki Społecznej w Opolu", kind: .rops, voivodeship: .opolskie,
            city: "Opole"),
        .init(
            slug: "rops-kielce", name: "Regionalny Ośrodek Polityki Społecznej w Kielcach", kind: .rops,
            voivodeship: .swietokrzyskie, city: "Kielce"),
        .init(
            slug: "rops-rzeszow", name: "Regionalny Ośrodek Polityki Społecznej w Rzeszowie", kind: .rops,
            voivodeship: .podkarpackie, city: "Rzeszów"),
        .init(
            slug: "rops-lublin", name: "Regionalny Ośrodek Polityki Społecznej w Lublinie", kind: .rops, voivodeship: .lubelskie,
            city: "Lublin"),
        .init(
            slug: "rops-torun", name: "Regionalny Ośrodek Polityki Społecznej w Toruniu", kind: .rops,
            voivodeship: .kujawskoPomorskie, city: "Toruń"),
        .init(
            slug: "rops-szczecin", name: "Regionalny Ośrodek Polityki Społecznej w Szczecinie", kind: .rops,
            voivodeship: .zachodniopomorskie, city: "Szczecin"),
        .init(slug: "gmina-jarocin", name: "Gmina Jarocin", kind: .gminaOffice, voivodeship: .wielkopolskie, city: "Jarocin"),
        .init(
            slug: "krajowe-forum-cus", name: "Krajowe Forum Centrów Usług Społecznych", kind: .association, voivodeship: nil,
            city: nil),
        .init(slug: "forum-cus", name: "Forum Centrów Usług Społecznych", kind: .association, voivodeship: nil, city: nil),
        .init(
            slug: "gmina-starachowice", name: "Gmina Starachowice", kind: .gminaOffice, voivodeship: .swietokrzyskie,
            city: "Starachowice"),
        .init(
            slug: "cus-starachowice", name: "Centrum Usług Społecznych w Starachowicach", kind: .cus,
            voivodeship: .swietokrzyskie, city: "Starachowice"),
        .init(
            slug: "powiat-starachowicki", name: "Powiat Starachowicki", kind: .other, voivodeship: .swietokrzyskie,
            city: "Starachowice"),
        .init(slug: "irpius", name: "Instytut Rozwoju Profesji i Usług Społecznych", kind: .other, voivodeship: nil, city: nil),
        .init(
            slug: "koowes", name: "Kielecko-Ostrowiecki Ośrodek Wsparcia Ekonomii Społecznej", kind: .provider,
            voivodeship: .swietokrzyskie, city: nil),
        .init(
            slug: "razem", name: "Ogólnopolskie Stowarzyszenie Miejskich i Gminnych Ośrodków Pomocy Społecznej „RAZEM”",
            kind: .association, voivodeship: nil, city: nil),
        .init(
            slug: "cus-goleniow", name: "Centrum Usług Społecznych w Goleniowie", kind: .cus, voivodeship: .zachodniopomorskie,
            city: "Goleniów"),
        .init(
            slug: "cus-wiazowna", name: "Centrum Usług Społecznych w Wiązownie", kind: .cus, voivodeship: .mazowieckie,
            city: "Wiązowna"),
        .init(
            slug: "cus-belzyce", name: "Centrum Usług Społecznych w Bełżycach", kind: .cus, voivodeship: .lubelskie,
            city: "Bełżyce"),
        .init(
            slug: "cus-czarnkow", name: "Centrum Usług Społecznych w Czarnkowie", kind: .cus, voivodeship: .wielkopolskie,
            city: "Czarnków"),
        .init(
            slug: "cus-elblag", name: "Centrum Usług Społecznych w Elblągu", kind: .cus, voivodeship: .warminskoMazurskie,
            city: "Elbląg"),
        .init(
            slug: "cus-gogolin", name: "Centrum Usług Społecznych w Gogolinie", kind: .cus, voivodeship: .opolskie,
            city: "Gogolin"),
        .init(
            slug: "cus-tarnow", name: "Centrum Usług Społecznych w Tarnowie", kind: .cus, voivodeship: .malopolskie,
            city: "Tarnów"),
        // Fictional: the services side of the demo (residents, applications, IPUS) lives here.
        .init(
            slug: "gmina-jasminowo", name: "Gmina Jaśminowo (fikcyjna)", kind: .gminaOffice, voivodeship: .wielkopolskie,
            city: "Jaśminowo", street: "ul. Lipowa 1", postcode: "62-999", email: "urzad@jasminowo.example"),
        .init(
            slug: "cus-jasminowo", name: "Centrum Usług Społecznych w Jaśminowie (fikcyjne)", kind: .cus,
            voivodeship: .wielkopolskie, city: "Jaśminowo", street: "ul. Ogrodowa 5", postcode: "62-999",
            email: "cus@jasminowo.example", phone: "+48 62 000 00 00",
            officeHours: "poniedziałek–piątek 7:30–15:30, we wtorki do 17:00", accentColour: "#1d5c3a"),
        .init(
            slug: "fundacja-pod-lipami", name: "Fundacja „Pod Lipami” (fikcyjna)", kind: .provider,
            voivodeship: .wielkopolskie, city: "Jaśminowo", email: "biuro@pod-lipami.example"),
        .init(
            slug: "stowarzyszenie-sasiedzka-dlon", name: "Stowarzyszenie „Sąsiedzka Dłoń” (fikcyjne)", kind: .provider,
            voivodeship: .wielkopolskie, city: "Jaśminowo", email: "kontakt@sasiedzka-dlon.example"),
        .init(
            slug: "spoldzielnia-dobra-strawa", name: "Spółdzielnia Socjalna „Dobra Strawa” (fikcyjna)", kind: .provider,
            voivodeship: .wielkopolskie, city: "Jaśminowo", email: "zamowienia@dobra-strawa.example"),
        .init(
            slug: "osir-jasminowo", name: "Ośrodek Sportu i Rekreacji w Jaśminowie (fikcyjny)", kind: .other,
            voivodeship: .wielkopolskie, city: "Jaśminowo", street: "ul. Sportowa 3", postcode: "62-999"),
    ]

    struct Summary: Sendable {
        var organisationsCreated = 0
        var usersCreated = 0
        var membershipsCreated = 0
        var statementCreated = false
        var eventsCreated = 0
        var registrationSetsCreated = 0
    }

    /// `applications`: how many demo applications CUS Jaśminowo gets (tests use fewer: every test
    /// loads the demo, and one test loads the full set).
    @discardableResult
    static func load(on app: Application, applications: Int = DemoIntake.count) async throws -> Summary {
        let db = app.db
        var summary = Summary()
        var ids: [String: UUID] = [:]
        for seed in organisations {
            if let existing = try await Organisation.query(on: db).filter(\.$slug == seed.slug).first() {
                ids[seed.slug] = try existing.requireID()
                continue
            }
            guard let slug = Slug(seed.slug) else { continue }
            let operatorExists = try await Organisation.query(on: db).filter(\.$isOperator == true).count() > 0
            let organisation = Organisation(
                slug: slug, name: seed.name, kind: seed.kind, voivodeship: seed.voivodeship, street: seed.street,
                postcode: seed.postcode, city: seed.city, email: seed.email, phone: seed.phone, website: seed.website,
                officeHours: seed.officeHours, accentColour: seed.accentColour, isOperator: seed.isOperator && !operatorExists)
            try await organisation.create(on: db)
            ids[seed.slug] = try organisation.requireID()
            summary.organisationsCreated += 1
        }

        var sharedHash: String?
        for account in accounts {
            let user: User
            if let existing = try await User.query(on: db).filter(\.$email == account.email).first() {
                user = existing
            } else {
                if sharedHash == nil {
                    sharedHash = try await Passwords.hash(password, cost: app.config.passwordHashCost, on: app)
                }
                user = User(email: account.email, name: account.name, passwordHash: sharedHash!)
                try await user.create(on: db)
                summary.usersCreated += 1
            }
            guard let organisationID = ids[account.organisation] else { continue }
            let userID = try user.requireID()
            let exists =
                try await Membership.query(on: db)
                .filter(\.$user.$id == userID).filter(\.$organisation.$id == organisationID).filter(\.$role == account.role)
                .count() > 0
            if !exists {
                try await Membership(userID: userID, organisationID: organisationID, role: account.role).create(on: db)
                summary.membershipsCreated += 1
            }
        }

        if let operatorID = ids["rops-poznan"],
            try await AccessibilityStatement.scoped(to: operatorID, on: db).count() == 0
        {
            try await AccessibilityStatement(
                organisationID: operatorID, form: demoStatement, days: demoStatement.days!,
                updatedByUserID: nil
            ).create(on: db)
            summary.statementCreated = true
        }
        // The demo organisations keep event registrations for five years, so that the archived
        // demo events (2022–2025) keep their participants until the demo data itself ages out.
        for id in ids.values where try await RetentionRule.scoped(to: id, on: db).count() == 0 {
            let rule = RetentionRule(
                organisationID: id,
                recordType: .registrations,
                months: 60
            )
            try await rule.create(on: db)
        }
        try await DemoServices.load(on: db, organisations: ids)
        try await DemoIntake.load(on: app, organisations: ids, count: applications)
        try await DemoActivities.load(on: app, organisations: ids)
        try await DemoIpus.load(on: app, organisations: ids)
        try await DemoConsultations.load(on: app, organisations: ids)
        try await DemoDiagnosis.load(on: app, organisations: ids)
        try await DemoSurveys.load(on: app, organisations: ids)
        try await DemoCommunityPlan.load(on: app, organisations: ids)
        try await DemoInsight.load(on: app, organisations: ids)
        summary.eventsCreated = try await DemoEvents.load(
            on: db, organisations: ids, storage: FileStorage(dataDirectory: app.config.dataDirectory))
        summary.registrationSetsCreated = try await DemoRegistrations.load(
            on: db, organisations: ids, storage: FileStorage(dataDirectory: app.config.dataDirectory),
            environment: .init(now: app.clock.now(), baseURL: app.config.baseURL))
        try await DemoEventDay.load(
            on: db, storage: FileStorage(dataDirectory: app.config.dataDirectory),
            environment: .init(now: app.clock.now(), baseURL: app.config.baseURL))
        return summary
    }

    static let demoStatement = StatementForm(
        entityName: "Regionalny Ośrodek Polityki Społecznej w Poznaniu",
        publishedOn: "2026-01-15",
        updatedOn: "2026-11-02",
        preparedOn: "2026-01-15",
        reviewedOn: "2026-03-20",
        status: ComplianceStatus.partial.rawValue,
        nonCompliance: """
            Niektóre treści nie są jeszcze dostępne cyfrowo:

            - część dokumentów PDF opublikowanych przez organizatorów wydarzeń przed 2026 r. nie ma struktury nagłówków,
            - nagrania z wcześniejszych kongresów nie mają napisów dla osób niesłyszących.

            Dokumenty są stopniowo zastępowane wersjami dostępnymi. Na prośbę udostępnimy je w innej formie.
            """,
        exemptions: "Mapy wydarzeń są wyłączone z obowiązku zapewniania dostępności; adres każdego miejsca podajemy tekstem.",
        assessment:
            "Deklarację sporządzono na podstawie samooceny przeprowadzonej przez podmiot publiczny, wspartej automatycznym badaniem narzędziem axe-core.",
        contactName: "Zespół ds. dostępności (dane demonstracyjne)",
        contactEmail: "dostepnosc@rops-poznan.example",
        contactPhone: "+48 61 000 00 01",
        procedure: """
            Każdy ma prawo do wystąpienia z żądaniem zapewnienia dostępności cyfrowej strony internetowej lub jakiegoś jej elementu. Można także zażądać udostępnienia informacji za pomocą alternatywnego sposobu dostępu, na przykład przez odczytanie niedostępnego cyfrowo dokumentu lub opisanie zawartości filmu bez audiodeskrypcji.

            Żądanie powinno zawierać dane osoby zgłaszającej żądanie, wskazanie, o którą stronę internetową chodzi, oraz sposób kontaktu. Jeżeli osoba żądająca zgłasza potrzebę otrzymania informacji za pomocą alternatywnego sposobu dostępu, powinna także określić dogodny dla niej sposób przedstawienia tej informacji.

            Podmiot publiczny powinien zrealizować żądanie niezwłocznie, nie później niż w ciągu 7 dni od dnia wystąpienia z żądaniem. Jeżeli dotrzymanie tego terminu nie jest możliwe, podmiot publiczny niezwłocznie informuje o tym wnoszącego żądanie, kiedy realizacja żądania będzie możliwa, przy czym termin ten nie może być dłuższy niż 2 miesiące od dnia wystąpienia z żądaniem.

            Po wyczerpaniu wskazanej wyżej procedury można także złożyć wniosek do Rzecznika Praw Obywatelskich.
            """,
        architecture: """
            Budynek (dane demonstracyjne) ma wejście od strony parkingu bez progów oraz windę obsługującą wszystkie piętra.

            - Przy wejściu jest pętla indukcyjna.
            - Do budynku można wejść z psem asystującym.
            - Na parterze znajduje się toaleta dostosowana do potrzeb osób z niepełnosprawnościami.
            """,
        mobileApps: "Podmiot nie udostępnia aplikacji mobilnych.",
        shortcuts:
            "Na każdej stronie pierwszy klawisz Tab przenosi do odnośnika „Przejdź do treści”. Strona korzysta ze standardowych skrótów przeglądarki."
    )
}

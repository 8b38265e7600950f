import Fluent
import Foundation
import OpenCUSCore
import Vapor

/// CUS Jaśminowo's consultations: the draft diagnosis of 2026, open now, with comments from
/// every channel; and the programme of services, consulted two months ago, with its report.
enum DemoConsultations {
    static let diagnosis = """
        # Wprowadzenie

        Diagnoza potrzeb i potencjału wspólnoty samorządowej Gminy Jaśminowo w zakresie usług społecznych powstała na podstawie ustawy z dnia 19 lipca 2019 r. o realizowaniu usług społecznych przez centrum usług społecznych. Jest podstawą programu usług społecznych na lata 2027–2030.

        Wykorzystaliśmy dane GUS, dane centrum, ankietę wśród mieszkańców (312 ankiet, w tym 74 papierowe) oraz pięć wywiadów grupowych.

        # Sytuacja społeczna i demograficzna

        Gminę zamieszkuje 12 400 osób, w tym 2 610 w wieku 65 lat i więcej (21 %). W ciągu pięciu lat liczba seniorów wzrosła o 14 %.

        Co trzecie gospodarstwo domowe osób starszych to gospodarstwo jednoosobowe. W sołectwach Lipowo i Dębina najbliższy przystanek autobusowy jest oddalony o ponad 2 km.

        # Potrzeby w obszarach usług społecznych

        **Wspieranie rodziny.** Rodzice dzieci w wieku szkolnym wskazują brak popołudniowych zajęć i wsparcia psychologicznego dla nastolatków.

        **Pomoc społeczna i usługi opiekuńcze.** Na usługi opiekuńcze w domu czeka 18 osób; średni czas oczekiwania wynosi 47 dni.

        **Wspieranie osób niepełnosprawnych.** Opiekunowie osób z niepełnosprawnościami potrzebują opieki wytchnieniowej, szczególnie w weekendy.

        **Ochrona zdrowia psychicznego.** Mieszkańcy wskazują długi czas oczekiwania na wizytę u psychologa (ponad 3 miesiące).

        # Zasoby i potencjał

        W gminie działa 14 organizacji pozarządowych, w tym Fundacja „Pod Lipami” i Stowarzyszenie „Sąsiedzka Dłoń”, oraz 3 koła gospodyń wiejskich. W bazie wolontariatu jest 46 osób.

        Gmina dysponuje świetlicami w 6 sołectwach; 4 z nich nie są dostępne dla osób poruszających się na wózku.

        # Wnioski i rekomendacje

        1. Rozwinąć usługi opiekuńcze i skrócić czas oczekiwania do 30 dni.
        2. Uruchomić opiekę wytchnieniową w formie dziennej i weekendowej.
        3. Zorganizować dowóz na zajęcia dla mieszkańców sołectw bez komunikacji.
        4. Dostosować dwie świetlice wiejskie do potrzeb osób z niepełnosprawnościami.
        """

    static let programme = """
        # Postanowienia ogólne

        Program usług społecznych Gminy Jaśminowo określa usługi dostępne dla mieszkańców, zasady dostępu, limity miejsc i odpłatność.

        # Usługi

        Usługi opiekuńcze w miejscu zamieszkania: 40 miejsc, odpłatność według dochodu.

        Klub seniora „Pod Lipami”: 30 miejsc, bezpłatnie.

        Poradnictwo psychologiczne: 10 godzin tygodniowo, bezpłatnie.

        # Monitorowanie

        Centrum co roku ocenia realizację programu i przedstawia ją radzie gminy.
        """

    static func load(on app: Application, organisations ids: [String: UUID]) async throws {
        let db = app.db
        guard let cusID = ids["cus-jasminowo"], try await ConsultationRound.scoped(to: cusID, on: db).count() == 0,
            let osl = try await User.query(on: db).filter(\.$email == "osl@cus-jasminowo.example").first(),
            let cus = try await Organisation.find(cusID, on: db)
        else { return }
        let actor = AuditActor(userID: osl.id, name: osl.name, organisationID: cusID, roles: [.communityOrganiser], address: nil)
        let now = app.clock.now()
        let today = CalendarDay(now, in: WallClock.warsaw)

        // The programme, consulted two months ago; its report is published.
        let past = ConsultationRound(
            organisationID: cusID, subject: "Projekt programu usług społecznych Gminy Jaśminowo na lata 2025–2026",
            aim: "Zebranie opinii mieszkańców i organizacji o projekcie programu przed jego uchwaleniem przez radę gminy.",
            scope: "cała gmina", documentTitle: "Program usług społecznych 2025–2026 (projekt)", document: programme,
            firstDay: today.adding(days: -64), lastDay: today.adding(days: -57), online: true,
            paperPlace: "sekretariat CUS, ul. Ogrodowa 5", email: "konsultacje@jasminowo.example", coordinator: osl.name,
            coordinatorContact: "tel. 62 000 00 10", orderNumber: "0050.98.2026", orderDate: today.adding(days: -70),
            resolution: "Uchwała nr XII/87/2019 Rady Gminy Jaśminowo w sprawie zasad i trybu konsultacji społecznych",
            publishWhileOpen: false, status: .announced, revision: 1, clientSalt: SecureToken.make(), reportSummary: "",
            updatedBy: osl.name, updatedAt: now, createdAt: now)
        try await past.create(on: db)
        let pastID = try past.requireID()
        try await ConsultationService.register(past, "ogłoszono konsultacje", by: osl.name, now: now, on: db)
        let pastComments: [(String?, String, CommentChannel, CommentAuthorKind, String, String?, CommentPosition, String)] = [
            (
                "2.1", "Prosimy o zwiększenie liczby miejsc w usługach opiekuńczych — na liście czeka kilkanaście osób.",
                .online, .person, "Teresa Wójcik", nil, .partlyAccepted,
                "Limit zwiększono z 32 do 40 miejsc; na więcej nie pozwala budżet na 2025 r."
            ),
            (
                "2.2", "Klub seniora powinien być czynny także w soboty.", .paper, .person, "Henryk Nowak", nil, .accepted,
                "Klub będzie czynny w dwie soboty w miesiącu."
            ),
            (
                nil, "Popieramy projekt i deklarujemy pomoc wolontariuszy.", .email, .organisation, "Maria Kowal",
                "Stowarzyszenie „Sąsiedzka Dłoń”", .accepted, "Dziękujemy; wolontariat ujęto w działaniach wspierających."
            ),
            (
                "3.1", "Proszę zbudować basen.", .online, .person, "Adam Sadowski", nil, .outsideScope,
                "Budowa basenu nie jest usługą społeczną w rozumieniu ustawy; przekazano do urzędu gminy."
            ),
        ]
        for (index, c) in pastComments.enumerated() {
            let comment = ConsultationComment(
                organisationID: cusID, roundID: pastID, number: index + 1, paragraph: c.0, body: c.1, authorKind: c.3,
                authorName: c.4, organisationName: c.5, publishName: c.5 != nil, channel: c.2,
                receivedOn: today.adding(days: -62 + index), reason: "", createdAt: now)
            try await comment.create(on: db)
            try await ConsultationService.moderate(
                try comment.requireID(), roundID: pastID, .answer(c.6, c.7), actor: actor, now: now, on: db)
        }
        try await ConsultationService.publishReport(
            pastID, revision: past.revision,
            summary:
                "W konsultacjach wpłynęły 4 uwagi: 2 przez formularz w internecie, 1 na formularzu papierowym i 1 e-mailem. Dwie uwzględniliśmy, jedną częściowo; jedna wykraczała poza zakres programu.",
            preparedBy: "\(osl.name), organizator społeczności lokalnej", actor: actor, now: now, on: db)

        // A quality standard of home care, closed a few days ago: its comments await answers.
        let closed = ConsultationRound(
            organisationID: cusID, subject: "Projekt standardu usług opiekuńczych w miejscu zamieszkania",
            aim: "Poznanie opinii osób korzystających z usług, ich rodzin i opiekunek o projekcie standardu.",
            scope: "cała gmina", documentTitle: "Standard usług opiekuńczych (projekt)",
            document: """
                # Zakres

                Standard opisuje, jak realizujemy usługi opiekuńcze: czas dojazdu, stałość opiekunki, kontakt z rodziną.

                # Wymagania

                Opiekunka przychodzi o uzgodnionej porze; spóźnienie ponad 30 minut zgłasza telefonicznie.

                Osoba korzystająca z usług ma w miarę możliwości stałą opiekunkę.
                """,
            firstDay: today.adding(days: -20), lastDay: today.adding(days: -3), online: true,
            paperPlace: "sekretariat CUS, ul. Ogrodowa 5", coordinator: "Paweł Nowicki",
            coordinatorContact: "tel. 62 000 00 12", orderNumber: "0050.105.2026", orderDate: today.adding(days: -25),
            resolution: "Uchwała nr XII/87/2019 Rady Gminy Jaśminowo w sprawie zasad i trybu konsultacji społecznych",
            publishWhileOpen: false, status: .announced, revision: 1, clientSalt: SecureToken.make(), reportSummary: "",
            updatedBy: osl.name, updatedAt: now, createdAt: now)
        try await closed.create(on: db)
        try await ConsultationService.register(closed, "ogłoszono konsultacje", by: osl.name, now: now, on: db)
        for (index, c) in [
            ("2.2", "Stała opiekunka to dla mamy najważniejsza sprawa — zmiany ją niepokoją.", CommentChannel.online),
            ("2.1", "30 minut spóźnienia to za dużo przy podawaniu leków.", CommentChannel.paper),
        ].enumerated() {
            try await ConsultationComment(
                organisationID: cusID, roundID: try closed.requireID(), number: index + 1, paragraph: c.0, body: c.1,
                authorKind: .person, authorName: index == 0 ? "Grażyna Opiekuńska" : "Tadeusz Papierowy", publishName: false,
                channel: c.2, receivedOn: today.adding(days: -10 + index), reason: "", createdAt: now
            ).create(on: db)
        }

        // The draft diagnosis of 2026, open now.
        var form = ConsultationRoundForm()
        form.subject = "Projekt diagnozy potrzeb i potencjału wspólnoty samorządowej Gminy Jaśminowo (2026)"
        form.aim =
            "Poznanie opinii mieszkańców, organizacji pozarządowych i instytucji o projekcie diagnozy, zanim stanie się podstawą programu usług społecznych na lata 2027–2030."
        form.scope = "cała gmina"
        form.documentTitle = "Diagnoza potrzeb i potencjału 2026 (projekt)"
        form.document = diagnosis
        form.firstDay = today.adding(days: -6).iso
        form.lastDay = today.adding(days: 14).iso
        form.paperPlace = "sekretariat CUS, ul. Ogrodowa 5, pn.–pt. 7:30–15:30, albo pocztą"
        form.email = "konsultacje@jasminowo.example"
        form.meetingDay = today.adding(days: -2).iso
        form.meetingTime = "17:00"
        form.meetingPlace = "świetlica wiejska w Lipowie, ul. Szkolna 2"
        form.coordinator = osl.name
        form.coordinatorContact = "tel. 62 000 00 10, konsultacje@jasminowo.example"
        form.orderNumber = "0050.112.2026"
        form.orderDate = today.adding(days: -10).iso
        form.resolution = "Uchwała nr XII/87/2019 Rady Gminy Jaśminowo w sprawie zasad i trybu konsultacji społecznych"
        let valid = try form.validate().get()
        let round = try await ConsultationService.create(form, valid, actor: actor, now: now, on: db)
        let roundID = try round.requireID()
        try await ConsultationService.announce(
            roundID, revision: round.revision, actor: actor, organisation: cus, baseURL: app.config.baseURL, now: now, on: db)
        let online: [(String, String, String)] = [
            ("3.3", "Opieka wytchnieniowa w weekendy jest najpilniejsza — sama opiekuję się synem od 20 lat.", "Joanna"),
            ("2.2", "W Dębinie autobus jeździ dwa razy dziennie; bez dowozu nie dotrzemy na zajęcia.", "Stanisław"),
            ("3.4", "Brakuje psychologa dla młodzieży w szkole.", "Karolina"),
            ("4.2", "Świetlica w Lipowie ma schody bez podjazdu.", "Wiesław"),
            ("3.1", "Zajęcia popołudniowe dla dzieci powinny być też w wakacje.", "Ewelina"),
            ("5.1", "Rekomendacja 3 jest bardzo potrzebna.", "Barbara"),
        ]
        let document = ConsultedDocument(markdown: diagnosis)
        for (index, c) in online.enumerated() {
            var form = ConsultationCommentForm()
            form.paragraph = c.0
            form.body = c.1
            form.authorName = "\(c.2) Mieszkańska"
            form.consent = true
            guard case .valid(let valid) = form.validateOnline(document: document, today: today) else {
                throw Abort(.internalServerError, reason: "demo comment \(index) invalid")
            }
            _ = try await ConsultationService.addOnline(
                roundID, organisationID: cusID, valid: valid, client: "demo-\(index % 4)", now: now, on: db)
        }
        let entered: [(String?, String, CommentChannel, CommentAuthorKind, String, String?)] = [
            ("2.1", "W diagnozie brakuje danych o osobach z demencją.", .paper, .person, "Zenon Papierowy", nil),
            ("3.2", "Usługi opiekuńcze powinny obejmować także wieczory.", .paper, .person, "Halina Papierowa", nil),
            (
                nil, "Fundacja deklaruje udział w opiece wytchnieniowej; prosimy o ujęcie nas w zasobach.", .email, .organisation,
                "Ewa Kaczmarek", "Fundacja „Pod Lipami”"
            ),
            ("3.3", "Opieka wytchnieniowa w weekendy.", .meeting, .person, "Uczestnik spotkania", nil),
        ]
        for c in entered {
            var form = ConsultationCommentForm()
            form.paragraph = c.0 ?? ""
            form.body = c.1
            form.channel = c.2.rawValue
            form.authorKind = c.3.rawValue
            form.authorName = c.4
            form.organisationName = c.5 ?? ""
            form.publishName = c.5 != nil
            form.receivedOn = (c.2 == .meeting ? today.adding(days: -2) : today.adding(days: -3)).iso
            guard case .valid(let valid) = form.validateStaffEntry(document: document, dates: round.dates, today: today) else {
                throw Abort(.internalServerError, reason: "demo comment \(c.1) invalid")
            }
            _ = try await ConsultationService.addByStaff(roundID, valid: valid, actor: actor, now: now, on: db)
        }
    }
}

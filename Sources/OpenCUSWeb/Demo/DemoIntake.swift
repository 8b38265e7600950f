import Fluent
import Foundation
import OpenCUSCore
import Vapor

/// Applications in the fictional CUS Jaśminowo in every state: waiting for assessment (some
/// past their deadline), qualified, on reserve lists (respite care is full), refused with a
/// decision, withdrawn. Invented people; received over the last weeks.
enum DemoIntake {
    static let people: [(String, String, String)] = [
        ("Helena", "Kowalczyk", "1941-03-12"), ("Stanisław", "Nowak", "1938-11-02"), ("Irena", "Zając", "1952-07-21"),
        ("Marek", "Lis", "1979-01-30"), ("Anna", "Wójtowicz", "1988-05-05"), ("Zofia", "Krawczyk", "1947-09-17"),
        ("Jan", "Mazurek", "1960-12-24"), ("Teresa", "Dąbrowska", "1944-02-28"), ("Oksana", "Melnyk", "1985-06-14"),
        ("Piotr", "Sikorski", "1995-10-10"), ("Barbara", "Wróbel", "1950-04-01"), ("Józef", "Kaczmarek", "1936-08-08"),
        ("Ewa", "Pietrzak", "1972-03-03"), ("Krystyna", "Górecka", "1949-11-11"), ("Tomasz", "Baran", "1983-07-07"),
        ("Danuta", "Michalska", "1945-05-19"), ("Andrij", "Kowalenko", "1990-09-09"), ("Maria", "Szczepańska", "1940-01-15"),
        ("Wiesław", "Kubiak", "1955-06-06"), ("Alicja", "Jasińska", "1967-12-12"), ("Roman", "Wysocki", "1958-02-02"),
        ("Genowefa", "Czerwińska", "1939-10-30"), ("Kamil", "Adamski", "2001-04-04"), ("Lucyna", "Ostrowska", "1953-08-25"),
    ]

    static func load(on app: Application, organisations ids: [String: UUID]) async throws {
        let db = app.db
        guard let cusID = ids["cus-jasminowo"], let cus = try await Organisation.find(cusID, on: db),
            try await ServiceApplication.scoped(to: cusID, on: db).count() == 0,
            let catalogue = try await Catalogue.load(cus, on: db)
        else { return }
        func service(_ name: String) -> ServiceDefinition? { catalogue.services.first { $0.name == name } }
        guard let respite = service("Opieka wytchnieniowa"), let care = service("Usługi opiekuńcze w miejscu zamieszkania"),
            let psychology = service("Konsultacje psychologiczne"), let club = service("Klub Seniora „Pogodna Jesień”"),
            let meals = service("Posiłki z dowozem"), let ukraine = service("Wsparcie dla osób z Ukrainy / Підтримка для людей з України"),
            let jobs = service("Aktywizacja zawodowa")
        else { return }
        let coordinatorID = try await User.query(on: db).filter(\.$email == "koordynator@cus-jasminowo.example").first()?.id
        let staff = AuditActor(userID: coordinatorID, name: "Agnieszka Wójcik", organisationID: cusID, roles: [.ipusCoordinator], address: nil)
        let start = app.clock.now().addingTimeInterval(-40 * 86_400)
        for (index, p) in people.enumerated() {
            let now = start.addingTimeInterval(Double(index) * 36 * 3600)
            let wanted: [ServiceDefinition]
            switch index % 6 {
            case 0: wanted = [respite, psychology]
            case 1: wanted = [care, meals, respite]
            case 2: wanted = [club]
            case 3: wanted = [respite]
            case 4: wanted = [jobs, psychology]
            default: wanted = [p.0 == "Oksana" || p.0 == "Andrij" ? ukraine : care]
            }
            var form = ApplicationForm()
            form.firstName = p.0
            form.lastName = p.1
            form.birthDate = p.2
            form.street = "ul. Polna \(index + 1)"
            form.postcode = "62-999"
            form.city = "Jaśminowo"
            form.phone = "+48 600 000 \(String(format: "%03d", index))"
            form.situation = "Dane demonstracyjne: osoba potrzebuje wsparcia w codziennych sprawach."
            form.services = wanted.filter { s in
                let age = CalendarDay(iso: p.2)!.age(on: CalendarDay(now, in: WallClock.warsaw))
                return (s.ageMin ?? 0) <= age && age <= (s.ageMax ?? 200)
            }.map { $0.id!.uuidString }
            form.consentRodo = true
            guard case .success(let valid) = form.cleaned().validate(services: ApplicationFormView.rules(catalogue), gminaCity: "Jaśminowo",
                today: CalendarDay(now, in: WallClock.warsaw))
            else { continue }
            let channels: [ApplicationChannel] = [.online, .inPerson, .phone, .email, .paper, .epuap]
            let submitted = try await IntakeService.submit(form.cleaned(), valid: valid, channel: channels[index % channels.count], organisation: cus,
                staff: nil, now: now, baseURL: app.config.baseURL, on: db)
            // The newest six wait for the coordinator; the rest have outcomes.
            guard index < people.count - 6 else { continue }
            let requested = try await RequestedService.query(on: db).filter(\.$application.$id == submitted.application.id!).all()
            for r in requested {
                do {
                    try await IntakeService.qualify(r.id!, startDay: CalendarDay(now, in: WallClock.warsaw).adding(days: 7), staff: staff,
                        organisationID: cusID, now: now.addingTimeInterval(3 * 86_400), on: db)
                } catch IntakeError.full {
                    try await IntakeService.reserve(r.id!, criteria: index % 4 == 0 ? [0] : [], staff: staff, organisationID: cusID,
                        now: now.addingTimeInterval(3 * 86_400), on: db)
                }
            }
        }
        // One refusal with its decision.
        if let last = try await RequestedService.query(on: db).filter(\.$outcome == .requested).sort(\.$receivedAt).first() {
            var refusal = IntakeService.RefusalForm()
            refusal.legalBasis = "art. 17 ust. 3 ustawy z dnia 19 lipca 2019 r. o realizowaniu usług społecznych przez centrum usług społecznych"
            refusal.reasons = "Dane demonstracyjne: osoba nie spełnia warunku dostępu określonego w programie."
            refusal.appealBody = "Samorządowego Kolegium Odwoławczego w Kaliszu"
            refusal.signatoryName = "Barbara Zielińska"
            refusal.signatoryFunction = "Dyrektor Centrum Usług Społecznych"
            _ = try await IntakeService.refuse(last.id!, form: refusal, staff: staff, organisation: cus, now: app.clock.now(), on: db)
        }
    }
}

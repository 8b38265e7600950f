import Fluent
import Foundation
import OpenCUSCore
import Vapor

/// About a hundred applications in the fictional CUS Jaśminowo over the last four months, in
/// every state: new and waiting for the assessment (some past their deadline, some with the talk
/// scheduled), assessed (some needing an IPUS), qualified, on reserve lists (respite care is
/// full), routed to another unit, refused with a decision (delivered, one appealed), withdrawn,
/// finished; and one possible duplicate for staff to resolve. Invented people.
enum DemoIntake {
    static let firstNames = [
        "Helena", "Stanisław", "Irena", "Marek", "Anna", "Zofia", "Jan", "Teresa", "Oksana", "Piotr", "Barbara", "Józef",
        "Ewa", "Krystyna", "Tomasz", "Danuta", "Andrij", "Maria", "Wiesław", "Alicja", "Roman", "Genowefa", "Kamil", "Lucyna",
        "Łucja",
    ]
    static let lastNames = [
        "Kowalczyk", "Nowak", "Zając", "Lis", "Wójtowicz", "Krawczyk", "Mazurek", "Dąbrowska", "Melnyk", "Sikorski",
        "Wróbel", "Kaczmarek", "Pietrzak", "Górecka", "Baran", "Michalska", "Kowalenko", "Szczepańska", "Kubiak", "Jasińska",
        "Wysocki",
    ]
    static let count = 100

    /// Person `index`: a name, a birth date (spread over 1934–2008) and a gender-neutral surname form.
    static func person(_ index: Int) -> (String, String, String) {
        let first = firstNames[index % firstNames.count]
        let last = lastNames[(index * 7 + index / firstNames.count) % lastNames.count]
        let year = 1934 + (index * 13) % 75
        return (first, last, String(format: "%04d-%02d-%02d", year, index % 12 + 1, index % 27 + 1))
    }

    static func load(on app: Application, organisations ids: [String: UUID], count: Int = DemoIntake.count) async throws {
        let db = app.db
        guard let cusID = ids["cus-jasminowo"], let cus = try await Organisation.find(cusID, on: db),
            try await ServiceApplication.scoped(to: cusID, on: db).count() == 0,
            let catalogue = try await Catalogue.load(cus, on: db)
        else { return }
        func service(_ name: String) -> ServiceDefinition? { catalogue.services.first { $0.name == name } }
        guard let respite = service("Opieka wytchnieniowa"), let care = service("Usługi opiekuńcze w miejscu zamieszkania"),
            let psychology = service("Konsultacje psychologiczne"), let club = service("Klub Seniora „Pogodna Jesień”"),
            let meals = service("Posiłki z dowozem"),
            let ukraine = service("Wsparcie dla osób z Ukrainy / Підтримка для людей з України"),
            let jobs = service("Aktywizacja zawodowa")
        else { return }
        let coordinatorID = try await User.query(on: db).filter(\.$email == "koordynator@cus-jasminowo.example").first()?.id
        let staff = AuditActor(
            userID: coordinatorID, name: "Agnieszka Wójcik", organisationID: cusID, roles: [.ipusCoordinator], address: nil)
        let today = CalendarDay(app.clock.now(), in: WallClock.warsaw)
        let start = app.clock.now().addingTimeInterval(-120 * 86_400)
        let channels: [ApplicationChannel] = [.online, .inPerson, .phone, .email, .paper, .epuap]
        var finishing: [UUID] = []
        for index in 0..<count {
            // The last one repeats an earlier person's name and birth date: a possible duplicate.
            let p = index == count - 1 ? person(3) : person(index)
            let now = start.addingTimeInterval(Double(index) * 1.15 * 86_400 + Double(index % 5) * 3600)
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
            let age = CalendarDay(iso: p.2)!.age(on: CalendarDay(now, in: WallClock.warsaw))
            var chosen = wanted.filter { (($0.ageMin ?? 0)...($0.ageMax ?? 200)).contains(age) }
            if chosen.isEmpty { chosen = [psychology] }
            form.services = chosen.map { $0.id!.uuidString }
            form.consentRodo = true
            guard
                case .success(let valid) = form.cleaned().validate(
                    services: try ApplicationFormView.rules(catalogue), gminaCity: "Jaśminowo",
                    today: CalendarDay(now, in: WallClock.warsaw))
            else { continue }
            let submitted = try await IntakeService.submit(
                form.cleaned(), valid: valid, channel: channels[index % channels.count], organisation: cus,
                staff: nil, now: now, baseURL: app.config.baseURL, on: db)
            let application = submitted.application
            let received = CalendarDay(now, in: WallClock.warsaw)
            // The newest twelve wait for the coordinator: half have the talk scheduled.
            if index >= count - 12 {
                if index % 2 == 0 {
                    var a = AssessmentForm()
                    a.scheduledOn = max(today, received).adding(days: 2 + index % 5).iso
                    a.place = index % 4 == 0 ? "home" : "centre"
                    if case .success(let v) = a.validate(received: received, today: today) {
                        try await IntakeService.saveAssessment(
                            applicationID: try application.requireID(), form: a, valid: v, staff: staff, organisation: cus,
                            now: now.addingTimeInterval(3600), on: db)
                    }
                }
                continue
            }
            // The others were assessed two days after receipt; about a fifth need an IPUS.
            var a = AssessmentForm()
            a.scheduledOn = received.adding(days: 2).iso
            a.doneOn = received.adding(days: 2).iso
            a.place = index % 3 == 0 ? "home" : "centre"
            a.findings = "Dane demonstracyjne: ustalenia z rozmowy o potrzebach."
            a.ipusNeeded = index % 6 == 1 || index % 16 == 0
            let assessedAt = now.addingTimeInterval(2 * 86_400)
            if case .success(let v) = a.validate(received: received, today: CalendarDay(assessedAt, in: WallClock.warsaw)) {
                try await IntakeService.saveAssessment(
                    applicationID: try application.requireID(), form: a, valid: v, staff: staff, organisation: cus,
                    now: assessedAt, on: db)
            }
            let decidedAt = now.addingTimeInterval(3 * 86_400)
            let requested = try await RequestedService.query(on: db).filter(\.$application.$id == application.requireID()).all()
            for r in requested {
                if index % 17 == 5 {
                    try await IntakeService.route(
                        try r.requireID(), unit: "Zespół pomocy społecznej CUS Jaśminowo", staff: staff, organisationID: cusID,
                        now: decidedAt, on: db)
                    continue
                }
                do {
                    try await IntakeService.qualify(
                        try r.requireID(), startDay: received.adding(days: 7), staff: staff, organisationID: cusID,
                        now: decidedAt, on: db)
                } catch IntakeError.full {
                    try await IntakeService.reserve(
                        try r.requireID(), criteria: index % 4 == 0 ? [0] : [], staff: staff, organisationID: cusID,
                        now: decidedAt, on: db)
                }
            }
            if index % 9 == 1, index < count / 2 { finishing.append(application.$person.id) }
        }
        // Some finished their services a week ago: each freed place was offered to the next person on the reserve list.
        for personID in finishing {
            for e in try await Enrolment.query(on: db).filter(\.$person.$id == personID).filter(\.$active == true).all() {
                try await IntakeService.endEnrolment(
                    try e.requireID(), reason: "zakończenie zgodnie z planem", staff: staff, organisationID: cusID,
                    now: app.clock.now().addingTimeInterval(-7 * 86_400), on: db)
            }
        }
        // Three refusals with decisions: one not yet delivered, one delivered (period running or
        // final), one appealed.
        let waiting = try await RequestedService.query(on: db).filter(\.$outcome == .requested).sort(\.$receivedAt).limit(3).all()
        for (n, r) in waiting.enumerated() {
            var refusal = IntakeService.RefusalForm()
            refusal.legalBasis =
                "art. 17 ust. 3 ustawy z dnia 19 lipca 2019 r. o realizowaniu usług społecznych przez centrum usług społecznych"
            refusal.reasons = "Dane demonstracyjne: osoba nie spełnia warunku dostępu określonego w programie."
            refusal.appealBody = "Samorządowego Kolegium Odwoławczego w Kaliszu"
            refusal.signatoryName = "Barbara Zielińska"
            refusal.signatoryFunction = "Dyrektor Centrum Usług Społecznych"
            let issuedAt = app.clock.now().addingTimeInterval(Double(n - 3) * 7 * 86_400)
            let decision = try await IntakeService.refuse(
                try r.requireID(), form: refusal, staff: staff, organisation: cus, now: issuedAt, on: db)
            guard n < 2 else { continue }
            let issued = CalendarDay(issuedAt, in: WallClock.warsaw)
            var appeal = AppealForm()
            appeal.deliveredOn = issued.adding(days: 3).iso
            if n == 0 { appeal.appealLodgedOn = issued.adding(days: 10).iso }
            guard case .success(let valid) = appeal.validate(issued: issued, today: today) else { continue }
            try await IntakeService.recordAppeal(
                try decision.requireID(), valid: valid, staff: staff, organisationID: cusID,
                now: issuedAt.addingTimeInterval(10 * 86_400),
                on: db)
        }
        // Two withdrew one of their waiting services through their link.
        for r in try await RequestedService.query(on: db).filter(\.$outcome == .requested).sort(\.$receivedAt, .descending).limit(
            2
        ).all() {
            guard let application = try await ServiceApplication.find(r.$application.id, on: db) else { continue }
            try await IntakeService.withdraw(try r.requireID(), application: application, now: app.clock.now(), on: db)
        }
    }
}

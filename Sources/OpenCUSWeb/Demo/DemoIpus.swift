import Fluent
import Foundation
import OpenCUSCore
import Vapor

/// IPUS plans for the demo CUS, built through `IpusService` at past times so that every state
/// and clock appears: drafts (some past the 30-day limit), one awaiting approval, active plans
/// with notes and goal progress, one updated to a second version, one being closed and two
/// closed with summaries; and providers' delivery records for the plans' services over the
/// months since they started.
enum DemoIpus {
    static let goals: [(String, String, String, String)] = [
        ("Chcę sama robić zakupy w sklepie na rogu", "samodzielne wyjścia do sklepu w tygodniu", "0", "2"),
        ("Chcę, żeby córka mogła wrócić do pracy na pół etatu", "godziny opieki zastępczej w tygodniu", "0", "12"),
        ("Chcę jeść ciepły obiad codziennie", "dni w tygodniu z ciepłym posiłkiem", "2", "7"),
        ("Chcę znowu spotykać się z ludźmi", "spotkania w tygodniu", "0", "1"),
        ("Chcę lepiej spać i mniej się martwić", "noce przespane w tygodniu (samoocena)", "2", "5"),
    ]

    static func load(on app: Application, organisations ids: [String: UUID]) async throws {
        let db = app.db
        guard let cusID = ids["cus-jasminowo"], let cus = try await Organisation.find(cusID, on: db),
            try await IpusPlan.scoped(to: cusID, on: db).count() == 0,
            let coordinator = try await User.query(on: db).filter(\.$email == "koordynator@cus-jasminowo.example").first(),
            let director = try await User.query(on: db).filter(\.$email == "dyrektor@cus-jasminowo.example").first()
        else { return }
        let deputy = try await User.query(on: db).filter(\.$email == "koordynator2@cus-jasminowo.example").first()
        func actor(_ u: User, _ role: Role, approve: Bool, all: Bool) throws -> IpusService.Actor {
            IpusService.Actor(
                userID: try u.requireID(), name: u.name,
                audit: AuditActor(userID: u.id, name: u.name, organisationID: cusID, roles: [role], address: nil),
                canApprove: approve, seesAll: all)
        }
        let coordinating = try actor(coordinator, .ipusCoordinator, approve: false, all: false)
        let approving = try actor(director, .director, approve: true, all: true)
        let now = app.clock.now()
        let today = CalendarDay(now, in: WallClock.warsaw)
        let flagged = try await NeedsAssessment.scoped(to: cusID, on: db).filter(\.$ipusNeeded == true).all()
        var rows: [(NeedsAssessment, ServiceApplication)] = []
        for a in flagged {
            if let application = try await ServiceApplication.find(a.$application.id, on: db) { rows.append((a, application)) }
        }
        rows.sort { $0.1.receivedAt < $1.1.receivedAt }
        let organisations = Dictionary(
            try await Organisation.query(on: db).all().map { ($0.id!, $0.name) }, uniquingKeysWith: { a, _ in a })
        var updated = false
        var closed = 0
        // Three approved plans send their person to the seniors' club (`DemoActivities`).
        let club = try await Activity.scoped(to: cusID, on: db).filter(\.$kind == .club).first()
        var clubPlans = 0
        for (index, (_, application)) in rows.enumerated() {
            let received = application.receivedAt
            let day = { (offset: Int) in received.addingTimeInterval(Double(offset) * 86_400) }
            // The newest two stay without a plan (the caseload's "to draft" list).
            if index >= rows.count - 2 { continue }
            let stage = index % 10
            let plan = try await IpusService.create(
                applicationID: try application.requireID(), actor: coordinating, organisation: cus, now: min(now, day(5)), on: db)
            if stage == 0 || day(12) > now { continue }  // an empty draft (old ones are past their deadline)
            let enrolments = try await Enrolment.scoped(to: cusID, on: db).filter(\.$person.$id == application.$person.id).filter(
                \.$active == true
            ).with(\.$service).all()
                .filter { $0.service.ipusEligible }
            let start = CalendarDay(day(12), in: WallClock.warsaw)
            let end = IpusRules.latestEnd(start: start).adding(days: -(index % 3) * 30)
            var form = IpusForm()
            form.start = start.iso
            form.end = end.iso
            form.responsibilities =
                "Osoba: mówi koordynatorce o zmianach w samopoczuciu. Rodzina: kontakt telefoniczny z koordynatorką raz w tygodniu. Koordynatorka: przeglądy planu i kontakt z realizatorami."
            form.reviews = [start.adding(days: 45).iso, start.adding(days: 120).iso, start.adding(days: 240).iso]
            for g in 0..<(1 + index % 2) {
                let goal = goals[(index + g) % goals.count]
                var row = IpusForm.GoalRow()
                (row.text, row.indicator, row.baseline, row.target, row.due) = (
                    goal.0, goal.1, goal.2, goal.3, start.adding(days: 150).iso
                )
                form.goals.append(row)
            }
            for e in enrolments {
                var row = IpusForm.ItemRow()
                (row.kind, row.serviceID, row.provider, row.scope) = (
                    "service", e.$service.id.uuidString, e.providerOrganisationID.flatMap { organisations[$0] } ?? cus.name,
                    e.service.description
                )
                (row.frequency, row.start, row.responsible) = (
                    frequency(e.service.name), max(start, e.startDay).iso, "realizator usługi"
                )
                form.items.append(row)
            }
            var volunteer = IpusForm.ItemRow()
            (
                volunteer.kind, volunteer.name, volunteer.provider, volunteer.scope, volunteer.frequency, volunteer.start,
                volunteer.responsible
            ) =
                (
                    "supportive", "Odwiedziny wolontariuszki", "Centrum wolontariatu (Stowarzyszenie Sąsiedzka Dłoń)",
                    "rozmowa, wspólny spacer", "raz w tygodniu", start.adding(days: 7).iso,
                    "koordynatorka wolontariatu"
                )
            form.items.append(volunteer)
            let toClub = club != nil && stage >= 3 && day(16) <= now && clubPlans < 3
            if toClub, let club {
                var row = IpusForm.ItemRow()
                (row.kind, row.activityID, row.scope, row.frequency, row.start, row.responsible) = (
                    "supportive", try club.requireID().uuidString, "spotkania, gimnastyka, wyjścia z grupą",
                    "dwa razy w tygodniu",
                    start.adding(days: 7).iso, "organizator społeczności lokalnej"
                )
                form.items.append(row)
            }
            let names = Dictionary(uniqueKeysWithValues: enrolments.map { ($0.$service.id, $0.service.name) })
            let activities = try club.map { [try $0.requireID(): (title: $0.title, organiser: $0.organiser)] } ?? [:]
            guard case .success(let valid) = form.validate(keeping: nil, serviceNames: names, activities: activities) else {
                continue
            }
            func rev() async throws -> Int { try await IpusPlan.find(plan.id, on: db)!.revision }
            try await IpusService.saveDraft(
                try plan.requireID(), revision: try await rev(), valid: valid, actor: coordinating, organisationID: cusID,
                now: day(12),
                on: db)
            if stage == 1 { continue }
            try await IpusService.submit(
                try plan.requireID(), revision: try await rev(), actor: coordinating, organisationID: cusID,
                now: min(now, day(14)), on: db)
            if stage == 2 || day(16) > now { continue }
            let approvedAt = day(16)
            try await IpusService.approve(
                try plan.requireID(), revision: try await rev(), actor: approving, organisationID: cusID, now: approvedAt, on: db)
            if toClub, let club, let person = try await Person.find(application.$person.id, on: db) {
                clubPlans += 1
                let signUp = try await ActivityService.signUp(
                    try club.requireID(), organisationID: cusID, name: person.fullName,
                    phone: person.phone.isEmpty ? nil : person.phone, email: person.email.isEmpty ? nil : person.email,
                    personID: try person.requireID(), source: "ipus", now: approvedAt, on: db)
                // Present at two of every three meetings recorded since.
                let since = CalendarDay(approvedAt, in: WallClock.warsaw)
                let sessions = try await ActivitySession.query(on: db).filter(\.$activity.$id == club.requireID())
                    .filter(\.$day >= since).sort(\.$day).all()
                for (n, session) in sessions.enumerated() where n % 3 != 1 {
                    try await ActivityPresence(
                        organisationID: cusID, sessionID: try session.requireID(), signUpID: try signUp.requireID()
                    ).create(on: db)
                }
            }
            // Deliveries for the plan's services, from the start until today (or the plan's end).
            let until = min(today, end)
            for e in enrolments {
                try await deliveries(e, from: max(start, e.startDay), until: until, seed: index, on: db)
            }
            let firstReview = start.adding(days: 45)
            if firstReview <= today {
                try await IpusService.addNote(
                    try plan.requireID(), revision: try await rev(),
                    note: .init(
                        on: firstReview,
                        what: "Przegląd planu z osobą w domu. Usługi realizowane zgodnie z planem; osoba zadowolona z opiekunki.",
                        providerFeedback:
                            "Realizator: wizyty odbywają się regularnie, jedna odwołana z powodu wizyty lekarskiej.",
                        personView: "Czuję się pewniej, ale chciałabym więcej wychodzić.", isReview: true),
                    actor: coordinating, organisationID: cusID, now: min(now, at(firstReview, hour: 10)), on: db)
                try await IpusService.recordProgress(
                    try plan.requireID(), revision: try await rev(), goal: 0, status: .partlyAchieved,
                    note: "pierwsze samodzielne wyjścia",
                    actor: coordinating, organisationID: cusID, now: min(now, at(firstReview, hour: 11)), on: db)
            }
            if stage == 7 && !updated {
                updated = true
                let at = min(now, approvedAt.addingTimeInterval(40 * 86_400))
                try await IpusService.newVersion(
                    try plan.requireID(), revision: try await rev(),
                    reason: "Po pobycie w szpitalu osoba potrzebuje więcej pomocy w domu.",
                    actor: coordinating, organisationID: cusID, now: at, on: db)
                var more = valid
                if !more.content.items.isEmpty { more.content.items[0].frequency = "codziennie, 3 godziny" }
                more.content.goals.append(
                    IpusGoal(
                        text: "Chcę bezpiecznie poruszać się po mieszkaniu", indicator: "upadki w miesiącu", baseline: "2",
                        target: "0",
                        due: start.adding(days: 200)))
                try await IpusService.saveDraft(
                    try plan.requireID(), revision: try await rev(), valid: more, actor: coordinating,
                    organisationID: cusID, now: at, on: db)
                try await IpusService.submit(
                    try plan.requireID(), revision: try await rev(), actor: coordinating, organisationID: cusID,
                    now: at.addingTimeInterval(3600), on: db)
                try await IpusService.approve(
                    try plan.requireID(), revision: try await rev(), actor: approving, organisationID: cusID,
                    now: at.addingTimeInterval(86_400), on: db)
            }
            if let deputy, stage == 4 {
                try await IpusService.assign(
                    try plan.requireID(), revision: try await rev(), coordinator: (try coordinator.requireID(), coordinator.name),
                    deputy: (try deputy.requireID(), deputy.name),
                    actor: approving, organisationID: cusID, now: approvedAt, on: db)
            }
            if stage == 8 || (stage == 9 && closed < 2) || (stage == 3 && closed < 2 && index > 10) {
                try await IpusService.startClosing(
                    try plan.requireID(), revision: try await rev(), actor: coordinating, organisationID: cusID,
                    now: min(now, approvedAt.addingTimeInterval(60 * 86_400)), on: db)
                if stage == 8 { continue }
                closed += 1
                let current = try await IpusPlan.find(plan.id, on: db)!
                let goalsCount = try await IpusService.version(current, current.approvedVersion ?? 1, on: db).content.goals.count
                let closeAt = min(now, approvedAt.addingTimeInterval(61 * 86_400))
                try await IpusService.close(
                    try plan.requireID(), revision: try await rev(),
                    closure: .init(
                        summaryOn: max(start, CalendarDay(closeAt, in: WallClock.warsaw)),
                        summary:
                            "Rozmowa podsumowująca z osobą i córką. Cele osiągnięte w większości: osoba robi zakupy sama, korzysta z klubu. Dalsze wsparcie: Klub Seniora bez IPUS.",
                        attainment: (0..<goalsCount).map { $0 == 0 ? .achieved : .partlyAchieved }), actor: coordinating,
                    organisationID: cusID,
                    now: closeAt, on: db)
            }
        }
    }

    /// A wall-clock hour of a day in Warsaw (midday hours always exist and are unambiguous).
    static func at(_ day: CalendarDay, hour: Int) -> Date {
        switch WallClock.resolve(day: day, time: TimeOfDay(hour: hour, minute: 0)!) {
        case .exact(let d), .ambiguous(let d, _): return d
        case .nonexistent: return at(day, hour: hour + 1)
        }
    }

    static func frequency(_ service: String) -> String {
        if service.hasPrefix("Usługi opiekuńcze") { return "2 razy w tygodniu po 2 godziny" }
        if service.hasPrefix("Posiłki") { return "codziennie (dowóz obiadu)" }
        if service.hasPrefix("Opieka wytchnieniowa") { return "raz w tygodniu, 4 godziny" }
        return "raz w tygodniu"
    }

    /// Weekly deliveries with the occasional absence and cancellation, written directly (demo).
    static func deliveries(_ e: Enrolment, from: CalendarDay, until: CalendarDay, seed: Int, on db: any Database) async throws {
        var day = from
        var n = 0
        let provider = e.providerOrganisationID == nil ? "Agnieszka Wójcik" : "pracownik realizatora"
        while day <= until {
            let attendance: Attendance = (n + seed) % 11 == 0 ? .cancelled : (n + seed) % 7 == 0 ? .absent : .attended
            let meals = e.service.name.hasPrefix("Posiłki")
            let (minutes, units): (Int?, Int?) =
                attendance == .attended
                ? (meals ? (nil, 5) : (e.service.name.hasPrefix("Opieka wytchnieniowa") ? 240 : 120, nil)) : (nil, nil)
            let r = DeliveryRecord(
                organisationID: e.$organisation.id, enrolmentID: try e.requireID(), serviceID: e.$service.id,
                providerOrganisationID: e.providerOrganisationID, onDay: day, minutes: minutes, units: units,
                attendance: attendance, note: "", recordedBy: provider, recordedAt: at(day, hour: 18))
            try await r.create(on: db)
            day = day.adding(days: meals ? 7 : 3 + n % 2)
            n += 1
        }
    }
}

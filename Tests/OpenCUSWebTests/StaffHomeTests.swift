import Fluent
import Foundation
import OpenCUSCore
import SQLKit
import Testing
import Vapor

@testable import OpenCUSWeb

/// "Na dziś": each role's home page leads to what needs it today, counted from the data.
@Suite struct StaffHomeTests {
    @Test func eachRoleLandsOnWhatNeedsItToday() async throws {
        try await withTestApp { t in
            // The morning of the Jaśminowo forum's first day.
            let forum = try await t.event(DemoRegistrations.upcomingSlug)
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = WallClock.warsaw
            let morning = try #require(
                calendar.date(
                    from: DateComponents(year: forum.startDay.year, month: forum.startDay.month, day: forum.startDay.day, hour: 8)
                ))
            t.advanceClock(morning.timeIntervalSince(t.app.clock.now()))
            let today = forum.startDay

            func home(_ email: String) async throws -> String {
                let browser = t.browser()
                try await browser.login(email)
                return try await browser.get("/panel").body.string
            }

            // The desk: today's event, with its counters and the way in.
            let confirmed = try await Registration.query(on: t.db).filter(\.$event.$id == forum.id!).filter(
                \.$state == .confirmed
            )
            .count()
            let desk = try await home("wydarzenia@cus-jasminowo.example")
            #expect(desk.contains("Na dziś, \(today.polish)"))
            #expect(desk.contains("Recepcja: Forum Usług Społecznych w Jaśminowie"))
            #expect(desk.contains("Obecni dziś: 0 z \(confirmed)"))
            #expect(desk.contains("href=\"/panel/events/\(forum.id!.uuidString)/checkin?day=\(today.iso)\""))

            // The organiser of an approval-mode meeting: registrations waiting for a decision.
            let opole = try await t.event("cus-zintegrowany-system-uslug-opole-2023")
            let pending = try await Registration.query(on: t.db).filter(\.$event.$id == opole.id!).filter(\.$state == .pending)
                .count()
            try #require(pending > 0)
            let organiser = try await home("szkolenia@rops-opole.example")
            #expect(organiser.contains("Zgłoszenia do akceptacji: \(opole.displayTitle)"))
            #expect(organiser.contains("Czeka na Twoją decyzję: \(pending)."))
            #expect(organiser.contains("card card-urgent"))

            // The coordinator: assessments and plans, counted as the intake dashboard counts them.
            let cus = try #require(try await Organisation.query(on: t.db).filter(\.$slug == "cus-jasminowo").first())
            let (_, counts) = try await IntakeQueries.openApplications(
                organisationID: cus.id!, today: today, filter: .overdue, limit: 0, on: t.db)
            let owed = try await IntakeQueries.ipusClocks(organisationID: cus.id!, limit: 1_000, on: t.db)
            let coordinator = try await home("koordynator@cus-jasminowo.example")
            #expect(coordinator.contains("Po terminie: \(counts.overdue ?? 0)."))
            if !owed.isEmpty { #expect(coordinator.contains("Do opracowania i zatwierdzenia: \(owed.count)")) }
            #expect(!coordinator.contains("Recepcja: Forum"), "a coordinator is not at the desk")

            // The director: versions sent for approval (never one's own plan).
            let director = try #require(
                try await User.query(on: t.db).filter(\.$email == "dyrektor@cus-jasminowo.example").first())
            // One version is sent for approval here (the demo has none waiting).
            let sent = try #require(
                try await IpusVersion.query(on: t.db).with(\.$plan).all().first { $0.plan.coordinatorUserID != director.id })
            sent.state = .awaitingApproval
            try await sent.save(on: t.db)
            let awaiting = try await IpusVersion.query(on: t.db).filter(\.$state == .awaitingApproval).with(\.$plan).all()
                .filter { $0.plan.coordinatorUserID != director.id }.count
            try #require(awaiting > 0)
            let directorHome = try await home("dyrektor@cus-jasminowo.example")
            #expect(
                directorHome.contains("Wersje planów przesłane do zatwierdzenia: \(awaiting).") == (awaiting > 0),
                "\(awaiting) waiting")
            // Today's sessions of the whole CUS, counted independently from its rows.
            let org = try await t.organisationID("cus-jasminowo")
            let active = try await Enrolment.scoped(to: org, on: t.db).filter(\.$active == true).with(\.$service).all()
                .filter { $0.startDay <= today }
            let recorded = Set(
                try await DeliveryRecord.scoped(to: org, on: t.db).filter(\.$onDay == today).all().map(\.$enrolment.id))
            #expect(!active.isEmpty)
            for (_, group) in Dictionary(grouping: active, by: { $0.$service.id }) {
                let done = group.filter { recorded.contains($0.id!) }.count
                #expect(directorHome.contains(SVGBarChart.escape("Zajęcia dziś: \(group[0].service.name)")))
                #expect(
                    directorHome.contains("Obecność zapisana dla \(done) z \(PolishPlural.personGenitive.phrase(group.count))."),
                    "\(group[0].service.name)")
            }

            // The provider: today's sessions, per service, with how many are recorded.
            let provider = try await home("realizator@pod-lipami.example")
            #expect(provider.contains("Zajęcia dziś: ") && provider.contains("Obecność zapisana dla 0 z "))
            #expect(!provider.contains("Ocena potrzeb"))

            // The analyst: the statistics, nothing personal.
            let analyst = try await home("analityk@cus-jasminowo.example")
            #expect(analyst.contains("Otwórz statystyki") && !analyst.contains("Zajęcia dziś"))
        }
    }
}

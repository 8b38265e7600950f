import Fluent
import Foundation
import OpenCUSCore
import Testing
import Vapor

@testable import OpenCUSWeb

/// The indicators' dashboard on the demo data: the figures match counts taken straight from the
/// database, small values are not shown, and only roles with `view_indicators` get in.
@Suite struct InsightTests {
    @Test func theDirectorSeesEveryIndicatorAndItsTrend() async throws {
        try await withTestApp { t in
            let org = try await t.organisationID("cus-jasminowo")
            let month = InsightPeriod(.month, containing: CalendarDay(t.app.clock.now(), in: WallClock.warsaw))
            // Counted independently: services asked for this month, decisions of refusal this month.
            let requested = try await RequestedService.scoped(to: org, on: t.db).all()
                .filter { month.contains(CalendarDay($0.receivedAt, in: WallClock.warsaw)) }.count
            let sessions = try await ActivitySession.scoped(to: org, on: t.db).all().filter { month.contains($0.day) }.count
            let director = t.browser()
            try await director.login("dyrektor@cus-jasminowo.example")
            let page = try await director.get("/panel/insight")
            #expect(page.status == .ok)
            let html = page.body.string
            for definition in IndicatorCatalogue.all { #expect(html.contains(definition.name), "\(definition.code)") }
            let rule = DisclosureRule.standard
            #expect(html.contains("<td>\(rule.label(requested))</td>"), "DOS-01 this month: \(requested)")
            #expect(html.contains(month.label))
            let trend = try await director.get("/panel/insight/SPO-01")
            #expect(
                trend.status == .ok && trend.body.string.contains("<svg") && trend.body.string.contains("Wartości w miesiącach"))
            #expect(trend.body.string.contains("<th scope=\"row\">\(month.label)</th><td>\(sessions)</td>"))
            #expect(try await director.get("/panel/insight/NIE-MA").status == .notFound)

            let analyst = t.browser()
            try await analyst.login("analityk@cus-jasminowo.example")
            #expect(try await analyst.get("/panel/insight").status == .ok)
            let coordinator = t.browser()
            try await coordinator.login("koordynator@cus-jasminowo.example")
            #expect(try await coordinator.get("/panel/insight").status == .forbidden)
        }
    }

    @Test func anIndicatorIsBrokenDownByServiceAndAServiceHasItsOwnDashboard() async throws {
        try await withTestApp { t in
            let org = try await t.organisationID("cus-jasminowo")
            let month = InsightPeriod(.month, containing: CalendarDay(t.app.clock.now(), in: WallClock.warsaw))
            let services = try await InsightQueries.programmeServices(org, on: t.db)
            #expect(services.count >= 2)
            // Seven more asked for the first service today, two for the second.
            let application = try #require(try await ServiceApplication.scoped(to: org, on: t.db).first())
            for (service, n) in [(services[0], 7), (services[1], 2)] {
                for _ in 0..<n {
                    try await RequestedService(
                        organisationID: org, applicationID: try application.requireID(), serviceID: try service.requireID(),
                        outcome: .requested, receivedAt: t.app.clock.now(), criteriaMet: "[]", note: ""
                    ).create(on: t.db)
                }
            }
            // Counted independently: services asked for this month, per service.
            let requested = Dictionary(
                grouping: try await RequestedService.scoped(to: org, on: t.db).all()
                    .filter { month.contains(CalendarDay($0.receivedAt, in: WallClock.warsaw)) },
                by: { $0.$service.id }
            ).mapValues(\.count)
            let busiest = try #require(services.max { requested[$0.id!, default: 0] < requested[$1.id!, default: 0] })
            let count = requested[busiest.id!, default: 0]
            #expect(count >= 7)

            let director = t.browser()
            try await director.login("dyrektor@cus-jasminowo.example")
            let page = try await director.get("/panel/insight/DOS-01").body.string
            for heading in ["Według usługi", "Według obszaru usług społecznych", "Według drogi złożenia", "Według grupy wieku"] {
                #expect(page.contains(heading), "\(heading)")
            }
            #expect(page.contains("<th scope=\"row\">\(SVGBarChart.escape(busiest.name))</th>"))
            #expect(page.contains("<td>\(count)</td></tr>"))
            // Every small count of a service this month is shown as "<5", never as itself.
            for (service, n) in requested where DisclosureRule.standard.isSmall(n) {
                let name = try #require(services.first { $0.id == service }?.name)
                #expect(!page.contains("<th scope=\"row\">\(SVGBarChart.escape(name))</th><td>\(n)</td>"))
            }

            let id = try busiest.requireID().uuidString.lowercased()
            let view = try await director.get("/panel/insight?view=\(id)").body.string
            #expect(view.contains("Wskaźniki usługi: \(SVGBarChart.escape(busiest.name))"))
            #expect(view.contains("<td>\(count)</td>"))
            #expect(!view.contains("IPUS zatwierdzone w 30 dni"), "plans are not a service's")
            // A service the programme does not have is no view: the whole centre.
            for id in [UUID().uuidString, "nonsense"] {
                #expect(try await director.get("/panel/insight?service=\(id)").body.string.contains("<h1>Wskaźniki centrum</h1>"))
            }
        }
    }

    @Test func theCommunityOrganiserSeesActivitiesEventsVoiceAndThePlansAims() async throws {
        try await withTestApp { t in
            let org = try await t.organisationID("cus-jasminowo")
            let organiser = t.browser()
            try await organiser.login("organizator@cus-jasminowo.example")
            let page = try await organiser.get("/panel/insight?view=community").body.string
            #expect(page.contains("<h1>Wskaźniki społeczności</h1>"))
            for code in ["SPO-01", "WYD-01", "GLO-01"] {
                #expect(page.contains(try #require(IndicatorCatalogue.definition(code)).name), "\(code)")
            }
            #expect(!page.contains(try #require(IndicatorCatalogue.definition("DOS-01")).name))
            // The plan in force, read independently: each aim with its target.
            let plan = try #require(
                try await CommunityPlan.scoped(to: org, on: t.db).all().first { $0.approvedVersion != nil })
            let version = try #require(
                try await CommunityPlanVersion.scoped(to: org, on: t.db).filter(\.$plan.$id == plan.requireID())
                    .filter(\.$version == plan.approvedVersion!).first())
            let aims = try version.content().aims
            #expect(!aims.isEmpty)
            for aim in aims {
                #expect(page.contains(SVGBarChart.escape(aim.text)), "\(aim.key)")
                #expect(page.contains("<td>\(aim.target) \(SVGBarChart.escape(aim.unit)) (\(aim.due.polish))</td>"))
            }
        }
    }

    @Test func anIncrementalRefreshGivesTheSameFiguresAsAWholeOne() async throws {
        try await withTestApp { t in
            let org = try await t.organisationID("cus-jasminowo")
            let director = t.browser()
            try await director.login("dyrektor@cus-jasminowo.example")
            try await director.get("/panel/insight")
            let first = try #require(try await InsightSnapshotRow.scoped(to: org, on: t.db).first())
            let wholeAt = try #require(first.fullAt)

            // Changes in the last two months: services asked for, one refused, a stay ended, a plan closed.
            let now = t.app.clock.now()
            let application = try #require(try await ServiceApplication.scoped(to: org, on: t.db).first())
            let service = try #require(try await ServiceDefinition.scoped(to: org, on: t.db).first())
            for _ in 0..<6 {
                try await RequestedService(
                    organisationID: org, applicationID: try application.requireID(), serviceID: try service.requireID(),
                    outcome: .requested, receivedAt: now, criteriaMet: "[]", note: ""
                ).create(on: t.db)
            }
            let open = try #require(try await RequestedService.scoped(to: org, on: t.db).filter(\.$outcome == .requested).first())
            (open.outcome, open.outcomeAt) = (.refused, now)
            try await open.save(on: t.db)
            let today = CalendarDay(now, in: WallClock.warsaw)
            if let stay = try await Enrolment.scoped(to: org, on: t.db).filter(\.$endDay == nil).first() {
                (stay.endDay, stay.active) = (today, false)
                try await stay.save(on: t.db)
            }
            if let plan = try await IpusPlan.scoped(to: org, on: t.db).filter(\.$closedAt == nil).first() {
                plan.closedAt = now
                try await plan.save(on: t.db)
            }

            // A quarter of an hour later housekeeping refreshes the last two months only…
            t.advanceClock(16 * 60)
            try await Housekeeping.run(app: t.app)
            let row = try #require(try await InsightSnapshotRow.scoped(to: org, on: t.db).first())
            #expect(row.fullAt == wholeAt && row.computedAt > first.computedAt, "an incremental refresh")
            // …and its figures are those of a computation from the whole history.
            let later = t.app.clock.now()
            let services = try await InsightQueries.programmeServices(org, on: t.db).map { try $0.requireID() }
            let whole = InsightSnapshot.compute(
                try await InsightQueries.facts(org, on: t.db), periods: InsightSnapshots.periods(later), services: services)
            let incremental = try row.snapshot()
            #expect(incremental.values == whole.values)
            #expect(incremental.breakdowns == whole.breakdowns)
            #expect(incremental.values["DOS-01"] != (try first.snapshot()).values["DOS-01"], "the new requests count")

            // A day later the whole history is read again.
            t.advanceClock(24 * 60 * 60)
            try await Housekeeping.run(app: t.app)
            #expect(try await InsightSnapshotRow.scoped(to: org, on: t.db).first()?.fullAt == t.app.clock.now())
        }
    }

    @Test func theDashboardReadsItsSnapshotWhichIsRecomputedWhenStaleOrOnRequest() async throws {
        try await withTestApp { t in
            let org = try await t.organisationID("cus-jasminowo")
            let director = t.browser()
            try await director.login("dyrektor@cus-jasminowo.example")
            #expect(try await InsightSnapshotRow.scoped(to: org, on: t.db).count() == 0)
            let first = try await director.get("/panel/insight")
            #expect(first.status == .ok && first.body.string.contains("Stan na"))
            let row = try #require(try await InsightSnapshotRow.scoped(to: org, on: t.db).first())
            let before = try #require(try row.snapshot().last(1, of: "DOS-01").first?.value.value)

            // Twelve more services asked for today: the page still shows the snapshot…
            let application = try #require(try await ServiceApplication.scoped(to: org, on: t.db).first())
            let service = try #require(try await ServiceDefinition.scoped(to: org, on: t.db).first())
            for _ in 0..<12 {
                try await RequestedService(
                    organisationID: org, applicationID: try application.requireID(), serviceID: try service.requireID(),
                    outcome: .requested, receivedAt: t.app.clock.now(), criteriaMet: "[]", note: ""
                ).create(on: t.db)
            }
            try await director.get("/panel/insight")
            #expect(
                try await InsightSnapshotRow.scoped(to: org, on: t.db).first()?.snapshot().last(1, of: "DOS-01").first?.value
                    .value == before)
            // …until housekeeping finds it older than a quarter of an hour,
            try await Housekeeping.run(app: t.app)
            #expect(
                try await InsightSnapshotRow.scoped(to: org, on: t.db).first()?.snapshot().last(1, of: "DOS-01").first?.value
                    .value == before)
            t.advanceClock(16 * 60)
            try await Housekeeping.run(app: t.app)
            let refreshed = try #require(try await InsightSnapshotRow.scoped(to: org, on: t.db).first())
            #expect(try refreshed.snapshot().last(1, of: "DOS-01").first?.value.value == before + 12)
            #expect(refreshed.computedAt > row.computedAt)
            // …or someone asks for it.
            for _ in 0..<3 {
                try await RequestedService(
                    organisationID: org, applicationID: try application.requireID(), serviceID: try service.requireID(),
                    outcome: .requested, receivedAt: t.app.clock.now(), criteriaMet: "[]", note: ""
                ).create(on: t.db)
            }
            let asked = try await director.post("/panel/insight/refresh", [])
            #expect(asked.status == .seeOther)
            let location = try #require(asked.headers.first(name: .location))
            #expect(try await director.get(location).body.string.contains("Przeliczono wskaźniki"))
            #expect(
                try await InsightSnapshotRow.scoped(to: org, on: t.db).first()?.snapshot().last(1, of: "DOS-01").first?.value
                    .value == before + 15)
        }
    }
}

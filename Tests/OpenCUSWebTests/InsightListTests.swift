import Fluent
import Foundation
import OpenCUSCore
import Testing
import Vapor

@testable import OpenCUSWeb

/// The list behind a number: the same cases the number counts, shown with names only to those
/// who may open them anyway, every showing audited; and a coordinator's own plans in numbers.
@Suite struct InsightListTests {
    @Test func theDirectorSeesTheApplicationsBehindANumberAndTheAnalystDoesNot() async throws {
        try await withTestApp { t in
            let org = try await t.organisationID("cus-jasminowo")
            // The month of the twelve with the most requests (the demo's dates follow its clock).
            let all = try await RequestedService.scoped(to: org, on: t.db).all()
            let month = try #require(
                InsightSnapshots.periods(t.app.clock.now()).max { a, b in
                    all.filter { a.contains(CalendarDay($0.receivedAt, in: WallClock.warsaw)) }.count
                        < all.filter { b.contains(CalendarDay($0.receivedAt, in: WallClock.warsaw)) }.count
                })
            // Counted independently: services asked for that month, and who asked.
            let requested = try await RequestedService.scoped(to: org, on: t.db).all()
                .filter { month.contains(CalendarDay($0.receivedAt, in: WallClock.warsaw)) }
            #expect(!requested.isEmpty)
            let applications = try await ServiceApplication.scoped(to: org, on: t.db)
                .filter(\.$id ~~ requested.map { $0.$application.id }).all()
            let person = try #require(
                try await Person.scoped(to: org, on: t.db).filter(\.$id == applications[0].$person.id).first())

            let director = t.browser()
            try await director.login("dyrektor@cus-jasminowo.example")
            #expect(try await director.get("/panel/insight/DOS-01").body.string.contains("/panel/insight/DOS-01/list"))
            let list = try await director.get("/panel/insight/DOS-01/list?month=\(month.key)")
            #expect(list.status == .ok)
            let html = list.body.string
            #expect(
                html.contains("Pozycji: <strong>\(requested.count)</strong>, w liczniku: <strong>\(requested.count)</strong>"))
            #expect(html.contains(SVGBarChart.escape("\(person.lastName) \(person.firstName)")))
            #expect(html.contains(applications[0].number))
            #expect(
                try await t.audit(action: .list).contains {
                    $0.detail == "lista za wskaźnikiem DOS-01 (\(month.label)): \(requested.count) pozycji"
                })
            // A month outside the twelve: the current one instead; an indicator without a list: none.
            #expect(try await director.get("/panel/insight/DOS-01/list?month=1999-01").status == .ok)
            #expect(try await director.get("/panel/insight/SPO-01/list").status == .notFound)

            // The analyst works with numbers, never names.
            let analyst = t.browser()
            try await analyst.login("analityk@cus-jasminowo.example")
            #expect(!(try await analyst.get("/panel/insight/DOS-01").body.string.contains("/list")))
            #expect(try await analyst.get("/panel/insight/DOS-01/list").status == .forbidden)
            #expect(try await analyst.get("/panel/insight/IPUS-02/list").status == .forbidden)
        }
    }

    @Test func aCoordinatorSeesTheirOwnPlansInNumbersAndNoOneElses() async throws {
        try await withTestApp { t in
            let org = try await t.organisationID("cus-jasminowo")
            let email = "koordynator@cus-jasminowo.example"
            let me = try await t.userID(email)
            // The coordinator's plan approved today, and a copy of it coordinated by the director.
            let today = CalendarDay(t.app.clock.now(), in: WallClock.warsaw)
            let plan = try #require(try await IpusPlan.scoped(to: org, on: t.db).filter(\.$coordinatorUserID == me).first())
            let version = try #require(
                try await IpusVersion.scoped(to: org, on: t.db).filter(\.$plan.$id == plan.requireID()).first())
            version.approvedOn = today
            try await version.save(on: t.db)
            (plan.approvedVersion, plan.state) = (version.version, .active)
            try await plan.save(on: t.db)
            let director = try await t.userID("dyrektor@cus-jasminowo.example")
            let copy = IpusPlan(
                organisationID: org, personID: plan.$person.id, applicationID: plan.$application.id, number: "IPUS/99/2026",
                year: 2026, sequence: 99, coordinatorUserID: director, coordinatorName: "Barbara Zielińska", state: .active,
                due: plan.due, latestVersion: 1, approvedVersion: 1, revision: 1, updatedBy: "test", updatedAt: t.app.clock.now(),
                summary: "", createdAt: t.app.clock.now())
            try await copy.create(on: t.db)
            try await IpusVersion(
                organisationID: org, planID: try copy.requireID(), version: 1, state: version.state,
                contentJSON: version.contentJSON,
                reason: "", createdBy: "test", createdAt: t.app.clock.now(), approvedOn: today, returnNote: ""
            ).create(on: t.db)
            let mine = try await IpusPlan.scoped(to: org, on: t.db).filter(\.$coordinatorUserID == me).all()
            let others = try await IpusPlan.scoped(to: org, on: t.db).filter(\.$coordinatorUserID != me).all()
            #expect(!mine.isEmpty && !others.isEmpty)

            let coordinator = t.browser()
            try await coordinator.login(email)
            #expect(try await coordinator.get("/panel/ipus").body.string.contains("/panel/insight/caseload"))
            let page = try await coordinator.get("/panel/insight/caseload")
            #expect(page.status == .ok && page.body.string.contains("koordynujesz (\(mine.count))"))
            // Plans in progress at the end of this month: mine only, by number.
            let month = InsightPeriod(.month, containing: CalendarDay(t.app.clock.now(), in: WallClock.warsaw))
            let list = try await coordinator.get("/panel/insight/caseload?code=IPUS-02&month=\(month.key)").body.string
            let running = mine.filter { $0.approvedVersion != nil && $0.closedAt == nil }
            #expect(!running.isEmpty)
            for plan in running { #expect(list.contains(">\(plan.number)</a>"), "\(plan.number)") }
            for plan in others { #expect(!list.contains(">\(plan.number)</a>"), "\(plan.number) is not mine") }
            #expect(try await coordinator.get("/panel/insight/caseload?code=DOS-01").status == .notFound)
            #expect(try await coordinator.get("/panel/insight/DOS-01/list").status == .forbidden)

            let analyst = t.browser()
            try await analyst.login("analityk@cus-jasminowo.example")
            #expect(try await analyst.get("/panel/insight/caseload").status == .forbidden)
        }
    }
}

import Fluent
import Foundation
import OpenCUSCore
import Testing
import Vapor
import VaporTesting

@testable import OpenCUSWeb

/// Capacity under real concurrency: many clients at once through the HTTP stack, on SQLite
/// and (in CI) on PostgreSQL, and with two app instances on one PostgreSQL database.
@Suite struct RegistrationRaceTests {
    static let forum = DemoRegistrations.upcomingSlug

    static func adjust(_ c: inout AppConfiguration) {
        c.trustProxy = true
        c.rateLimitPerMinute = 100_000
        // The race's 200 clients queue for the pool's 8 connections behind one event's row lock,
        // so the last one waits for nearly all 200 registrations. With the rest of the suite
        // running beside them on 2 cores (debug build) those took up to 190 s in CI, and the
        // clients still waiting at TestApp's 120 s got AsyncKit.ConnectionPoolTimeoutError → 500
        // (fresh-clone CI at a6d14bf: 52 and 41 of 200; the capacity held every time). These tests
        // prove capacity and order, not latency — that is `scripts/bench-registration`'s job —
        // so their clients wait as long as the race takes.
        c.databasePoolTimeout = 600
    }

    /// Fires one registration per client, all at once, spread over `apps`.
    static func race(_ apps: [Application], clients: Int, context: RegistrationContext) async throws -> [HTTPResponseStatus] {
        let rule = context.workshops[0]
        return try await withThrowingTaskGroup(of: HTTPResponseStatus.self) { group in
            for n in 0..<clients {
                let app = apps[n % apps.count]
                let choice = [rule.fieldName: [rule.alternatives[n % rule.alternatives.count].uuidString]]
                let request = registrationRequest(
                    forum, fields: participant(n, workshops: choice), address: "10.0.\(n / 250).\(n % 250)")
                group.addTask { try await app.testing().performTest(request: request).status }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
    }

    static func verify(_ t: TestApp, context: RegistrationContext, capacity: Int, clients: Int, statuses: [HTTPResponseStatus])
        async throws
    {
        #expect(statuses.count == clients)
        #expect(
            statuses.allSatisfy { $0 == .seeOther },
            "statuses: \(Dictionary(grouping: statuses, by: { $0.code }).mapValues(\.count)); \(Set(LogCapture.all.split(separator: "\n").filter { $0.contains("Request failed") }.map { $0.suffix(160) }))"
        )
        let all = try await Registration.query(on: t.db).filter(\.$event.$id == context.eventID).all()
        #expect(all.count == clients)
        #expect(all.filter { $0.state == .confirmed }.count == capacity)
        #expect(all.filter { $0.state == .waitlisted }.count == clients - capacity)
        // Workshops never over capacity either.
        let counts = try await RegistrationService.counts(context, on: t.db)
        for (id, taken) in counts.workshopTaken { #expect(taken <= counts.workshopCapacity[id] ?? Int.max) }
        // First come, first served: every confirmed person arrived before every waiting one.
        let lastConfirmed = all.filter { $0.state == .confirmed }.map(\.sequence).max() ?? 0
        let firstWaiting = all.filter { $0.state == .waitlisted }.map(\.sequence).min() ?? Int64.max
        #expect(lastConfirmed < firstWaiting)
        #expect(Set(all.map(\.sequence)).count == all.count)
    }

    @Test func twoHundredClientsRaceForFiftySeats() async throws {
        try await withTestApp(adjust: Self.adjust) { t in
            let context = try await t.configureRegistration(Self.forum, capacity: 50)
            let statuses = try await Self.race([t.app], clients: 200, context: context)
            try await Self.verify(t, context: context, capacity: 50, clients: 200, statuses: statuses)
        }
    }

    @Test(.enabled(if: TestDatabase.isPostgres))
    func twoAppInstancesOnOnePostgreSQLNeverOversell() async throws {
        try await withTestApp(adjust: Self.adjust) { t in
            let context = try await t.configureRegistration(Self.forum, capacity: 50)
            let other = try await t.sibling()
            do {
                let statuses = try await Self.race([t.app, other], clients: 200, context: context)
                try await Self.verify(t, context: context, capacity: 50, clients: 200, statuses: statuses)
            } catch {
                try? await other.asyncShutdown()
                throw error
            }
            try await other.asyncShutdown()
        }
    }

    @Test func cancellationsRacingPromotionsLoseNoSeatAndPromoteNobodyTwice() async throws {
        try await withTestApp(adjust: Self.adjust) { t in
            var context = try await t.configureRegistration(Self.forum, capacity: 20)
            _ = try await Self.race([t.app], clients: 40, context: context)
            context = try await t.context(Self.forum)
            let confirmed = try await Registration.query(on: t.db).filter(\.$event.$id == context.eventID).filter(
                \.$state == .confirmed
            ).all()
            #expect(confirmed.count == 20)
            let env = RegistrationService.Environment(now: t.app.clock.now(), baseURL: t.app.config.baseURL)
            let cancelling = confirmed.prefix(15).map { $0.id! }
            let ctx = context
            let db = t.db
            // 15 cancellations and 10 new registrations at the same time.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for id in cancelling {
                    group.addTask {
                        try await RegistrationService.cancel(
                            id, reason: nil, actor: .participant, context: ctx, on: db, environment: env)
                    }
                }
                for n in 100..<110 {
                    let request = registrationRequest(
                        Self.forum,
                        fields: participant(
                            n, workshops: [ctx.workshops[0].fieldName: [ctx.workshops[0].alternatives[0].uuidString]]),
                        address: "10.9.0.\(n)")
                    let app = t.app
                    group.addTask {
                        let status = try await app.testing().performTest(request: request).status
                        #expect(status == .seeOther)
                    }
                }
                try await group.waitForAll()
            }
            let all = try await Registration.query(on: t.db).filter(\.$event.$id == context.eventID).all()
            #expect(all.filter { $0.state == .confirmed }.count == 20, "every freed seat was taken again")
            #expect(all.filter { $0.state == .cancelled }.count == 15)
            #expect(all.filter { $0.state == .waitlisted }.count == 50 - 20 - 15)
            // Only this event's changes: the demo data holds a promotion at the II Congress.
            let ids = all.map { $0.id! }
            let promotions = try await RegistrationChange.query(on: t.db).filter(\.$registration.$id ~~ ids)
                .filter(\.$fromState == .waitlisted).filter(\.$toState == .confirmed).all()
            #expect(Set(promotions.map { $0.$registration.id }).count == promotions.count, "nobody promoted twice")
            #expect(promotions.count == 15)
            let counts = try await RegistrationService.counts(context, on: t.db)
            for (id, taken) in counts.workshopTaken { #expect(taken <= counts.workshopCapacity[id] ?? Int.max) }
        }
    }

    @Test func doubleSubmitOfTheSameFormMakesOneRegistration() async throws {
        try await withTestApp(adjust: Self.adjust) { t in
            let context = try await t.configureRegistration(Self.forum, capacity: 50)
            let rule = context.workshops[0]
            let fields = participant(7, workshops: [rule.fieldName: [rule.alternatives[0].uuidString]])
            let app = t.app
            let statuses = try await withThrowingTaskGroup(of: HTTPResponseStatus.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        try await app.testing().performTest(
                            request: registrationRequest(Self.forum, fields: fields, address: "10.1.1.1")
                        ).status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .seeOther }.count == 1)
            #expect(statuses.filter { $0 == .conflict }.count == 7)
            #expect(try await Registration.query(on: t.db).filter(\.$email == "osoba7@test.example").count() == 1)
            #expect(try await OutboxMessage.query(on: t.db).filter(\.$recipient == "osoba7@test.example").count() == 1)
        }
    }

    @Test func perOptionLimitHoldsUnderConcurrentSubmissions() async throws {
        try await withTestApp(adjust: Self.adjust) { t in
            let context = try await t.configureRegistration(DemoRegistrations.approvalSlug, capacity: nil, mode: .automatic)
            let questions = context.questions.map(\.question)
            let resolution = try #require(questions.first { $0.kind == .yesNo })
            let bus = try #require(questions.first { $0.kind == .singleChoice })
            let limited = try #require(bus.options.first { $0.limit != nil })
            let row = try #require(try await RegistrationQuestion.find(bus.id, on: t.db))
            row.options = String(
                data: try JSONEncoder().encode([
                    Question.Option(id: limited.id, label: limited.label, limit: 5),
                    Question.Option(id: "o2", label: "Dojazd własny"),
                ]), encoding: .utf8)!
            try await row.update(on: t.db)
            let app = t.app
            let statuses = try await withThrowingTaskGroup(of: HTTPResponseStatus.self) { group in
                for n in 0..<30 {
                    var fields = participant(n)
                    fields.append((resolution.fieldName, "yes"))
                    fields.append((bus.fieldName, limited.id))
                    let request = registrationRequest(DemoRegistrations.approvalSlug, fields: fields, address: "10.7.0.\(n)")
                    group.addTask { try await app.testing().performTest(request: request).status }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .seeOther }.count == 5)
            #expect(statuses.filter { $0 == .unprocessableEntity }.count == 25, "the others are told the option is full")
            let answers = try await Registration.query(on: t.db).filter(\.$event.$id == context.eventID).all().map(\.answers)
            #expect(answers.filter { $0.contains("\"\(limited.id)\"") }.count == 5)
        }
    }
}

import Fluent
import Foundation
import OpenCUSCore
import Testing
import Vapor

@testable import OpenCUSWeb

/// The monthly publication and its readers: the director's settings, the public monitoring page
/// and its JSON, the ROPS's regional view (from the published table only), housekeeping, and
/// the reserve list's history behind the waiting-time indicator.
@Suite struct InsightPublicationWebTests {
    /// The test clock is 18 November 2026: the last ended month is October.
    static let october = "2026-10"

    @Test func theDirectorChangesTheThresholdAndWhatIsPublished() async throws {
        try await withTestApp { t in
            let org = try await t.organisationID("cus-jasminowo")
            let director = t.browser()
            try await director.login("dyrektor@cus-jasminowo.example")
            let form = try await director.get("/panel/insight/settings")
            #expect(form.status == .ok && form.body.string.contains("Próg małych liczb"))
            // The demo shares with ROPS Poznań and publishes its page: October is published.
            let before = try await InsightPublication.scoped(to: org, on: t.db).all()
            #expect(Set(before.map(\.kind)) == [.regional, .monitoring] && before.allSatisfy { $0.month == Self.october })

            // A threshold under the law's floor is refused next to the field, with what was typed kept.
            let refused = try await director.post(
                "/panel/insight/settings", [("threshold", "2"), ("residents", "12 480"), ("residentsSource", "<b>GUS</b>")])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("nie może być niższy niż 3"))
            #expect(refused.body.string.contains("value=\"2\"") && refused.body.string.contains("&lt;b&gt;GUS&lt;/b&gt;"))
            #expect(try await InsightSettings.scoped(to: org, on: t.db).first()?.threshold == 5, "nothing stored")

            // Threshold 8, only two indicators shared, no public page.
            let saved = try await director.post(
                "/panel/insight/settings",
                [
                    ("threshold", "8"), ("residents", "12480"), ("residentsSource", "GUS BDL"), ("shareWithRegion", "on"),
                    ("sharedCodes[]", "DOS-01"), ("sharedCodes[]", "USL-04"),
                ])
            #expect(saved.status == .seeOther)
            let settings = try #require(try await InsightSettings.scoped(to: org, on: t.db).first())
            #expect(settings.threshold == 8 && settings.codes == ["DOS-01", "USL-04"] && !settings.publishMonitoring)
            let after = try await InsightPublication.scoped(to: org, on: t.db).all()
            #expect(after.map(\.kind) == [.regional], "the page's publications are withdrawn")
            let regional = try after[0].decode(IndicatorPublication.self)
            #expect(regional.threshold == 8 && regional.monthValues.map(\.code) == ["DOS-01", "USL-04"])
            #expect(try await t.audit(action: .update).contains { $0.detail.contains("jest: próg 8") })
            // The dashboard uses the new threshold.
            #expect(try await director.get("/panel/insight").body.string.contains("mniej niż 8 osobach"))
            #expect(try await t.browser().get("/services/cus-jasminowo/monitoring").status == .notFound)

            // Publishing again rewrites October (one row per kind and month).
            #expect(try await director.post("/panel/insight/settings/publish", []).status == .seeOther)
            #expect(try await InsightPublication.scoped(to: org, on: t.db).count() == 1)

            // Others may not change the settings.
            let analyst = t.browser()
            try await analyst.login("analityk@cus-jasminowo.example")
            #expect(try await analyst.get("/panel/insight/settings").status == .forbidden)
        }
    }

    @Test func thePublicMonitoringPageShowsThePublishedMonthAndItsJSON() async throws {
        try await withTestApp { t in
            let org = try await t.organisationID("cus-jasminowo")
            let visitor = t.browser()
            let page = try await visitor.get("/services/cus-jasminowo/monitoring")
            #expect(page.status == .ok)
            let html = page.body.string
            #expect(html.contains("Jak realizujemy program usług społecznych") && html.contains("październik 2026"))
            // Every service of the programme in force has its row.
            let services = try await InsightPublisher.programmeServices(org, on: t.db)
            #expect(!services.isEmpty)
            for s in services { #expect(html.contains(s.name.replacingOccurrences(of: "\"", with: "&quot;")), "\(s.name)") }

            let json = try await visitor.get("/api/v1/organisations/cus-jasminowo/monitoring")
            #expect(json.status == .ok)
            let body = try JSONDecoder().decode(MonitoringJSON.self, from: Data(buffer: json.body))
            #expect(body.month == Self.october && body.threshold == 5 && body.services.count == services.count)
            // Independently: people using each service on 31 October, from the enrolments.
            let end = try #require(CalendarDay(iso: "2026-10-31"))
            let enrolments = try await Enrolment.scoped(to: org, on: t.db).all()
            for s in body.services {
                let using = Set(
                    enrolments.filter { $0.$service.id == s.id && $0.startDay <= end && ($0.endDay.map { $0 >= end } ?? true) }
                        .map { $0.$person.id }
                ).count
                if let shown = s.using.value {
                    #expect(shown == using, "\(s.name)")
                } else {
                    #expect(s.using.suppressed && (s.using.display == "<5" || s.using.display == "ukryte"))
                    if s.using.display == "<5" { #expect(using > 0 && using < 5) }
                }
                #expect(s.using.value == nil || s.using.value! >= 5 || s.using.value! == 0)
            }
            // An organisation that does not publish has no such page.
            #expect(try await visitor.get("/services/cus-starachowice/monitoring").status == .notFound)
            #expect(try await visitor.get("/api/v1/organisations/nie-ma/monitoring").status == .notFound)
        }
    }

    @Test func theROPSSeesItsRegionFromPublicationsOnly() async throws {
        try await withTestApp { t in
            let rops = t.browser()
            try await rops.login("analityk@rops-poznan.example")
            let page = try await rops.get("/panel/region")
            #expect(page.status == .ok)
            let html = page.body.string
            #expect(html.contains("województwo wielkopolskie") && html.contains("Centrum Usług Społecznych w Jaśminowie"))
            #expect(html.contains("październik 2026") && html.contains("Podsumowanie roku 2026"))
            for code in DemoInsight.sharedCodes { #expect(html.contains(code)) }
            #expect(html.contains("Centrum Usług Społecznych w Czarnkowie"), "a centre without data is listed apart")
            let csv = try await rops.get("/panel/region/indicators.csv")
            #expect(csv.status == .ok && csv.body.string.contains("DOS-01"))

            // The published figures are what the page shows: the month's value of DOS-01.
            let org = try await t.organisationID("cus-jasminowo")
            let publication = try #require(
                try await InsightPublication.scoped(to: org, on: t.db).filter(\.$kind == .regional).first()
            ).decode(IndicatorPublication.self)
            let requests = try #require(publication.monthValues.first { $0.code == "DOS-01" })
            #expect(html.contains("<td>\(requests.display)</td>"))

            // A ROPS of another voivodeship does not see Jaśminowo; a CUS has no regional view.
            let marta = try #require(try await User.query(on: t.db).filter(\.$email == "szkolenia@rops-opole.example").first())
            try await Membership(
                userID: try marta.requireID(), organisationID: try await t.organisationID("rops-opole"), role: .analyst
            )
            .create(on: t.db)
            let opole = t.browser()
            try await opole.login("szkolenia@rops-opole.example")
            let other = try await opole.get("/panel/region")
            #expect(other.status == .ok && !other.body.string.contains("Jaśminowie"))
            let director = t.browser()
            try await director.login("dyrektor@cus-jasminowo.example")
            #expect(try await director.get("/panel/region").status == .forbidden)

            // Jaśminowo stops sharing: the ROPS sees nothing of it at once.
            #expect(
                try await director.post("/panel/insight/settings", [("threshold", "5"), ("publishMonitoring", "on")]).status
                    == .seeOther)
            let afterwards = try await rops.get("/panel/region").body.string
            #expect(!afterwards.contains("<th scope=\"col\">Centrum Usług Społecznych w Jaśminowie</th>"))
            #expect(afterwards.contains("Żadne centrum z województwa nie udostępnia"))
        }
    }

    @Test func housekeepingPublishesAnEndedMonthOnce() async throws {
        try await withTestApp { t in
            let org = try await t.organisationID("cus-jasminowo")
            try await InsightPublication.scoped(to: org, on: t.db).delete()
            try await Housekeeping.run(app: t.app)
            let first = try await InsightPublication.scoped(to: org, on: t.db).all()
            #expect(first.count == 2 && first.allSatisfy { $0.month == Self.october })
            try await Housekeeping.run(app: t.app)
            let second = try await InsightPublication.scoped(to: org, on: t.db).all()
            #expect(Set(second.compactMap(\.id)) == Set(first.compactMap(\.id)), "a published month is left as it is")
            // Two instances at once: one publication per kind and month in the end.
            try await InsightPublication.scoped(to: org, on: t.db).delete()
            let app = t.app
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<4 { group.addTask { try await Housekeeping.run(app: app) } }
                try await group.waitForAll()
            }
            let raced = try await InsightPublication.scoped(to: org, on: t.db).all()
            #expect(raced.count == 2)
        }
    }

    @Test func aStayOnTheReserveListIsKeptWhenItEnds() async throws {
        try await withTestApp { t in
            let org = try await t.organisationID("cus-jasminowo")
            let r = try #require(try await RequestedService.scoped(to: org, on: t.db).filter(\.$outcome == .requested).first())
            let application = try #require(try await ServiceApplication.find(r.$application.id, on: t.db))
            let actor = AuditActor(userID: nil, name: "test", organisationID: org, roles: [.director], address: nil)
            let added = t.app.clock.now().addingTimeInterval(-20 * 86_400)
            try await IntakeService.reserve(
                try r.requireID(), criteria: [], staff: actor, organisationID: org, now: added, on: t.db)
            try await IntakeService.withdraw(try r.requireID(), application: application, now: t.app.clock.now(), on: t.db)
            let facts = try await InsightQueries.facts(org, on: t.db)
            let stay = try #require(
                facts.waiting.first { $0.added == CalendarDay(added, in: WallClock.warsaw) && $0.left != nil })
            #expect(stay.added.days(until: try #require(stay.left)) == 20)
        }
    }
}

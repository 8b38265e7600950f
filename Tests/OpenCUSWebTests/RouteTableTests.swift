import Foundation
import Testing
import Vapor

@testable import OpenCUSWeb

/// The route table is the only way a route exists: what is registered, who may use it and
/// how links are built all come from `SiteRoute`.
@Suite struct RouteTableTests {
    @Test func everyEntryIsRegisteredOnceWithItsMethodAndPath() async throws {
        try await withTestApp(.empty) { t in
            let registered = t.app.routes.all.map {
                "\($0.method.rawValue) /" + $0.path.map(\.description).joined(separator: "/")
            }
            #expect(registered.count == Set(registered).count, "a route is registered twice")
            #expect(Set(registered) == Set(SiteRoute.allCases.map(\.rawValue)))
        }
    }

    @Test func panelRoutesNeedStaffAndPublicRoutesDoNot() {
        for route in SiteRoute.allCases {
            #expect([.GET, .POST].contains(route.method), "\(route.rawValue)")
            let panel = route.pattern == "/panel" || route.pattern.hasPrefix("/panel/")
            #expect(panel == (route.spec.access != .everyone), "\(route.rawValue): \(route.spec.access)")
        }
        // The desk is outside the organiser's event pages: a check-in mark does not move the event's version.
        #expect(SiteRoute.eventUpdate.movesEventVersion)
        #expect(!SiteRoute.checkInMarkPresent.movesEventVersion)
        #expect(!SiteRoute.certificatesRegisterPage.movesEventVersion)
    }

    @Test func linksFillParametersInOrderAndEncodeEachAsOneSegment() {
        let application = UUID(uuidString: "6E0B7A52-11C4-4D4B-9E0B-2C4E8B7E1A01")!
        let requested = UUID(uuidString: "0F2B1D3C-0000-4000-8000-000000000001")!
        #expect(
            SiteRoute.intakeQualify.url(application, requested)
                == "/panel/applications/6E0B7A52-11C4-4D4B-9E0B-2C4E8B7E1A01/services/0F2B1D3C-0000-4000-8000-000000000001/qualify"
        )
        #expect(SiteRoute.intakeDashboard.url(query: "show=due-soon") == "/panel/applications?show=due-soon")
        #expect(SiteRoute.home.url() == "/")
        // A value cannot add segments or a query of its own.
        #expect(SiteRoute.publicEventPage.url("a/b?c=d#e") == "/events/a%2Fb%3Fc=d%23e")
        #expect(SiteRoute.publicEventPage.url("zażółć") == "/events/za%C5%BC%C3%B3%C5%82%C4%87")
    }
}

extension RouteTableTests {
    /// Every `#url("name", …)` in the templates names a route of the table with as many values
    /// as the route has parameters.
    @Test func everyTemplateLinkNamesARouteWithItsParameters() throws {
        let views = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "../../Sources/OpenCUSWeb/Resources/Views")
        let files = FileManager.default.enumerator(at: views, includingPropertiesForKeys: nil)!.compactMap { $0 as? URL }
            .filter { $0.pathExtension == "leaf" }
        #expect(files.count > 50)
        let tag = try Regex(#"#url\("(\w+)"((?:, *[\w.]+)*)\)"#)
        var links = 0
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            #expect(!text.contains("href=\"/panel"), "\(file.lastPathComponent) has a hard-coded panel link")
            for match in text.matches(of: tag) {
                links += 1
                let name = String(match.output[1].substring ?? "")
                let values = (match.output[2].substring ?? "").split(separator: ",").count
                let route = SiteRoute.byName[name]
                #expect(route != nil, "\(file.lastPathComponent): no route \(name)")
                #expect(route?.parameterNames.count == values, "\(file.lastPathComponent): \(name) with \(values) values")
            }
        }
        #expect(links > 300)
    }

    @Test func aTemplateLinkRendersThePathFromTheTable() async throws {
        try await withTestApp(.empty) { t in
            let page = try await t.browser().get("/")
            #expect(page.body.string.contains("href=\"/events\""))
            #expect(page.body.string.contains("href=\"/services\""))
        }
    }
}

extension RouteTableTests {
    /// Every public JSON endpoint of the table can be read from other origins and is cached for
    /// five minutes, as the README promises; the registration API's answers are never cached.
    @Test func everyPublicJSONEndpointHasCORSAndCacheHeaders() async throws {
        try await withTestApp { t in
            let event = try await t.event(DemoRegistrations.upcomingSlug)
            let api = SiteRoute.allCases.filter { $0.pattern.hasPrefix("/api/") }
            #expect(api.filter { $0.method == .GET }.count >= 4)
            for route in api where route.method == .GET {
                let values = route.parameterNames.map { $0 == "organisation" ? "cus-jasminowo" : event.id!.uuidString }
                let response = try await t.browser().get(route.url(values: values))
                #expect(response.status == .ok, "\(route.rawValue)")
                #expect(response.headers.first(name: .accessControlAllowOrigin) == "*", "\(route.rawValue)")
                #expect(response.headers.first(name: .cacheControl) == "public, max-age=300", "\(route.rawValue)")
            }
            let write = try await t.browser().post(SiteRoute.registrationAPICreate.url(event.id!), [])
            #expect(write.headers.first(name: .accessControlAllowOrigin) == "*")
            #expect(write.headers.first(name: .cacheControl) == "no-store")
        }
    }
}

import Fluent
import OpenCUSCore
import Vapor

/// The staff start page and the member list of the current organisation.
enum PanelController {

    @Sendable static func dashboard(_ request: Request) async throws -> Response {
        let staff = try request.require(.viewPanel)
        let today = CalendarDay(request.clock.now(), in: WallClock.warsaw)
        let page = DashboardPage.make(
            staff, cards: try await TodayCards.load(for: staff, today: today, on: request.db), today: today,
            layout: try await request.layout(title: "Panel pracownika", section: "panel"))
        return try await request.render("access/dashboard", page)
    }

    @Sendable static func members(_ request: Request) async throws -> Response {
        let staff = try request.require(.viewMembers)
        let memberships = try await Membership.query(on: request.db)
            .filter(\.$organisation.$id == staff.organisationID)
            .with(\.$user)
            .all()
        let page = MembersPage.make(
            memberships, staff: staff,
            requireTwoFactor: try await Organisation.find(staff.organisationID, on: request.db)?.requireTwoFactor ?? false,
            layout: try await request.layout(title: "Pracownicy organizacji", section: "members"),
            notice: [
                "reset": "Wysłano link do ustawienia nowego hasła (ważny 24 godziny).",
                "security": "Zapisano ustawienia bezpieczeństwa.",
            ][request.query[String.self, at: "done"] ?? ""])
        return try await request.render("access/members", page)
    }
}

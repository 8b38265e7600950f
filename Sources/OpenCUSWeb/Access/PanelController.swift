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
        let byUser = Dictionary(grouping: memberships, by: { $0.$user.id })
        let members = byUser.values.map { group in
            MembersPage.Member(
                id: group[0].$user.id, name: group[0].user.name, email: group[0].user.email,
                roles: Role.allCases.filter { role in group.contains { $0.role == role } }.map(\.polishName).joined(
                    separator: ", "),
                isActive: group[0].user.isActive, twoFactor: group[0].user.totpEnabledAt != nil)
        }.sorted { $0.name.localizedCompare($1.name) == .orderedAscending }
        let people = PolishPlural(one: "osoba", few: "osoby", many: "osób")
        let page = MembersPage(
            layout: try await request.layout(title: "Pracownicy organizacji", section: "members"),
            organisationName: staff.organisationName, members: members,
            summary: "\(people.phrase(members.count)) z dostępem do systemu",
            canResetPasswords: staff.allows(.resetPasswords), canManageSecurity: staff.allows(.manageSecurity),
            requireTwoFactor: try await Organisation.find(staff.organisationID, on: request.db)?.requireTwoFactor ?? false,
            notice: [
                "reset": "Wysłano link do ustawienia nowego hasła (ważny 24 godziny).",
                "security": "Zapisano ustawienia bezpieczeństwa.",
            ][
                request.query[String.self, at: "done"] ?? ""])
        return try await request.render("access/members", page)
    }
}

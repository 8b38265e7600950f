import Fluent
import OpenCUSCore
import Vapor

/// The staff start page and the member list of the current organisation.
enum PanelController {

    @Sendable static func dashboard(_ request: Request) async throws -> Response {
        let staff = try request.require(.viewPanel)
        let today = CalendarDay(request.clock.now(), in: WallClock.warsaw)
        var links: [DashboardPage.Link] = []
        if staff.allows(.manageEvents) {
            links.append(
                .init(
                    href: SiteRoute.eventList.url(), label: "Wydarzenia organizacji",
                    description: "Kongresy, spotkania i szkolenia: dane, program, publikacja."))
        }
        if staff.allows(.viewMembers) {
            links.append(
                .init(
                    href: SiteRoute.panelMembers.url(), label: "Pracownicy organizacji",
                    description: "Kto ma dostęp do systemu i w jakiej roli."))
        }
        if staff.allows(.viewOutbox) {
            links.append(
                .init(
                    href: SiteRoute.outboxList.url(), label: "Poczta wychodząca",
                    description: "Stan wysyłki wiadomości e-mail; ponawianie nieudanych."))
        }
        if staff.allows(.manageApplications) {
            links.append(
                .init(
                    href: SiteRoute.intakeDashboard.url(), label: "Wnioski o usługi",
                    description: "Nowe wnioski, terminy oceny potrzeb, kwalifikacja, listy rezerwowe, decyzje odmowne."))
        }
        if staff.allows(.manageProgramme) {
            links.append(
                .init(
                    href: SiteRoute.programmeList.url(), label: "Program usług społecznych",
                    description: "Wersje programu, usługi, uchwała i ogłoszenie; katalog dla mieszkańców."))
        }
        if staff.allows(.viewAudit) {
            links.append(
                .init(
                    href: SiteRoute.auditList.url(), label: "Dziennik zdarzeń",
                    description: "Kto, kiedy i skąd oglądał lub zmieniał dane osobowe; eksport do CSV."))
        }
        if staff.allows(.manageDataSubjects) {
            links.append(
                .init(
                    href: SiteRoute.privacyIndex.url(), label: "Wnioski o dane osobowe",
                    description: "Kopia danych osoby, anonimizacja, historia wglądu; okresy przechowywania."))
        }
        links.append(
            .init(
                href: SiteRoute.accountShow.url(), label: "Moje konto",
                description: "Zmiana hasła, logowanie dwuskładnikowe, aktywne sesje."
            ))
        if staff.allows(.editAccessibilityStatement) {
            links.append(
                .init(
                    href: SiteRoute.accessibilityEdit.url(), label: "Deklaracja dostępności",
                    description: "Edycja deklaracji i data ostatniego przeglądu."))
        }
        let page = DashboardPage(
            layout: try await request.layout(title: "Panel pracownika", section: "panel"),
            userName: staff.userName,
            organisationName: staff.organisationName,
            roles: Role.allCases.filter { staff.roles.contains($0) }.map(\.polishName),
            organisations: staff.organisations,
            currentOrganisationID: staff.organisationID,
            today: try await TodayCards.load(for: staff, today: today, on: request.db), todayDate: today.polish,
            links: links)
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

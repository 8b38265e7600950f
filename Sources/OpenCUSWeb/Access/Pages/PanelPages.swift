import Fluent
import OpenCUSCore
import Vapor

/// The page models of `PanelController` (what its templates receive).
extension PanelController {
    struct DashboardPage: Encodable, Sendable {
        struct Link: Encodable, Sendable {
            let href: String
            let label: String
            let description: String
        }
        let layout: Layout
        let userName: String
        let organisationName: String
        let roles: [String]
        let organisations: [StaffContext.OrganisationChoice]
        let currentOrganisationID: UUID
        /// "Na dziś" (`TodayCards`).
        let today: [TodayCard]
        let todayDate: String
        let links: [Link]
    }

    struct MembersPage: Encodable, Sendable {
        struct Member: Encodable, Sendable {
            let id: UUID
            let name: String
            let email: String
            let roles: String
            let isActive: Bool
            let twoFactor: Bool
        }
        let layout: Layout
        let organisationName: String
        let members: [Member]
        let summary: String
        let canResetPasswords: Bool
        let canManageSecurity: Bool
        let requireTwoFactor: Bool
        let notice: String?
    }
}

extension PanelController.DashboardPage {
    /// The parts of the panel, in the order the home lists them; `nil`: everyone's.
    static let panelLinks: [(permission: Permission?, route: SiteRoute, label: String, description: String)] = [
        (.manageEvents, .eventList, "Wydarzenia organizacji", "Kongresy, spotkania i szkolenia: dane, program, publikacja."),
        (.viewMembers, .panelMembers, "Pracownicy organizacji", "Kto ma dostęp do systemu i w jakiej roli."),
        (.manageProfile, .profileShow, "Profil organizacji", "Kontakt, godziny przyjęć, logo i kolor na stronach centrum."),
        (.viewOutbox, .outboxList, "Poczta wychodząca", "Stan wysyłki wiadomości e-mail; ponawianie nieudanych."),
        (
            .manageApplications, .intakeDashboard, "Wnioski o usługi",
            "Nowe wnioski, terminy oceny potrzeb, kwalifikacja, listy rezerwowe, decyzje odmowne."
        ),
        (
            .manageProgramme, .programmeList, "Program usług społecznych",
            "Wersje programu, usługi, uchwała i ogłoszenie; katalog dla mieszkańców."
        ),
        (.viewAudit, .auditList, "Dziennik zdarzeń", "Kto, kiedy i skąd oglądał lub zmieniał dane osobowe; eksport do CSV."),
        (
            .manageDataSubjects, .privacyIndex, "Wnioski o dane osobowe",
            "Kopia danych osoby, anonimizacja, historia wglądu; okresy przechowywania."
        ),
        (nil, .accountShow, "Moje konto", "Zmiana hasła, logowanie dwuskładnikowe, aktywne sesje."),
        (
            .editAccessibilityStatement, .accessibilityEdit, "Deklaracja dostępności",
            "Edycja deklaracji i data ostatniego przeglądu."
        ),
    ]

    /// The staff home: today's cards and a link to each part of the panel the roles open.
    static func make(_ staff: StaffContext, cards: [TodayCard], today: CalendarDay, layout: Layout)
        -> PanelController.DashboardPage
    {
        let links = panelLinks.filter { $0.permission.map(staff.allows) ?? true }.map {
            Link(href: $0.route.url(), label: $0.label, description: $0.description)
        }
        return PanelController.DashboardPage(
            layout: layout,
            userName: staff.userName,
            organisationName: staff.organisationName,
            roles: Role.allCases.filter { staff.roles.contains($0) }.map(\.polishName),
            organisations: staff.organisations,
            currentOrganisationID: staff.organisationID,
            today: cards, todayDate: today.polish,
            links: links)
    }
}

extension PanelController.MembersPage {
    /// Everyone with a membership in the organisation (with its user), their roles in one line.
    static func make(
        _ memberships: [Membership], staff: StaffContext, requireTwoFactor: Bool, layout: Layout, notice: String?
    ) -> PanelController.MembersPage {
        let members = Dictionary(grouping: memberships, by: { $0.$user.id }).values.map { group in
            Member(
                id: group[0].$user.id, name: group[0].user.name, email: group[0].user.email,
                roles: Role.allCases.filter { role in group.contains { $0.role == role } }.map(\.polishName)
                    .joined(separator: ", "),
                isActive: group[0].user.isActive, twoFactor: group[0].user.totpEnabledAt != nil)
        }.sorted { $0.name.localizedCompare($1.name) == .orderedAscending }
        let people = PolishPlural(one: "osoba", few: "osoby", many: "osób")
        return PanelController.MembersPage(
            layout: layout, organisationName: staff.organisationName, members: members,
            summary: "\(people.phrase(members.count)) z dostępem do systemu",
            canResetPasswords: staff.allows(.resetPasswords), canManageSecurity: staff.allows(.manageSecurity),
            requireTwoFactor: requireTwoFactor, notice: notice)
    }
}

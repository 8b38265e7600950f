import Fluent
import Foundation
import OpenCUSCore
import SQLKit

/// "Na dziś": what needs this person's attention today, by what their roles allow: the desk
/// sees today's events, a provider today's sessions, a coordinator the plans and assessments
/// that are late, an approver the plans waiting for approval, an organiser the registrations
/// waiting for acceptance, an analyst the statistics. Numbers only (no names), so the home page
/// reads no personal data; each card links to the page where the work is done.
struct TodayCard: Encodable, Sendable {
    let title: String
    let text: String
    let href: String
    let link: String
    /// Late or waiting for someone: shown first and marked.
    let urgent: Bool
}

enum TodayCards {
    static func load(for staff: StaffContext, today: CalendarDay, on db: any Database) async throws -> [TodayCard] {
        var cards: [TodayCard] = []
        let sql = try db.sql()
        let organisationID = staff.organisationID
        if staff.allows(.checkIn) {
            let events = try await Event.scoped(to: organisationID, on: db).filter(\.$status == .published)
                .filter(\.$startDay <= today).filter(\.$endDay >= today).sort(\.$startDay).all()
            for event in events {
                let counters = try await CheckInController.counters(event.requireID(), day: today, on: db)
                cards.append(
                    TodayCard(
                        title: "Recepcja: \(event.displayTitle)",
                        text: "Obecni dziś: \(counters.present) z \(counters.registered); jeszcze nie dotarło: "
                            + PolishPlural.person.phrase(counters.notYet) + ".",
                        href: SiteRoute.checkInPage.url(try event.requireID(), query: "day=\(today.iso)"),
                        link: "Otwórz recepcję", urgent: false))
            }
        }
        if staff.allows(.manageEvents) {
            struct Waiting: Decodable {
                let id: UUID
                let title: String
                let edition: Int?
                let waiting: Int
            }
            let rows = try await sql.raw(
                """
                SELECT e.id, e.title, e.edition, COUNT(*) AS waiting FROM registrations r JOIN events e ON e.id = r.event_id
                WHERE e.organisation_id = \(bind: organisationID) AND r.state = \(bind: RegistrationState.pending.rawValue)
                GROUP BY e.id, e.title, e.edition ORDER BY COUNT(*) DESC LIMIT 5
                """
            ).all(decoding: Waiting.self)
            for row in rows {
                let title = row.edition.flatMap(RomanNumeral.string).map { "\($0) \(row.title)" } ?? row.title
                cards.append(
                    TodayCard(
                        title: "Zgłoszenia do akceptacji: \(title)",
                        text: "Czeka na Twoją decyzję: \(row.waiting).",
                        href: SiteRoute.registrationsList.url(row.id, query: "state=pending"), link: "Przejrzyj zgłoszenia",
                        urgent: true))
            }
        }
        if staff.allows(.manageApplications) {
            let counts = try await IntakeQueries.openCounts(organisationID: organisationID, today: today, on: sql)
            let overdue = counts.overdue ?? 0
            let soon = counts.due_soon ?? 0
            let toSchedule = counts.to_schedule ?? 0
            if overdue + soon + toSchedule > 0 {
                cards.append(
                    TodayCard(
                        title: "Ocena potrzeb",
                        text: "Po terminie: \(overdue). Termin w najbliższych dniach: \(soon). Do umówienia: \(toSchedule).",
                        href: SiteRoute.intakeDashboard.url(query: overdue > 0 ? "show=overdue" : "show=soon"),
                        link: "Wnioski do oceny", urgent: overdue > 0))
            }
        }
        if staff.allows(.managePlans) {
            let owed = try await IntakeQueries.ipusClocks(organisationID: organisationID, limit: 1_000, on: db)
            let late = owed.filter { $0.ipus_due < today }.count
            if !owed.isEmpty {
                cards.append(
                    TodayCard(
                        title: "Plany IPUS do opracowania",
                        text: "Do opracowania i zatwierdzenia: \(owed.count), w tym po terminie 30 dni: \(late).",
                        href: SiteRoute.ipusCaseload.url(), link: "Otwórz plany", urgent: late > 0))
            }
        }
        if staff.allows(.approvePlans) {
            struct Count: Decodable { let n: Int }
            let waiting =
                try await sql.raw(
                    """
                    SELECT COUNT(*) AS n FROM ipus_versions v JOIN ipus_plans p ON p.id = v.plan_id
                    WHERE p.organisation_id = \(bind: organisationID) AND v.state = \(bind: IpusVersionState.awaitingApproval.rawValue)
                    AND p.coordinator_user_id <> \(bind: staff.userID)
                    """
                ).first(decoding: Count.self)?.n ?? 0
            if waiting > 0 {
                cards.append(
                    TodayCard(
                        title: "Plany czekają na zatwierdzenie",
                        text: "Wersje planów przesłane do zatwierdzenia: \(waiting).", href: SiteRoute.ipusCaseload.url(),
                        link: "Zatwierdź plany", urgent: true))
            }
        }
        if staff.allows(.recordDeliveries) {
            // Counted in the database: a city's director has tens of thousands of active
            // enrolments, which loading one by one made this page take seconds.
            struct ServiceToday: Decodable {
                let service_id: UUID
                let name: String
                let total: Int
                let done: Int
            }
            let column: SQLQueryString =
                switch DeliveryController.Scope.of(staff) {
                case .cus(let id): "organisation_id = \(bind: id)"
                case .provider(let id): "provider_organisation_id = \(bind: id)"
                }
            let rows = try await sql.raw(
                """
                SELECT e.service_id, s.name, COUNT(*) AS total, COUNT(r.enrolment_id) AS done
                FROM enrolments e JOIN service_definitions s ON s.id = e.service_id
                LEFT JOIN (SELECT DISTINCT enrolment_id FROM delivery_records
                    WHERE on_day = \(bind: today.iso) AND \(column)) r ON r.enrolment_id = e.id
                WHERE e.\(column) AND e.active = \(bind: true) AND e.start_day <= \(bind: today.iso)
                GROUP BY e.service_id, s.name ORDER BY s.name
                """
            ).all(decoding: ServiceToday.self)
            for row in rows {
                cards.append(
                    TodayCard(
                        title: "Zajęcia dziś: \(row.name)",
                        text: "Obecność zapisana dla \(row.done) z \(PolishPlural.personGenitive.phrase(row.total)).",
                        href: SiteRoute.deliverySessionForm.url(query: "service=\(row.service_id)&day=\(today.iso)"),
                        link: "Zapisz obecność", urgent: false))
            }
        }
        if staff.allows(.manageDiagnosis), case let clock = try await Diagnosis.clock(organisationID, today: today, on: db),
            clock.isDue, let warning = clock.warning
        {
            cards.append(
                TodayCard(
                    title: "Diagnoza potrzeb i potencjału", text: warning, href: SiteRoute.diagnosisList.url(),
                    link: "Otwórz diagnozę", urgent: true))
        }
        if staff.allows(.viewPlanStatistics) && !staff.allows(.managePlans) {
            cards.append(
                TodayCard(
                    title: "Statystyki", text: "Plany IPUS w liczbach: stany, terminy, osiągnięte cele.",
                    href: SiteRoute.ipusStatistics.url(), link: "Otwórz statystyki", urgent: false))
        }
        // Late and waiting first; otherwise the order above.
        return cards.enumerated().sorted { ($0.element.urgent ? 0 : 1, $0.offset) < ($1.element.urgent ? 0 : 1, $1.offset) }
            .map(\.element)
    }
}

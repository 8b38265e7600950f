import Foundation

/// How long each kind of record is kept after it closes, and what happens then. Defaults and
/// their reasoning are in docs/privacy.md; every CUS/ROPS sets its own months (its filing plan,
/// JRWA, and project agreements decide), within the bounds below.
public enum RetentionRecordType: String, Sendable, Codable, CaseIterable {
    /// Registrations for events without external funding, counted from the event's last day.
    case registrations
    /// Registrations for events with a funding attribution (EU projects must keep participant
    /// records for years after the project closes), counted from the event's last day.
    case registrationsFunded = "registrations_funded"
    /// Audit records, counted from when they were written.
    case auditRecords = "audit_records"
    /// A person in the resident registry with their applications, counted from the last outcome
    /// or end of a service, once nothing is open.
    case applications
    /// Registry persons with a refusal decision, counted from the decision (the filing plan keeps
    /// decisions longer than other case papers).
    case decisions
    /// Names and addresses of people who commented in a consultation, counted from the day the
    /// round's report was published (the text stays: the report is a public record).
    case consultationComments = "consultation_comments"
    /// Residents' sign-ups for supportive activities (name, phone, e-mail), counted from the
    /// activity's last meeting or from the sign-up's cancellation; attendance counts stay.
    case activitySignUps = "activity_signups"
    /// Volunteers' records (contact, availability, skills), counted from the end of the
    /// agreement or their last hours, whichever is later; hours and certificate numbers stay.
    case volunteers

    public var defaultMonths: Int {
        switch self {
        case .consultationComments: 24
        case .registrations: 12
        case .registrationsFunded: 72
        case .auditRecords: 24
        case .applications: 60
        case .decisions: 120
        case .activitySignUps: 12
        case .volunteers: 36
        }
    }

    /// Audit records must outlive what they describe for long enough to answer "who saw it".
    public var minimumMonths: Int {
        switch self {
        case .registrations: 1
        case .registrationsFunded: 12
        case .auditRecords: 12
        case .applications: 12
        case .decisions: 24
        case .consultationComments: 1
        case .activitySignUps: 1
        case .volunteers: 12
        }
    }

    public static let maximumMonths = 600

    public var action: RetentionAction {
        switch self {
        case .registrations, .registrationsFunded, .applications, .decisions, .consultationComments, .activitySignUps,
            .volunteers:
            .anonymise
        case .auditRecords: .delete
        }
    }

    public var polishName: String {
        switch self {
        case .registrations: "Zgłoszenia na wydarzenia (bez finansowania zewnętrznego)"
        case .registrationsFunded: "Zgłoszenia na wydarzenia finansowane z projektów (np. EFS+)"
        case .auditRecords: "Dziennik zdarzeń (kto i kiedy oglądał lub zmieniał dane)"
        case .applications: "Wnioski o usługi i dane osób w rejestrze mieszkańców"
        case .decisions: "Sprawy z decyzją odmowną"
        case .consultationComments: "Dane autorów uwag w konsultacjach społecznych i kontakty zostawione w ankietach"
        case .activitySignUps: "Zapisy mieszkańców na działania wspierające (imię, nazwisko, telefon, e-mail)"
        case .volunteers: "Dane wolontariuszy (kontakt, dostępność, umiejętności)"
        }
    }

    public var polishBasis: String {
        switch self {
        case .registrations: "liczone od ostatniego dnia wydarzenia"
        case .registrationsFunded: "liczone od ostatniego dnia wydarzenia; umowa projektu zwykle wymaga kilku lat"
        case .auditRecords: "liczone od zapisu; rozporządzenie KRI — domyślnie 2 lata"
        case .applications: "liczone od ostatniego rozstrzygnięcia lub zakończenia usługi, gdy nic nie jest otwarte"
        case .decisions: "liczone od daty decyzji; okres z instrukcji kancelaryjnej (JRWA)"
        case .consultationComments:
            "liczone od publikacji raportu (ankiety: od zamknięcia); treść uwag i odpowiedzi zostają, usuwamy imię, nazwisko i e-mail"
        case .activitySignUps:
            "liczone od ostatniego spotkania działania albo od wypisania; liczby obecnych zostają, usuwamy imię, nazwisko i kontakt"
        case .volunteers:
            "liczone od końca porozumienia albo ostatnich godzin, jeśli były później; godziny i numery zaświadczeń zostają"
        }
    }
}

public enum RetentionAction: String, Sendable, Codable {
    /// Identifying fields replaced, free texts removed; counts and categories stay.
    case anonymise
    /// Rows removed.
    case delete

    public var polishName: String {
        switch self {
        case .anonymise: "anonimizacja"
        case .delete: "usunięcie"
        }
    }
}

public enum RetentionRules {
    /// Records that closed before this instant are due. Months are calendar months in Warsaw
    /// (a record closed on 31 March with 1 month is due from 1 May, not on 1 May minus a day).
    public static func cutoff(now: Date, months: Int) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Warsaw")!
        return calendar.date(byAdding: .month, value: -months, to: now) ?? now
    }

    /// A record closed on a calendar day (an event's last day) is due on the day after that
    /// day plus `months`, Warsaw time: an event ending 31 March with 1 month is due on 1 May.
    public static func isDue(closedOn day: CalendarDay, months: Int, now: Date) -> Bool {
        CalendarDay(now, in: WallClock.warsaw) >= dueDay(closedOn: day, months: months)
    }

    public static func dueDay(closedOn day: CalendarDay, months: Int) -> CalendarDay {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let start = calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day))!
        let shifted = calendar.date(byAdding: .month, value: months, to: start)!
        return CalendarDay(shifted, in: calendar.timeZone).adding(days: 1)
    }

    /// "Podaj liczbę miesięcy od 12 do 600." when out of bounds.
    public static func validate(_ months: Int?, for type: RetentionRecordType) -> String? {
        guard let months else { return "Podaj liczbę miesięcy (liczba całkowita)." }
        guard months >= type.minimumMonths, months <= RetentionRecordType.maximumMonths else {
            return "Podaj liczbę miesięcy od \(type.minimumMonths) do \(RetentionRecordType.maximumMonths)."
        }
        return nil
    }
}

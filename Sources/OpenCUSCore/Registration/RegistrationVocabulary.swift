import Foundation

/// Where a registration stands. Only `confirmed` holds a seat; `pending` waits for the
/// organiser; `waitlisted` waits for a seat in order of arrival.
public enum RegistrationState: String, Sendable, Codable, CaseIterable {
    case pending, confirmed, waitlisted, offered, rejected, cancelled

    public var polishName: String {
        switch self {
        case .pending: "oczekuje na akceptację"
        case .confirmed: "potwierdzone"
        case .waitlisted: "lista rezerwowa"
        case .offered: "zaproponowano miejsce"
        case .rejected: "odrzucone"
        case .cancelled: "anulowane"
        }
    }

    /// Active registrations count against "one per e-mail per event".
    public var isActive: Bool { self != .rejected && self != .cancelled }
    /// States that hold (or are about to hold) a seat: an offered seat is kept for the person
    /// until the offer expires.
    public var holdsSeat: Bool { self == .confirmed || self == .offered }
}

public enum RegistrationMode: String, Sendable, Codable, CaseIterable {
    /// A seat if one is free, otherwise the waiting list.
    case automatic
    /// Pending until the organiser accepts or rejects.
    case approval

    public var polishName: String {
        switch self {
        case .automatic: "automatyczne potwierdzenie"
        case .approval: "akceptacja przez organizatora"
        }
    }
}

/// What happens when a seat frees up.
public enum PromotionMode: String, Sendable, Codable, CaseIterable {
    /// The first waiting person gets the seat and an e-mail.
    case automatic
    /// The first waiting person is offered the seat for a number of hours; then the next.
    case offer

    public var polishName: String {
        switch self {
        case .automatic: "automatycznie pierwszej osobie z listy"
        case .offer: "propozycja z terminem potwierdzenia"
        }
    }
}

/// How the registration reached the organiser.
public enum RegistrationSource: String, Sendable, Codable, CaseIterable {
    case online, email, paper, api
    /// A walk-in registered at the check-in desk.
    case onSite = "on_site"

    public var polishName: String {
        switch self {
        case .online: "formularz online"
        case .email: "e-mail"
        case .paper: "formularz papierowy"
        case .api: "integracja (API)"
        case .onSite: "na miejscu (recepcja)"
        }
    }
}

public enum InstitutionType: String, Sendable, Codable, CaseIterable {
    case cus, ops, pcpr, rops, localGovernment = "local_government", ngo, other

    public var polishName: String {
        switch self {
        case .cus: "Centrum usług społecznych (CUS)"
        case .ops: "Ośrodek pomocy społecznej (OPS / MOPS / GOPS)"
        case .pcpr: "Powiatowe centrum pomocy rodzinie (PCPR)"
        case .rops: "Regionalny ośrodek polityki społecznej (ROPS)"
        case .localGovernment: "Urząd gminy / starostwo powiatowe"
        case .ngo: "Organizacja pozarządowa"
        case .other: "Inna"
        }
    }
}

/// Accessibility needs a participant can declare (the organiser prepares them in advance).
public enum AccessibilityNeed: String, Sendable, Codable, CaseIterable {
    case signLanguage = "sign_language", inductionLoop = "induction_loop", stepFree = "step_free"

    public var polishName: String {
        switch self {
        case .signLanguage: "tłumacz języka migowego"
        case .inductionLoop: "pętla indukcyjna"
        case .stepFree: "dostęp bez schodów"
        }
    }
}

extension PolishPlural {
    /// "zostało 1 miejsce", "zostały 3 miejsca", "zostało 25 miejsc" — the verb agrees too.
    public static func placesLeft(_ count: Int) -> String {
        let form = PolishPlural.place.form(for: count)
        let verb = form == PolishPlural.place.few ? "zostały" : "zostało"
        if count <= 0 { return "brak wolnych miejsc" }
        return "\(verb) \(count) \(form)"
    }
}

/// The 14 areas of social services listed in art. 2 ust. 1 of the Act of 19 July 2019 on the
/// provision of social services by a CUS. Raw values are stored: never rename one.
public enum ServiceArea: String, Sendable, Codable, CaseIterable {
    case familyPolicy = "family_policy"
    case familySupport = "family_support"
    case fosterCare = "foster_care"
    case socialAssistance = "social_assistance"
    case health
    case disability
    case education
    case employment
    case culture
    case sportTourism = "sport_tourism"
    case civicActivity = "civic_activity"
    case housing
    case environment
    case reintegration

    /// The act's wording.
    public var polishName: String {
        switch self {
        case .familyPolicy: "polityka prorodzinna"
        case .familySupport: "wspieranie rodziny"
        case .fosterCare: "system pieczy zastępczej"
        case .socialAssistance: "pomoc społeczna"
        case .health: "promocja i ochrona zdrowia"
        case .disability: "wspieranie osób niepełnosprawnych"
        case .education: "edukacja publiczna"
        case .employment: "przeciwdziałanie bezrobociu"
        case .culture: "kultura"
        case .sportTourism: "kultura fizyczna i turystyka"
        case .civicActivity: "pobudzanie aktywności obywatelskiej"
        case .housing: "mieszkalnictwo"
        case .environment: "ochrona środowiska"
        case .reintegration: "reintegracja zawodowa i społeczna"
        }
    }
}

/// A programme version's life. Qualifications refer to the version in force when they were
/// made, so versions are never edited once adopted; a change is a new version.
public enum ProgrammeState: String, Sendable, Codable, CaseIterable {
    case draft
    case adopted
    case inForce = "in_force"
    case expired

    public var polishName: String {
        switch self {
        case .draft: "projekt"
        case .adopted: "uchwalony"
        case .inForce: "obowiązuje"
        case .expired: "wygasł"
        }
    }

    /// The allowed next states (a draft can be adopted, an adopted programme comes into force
    /// once published, one in force expires; nothing goes back).
    public var next: [ProgrammeState] {
        switch self {
        case .draft: [.adopted]
        case .adopted: [.inForce, .expired]
        case .inForce: [.expired]
        case .expired: []
        }
    }

    /// Service definitions can change only while the council has not adopted the programme.
    public var isEditable: Bool { self == .draft }
}

/// Who delivers a service (art. 5–7 of the act: the CUS itself, another municipal unit, or an
/// entity commissioned or bought from).
public enum DeliveryRoute: String, Sendable, Codable, CaseIterable {
    case own
    case municipalUnit = "municipal_unit"
    case commissioned
    case purchased

    public var polishName: String {
        switch self {
        case .own: "realizuje centrum usług społecznych"
        case .municipalUnit: "realizuje inna jednostka gminy"
        case .commissioned: "zlecona organizacji pozarządowej lub podmiotowi ekonomii społecznej"
        case .purchased: "zakupiona (zamówienie publiczne)"
        }
    }
}

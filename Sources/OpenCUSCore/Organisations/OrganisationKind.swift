/// What kind of body an organisation is; drives labels and, later, defaults (a CUS gets the
/// services side, a ROPS the regional network side).
public enum OrganisationKind: String, Sendable, Hashable, Codable, CaseIterable {
    case rops
    case cus
    case ops
    case gminaOffice = "gmina_office"
    case provider
    case association
    case other

    public var polishName: String {
        switch self {
        case .rops: "Regionalny ośrodek polityki społecznej (ROPS)"
        case .cus: "Centrum usług społecznych (CUS)"
        case .ops: "Ośrodek pomocy społecznej (OPS / MOPS / GOPS)"
        case .gminaOffice: "Urząd gminy / miasta"
        case .provider: "Organizacja pozarządowa / realizator usług"
        case .association: "Stowarzyszenie / forum"
        case .other: "Inna instytucja"
        }
    }
}

/// The sixteen voivodeships, keyed by an ASCII slug.
public enum Voivodeship: String, Sendable, Hashable, Codable, CaseIterable {
    case dolnoslaskie, kujawskoPomorskie = "kujawsko-pomorskie", lubelskie, lubuskie, lodzkie, malopolskie,
        mazowieckie, opolskie, podkarpackie, podlaskie, pomorskie, slaskie, swietokrzyskie,
        warminskoMazurskie = "warminsko-mazurskie", wielkopolskie, zachodniopomorskie

    public var polishName: String {
        switch self {
        case .dolnoslaskie: "dolnośląskie"
        case .kujawskoPomorskie: "kujawsko-pomorskie"
        case .lubelskie: "lubelskie"
        case .lubuskie: "lubuskie"
        case .lodzkie: "łódzkie"
        case .malopolskie: "małopolskie"
        case .mazowieckie: "mazowieckie"
        case .opolskie: "opolskie"
        case .podkarpackie: "podkarpackie"
        case .podlaskie: "podlaskie"
        case .pomorskie: "pomorskie"
        case .slaskie: "śląskie"
        case .swietokrzyskie: "świętokrzyskie"
        case .warminskoMazurskie: "warmińsko-mazurskie"
        case .wielkopolskie: "wielkopolskie"
        case .zachodniopomorskie: "zachodniopomorskie"
        }
    }
}

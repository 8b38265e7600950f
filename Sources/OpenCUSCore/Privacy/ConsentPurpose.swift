/// What a person consented to. The registration's RODO clause is versioned (the record keeps
/// the version); image and participant-list consents can be withdrawn at any time, which stops
/// the processing based on them (RODO art. 7 ust. 3).
public enum ConsentPurpose: String, Sendable, Codable, CaseIterable {
    case rodoClause = "rodo_clause"
    case image
    case participantList = "participant_list"

    public var polishName: String {
        switch self {
        case .rodoClause: "przetwarzanie danych w celu rejestracji (klauzula RODO)"
        case .image: "utrwalanie i publikacja wizerunku"
        case .participantList: "umieszczenie na liście uczestników"
        }
    }
}

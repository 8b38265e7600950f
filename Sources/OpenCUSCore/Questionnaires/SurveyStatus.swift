import Foundation

/// A survey is built as a draft, then open (its questions frozen, so the numbering on paper and
/// on screen stays the same for every answer), then closed.
public enum SurveyStatus: String, Sendable, Codable, CaseIterable {
    case draft
    case open
    case closed

    public var polishName: String {
        switch self {
        case .draft: "projekt"
        case .open: "trwa zbieranie odpowiedzi"
        case .closed: "zakończona"
        }
    }
}

/// How a questionnaire reached the centre.
public enum SurveyChannel: String, Sendable, Codable, CaseIterable {
    case online
    case paper

    public var polishName: String {
        switch self {
        case .online: "w internecie"
        case .paper: "na papierze"
        }
    }
}

import Foundation

/// An organiser-defined question on a registration form.
public struct Question: Sendable, Codable, Equatable, Identifiable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case shortText = "short_text", longText = "long_text", singleChoice = "single_choice",
            multipleChoice = "multiple_choice", yesNo = "yes_no", number, date

        public var polishName: String {
            switch self {
            case .shortText: "krótki tekst"
            case .longText: "dłuższy tekst"
            case .singleChoice: "jeden wybór"
            case .multipleChoice: "wielokrotny wybór"
            case .yesNo: "tak / nie"
            case .number: "liczba"
            case .date: "data"
            }
        }

        public var hasOptions: Bool { self == .singleChoice || self == .multipleChoice }
    }

    public struct Option: Sendable, Codable, Equatable {
        public let id: String
        public let label: String
        /// How many participants may choose it (a bus seat, a dietary menu); nil = unlimited.
        public let limit: Int?

        public init(id: String, label: String, limit: Int? = nil) {
            self.id = id
            self.label = label
            self.limit = limit
        }
    }

    public let id: UUID
    public let kind: Kind
    public let label: String
    public let help: String?
    public let required: Bool
    public let options: [Option]

    public init(id: UUID, kind: Kind, label: String, help: String? = nil, required: Bool = false, options: [Option] = []) {
        self.id = id
        self.kind = kind
        self.label = label
        self.help = help
        self.required = required
        self.options = options
    }

    /// Form field name of the question (`q-<uuid>`).
    public var fieldName: String { "q-" + id.uuidString.lowercased() }
}

/// A parallel group as registration sees it: which alternatives, how many may be chosen.
public struct WorkshopChoiceRule: Sendable, Equatable {
    public let groupID: UUID
    public let title: String
    public let maxChoices: Int
    public let required: Bool
    public let alternatives: [UUID]

    public init(groupID: UUID, title: String, maxChoices: Int, required: Bool, alternatives: [UUID]) {
        self.groupID = groupID
        self.title = title
        self.maxChoices = maxChoices
        self.required = required
        self.alternatives = alternatives
    }

    public var fieldName: String { "w-" + groupID.uuidString.lowercased() }

    /// This block's limits for the workshops chosen in it (ids known to belong to the block): no
    /// workshop twice, one at least when the block is required, at most `maxChoices`. The one
    /// check for the registration form and for a later change of workshops.
    public func check(_ ids: [UUID], into errors: inout FieldErrors) {
        if Set(ids).count != ids.count { errors.add(fieldName, "Ten sam warsztat wybrano dwa razy.") }
        if required && ids.isEmpty { errors.add(fieldName, "Wybierz warsztat w bloku „\(title)”.") }
        if ids.count > maxChoices {
            errors.add(
                fieldName,
                maxChoices == 1
                    ? "W bloku „\(title)” można wybrać jeden warsztat."
                    : "W bloku „\(title)” można wybrać najwyżej \(maxChoices).")
        }
    }
}

import Foundation

/// The centre's position on a comment, given after the close and published in the report with
/// its reason ("uwaga uwzględniona / częściowo / nieuwzględniona / poza zakresem").
public enum CommentPosition: String, Sendable, Codable, CaseIterable {
    case accepted
    case partlyAccepted = "partly_accepted"
    case notAccepted = "not_accepted"
    case outsideScope = "outside_scope"

    public var polishName: String {
        switch self {
        case .accepted: "uwzględniona"
        case .partlyAccepted: "uwzględniona częściowo"
        case .notAccepted: "nieuwzględniona"
        case .outsideScope: "poza zakresem konsultacji"
        }
    }
}

/// Why a comment is kept out of the public report (it stays in the record, with who hid it).
public enum CommentHiddenReason: String, Sendable, Codable, CaseIterable {
    case offensive
    case personalData = "personal_data"
    case duplicateSpam = "spam"

    public var polishName: String {
        switch self {
        case .offensive: "treść obraźliwa lub niezgodna z prawem"
        case .personalData: "zawiera dane osobowe osób trzecich"
        case .duplicateSpam: "spam lub treść niezwiązana z konsultacjami"
        }
    }
}

/// The staff's answer to one comment: a position and its reason, both required — the report
/// must say why.
public struct CommentAnswerForm: Sendable, Codable, Equatable {
    public var position = ""
    public var reason = ""

    public init(position: String = "", reason: String = "") {
        self.position = position
        self.reason = reason
    }

    public init(from decoder: any Decoder) throws {
        let fields = try FormFields(decoder)
        self.init(position: fields.string("position"), reason: fields.string("reason"))
    }

    public func validate() -> Result<(CommentPosition, String), FieldErrors> {
        let reason = TextInput.clean(reason, multiline: true)
        var errors = FieldErrors()
        let position = CommentPosition(rawValue: position)
        if position == nil { errors.add("position", "Wybierz stanowisko wobec uwagi.") }
        if reason.isEmpty {
            errors.add("reason", "Podaj uzasadnienie — raport z konsultacji musi je zawierać.")
        } else if reason.count > 5_000 {
            errors.add("reason", "Najwyżej 5000 znaków (jest \(reason.count)).")
        }
        guard let position, errors.isEmpty else { return .failure(errors) }
        return .success((position, reason))
    }
}

/// The figures of a round: what the public page shows while it is open (counts only, never the
/// comments unless the round publishes them as moderated) and what the report opens with.
public struct ConsultationTally: Sendable, Equatable, Encodable {
    public struct Row: Sendable, Equatable, Encodable {
        public let label: String
        public let count: Int
    }

    public let total: Int
    public let byChannel: [Row]
    public let byPosition: [Row]
    public let unanswered: Int
    public let hidden: Int

    public struct Comment: Sendable {
        public let channel: CommentChannel
        public let position: CommentPosition?
        public let hidden: Bool

        public init(channel: CommentChannel, position: CommentPosition?, hidden: Bool) {
            self.channel = channel
            self.position = position
            self.hidden = hidden
        }
    }

    public init(_ comments: [Comment]) {
        total = comments.count
        byChannel = CommentChannel.allCases.map { channel in
            Row(label: channel.polishName, count: comments.filter { $0.channel == channel }.count)
        }
        byPosition = CommentPosition.allCases.map { position in
            Row(label: position.polishName, count: comments.filter { $0.position == position }.count)
        }
        unanswered = comments.filter { $0.position == nil && !$0.hidden }.count
        hidden = comments.filter(\.hidden).count
    }

    /// The report may go out when every comment that is not hidden has a position.
    public var readyForReport: Bool { unanswered == 0 }
}

import Foundation

/// How a comment reached the centre. Online comments come through the round's page; the others
/// are typed in by staff with the day they were received (CONSUL merges web, booth and mail the
/// same way: one store, a channel column).
public enum CommentChannel: String, Sendable, Codable, CaseIterable {
    case online
    case paper
    case email
    case meeting

    public var polishName: String {
        switch self {
        case .online: "formularz w internecie"
        case .paper: "formularz papierowy"
        case .email: "e-mail"
        case .meeting: "spotkanie otwarte"
        }
    }

    /// The channels staff type in.
    public static let staffEntered: [CommentChannel] = [.paper, .email, .meeting]
}

/// Who wrote a comment. A private person is never named in the public report
/// ("mieszkaniec/mieszkanka"); an organisation is named when it agreed to it.
public enum CommentAuthorKind: String, Sendable, Codable, CaseIterable {
    case person
    case organisation

    public var polishName: String {
        switch self {
        case .person: "osoba prywatna"
        case .organisation: "organizacja lub instytucja"
        }
    }
}

/// A comment on a consulted document: from the round's page (online, no account) or typed in by
/// staff from paper, e-mail or the meeting. `website` is the honeypot: a field hidden from
/// people (and from assistive technology) that only a script fills in.
public struct ConsultationCommentForm: Sendable, Codable, Equatable {
    public var paragraph = ""
    public var body = ""
    public var authorKind = "person"
    public var authorName = ""
    public var organisationName = ""
    public var email = ""
    public var consent = false
    public var publishName = false
    public var website = ""
    /// Staff entry only.
    public var channel = ""
    public var receivedOn = ""

    public init() {}

    public init(from decoder: any Decoder) throws {
        self.init()
        let fields = try FormFields(decoder)
        fields.fill(&self, Self.fields)
        consent = fields.bool("consent")
        publishName = fields.bool("publishName")
    }

    enum CodingKeys: String, CodingKey {
        case paragraph, body, authorKind, authorName, organisationName, email, consent, publishName, website, channel,
            receivedOn
    }

    static var fields: [(CodingKeys, WritableKeyPath<ConsultationCommentForm, String>)] {
        [
            (.paragraph, \.paragraph), (.body, \.body), (.authorKind, \.authorKind), (.authorName, \.authorName),
            (.organisationName, \.organisationName), (.email, \.email), (.website, \.website), (.channel, \.channel),
            (.receivedOn, \.receivedOn),
        ]
    }

    public static let maximumBody = 10_000

    public struct Valid: Sendable, Equatable {
        /// nil: the whole document.
        public let paragraph: String?
        public let body: String
        public let authorKind: CommentAuthorKind
        public let authorName: String
        public let organisationName: String?
        public let email: EmailAddress?
        public let publishName: Bool
        public let channel: CommentChannel
        public let receivedOn: CalendarDay
    }

    public func cleaned() -> ConsultationCommentForm {
        var f = self
        for (_, path) in Self.fields { f[keyPath: path] = TextInput.clean(f[keyPath: path], multiline: path == \.body) }
        return f
    }

    public enum Outcome: Sendable, Equatable {
        case valid(Valid)
        case invalid(FieldErrors)
        /// The honeypot was filled: answered as if accepted, stored nowhere.
        case bot
    }

    /// A resident's comment through the round's page.
    public func validateOnline(document: ConsultedDocument, today: CalendarDay) -> Outcome {
        let f = cleaned()
        guard f.website.isEmpty else { return .bot }
        var errors = f.commonErrors(document: document)
        if !f.consent {
            errors.add("consent", "Zaznacz zgodę na przetwarzanie danych — bez niej nie możemy przyjąć uwagi.")
        }
        return f.outcome(errors, channel: .online, receivedOn: today)
    }

    /// A comment received on paper, by e-mail or at the meeting, typed in by staff: no consent
    /// box (the paper form carries the clause), the channel and the day received are required,
    /// and the day must fall within the round (a later postmark is the centre's call: it types
    /// the day the letter was sent, as the order allows).
    public func validateStaffEntry(document: ConsultedDocument, dates: ConsultationDates, today: CalendarDay) -> Outcome {
        let f = cleaned()
        var errors = f.commonErrors(document: document)
        let channel = CommentChannel(rawValue: f.channel)
        if channel == nil || channel == .online {
            errors.add("channel", "Wybierz, jak uwaga wpłynęła: formularz papierowy, e-mail lub spotkanie.")
        }
        let day = CalendarDay(iso: f.receivedOn)
        if f.receivedOn.isEmpty {
            errors.add("receivedOn", "Podaj dzień, w którym uwaga wpłynęła.")
        } else if let day {
            if day < dates.firstDay || dates.lastDay < day {
                errors.add(
                    "receivedOn",
                    "Uwaga mogła wpłynąć tylko w czasie konsultacji (\(dates.firstDay.polish) – \(dates.lastDay.polish)). Uwagi złożone po terminie nie są rozpatrywane."
                )
            } else if today < day {
                errors.add("receivedOn", "Ten dzień jeszcze nie nastąpił.")
            }
        } else {
            errors.add("receivedOn", "Data ma postać RRRR-MM-DD.")
        }
        return f.outcome(errors, channel: channel ?? .paper, receivedOn: day ?? today)
    }

    func commonErrors(document: ConsultedDocument) -> FieldErrors {
        var errors = FieldErrors()
        if !paragraph.isEmpty && document.paragraph(paragraph) == nil {
            errors.add("paragraph", "W tym dokumencie nie ma akapitu „\(paragraph.prefix(20))”. Wybierz akapit z listy.")
        }
        if body.isEmpty {
            errors.add("body", "Wpisz treść uwagi.")
        } else if body.count > Self.maximumBody {
            errors.add(
                "body",
                "Uwaga jest za długa: najwyżej \(Self.maximumBody) znaków (jest \(body.count)). Dłuższe stanowisko można przesłać e-mailem lub złożyć w centrum."
            )
        }
        let kind = CommentAuthorKind(rawValue: authorKind)
        if kind == nil { errors.add("authorKind", "Wybierz, czy piszesz jako osoba prywatna, czy w imieniu organizacji.") }
        if authorName.isEmpty {
            errors.add("authorName", "Podaj imię i nazwisko (w raporcie nie pokażemy go przy uwadze osoby prywatnej).")
        } else if authorName.count > 200 {
            errors.add("authorName", "Najwyżej 200 znaków.")
        }
        if kind == .organisation && organisationName.isEmpty {
            errors.add("organisationName", "Podaj nazwę organizacji lub instytucji.")
        } else if organisationName.count > 300 {
            errors.add("organisationName", "Najwyżej 300 znaków.")
        }
        if !email.isEmpty && EmailAddress(email) == nil {
            errors.add("email", "To nie jest poprawny adres e-mail. Przykład: jan.kowalski@poczta.pl — albo zostaw pole puste.")
        }
        return errors
    }

    func outcome(_ errors: FieldErrors, channel: CommentChannel, receivedOn: CalendarDay) -> Outcome {
        guard errors.isEmpty, let kind = CommentAuthorKind(rawValue: authorKind) else { return .invalid(errors) }
        return .valid(
            Valid(
                paragraph: paragraph.isEmpty ? nil : paragraph, body: body, authorKind: kind, authorName: authorName,
                organisationName: kind == .organisation ? organisationName : nil, email: EmailAddress(email),
                publishName: kind == .organisation && publishName, channel: channel, receivedOn: receivedOn))
    }

    /// How the public report names an author: organisations by name when they agreed,
    /// everyone else without a name.
    public static func publicAuthor(kind: CommentAuthorKind, organisationName: String?, publishName: Bool) -> String {
        switch kind {
        case .person: "mieszkaniec/mieszkanka"
        case .organisation:
            publishName ? (organisationName ?? "organizacja") : "organizacja (bez zgody na podanie nazwy)"
        }
    }
}

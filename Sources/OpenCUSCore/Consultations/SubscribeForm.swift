import Foundation

/// A resident asks to be told about new consultations of one centre: an address and the
/// consent to receive such mail (double opt-in follows: nothing is sent until the link in the
/// first mail is followed). `website` is the honeypot.
public struct ConsultationSubscribeForm: Sendable, Codable, Equatable {
    public var email = ""
    public var consent = false
    public var website = ""

    public init() {}

    public init(from decoder: any Decoder) throws {
        self.init()
        let fields = try FormFields(decoder)
        email = fields.string("email")
        website = fields.string("website")
        consent = fields.bool("consent")
    }

    public enum Outcome: Sendable, Equatable {
        case valid(EmailAddress)
        case invalid(FieldErrors)
        case bot
    }

    /// How long the confirmation link stays valid.
    public static let confirmationDays = 7

    public func validate() -> Outcome {
        guard TextInput.clean(website).isEmpty else { return .bot }
        let typed = TextInput.clean(email)
        var errors = FieldErrors()
        let address = EmailAddress(typed)
        if typed.isEmpty {
            errors.add("subscribeEmail", "Podaj adres e-mail, na który mamy wysyłać powiadomienia.")
        } else if address == nil {
            errors.add("subscribeEmail", "To nie jest poprawny adres e-mail. Przykład: jan.kowalski@poczta.pl")
        }
        if !consent {
            errors.add("subscribeConsent", "Zaznacz zgodę na otrzymywanie powiadomień — bez niej nie możemy ich wysyłać.")
        }
        guard errors.isEmpty, let address else { return .invalid(errors) }
        return .valid(address)
    }
}

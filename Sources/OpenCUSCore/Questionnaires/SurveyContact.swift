import Foundation

/// The optional contact of a survey that asks for it ("zostaw kontakt, jeśli chcesz, żebyśmy się
/// odezwali"): both fields may stay empty; a given one needs the consent to be contacted.
public struct SurveyContact: Sendable, Equatable {
    public let name: String?
    public let email: EmailAddress?

    public static func read(_ fields: [String: [String]]) -> Result<SurveyContact, FieldErrors> {
        var errors = FieldErrors()
        let name = TextInput.clean(fields["contactName"]?.first)
        let email = TextInput.clean(fields["contactEmail"]?.first)
        if name.count > 200 { errors.add("contactName", "Najwyżej 200 znaków.") }
        if !email.isEmpty && EmailAddress(email) == nil {
            errors.add(
                "contactEmail", "To nie jest poprawny adres e-mail. Przykład: jan.kowalski@poczta.pl — albo zostaw pole puste.")
        }
        if (!name.isEmpty || !email.isEmpty) && fields["contactConsent"]?.first != "yes" {
            errors.add("contactConsent", "Zaznacz zgodę na kontakt albo zostaw imię i e-mail puste.")
        }
        guard errors.isEmpty else { return .failure(errors) }
        return .success(SurveyContact(name: name.isEmpty ? nil : name, email: EmailAddress(email)))
    }
}

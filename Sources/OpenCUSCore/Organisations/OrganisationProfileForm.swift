import Foundation

/// What an organisation says about itself on its public pages (catalogue, application, receipt,
/// tracking): how residents reach its office, when it is open, and its accent colour. The name
/// and the kind are the operator's (they identify the body); the logo is its own upload.
public struct OrganisationProfileForm: Sendable, Codable, Equatable {
    public var phone = ""
    public var email = ""
    public var website = ""
    public var street = ""
    public var postcode = ""
    public var city = ""
    public var officeHours = ""
    public var accentColour = ""

    public init() {}

    public init(from decoder: any Decoder) throws {
        self.init()
        try FormFields(decoder).fill(&self, Self.fields)
    }

    enum CodingKeys: String, CodingKey {
        case phone, email, website, street, postcode, city, officeHours, accentColour
    }

    static var fields: [(CodingKeys, WritableKeyPath<OrganisationProfileForm, String>)] {
        [
            (.phone, \.phone), (.email, \.email), (.website, \.website), (.street, \.street), (.postcode, \.postcode),
            (.city, \.city), (.officeHours, \.officeHours), (.accentColour, \.accentColour),
        ]
    }

    public struct Valid: Sendable, Equatable {
        public let email: EmailAddress?
        public let accent: RGBColour?
    }

    /// The form with control characters removed and spaces trimmed (office hours keep their lines).
    public func cleaned() -> OrganisationProfileForm {
        var f = self
        for (_, path) in Self.fields where path != \.officeHours {
            f[keyPath: path] = TextInput.clean(f[keyPath: path])
        }
        f.officeHours = TextInput.clean(f.officeHours, multiline: true)
        return f
    }

    public func validate() -> Result<Valid, FieldErrors> {
        let f = cleaned()
        var errors = FieldErrors()
        for (key, path, limit) in [
            (CodingKeys.phone, \OrganisationProfileForm.phone, 40), (.street, \.street, 200), (.city, \.city, 100),
            (.officeHours, \.officeHours, 500), (.website, \.website, 300),
        ] where f[keyPath: path].count > limit {
            errors.add(key.stringValue, "Najwyżej \(limit) znaków.")
        }
        let email = EmailAddress(f.email)
        if !f.email.isEmpty && email == nil {
            errors.add("email", "To nie jest poprawny adres e-mail. Przykład: sekretariat@cus.gmina.pl")
        }
        if !f.website.isEmpty && !EventForm.isWebAddress(f.website) {
            errors.add("website", "Adres strony zaczyna się od https:// i nie zawiera spacji, np. https://cus.gmina.pl.")
        }
        if !f.postcode.isEmpty && !EventForm.isPostcode(f.postcode) {
            errors.add("postcode", "Kod pocztowy ma postać 00-000, np. 62-999.")
        }
        if f.phone.isEmpty && f.email.isEmpty {
            errors.add("phone", "Podaj telefon albo adres e-mail biura — mieszkańcy muszą wiedzieć, jak się z Wami skontaktować.")
        }
        var accent: RGBColour?
        switch AccentColour.validate(f.accentColour) {
        case .success(let colour): accent = colour
        case .failure(let e): for (field, message) in e.ordered { errors.add(field, message) }
        }
        return errors.isEmpty ? .success(Valid(email: email, accent: accent)) : .failure(errors)
    }
}

import Foundation

/// Who a CUS works with in the community: NGOs, parishes, schools, clubs, informal groups and
/// local leaders ("animatorzy"), with what they contribute.
public enum PartnerKind: String, Sendable, Codable, CaseIterable {
    case ngo
    case parish
    case school
    case club
    case informalGroup = "informal_group"
    case leader
    case institution
    case business

    public var polishName: String {
        switch self {
        case .ngo: "organizacja pozarządowa"
        case .parish: "parafia"
        case .school: "szkoła lub przedszkole"
        case .club: "klub, koło gospodyń, OSP"
        case .informalGroup: "grupa nieformalna"
        case .leader: "lider lokalny, animator"
        case .institution: "instytucja publiczna"
        case .business: "firma"
        }
    }
}

/// The staff form of a partner.
public struct PartnerForm: Sendable, Codable, Equatable {
    public var name: String?
    public var kind: String?
    public var locality: String?
    public var contactPerson: String?
    public var phone: String?
    public var email: String?
    public var contribution: String?

    public init() {}

    public struct Valid: Sendable, Equatable {
        public let name: String
        public let kind: PartnerKind
        public let locality: String
        public let contactPerson: String
        public let phone: String
        public let email: String
        public let contribution: String
    }

    public func validate() -> Result<Valid, FieldErrors> {
        var errors = FieldErrors()
        func text(_ raw: String?, _ field: String, max: Int, required: String? = nil, multiline: Bool = false) -> String {
            let value = TextInput.clean(raw, multiline: multiline)
            if let required, value.isEmpty { errors.add(field, required) }
            if value.count > max { errors.add(field, "Najwyżej \(max) znaków (jest \(value.count)).") }
            return value
        }
        let name = text(self.name, "name", max: 300, required: "Wpisz nazwę partnera (albo imię i nazwisko lidera).")
        let kind = PartnerKind(rawValue: TextInput.clean(self.kind))
        if kind == nil { errors.add("kind", "Wybierz rodzaj partnera.") }
        let locality = text(self.locality, "locality", max: 200)
        let contactPerson = text(self.contactPerson, "contactPerson", max: 200)
        let phone = text(self.phone, "phone", max: 30)
        let email = text(self.email, "email", max: 254)
        if !email.isEmpty && EmailAddress(email) == nil { errors.add("email", "To nie jest poprawny adres e-mail.") }
        let contribution = text(
            self.contribution, "contribution", max: 2_000,
            required: "Napisz, co partner wnosi (np. sala, wolontariusze, zajęcia).",
            multiline: true)
        guard errors.isEmpty, let kind else { return .failure(errors) }
        return .success(
            Valid(
                name: name, kind: kind, locality: locality, contactPerson: contactPerson, phone: phone, email: email,
                contribution: contribution))
    }
}

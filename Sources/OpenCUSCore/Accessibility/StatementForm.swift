/// What an administrator types into the accessibility statement form, and its validation.
/// Field names match the HTML form so that errors land next to the right field.
public struct StatementForm: Sendable, Codable, Equatable {
    public var entityName: String
    public var publishedOn: String
    public var updatedOn: String
    public var preparedOn: String
    public var reviewedOn: String
    public var status: String
    public var nonCompliance: String
    public var exemptions: String
    public var assessment: String
    public var contactName: String
    public var contactEmail: String
    public var contactPhone: String
    public var procedure: String
    public var architecture: String
    public var mobileApps: String
    public var shortcuts: String

    public init(
        entityName: String = "", publishedOn: String = "", updatedOn: String = "", preparedOn: String = "",
        reviewedOn: String = "", status: String = "", nonCompliance: String = "", exemptions: String = "",
        assessment: String = "", contactName: String = "", contactEmail: String = "", contactPhone: String = "",
        procedure: String = "", architecture: String = "", mobileApps: String = "", shortcuts: String = ""
    ) {
        self.entityName = entityName
        self.publishedOn = publishedOn
        self.updatedOn = updatedOn
        self.preparedOn = preparedOn
        self.reviewedOn = reviewedOn
        self.status = status
        self.nonCompliance = nonCompliance
        self.exemptions = exemptions
        self.assessment = assessment
        self.contactName = contactName
        self.contactEmail = contactEmail
        self.contactPhone = contactPhone
        self.procedure = procedure
        self.architecture = architecture
        self.mobileApps = mobileApps
        self.shortcuts = shortcuts
    }

    /// Missing fields decode as empty, so that they fail validation with a message.
    public init(from decoder: any Decoder) throws {
        self.init()
        try FormFields(decoder).fill(&self, Self.fields)
    }

    enum CodingKeys: String, CodingKey {
        case entityName, publishedOn, updatedOn, preparedOn, reviewedOn, status, nonCompliance, exemptions, assessment,
            contactName, contactEmail, contactPhone, procedure, architecture, mobileApps, shortcuts
    }

    /// Computed: key paths are not Sendable, so this cannot be a stored static.
    static var fields: [(CodingKeys, WritableKeyPath<StatementForm, String>)] {
        [
            (.entityName, \.entityName),
            (.publishedOn, \.publishedOn),
            (.updatedOn, \.updatedOn),
            (.preparedOn, \.preparedOn),
            (.reviewedOn, \.reviewedOn),
            (.status, \.status),
            (.nonCompliance, \.nonCompliance),
            (.exemptions, \.exemptions),
            (.assessment, \.assessment),
            (.contactName, \.contactName),
            (.contactEmail, \.contactEmail),
            (.contactPhone, \.contactPhone),
            (.procedure, \.procedure),
            (.architecture, \.architecture),
            (.mobileApps, \.mobileApps),
            (.shortcuts, \.shortcuts),
        ]
    }

    /// Trims and strips control characters from every field (long texts keep their lines).
    public func cleaned() -> StatementForm {
        StatementForm(
            entityName: TextInput.clean(entityName), publishedOn: TextInput.clean(publishedOn),
            updatedOn: TextInput.clean(updatedOn), preparedOn: TextInput.clean(preparedOn),
            reviewedOn: TextInput.clean(reviewedOn), status: TextInput.clean(status),
            nonCompliance: TextInput.clean(nonCompliance, multiline: true),
            exemptions: TextInput.clean(exemptions, multiline: true),
            assessment: TextInput.clean(assessment, multiline: true), contactName: TextInput.clean(contactName),
            contactEmail: TextInput.clean(contactEmail), contactPhone: TextInput.clean(contactPhone),
            procedure: TextInput.clean(procedure, multiline: true),
            architecture: TextInput.clean(architecture, multiline: true),
            mobileApps: TextInput.clean(mobileApps, multiline: true), shortcuts: TextInput.clean(shortcuts, multiline: true))
    }

    /// The statement's four days, once they parse (what `validate` checks, typed).
    public struct Days: Sendable, Equatable {
        public let published, updated, prepared, reviewed: CalendarDay
    }

    public var days: Days? {
        guard let published = CalendarDay(iso: publishedOn), let updated = CalendarDay(iso: updatedOn),
            let prepared = CalendarDay(iso: preparedOn), let reviewed = CalendarDay(iso: reviewedOn)
        else { return nil }
        return Days(published: published, updated: updated, prepared: prepared, reviewed: reviewed)
    }

    public static let shortLimit = 300
    public static let longLimit = 20_000

    /// Field errors in Polish; empty when the statement may be published.
    public func validate(today: CalendarDay) -> FieldErrors {
        var errors = FieldErrors()
        func required(_ value: String, _ field: String, _ label: String) {
            if value.isEmpty { errors.add(field, "Podaj \(label).") }
        }
        func limit(_ value: String, _ field: String, _ max: Int) {
            if value.count > max { errors.add(field, "Tekst jest za długi: najwyżej \(max) znaków (jest \(value.count)).") }
        }
        func day(_ value: String, _ field: String, _ label: String, notAfterToday: Bool) {
            guard !value.isEmpty else {
                errors.add(field, "Podaj \(label) w formacie RRRR-MM-DD.")
                return
            }
            guard let parsed = CalendarDay(iso: value) else {
                errors.add(field, "„\(value)” nie jest poprawną datą. Użyj formatu RRRR-MM-DD, np. 2026-03-31.")
                return
            }
            if notAfterToday && parsed > today {
                errors.add(field, "Data nie może być późniejsza niż dzisiejsza (\(today.iso)).")
            }
        }

        required(entityName, "entityName", "nazwę podmiotu")
        limit(entityName, "entityName", Self.shortLimit)
        day(publishedOn, "publishedOn", "datę publikacji strony", notAfterToday: true)
        day(updatedOn, "updatedOn", "datę ostatniej istotnej aktualizacji", notAfterToday: true)
        day(preparedOn, "preparedOn", "datę sporządzenia deklaracji", notAfterToday: true)
        day(reviewedOn, "reviewedOn", "datę ostatniego przeglądu deklaracji", notAfterToday: true)
        if let prepared = CalendarDay(iso: preparedOn), let reviewed = CalendarDay(iso: reviewedOn), reviewed < prepared {
            errors.add("reviewedOn", "Przegląd nie mógł się odbyć przed sporządzeniem deklaracji (\(prepared.iso)).")
        }
        guard let parsedStatus = ComplianceStatus(rawValue: status) else {
            errors.add("status", "Wybierz stan zgodności strony z ustawą.")
            return errors
        }
        if parsedStatus != .full && nonCompliance.isEmpty {
            errors.add(
                "nonCompliance",
                "Wymień treści niedostępne i powód – przy stanie „\(parsedStatus.polishLabel)” jest to obowiązkowe.")
        }
        required(assessment, "assessment", "sposób sporządzenia deklaracji (np. samoocena)")
        required(contactName, "contactName", "osobę do kontaktu w sprawach dostępności")
        limit(contactName, "contactName", Self.shortLimit)
        if contactEmail.isEmpty {
            errors.add("contactEmail", "Podaj adres e-mail do zgłaszania problemów z dostępnością.")
        } else if EmailAddress(contactEmail) == nil {
            errors.add("contactEmail", "To nie jest poprawny adres e-mail. Przykład: dostepnosc@cus.example.pl")
        }
        if contactPhone.isEmpty {
            errors.add("contactPhone", "Podaj numer telefonu do kontaktu w sprawach dostępności.")
        } else if !contactPhone.allSatisfy({ $0.isNumber || " +-()".contains($0) }) || contactPhone.filter(\.isNumber).count < 9 {
            errors.add("contactPhone", "Numer telefonu może zawierać cyfry, spacje, +, - i nawiasy; podaj co najmniej 9 cyfr.")
        }
        required(procedure, "procedure", "opis procedury wnioskowo-skargowej")
        required(architecture, "architecture", "informacje o dostępności architektonicznej budynku")
        for (value, field) in [
            (nonCompliance, "nonCompliance"), (exemptions, "exemptions"), (assessment, "assessment"),
            (procedure, "procedure"), (architecture, "architecture"), (mobileApps, "mobileApps"), (shortcuts, "shortcuts"),
        ] {
            limit(value, field, Self.longLimit)
        }
        return errors
    }
}

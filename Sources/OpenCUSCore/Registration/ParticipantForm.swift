import Foundation

/// What a person (or an organiser typing in a paper form) submits to register.
/// Answers and workshop choices are keyed by their form field names.
public struct ParticipantForm: Sendable, Equatable {
    public var firstName = ""
    public var lastName = ""
    public var email = ""
    public var phone = ""
    public var institution = ""
    public var institutionType = ""
    public var position = ""
    public var voivodeship = ""
    public var dietary = ""
    public var accessibility: [String] = []
    public var accessibilityOther = ""
    public var dinner = ""
    /// Question field name → values (one for most kinds, several for multiple choice).
    public var answers: [String: [String]] = [:]
    /// Workshop group field name → chosen alternative ids.
    public var workshops: [String: [String]] = [:]
    public var consentRodo = false
    public var consentImage = false
    public var consentList = false

    public init() {}

    public func cleaned() -> ParticipantForm {
        var f = self
        f.firstName = TextInput.clean(firstName)
        f.lastName = TextInput.clean(lastName)
        f.email = TextInput.clean(email).lowercased()
        f.phone = TextInput.clean(phone)
        f.institution = TextInput.clean(institution)
        f.institutionType = TextInput.clean(institutionType)
        f.position = TextInput.clean(position)
        f.voivodeship = TextInput.clean(voivodeship)
        f.dietary = TextInput.clean(dietary, multiline: true)
        f.accessibility = accessibility.map { TextInput.clean($0) }.filter { !$0.isEmpty }
        f.accessibilityOther = TextInput.clean(accessibilityOther, multiline: true)
        f.dinner = TextInput.clean(dinner)
        f.answers = answers.mapValues { $0.map { TextInput.clean($0, multiline: true) }.filter { !$0.isEmpty } }
        f.workshops = workshops.mapValues { $0.map { TextInput.clean($0) }.filter { !$0.isEmpty } }
        return f
    }
}

/// The form's rules for one event.
public struct RegistrationRules: Sendable {
    public var questions: [Question]
    public var workshops: [WorkshopChoiceRule]
    public var askDietary: Bool
    public var askAccessibility: Bool
    public var askDinner: Bool
    /// Option id → how many active registrations already chose it (for option limits).
    public var optionTaken: [String: Int]

    public init(
        questions: [Question] = [], workshops: [WorkshopChoiceRule] = [], askDietary: Bool = false,
        askAccessibility: Bool = false,
        askDinner: Bool = false, optionTaken: [String: Int] = [:]
    ) {
        self.questions = questions
        self.workshops = workshops
        self.askDietary = askDietary
        self.askAccessibility = askAccessibility
        self.askDinner = askDinner
        self.optionTaken = optionTaken
    }
}

/// A participant that passed validation, ready to be stored.
public struct ValidParticipant: Sendable, Equatable {
    public let email: EmailAddress
    public let institutionType: InstitutionType?
    public let voivodeship: Voivodeship?
    public let accessibility: [AccessibilityNeed]
    public let dinner: Bool?
    /// Question id → values, only for questions of this event.
    public let answers: [UUID: [String]]
    /// Chosen workshop (alternative) ids, in the order of the groups.
    public let workshops: [UUID]
}

extension ParticipantForm {
    public static let shortLimit = 200
    public static let longLimit = 2_000

    public func validate(_ rules: RegistrationRules) -> Result<ValidParticipant, FieldErrors> {
        var errors = FieldErrors()
        func required(_ value: String, _ field: String, _ message: String) {
            if value.isEmpty { errors.add(field, message) }
        }
        func limit(_ value: String, _ field: String, _ max: Int) {
            if value.count > max { errors.add(field, "Tekst jest za długi: najwyżej \(max) znaków (jest \(value.count)).") }
        }
        required(firstName, "firstName", "Podaj imię.")
        required(lastName, "lastName", "Podaj nazwisko.")
        for (value, field) in [
            (firstName, "firstName"), (lastName, "lastName"), (institution, "institution"), (position, "position"),
            (phone, "phone"),
        ] {
            limit(value, field, Self.shortLimit)
        }
        limit(dietary, "dietary", Self.longLimit)
        limit(accessibilityOther, "accessibilityOther", Self.longLimit)
        let parsedEmail = EmailAddress(email)
        if email.isEmpty {
            errors.add("email", "Podaj adres e-mail – na niego wyślemy potwierdzenie.")
        } else if parsedEmail == nil {
            errors.add("email", "To nie jest poprawny adres e-mail. Przykład: jan.kowalski@gmina.pl")
        }
        if !phone.isEmpty && (!phone.allSatisfy({ $0.isNumber || " +-()".contains($0) }) || phone.filter(\.isNumber).count < 9) {
            errors.add(
                "phone", "Numer telefonu może zawierać cyfry, spacje, +, - i nawiasy; podaj co najmniej 9 cyfr, np. 600 123 456.")
        }
        required(institution, "institution", "Podaj nazwę instytucji (albo wpisz „osoba prywatna”).")
        var type: InstitutionType?
        if institutionType.isEmpty {
            errors.add("institutionType", "Wybierz rodzaj instytucji.")
        } else {
            type = InstitutionType(rawValue: institutionType)
            if type == nil { errors.add("institutionType", "Wybierz rodzaj instytucji z listy.") }
        }
        var region: Voivodeship?
        if !voivodeship.isEmpty {
            region = Voivodeship(rawValue: voivodeship)
            if region == nil { errors.add("voivodeship", "Wybierz województwo z listy.") }
        }
        var needs: [AccessibilityNeed] = []
        if rules.askAccessibility {
            for raw in accessibility {
                if let need = AccessibilityNeed(rawValue: raw) {
                    needs.append(need)
                } else {
                    errors.add("accessibility", "Wybierz potrzeby z listy.")
                }
            }
        }
        var dinnerAnswer: Bool?
        if rules.askDinner {
            switch dinner {
            case "yes": dinnerAnswer = true
            case "no": dinnerAnswer = false
            default: errors.add("dinner", "Zaznacz, czy weźmiesz udział w kolacji.")
            }
        }

        var answers: [UUID: [String]] = [:]
        for question in rules.questions {
            let field = question.fieldName
            let values = self.answers[field] ?? []
            if values.isEmpty {
                if question.required { errors.add(field, "Odpowiedz na pytanie: „\(question.label)”.") }
                continue
            }
            switch question.kind {
            case .shortText, .longText:
                let max = question.kind == .shortText ? Self.shortLimit : Self.longLimit
                if values.count != 1 || values[0].count > max {
                    errors.add(field, "Odpowiedź jest za długa: najwyżej \(max) znaków.")
                }
            case .singleChoice, .multipleChoice:
                let allowed = Set(question.options.map(\.id))
                if values.contains(where: { !allowed.contains($0) }) {
                    errors.add(field, "Wybierz odpowiedź z listy.")
                } else if question.kind == .singleChoice && values.count > 1 {
                    errors.add(field, "Wybierz jedną odpowiedź.")
                } else {
                    for option in question.options where values.contains(option.id) {
                        if let max = option.limit, (rules.optionTaken[option.id] ?? 0) >= max {
                            errors.add(field, "Brak wolnych miejsc dla odpowiedzi „\(option.label)”. Wybierz inną.")
                        }
                    }
                }
            case .yesNo:
                if values.count != 1 || !["yes", "no"].contains(values[0]) { errors.add(field, "Zaznacz „tak” albo „nie”.") }
            case .number:
                if values.count != 1 || Int(values[0]) == nil || values[0].count > 9 {
                    errors.add(field, "Wpisz liczbę całkowitą, np. 2.")
                }
            case .date:
                if values.count != 1 || CalendarDay(iso: values[0]) == nil {
                    errors.add(field, "Wpisz datę w formacie RRRR-MM-DD.")
                }
            }
            answers[question.id] = values
        }

        var chosen: [UUID] = []
        for group in rules.workshops {
            let raw = workshops[group.fieldName] ?? []
            let ids = raw.compactMap(UUID.init(uuidString:))
            if ids.count != raw.count || ids.contains(where: { !group.alternatives.contains($0) }) {
                errors.add(group.fieldName, "Wybierz warsztat z listy „\(group.title)”.")
                continue
            }
            group.check(ids, into: &errors)
            chosen.append(contentsOf: ids)
        }
        let workshopFields = Set(rules.workshops.map(\.fieldName))
        if workshops.keys.contains(where: { !workshopFields.contains($0) && !(workshops[$0] ?? []).isEmpty }) {
            errors.add("workshops", "Wybrano warsztat, który nie należy do tego wydarzenia.")
        }
        if !consentRodo {
            errors.add("consentRodo", "Aby się zarejestrować, zapoznaj się z klauzulą informacyjną RODO i zaznacz potwierdzenie.")
        }
        guard errors.isEmpty, let parsedEmail else { return .failure(errors) }
        return .success(
            ValidParticipant(
                email: parsedEmail, institutionType: type, voivodeship: region, accessibility: needs, dinner: dinnerAnswer,
                answers: answers, workshops: chosen))
    }
}

import Foundation

/// An application for one or more services, as a resident (or staff for them) types it.
public struct ApplicationForm: Sendable, Codable, Equatable {
    public var applicantRole = ApplicantRole.person.rawValue
    public var representativeName = ""
    public var representativeBasis = ""
    public var representativeContact = ""
    public var firstName = ""
    public var lastName = ""
    public var pesel = ""
    public var birthDate = ""
    public var street = ""
    public var postcode = ""
    public var city = ""
    public var phone = ""
    public var email = ""
    public var communicationNeeds = ""
    public var accessibilityNeeds = ""
    /// Service definition ids.
    public var services: [String] = []
    public var situation = ""
    public var consentRodo = false

    public init() {}

    public func cleaned() -> ApplicationForm {
        var f = self
        for path in [
            \ApplicationForm.applicantRole, \.representativeName, \.representativeContact, \.firstName, \.lastName, \.pesel,
            \.birthDate,
            \.street, \.postcode, \.city, \.phone, \.email,
        ] {
            f[keyPath: path] = TextInput.clean(self[keyPath: path])
        }
        for path in [\ApplicationForm.representativeBasis, \.communicationNeeds, \.accessibilityNeeds, \.situation] {
            f[keyPath: path] = TextInput.clean(self[keyPath: path], multiline: true)
        }
        f.pesel = f.pesel.replacingOccurrences(of: " ", with: "")
        f.email = f.email.lowercased()
        var seen = Set<String>()
        f.services = services.map { TextInput.clean($0) }.filter { !$0.isEmpty && seen.insert($0).inserted }
        return f
    }

    /// What validation needs to know about the services of the programme in force.
    public struct ServiceRule: Sendable {
        public let id: String
        public let name: String
        public let ageMin: Int?
        public let ageMax: Int?
        public let residenceRequired: Bool

        public init(id: String, name: String, ageMin: Int?, ageMax: Int?, residenceRequired: Bool) {
            self.id = id
            self.name = name
            self.ageMin = ageMin
            self.ageMax = ageMax
            self.residenceRequired = residenceRequired
        }
    }

    public struct Valid: Sendable, Equatable {
        public let role: ApplicantRole
        public let pesel: PESEL?
        public let birthDate: CalendarDay
        public let email: EmailAddress?
        public let services: [String]
    }

    /// `gminaCity`: the municipality's seat, compared with the address when a service is only
    /// for residents (the address is what the applicant declares; staff confirm it).
    public func validate(services rules: [ServiceRule], gminaCity: String, today: CalendarDay) -> Result<Valid, FieldErrors> {
        var errors = FieldErrors()
        let role = ApplicantRole(rawValue: applicantRole)
        if role == nil { errors.add("applicantRole", "Wybierz, kto składa wniosek.") }
        if let role, role != .person {
            if representativeName.isEmpty || representativeName.count > 200 {
                errors.add("representativeName", "Podaj imię i nazwisko osoby składającej wniosek w imieniu zainteresowanego.")
            }
            if representativeBasis.isEmpty || representativeBasis.count > 2_000 {
                errors.add(
                    "representativeBasis",
                    role == .representative
                        ? "Podaj podstawę przedstawicielstwa (np. władza rodzicielska, postanowienie sądu o ustanowieniu opiekuna)."
                        : "Opisz, na czym polega faktyczna opieka nad osobą (kto, od kiedy).")
            }
            if representativeContact.isEmpty || representativeContact.count > 200 {
                errors.add("representativeContact", "Podaj telefon lub e-mail do osoby składającej wniosek.")
            }
        }
        for (value, field, label) in [(firstName, "firstName", "imię"), (lastName, "lastName", "nazwisko")] {
            if value.isEmpty {
                errors.add(field, "Podaj \(label) osoby, której dotyczy wniosek.")
            } else if value.count > 100 {
                errors.add(field, "Pole „\(label)” może mieć najwyżej 100 znaków.")
            }
        }
        let born = CalendarDay(iso: birthDate)
        if birthDate.isEmpty {
            errors.add("birthDate", "Podaj datę urodzenia (RRRR-MM-DD).")
        } else if born == nil {
            errors.add("birthDate", "Podaj datę urodzenia w formacie RRRR-MM-DD, np. 1950-03-14.")
        } else if let born, born > today {
            errors.add("birthDate", "Data urodzenia nie może być w przyszłości.")
        }
        var parsedPESEL: PESEL?
        if !pesel.isEmpty {
            switch PESEL.parse(pesel, birthDate: born) {
            case .success(let value): parsedPESEL = value
            case .failure(let problem): errors.add("pesel", problem.polishMessage)
            }
        }
        if street.count > 200 { errors.add("street", "Adres może mieć najwyżej 200 znaków.") }
        if !postcode.isEmpty, postcode.range(of: #"^[0-9]{2}-[0-9]{3}$"#, options: .regularExpression) == nil {
            errors.add("postcode", "Kod pocztowy ma postać 00-000, np. 62-999.")
        }
        if city.count > 100 { errors.add("city", "Miejscowość może mieć najwyżej 100 znaków.") }
        var email: EmailAddress?
        if !self.email.isEmpty {
            email = EmailAddress(self.email)
            if email == nil { errors.add("email", "Podaj poprawny adres e-mail, np. jan.kowalski@poczta.pl, albo zostaw puste.") }
        }
        if !phone.isEmpty && (!phone.allSatisfy({ $0.isNumber || " +-()".contains($0) }) || phone.filter(\.isNumber).count < 9) {
            errors.add("phone", "Numer telefonu może zawierać cyfry, spacje, +, - i nawiasy; podaj co najmniej 9 cyfr.")
        }
        if phone.isEmpty && self.email.isEmpty && representativeContact.isEmpty {
            errors.add("phone", "Podaj telefon lub e-mail, abyśmy mogli się skontaktować.")
        }
        for (value, field) in [(communicationNeeds, "communicationNeeds"), (accessibilityNeeds, "accessibilityNeeds")]
        where value.count > 2_000 {
            errors.add(field, "To pole może mieć najwyżej 2000 znaków.")
        }
        let known = Dictionary(uniqueKeysWithValues: rules.map { ($0.id, $0) })
        if services.isEmpty { errors.add("services", "Wybierz co najmniej jedną usługę.") }
        var problems: [String] = []
        for id in services {
            guard let rule = known[id] else {
                errors.add("services", "Wybrano usługę, której nie ma w obowiązującym programie. Wybierz z listy.")
                continue
            }
            if let born {
                let age = born.age(on: today)
                if let min = rule.ageMin, age < min { problems.append("„\(rule.name)” jest dla osób od \(min) lat.") }
                if let max = rule.ageMax, age > max { problems.append("„\(rule.name)” jest dla osób do \(max) lat.") }
            }
            if rule.residenceRequired, !city.isEmpty, city.lowercased() != gminaCity.lowercased() {
                problems.append(
                    "„\(rule.name)” jest tylko dla mieszkańców gminy \(gminaCity) — sprawdź adres albo wybierz inną usługę.")
            }
        }
        if !problems.isEmpty { errors.add("services", problems.joined(separator: " ")) }
        if rules.contains(where: { services.contains($0.id) && $0.residenceRequired }) && city.isEmpty {
            errors.add("city", "Podaj miejscowość zamieszkania: wybrana usługa jest dla mieszkańców gminy.")
        }
        if situation.isEmpty || situation.count > 10_000 {
            errors.add("situation", "Opisz swoimi słowami, w czym potrzebujesz wsparcia (najwyżej 10 000 znaków).")
        }
        if !consentRodo {
            errors.add("consentRodo", "Aby złożyć wniosek, potwierdź zapoznanie się z klauzulą informacyjną RODO.")
        }
        guard errors.isEmpty, let role, let born else { return .failure(errors) }
        return .success(Valid(role: role, pesel: parsedPESEL, birthDate: born, email: email, services: services))
    }
}

extension CalendarDay {
    /// Full years of age on `day`.
    public func age(on day: CalendarDay) -> Int {
        var years = day.year - year
        if (day.month, day.day) < (month, self.day) { years -= 1 }
        return years
    }
}

/// A programme version as typed by the services organiser, validated into field messages.
public struct ProgrammeForm: Sendable, Codable, Equatable {
    public var title = ""
    public var periodStart = ""
    public var periodEnd = ""
    public var resolutionNumber = ""
    public var resolutionDate = ""
    public var journalReference = ""
    public var summary = ""

    public init() {}

    public init(from decoder: any Decoder) throws {
        let c = try FormFields(decoder)
        title = c.string("title")
        periodStart = c.string("periodStart")
        periodEnd = c.string("periodEnd")
        resolutionNumber = c.string("resolutionNumber")
        resolutionDate = c.string("resolutionDate")
        journalReference = c.string("journalReference")
        summary = c.string("summary")
    }

    public func cleaned() -> ProgrammeForm {
        var f = self
        f.title = TextInput.clean(title)
        f.periodStart = TextInput.clean(periodStart)
        f.periodEnd = TextInput.clean(periodEnd)
        f.resolutionNumber = TextInput.clean(resolutionNumber)
        f.resolutionDate = TextInput.clean(resolutionDate)
        f.journalReference = TextInput.clean(journalReference)
        f.summary = TextInput.clean(summary, multiline: true)
        return f
    }

    public struct Valid: Sendable, Equatable {
        public let start: CalendarDay
        public let end: CalendarDay
        public let resolutionDate: CalendarDay?

        public init(start: CalendarDay, end: CalendarDay, resolutionDate: CalendarDay?) {
            (self.start, self.end, self.resolutionDate) = (start, end, resolutionDate)
        }
    }

    public func validate() -> Result<Valid, FieldErrors> {
        var errors = FieldErrors()
        if title.isEmpty || title.count > 300 {
            errors.add(
                "title",
                "Podaj tytuł programu (najwyżej 300 znaków), np. „Program usług społecznych Gminy Jaśminowo na lata 2026–2028”.")
        }
        let start = CalendarDay(iso: periodStart)
        let end = CalendarDay(iso: periodEnd)
        if start == nil { errors.add("periodStart", "Podaj datę początku okresu programu (RRRR-MM-DD).") }
        if end == nil { errors.add("periodEnd", "Podaj datę końca okresu programu (RRRR-MM-DD).") }
        if let start, let end, end < start {
            errors.add("periodEnd", "Koniec okresu nie może być wcześniejszy niż jego początek.")
        }
        var resolution: CalendarDay?
        if !resolutionDate.isEmpty {
            resolution = CalendarDay(iso: resolutionDate)
            if resolution == nil { errors.add("resolutionDate", "Podaj datę uchwały w formacie RRRR-MM-DD.") }
        }
        if resolutionNumber.count > 100 {
            errors.add("resolutionNumber", "Numer uchwały może mieć najwyżej 100 znaków, np. XII/123/2025.")
        }
        if journalReference.count > 200 {
            errors.add(
                "journalReference",
                "Oznaczenie publikacji może mieć najwyżej 200 znaków, np. Dz. Urz. Woj. Wlkp. z 2025 r. poz. 1234.")
        }
        if summary.count > 20_000 { errors.add("summary", "Opis może mieć najwyżej 20 000 znaków.") }
        guard errors.isEmpty, let start, let end else { return .failure(errors) }
        return .success(Valid(start: start, end: end, resolutionDate: resolution))
    }

    /// What adopting needs (the council's resolution) and what coming into force needs (its
    /// publication in the voivodeship's official journal: it is local law).
    public func problems(movingTo state: ProgrammeState) -> FieldErrors {
        var errors = FieldErrors()
        if state == .adopted || state == .inForce {
            if resolutionNumber.isEmpty {
                errors.add("resolutionNumber", "Aby oznaczyć program jako uchwalony, podaj numer uchwały rady gminy.")
            }
            if CalendarDay(iso: resolutionDate) == nil {
                errors.add("resolutionDate", "Aby oznaczyć program jako uchwalony, podaj datę uchwały.")
            }
        }
        if state == .inForce, journalReference.isEmpty {
            errors.add(
                "journalReference",
                "Program wchodzi w życie po ogłoszeniu w wojewódzkim dzienniku urzędowym — podaj oznaczenie publikacji.")
        }
        return errors
    }
}

/// One service of a programme version as typed by the services organiser.
public struct ServiceForm: Sendable, Codable, Equatable {
    public var name = ""
    public var area = ""
    public var description = ""
    public var forWhom = ""
    public var criteria = ""
    public var ageMin = ""
    public var ageMax = ""
    public var residenceRequired = false
    public var places = ""
    /// One criterion per line, in the order the programme applies them.
    public var priorityCriteria = ""
    public var feeKind = "free"
    public var feeAmount = ""
    public var feeUnit = ""
    public var feeExemptions = ""
    public var deliveryRoute = DeliveryRoute.own.rawValue
    public var providerID = ""
    public var place = ""
    public var schedule = ""
    public var documents = ""
    public var howToApply = ""
    public var ipusEligible = false

    public init() {}

    public init(from decoder: any Decoder) throws {
        let c = try FormFields(decoder)
        name = c.string("name")
        area = c.string("area")
        description = c.string("description")
        forWhom = c.string("forWhom")
        criteria = c.string("criteria")
        ageMin = c.string("ageMin")
        ageMax = c.string("ageMax")
        residenceRequired = c.bool("residenceRequired")
        places = c.string("places")
        priorityCriteria = c.string("priorityCriteria")
        feeKind = c.string("feeKind").isEmpty ? "free" : c.string("feeKind")
        feeAmount = c.string("feeAmount")
        feeUnit = c.string("feeUnit")
        feeExemptions = c.string("feeExemptions")
        deliveryRoute = c.string("deliveryRoute").isEmpty ? DeliveryRoute.own.rawValue : c.string("deliveryRoute")
        providerID = c.string("providerID")
        place = c.string("place")
        schedule = c.string("schedule")
        documents = c.string("documents")
        howToApply = c.string("howToApply")
        ipusEligible = c.bool("ipusEligible")
    }

    public func cleaned() -> ServiceForm {
        var f = self
        for path in [
            \ServiceForm.name, \.area, \.ageMin, \.ageMax, \.places, \.feeKind, \.feeAmount, \.feeUnit, \.deliveryRoute,
            \.providerID, \.place,
        ] {
            f[keyPath: path] = TextInput.clean(self[keyPath: path])
        }
        for path in [
            \ServiceForm.description, \.forWhom, \.criteria, \.priorityCriteria, \.feeExemptions, \.schedule, \.documents,
            \.howToApply,
        ] {
            f[keyPath: path] = TextInput.clean(self[keyPath: path], multiline: true)
        }
        return f
    }

    public struct Valid: Sendable, Equatable {
        public let area: ServiceArea
        public let ageMin: Int?
        public let ageMax: Int?
        public let places: Int?
        public let priorityCriteria: [String]
        public let fee: FeeRule
        public let route: DeliveryRoute
    }

    public func validate(providerExists: (String) -> Bool) -> Result<Valid, FieldErrors> {
        var errors = FieldErrors()
        if name.isEmpty || name.count > 200 {
            errors.add("name", "Podaj nazwę usługi (najwyżej 200 znaków), np. „Usługi opiekuńcze w miejscu zamieszkania”.")
        }
        let area = ServiceArea(rawValue: self.area)
        if area == nil { errors.add("area", "Wybierz obszar usługi z listy (jeden z 14 obszarów ustawy).") }
        if description.isEmpty || description.count > 5_000 {
            errors.add("description", "Opisz prostym językiem, na czym polega usługa (najwyżej 5000 znaków).")
        }
        if forWhom.isEmpty || forWhom.count > 2_000 {
            errors.add("forWhom", "Napisz, dla kogo jest usługa (najwyżej 2000 znaków).")
        }
        if criteria.count > 5_000 { errors.add("criteria", "Warunki dostępu mogą mieć najwyżej 5000 znaków.") }
        func age(_ text: String, _ field: String) -> Int? {
            guard !text.isEmpty else { return nil }
            guard let value = Int(text), (0...120).contains(value) else {
                errors.add(field, "Wiek podaj jako liczbę lat od 0 do 120 albo zostaw puste.")
                return nil
            }
            return value
        }
        let minAge = age(ageMin, "ageMin")
        let maxAge = age(ageMax, "ageMax")
        if let minAge, let maxAge, maxAge < minAge { errors.add("ageMax", "Wiek „do” nie może być mniejszy niż wiek „od”.") }
        var limit: Int?
        if !places.isEmpty {
            if let value = Int(places), (1...100_000).contains(value) {
                limit = value
            } else {
                errors.add(
                    "places",
                    "Liczbę miejsc podaj jako liczbę od 1 do 100 000 albo zostaw puste, gdy program nie ogranicza miejsc.")
            }
        }
        let criteriaLines = priorityCriteria.split(separator: "\n").map { TextInput.clean(String($0)) }.filter { !$0.isEmpty }
        if criteriaLines.count > 10 || criteriaLines.contains(where: { $0.count > 300 }) {
            errors.add("priorityCriteria", "Podaj najwyżej 10 kryteriów pierwszeństwa, każde w osobnym wierszu (do 300 znaków).")
        }
        var fee: FeeRule?
        switch feeKind {
        case "free": fee = .free
        case "per_hour", "per_unit":
            guard let grosze = Money.parse(feeAmount), grosze > 0 else {
                errors.add("feeAmount", "Podaj kwotę odpłatności, np. 12,50 (w złotych).")
                break
            }
            if feeKind == "per_unit" && (feeUnit.isEmpty || feeUnit.count > 50) {
                errors.add("feeUnit", "Podaj jednostkę, za którą pobiera się opłatę, np. „wizytę”, „posiłek”.")
            }
            fee = FeeRule.make(kind: feeKind, grosze: grosze, unit: feeUnit)
        default: errors.add("feeKind", "Wybierz zasadę odpłatności z listy.")
        }
        if feeExemptions.count > 2_000 { errors.add("feeExemptions", "Zwolnienia z opłat mogą mieć najwyżej 2000 znaków.") }
        let route = DeliveryRoute(rawValue: deliveryRoute)
        if route == nil { errors.add("deliveryRoute", "Wybierz sposób realizacji z listy.") }
        if route != nil && route != .own {
            if providerID.isEmpty {
                errors.add("providerID", "Wybierz realizatora usługi (organizację z katalogu).")
            } else if !providerExists(providerID) {
                errors.add("providerID", "Wybrany realizator nie istnieje. Wybierz organizację z listy.")
            }
        }
        for (value, field, limit) in [
            (place, "place", 300), (schedule, "schedule", 2_000), (documents, "documents", 2_000),
            (howToApply, "howToApply", 2_000),
        ]
        where value.count > limit {
            errors.add(field, "To pole może mieć najwyżej \(limit) znaków.")
        }
        guard errors.isEmpty, let area, let fee, let route else { return .failure(errors) }
        return .success(
            Valid(
                area: area, ageMin: minAge, ageMax: maxAge, places: limit, priorityCriteria: criteriaLines, fee: fee, route: route
            ))
    }
}

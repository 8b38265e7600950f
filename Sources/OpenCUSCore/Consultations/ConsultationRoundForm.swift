import Foundation

/// A consultation round as staff type it: what is consulted and why, where, when, how residents
/// take part, who coordinates, and the legal basis (the wójt's order under the gmina's
/// consultation resolution, Art. 5a of the act on gmina self-government).
public struct ConsultationRoundForm: Sendable, Codable, Equatable {
    public var subject = ""
    public var aim = ""
    public var scope = ""
    public var documentTitle = ""
    public var document = ""
    public var firstDay = ""
    public var lastDay = ""
    public var online = true
    public var paperPlace = ""
    public var email = ""
    public var meetingDay = ""
    public var meetingTime = ""
    public var meetingPlace = ""
    public var coordinator = ""
    public var coordinatorContact = ""
    public var orderNumber = ""
    public var orderDate = ""
    public var resolution = ""
    public var publishWhileOpen = false
    /// The revision the form was opened at (two people editing the same draft).
    public var revision = ""

    public init() {}

    public init(from decoder: any Decoder) throws {
        self.init()
        let fields = try FormFields(decoder)
        fields.fill(&self, Self.fields)
        online = fields.bool("online")
        publishWhileOpen = fields.bool("publishWhileOpen")
    }

    enum CodingKeys: String, CodingKey {
        case subject, aim, scope, documentTitle, document, firstDay, lastDay, online, paperPlace, email, meetingDay,
            meetingTime, meetingPlace, coordinator, coordinatorContact, orderNumber, orderDate, resolution, publishWhileOpen,
            revision
    }

    static var fields: [(CodingKeys, WritableKeyPath<ConsultationRoundForm, String>)] {
        [
            (.subject, \.subject), (.aim, \.aim), (.scope, \.scope), (.documentTitle, \.documentTitle),
            (.document, \.document), (.firstDay, \.firstDay), (.lastDay, \.lastDay), (.paperPlace, \.paperPlace),
            (.email, \.email), (.meetingDay, \.meetingDay), (.meetingTime, \.meetingTime), (.meetingPlace, \.meetingPlace),
            (.coordinator, \.coordinator), (.coordinatorContact, \.coordinatorContact), (.orderNumber, \.orderNumber),
            (.orderDate, \.orderDate), (.resolution, \.resolution), (.revision, \.revision),
        ]
    }

    public struct Valid: Sendable, Equatable {
        public let dates: ConsultationDates
        public let email: EmailAddress?
        public let meetingDay: CalendarDay?
        public let meetingTime: TimeOfDay?
        public let orderDate: CalendarDay?
        public let document: ConsultedDocument
    }

    public func cleaned() -> ConsultationRoundForm {
        var f = self
        for (_, path) in Self.fields {
            f[keyPath: path] = TextInput.clean(f[keyPath: path], multiline: path == \.aim || path == \.document)
        }
        return f
    }

    /// The ways of taking part the round offers, in the order an announcement lists them.
    public var hasAnyWayToTakePart: Bool {
        online || !paperPlace.isEmpty || !email.isEmpty || !meetingPlace.isEmpty
    }

    public func validate() -> Result<Valid, FieldErrors> {
        let f = cleaned()
        var errors = FieldErrors()
        for (key, path, name) in [
            (CodingKeys.subject, \ConsultationRoundForm.subject, "przedmiot konsultacji"), (.aim, \.aim, "cel konsultacji"),
            (.scope, \.scope, "zasięg terytorialny"), (.documentTitle, \.documentTitle, "tytuł dokumentu"),
            (.coordinator, \.coordinator, "koordynatora"),
        ] where f[keyPath: path].isEmpty {
            errors.add(key.stringValue, "Podaj \(name).")
        }
        for (key, path, limit) in [
            (CodingKeys.subject, \ConsultationRoundForm.subject, 300), (.aim, \.aim, 3000), (.scope, \.scope, 300),
            (.documentTitle, \.documentTitle, 300), (.paperPlace, \.paperPlace, 300), (.meetingPlace, \.meetingPlace, 300),
            (.coordinator, \.coordinator, 200), (.coordinatorContact, \.coordinatorContact, 300),
            (.orderNumber, \.orderNumber, 100), (.resolution, \.resolution, 300),
        ] where f[keyPath: path].count > limit {
            errors.add(key.stringValue, "Najwyżej \(limit) znaków (jest \(f[keyPath: path].count)).")
        }
        if f.document.count > ConsultedDocument.maximumCharacters {
            errors.add(
                "document",
                "Dokument jest za długi: najwyżej \(ConsultedDocument.maximumCharacters) znaków (jest \(f.document.count)). Podziel go na dwie konsultacje albo skróć załączniki."
            )
        }
        let document = ConsultedDocument(markdown: f.document.count > ConsultedDocument.maximumCharacters ? "" : f.document)
        if document.paragraphs.count > ConsultedDocument.maximumParagraphs {
            errors.add("document", "Dokument ma za dużo akapitów: najwyżej \(ConsultedDocument.maximumParagraphs).")
        }
        let first = CalendarDay(iso: f.firstDay)
        let last = CalendarDay(iso: f.lastDay)
        if f.firstDay.isEmpty {
            errors.add("firstDay", "Podaj pierwszy dzień konsultacji.")
        } else if first == nil {
            errors.add("firstDay", "Data ma postać RRRR-MM-DD, np. 2027-01-04.")
        }
        if f.lastDay.isEmpty {
            errors.add("lastDay", "Podaj ostatni dzień konsultacji.")
        } else if last == nil {
            errors.add("lastDay", "Data ma postać RRRR-MM-DD, np. 2027-01-18.")
        }
        if let first, let last {
            if last < first {
                errors.add("lastDay", "Ostatni dzień nie może być przed pierwszym (\(first.polish)).")
            } else if first.days(until: last) + 1 > 120 {
                errors.add("lastDay", "Konsultacje trwają najwyżej 120 dni. Sprawdź datę końca.")
            }
        }
        if !f.hasAnyWayToTakePart {
            errors.add(
                "online",
                "Wybierz co najmniej jedną formę udziału: formularz w internecie, formularz papierowy, e-mail lub spotkanie.")
        }
        let email = EmailAddress(f.email)
        if !f.email.isEmpty && email == nil {
            errors.add("email", "To nie jest poprawny adres e-mail. Przykład: konsultacje@cus.gmina.pl")
        }
        let meetingDay = CalendarDay(iso: f.meetingDay)
        let meetingTime = TimeOfDay(f.meetingTime)
        let meetingGiven = !(f.meetingDay.isEmpty && f.meetingTime.isEmpty && f.meetingPlace.isEmpty)
        if meetingGiven {
            if meetingDay == nil {
                errors.add("meetingDay", "Podaj datę spotkania (RRRR-MM-DD) albo wyczyść wszystkie pola spotkania.")
            } else if let meetingDay, let first, let last, meetingDay < first || last < meetingDay {
                errors.add("meetingDay", "Spotkanie musi się odbyć w czasie konsultacji (\(first.polish) – \(last.polish)).")
            }
            if meetingTime == nil { errors.add("meetingTime", "Podaj godzinę spotkania, np. 17:00.") }
            if f.meetingPlace.isEmpty { errors.add("meetingPlace", "Podaj miejsce spotkania (adres, sala).") }
        }
        let orderDate = CalendarDay(iso: f.orderDate)
        if !f.orderDate.isEmpty && orderDate == nil {
            errors.add("orderDate", "Data ma postać RRRR-MM-DD, np. 2026-11-20.")
        }
        guard errors.isEmpty, let first, let last else { return .failure(errors) }
        return .success(
            Valid(
                dates: ConsultationDates(firstDay: first, lastDay: last), email: email,
                meetingDay: meetingGiven ? meetingDay : nil, meetingTime: meetingGiven ? meetingTime : nil,
                orderDate: orderDate, document: document))
    }

    /// What still stops a saved draft from being announced: the law's minimum of an announcement
    /// (the order that calls the consultation, the document, dates not yet past).
    public static func announcementProblems(
        document: ConsultedDocument, orderNumber: String, orderDate: CalendarDay?, lastDay: CalendarDay, today: CalendarDay
    ) -> [String] {
        var problems: [String] = []
        if document.paragraphs.isEmpty { problems.append("Wpisz lub wklej treść konsultowanego dokumentu.") }
        if orderNumber.isEmpty || orderDate == nil {
            problems.append("Podaj numer i datę zarządzenia wójta (burmistrza, prezydenta) o przeprowadzeniu konsultacji.")
        }
        if lastDay < today { problems.append("Ostatni dzień konsultacji (\(lastDay.polish)) już minął. Zmień daty.") }
        return problems
    }
}

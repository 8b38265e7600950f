import Foundation

/// What OpenCUS itself knows that belongs in a diagnosis: counts from the centre's own
/// casework and events for one calendar year, each with the sentence that says how it was
/// computed. The web layer fills the counts with one query each; this turns them into rows.
public struct DiagnosisFigures: Sendable, Equatable {
    public struct Named: Sendable, Equatable {
        public let name: String
        public let count: Int
        public init(_ name: String, _ count: Int) {
            self.name = name
            self.count = count
        }
    }

    public var year: Int
    /// Services applied for in the year, by the programme's area of each service.
    public var requestedByArea: [ServiceArea: Int] = [:]
    /// People on reserve lists now, by service.
    public var reserveNow: [Named] = []
    /// Refusals (decisions and notices) issued in the year, by service.
    public var refusedByService: [Named] = []
    public var plansApprovedInYear = 0
    public var plansClosedInYear = 0
    public var eventsInYear = 0
    public var confirmedRegistrationsInYear = 0
    /// Residents' surveys serving this diagnosis: questionnaires received (and of them on paper).
    public var surveys: [(title: String, total: Int, paper: Int)] = []

    public init(year: Int) { self.year = year }

    public static func == (a: DiagnosisFigures, b: DiagnosisFigures) -> Bool { a.rows == b.rows }

    public struct Row: Sendable, Equatable, Encodable {
        public let section: String
        public let name: String
        /// The count as published: small numbers follow `SmallNumbers`.
        public let value: String
        public let computation: String
    }

    public var rows: [Row] {
        let needs = DiagnosisSection.needs.rawValue
        let resources = DiagnosisSection.resources.rawValue
        var rows: [Row] = []
        let requested =
            "Liczba usług, o które wnioskowano w \(year) r. (każda usługa we wniosku liczona osobno), według obszaru usługi w programie; wnioski ze wszystkich kanałów."
        for area in ServiceArea.allCases {
            if let n = requestedByArea[area], n > 0 {
                rows.append(
                    Row(
                        section: needs, name: "Wnioskowane usługi: \(area.polishName)", value: SmallNumbers.display(n),
                        computation: requested))
            }
        }
        let reserve = "Liczba osób na liście rezerwowej usługi w dniu sporządzenia zestawienia."
        for service in reserveNow where service.count > 0 {
            rows.append(
                Row(
                    section: needs, name: "Lista rezerwowa: \(service.name)", value: SmallNumbers.display(service.count),
                    computation: reserve))
        }
        let refused = "Liczba odmów (decyzji i informacji o odmowie) wydanych w \(year) r., według usługi."
        for service in refusedByService where service.count > 0 {
            rows.append(
                Row(
                    section: needs, name: "Odmowy: \(service.name)", value: SmallNumbers.display(service.count),
                    computation: refused))
        }
        rows.append(
            Row(
                section: resources, name: "Indywidualne plany usług społecznych zatwierdzone w \(year) r.",
                value: SmallNumbers.display(plansApprovedInYear),
                computation: "Plany, których pierwsza wersja została zatwierdzona w \(year) r."))
        rows.append(
            Row(
                section: resources, name: "Indywidualne plany usług społecznych zamknięte w \(year) r.",
                value: SmallNumbers.display(plansClosedInYear), computation: "Plany zamknięte rozmową podsumowującą w \(year) r.")
        )
        rows.append(
            Row(
                section: resources, name: "Wydarzenia centrum w \(year) r. i potwierdzone zgłoszenia",
                value: "\(eventsInYear) / \(SmallNumbers.display(confirmedRegistrationsInYear))",
                computation:
                    "Wydarzenia centrum rozpoczęte w \(year) r. (bez odwołanych) / zgłoszenia na nie w stanie „potwierdzone”."))
        for survey in surveys {
            rows.append(
                Row(
                    section: DiagnosisSection.voice.rawValue, name: "Ankieta „\(survey.title)”: wypełnione ankiety",
                    value: "\(SmallNumbers.display(survey.total)) (na papierze: \(SmallNumbers.display(survey.paper)))",
                    computation:
                        "Ankiety wysłane przez mieszkańców w internecie i wpisane z papieru przez pracowników, w ankiecie powiązanej z tą diagnozą; stan na dziś."
                ))
        }
        return rows
    }
}

import Foundation

/// Who files the application (art. 12 of the act: the person, their statutory representative or
/// a de-facto carer).
public enum ApplicantRole: String, Sendable, Codable, CaseIterable {
    case person
    case representative
    case carer

    public var polishName: String {
        switch self {
        case .person: "osoba zainteresowana"
        case .representative: "przedstawiciel ustawowy"
        case .carer: "opiekun faktyczny"
        }
    }
}

public enum ApplicationChannel: String, Sendable, Codable, CaseIterable {
    case online
    case inPerson = "in_person"
    case phone
    case email
    case paper
    case epuap

    public var polishName: String {
        switch self {
        case .online: "formularz internetowy"
        case .inPerson: "osobiście"
        case .phone: "telefonicznie"
        case .email: "e-mailem"
        case .paper: "pismem"
        case .epuap: "przez ePUAP"
        }
    }
}

/// The one outcome of each requested service. Only a refusal is an administrative decision.
public enum ServiceOutcome: String, Sendable, Codable, CaseIterable {
    case requested
    case qualified
    case reserve
    case refused
    case routed
    case withdrawn

    public var polishName: String {
        switch self {
        case .requested: "czeka na ocenę"
        case .qualified: "zakwalifikowano"
        case .reserve: "lista rezerwowa"
        case .refused: "odmowa (decyzja)"
        case .routed: "przekazano do innej jednostki"
        case .withdrawn: "wycofano"
        }
    }

    public var isOpen: Bool { self == .requested || self == .reserve }
}

/// A change of a requested service's outcome: the one rule every change goes through
/// (`IntakeService.outcomeChange` and `apply`), whoever makes it — a coordinator qualifying,
/// refusing or routing, or the resident withdrawing.
public struct OutcomeChange: Sendable, Equatable {
    public let from: ServiceOutcome
    public let to: ServiceOutcome
    /// The request gives up a place offered to it from the reserve list, or its turn on the
    /// list: the list moves on (free places are offered to the next people).
    public let reserveListMoves: Bool
    /// The centre decided under the programme in force (qualified, refused, routed); kept with
    /// the request for the programme's statistics.
    public let recordsProgramme: Bool
    /// A place offered from the reserve list stays held only while the request waits on the list.
    public var keepsOffer: Bool { to == .reserve }

    public enum Refusal: Error, Equatable, Sendable {
        /// The request already has its outcome (qualified, refused, routed or withdrawn).
        case settled(ServiceOutcome)
        /// Only a request waiting for assessment goes onto the reserve list.
        case notWaitingForAssessment(ServiceOutcome)
        /// A request is never put back to "waiting for assessment".
        case backToRequested

        /// What the person sees; `to` is the outcome that was asked for.
        public func message(to: ServiceOutcome) -> String {
            switch self {
            case .settled(let current) where to == .withdrawn: "Tej usługi nie można już wycofać (\(current.polishName))."
            case .settled(let current), .notWaitingForAssessment(let current):
                "Ta usługa ma już rozstrzygnięcie: \(current.polishName)."
            case .backToRequested: "Rozstrzygnięcia nie można cofnąć do oczekiwania na ocenę."
            }
        }
    }

    /// `heldOffer`: a place from the reserve list is on offer to this request now.
    public static func decide(from: ServiceOutcome, to: ServiceOutcome, heldOffer: Bool) -> Result<OutcomeChange, Refusal> {
        switch to {
        case .requested:
            return .failure(.backToRequested)
        case .reserve:
            guard from == .requested else { return .failure(.notWaitingForAssessment(from)) }
        case .qualified, .refused, .routed, .withdrawn:
            guard from.isOpen else { return .failure(.settled(from)) }
        }
        return .success(
            OutcomeChange(
                from: from, to: to,
                // A qualified request takes the place it was offered; anyone else leaving frees it.
                reserveListMoves: to != .qualified && to != .reserve && (heldOffer || from == .reserve),
                recordsProgramme: to == .qualified || to == .refused || to == .routed))
    }
}

/// The parameters the act sets or the CUS chooses, kept out of the code paths so that the
/// pending reform (UD294) or a CUS's own rules change one value, not the program.
public struct IntakeRules: Sendable, Equatable {
    /// Needs assessment within this many days of receipt (the CUS's own standard).
    public var assessmentDays: Int
    /// IPUS drafted within 30 days of the application (art. 20 ust. 2 of the act).
    public var ipusDays: Int
    /// Appeal against a refusal: 14 days from delivery (Kodeks postępowania administracyjnego, art. 129 § 2).
    public var appealDays: Int
    /// Whether a refusal takes the form of an administrative decision (the act today: yes).
    public var refusalIsDecision: Bool

    public init(assessmentDays: Int = 14, ipusDays: Int = 30, appealDays: Int = 14, refusalIsDecision: Bool = true) {
        self.assessmentDays = assessmentDays
        self.ipusDays = ipusDays
        self.appealDays = appealDays
        self.refusalIsDecision = refusalIsDecision
    }

    public func assessmentDue(received: CalendarDay) -> CalendarDay { received.adding(days: assessmentDays) }
    public func ipusDue(received: CalendarDay) -> CalendarDay { received.adding(days: ipusDays) }
    /// The last day to appeal; nil until the decision is delivered.
    public func appealEnds(delivered: CalendarDay?) -> CalendarDay? { delivered.map { $0.adding(days: appealDays) } }

    public enum Clock: Sendable, Equatable {
        case onTime(daysLeft: Int)
        case dueSoon(daysLeft: Int)
        case overdue(days: Int)
    }

    /// "Near" is the last three days before the deadline.
    public static func clock(due: CalendarDay, today: CalendarDay) -> Clock {
        let left = today.days(until: due)
        if left < 0 { return .overdue(days: -left) }
        return left <= 3 ? .dueSoon(daysLeft: left) : .onTime(daysLeft: left)
    }
}

/// The reserve list of one service: the programme's priority criteria first (in the order the
/// programme gives them: meeting an earlier criterion outranks any number of later ones), then
/// the time of receipt — first come, first served, set by the server.
public struct ReserveEntry: Sendable, Equatable {
    public let id: UUID
    public let receivedAt: Date
    /// Indices (0-based) of the programme's priority criteria the person meets.
    public let criteriaMet: Set<Int>

    public init(id: UUID, receivedAt: Date, criteriaMet: Set<Int>) {
        self.id = id
        self.receivedAt = receivedAt
        self.criteriaMet = criteriaMet
    }
}

public enum ReserveList {
    public static func ordered(_ entries: [ReserveEntry], criteriaCount: Int) -> [ReserveEntry] {
        entries.sorted { a, b in
            for index in 0..<criteriaCount {
                let (x, y) = (a.criteriaMet.contains(index), b.criteriaMet.contains(index))
                if x != y { return x }
            }
            if a.receivedAt != b.receivedAt { return a.receivedAt < b.receivedAt }
            return a.id.uuidString < b.id.uuidString
        }
    }

    /// 1-based positions by entry id.
    public static func positions(_ entries: [ReserveEntry], criteriaCount: Int) -> [UUID: Int] {
        Dictionary(uniqueKeysWithValues: ordered(entries, criteriaCount: criteriaCount).enumerated().map { ($1.id, $0 + 1) })
    }
}

/// Whether one more person can be qualified: places in use are active enrolments plus places
/// offered to people from the reserve list who have not answered yet.
public enum Qualification {
    public enum Decision: Sendable, Equatable {
        case place
        case full(Availability)
    }

    public static func decide(places: Int?, activeEnrolments: Int, openOffers: Int) -> Decision {
        guard let places else { return .place }
        let inUse = activeEnrolments + openOffers
        return inUse < places ? .place : .full(Availability(places: places, inUse: inUse, reserve: 0))
    }
}

/// Numbers of the register of refusal decisions: "12/2026/CUS-JASMINOWO", one sequence per
/// organisation and year, never repeated or skipped (issued under the organisation's lock).
public enum DecisionNumber {
    public static func make(sequence: Int, year: Int, organisationSlug: String) -> String {
        "\(sequence)/\(year)/\(organisationSlug.uppercased())"
    }
}

extension IntakeRules.Clock {
    /// "po terminie (3 dni)", "termin mija dziś", "w terminie (12 dni)".
    public var polish: String {
        switch self {
        case .overdue(let days): "po terminie (\(PolishPlural.day.phrase(days)))"
        case .dueSoon(let left): left == 0 ? "termin mija dziś" : "zbliża się termin (\(PolishPlural.day.phrase(left)))"
        case .onTime(let left): "w terminie (\(PolishPlural.day.phrase(left)))"
        }
    }
}

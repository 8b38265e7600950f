import Foundation

/// The facts indicators are computed from: plain values read from the database by the web layer
/// (one query per kind), never rows. Every indicator of `IndicatorCatalogue` is a pure function
/// of these and a period, so its result can be pinned by a test on a hand-built set.
public struct InsightFacts: Sendable, Equatable {
    /// One service asked for in an application, with how it ended.
    public struct Request: Sendable, Equatable {
        public enum Outcome: String, Sendable, Equatable {
            case open, granted, reserve, refused, withdrawn
        }
        public let person: UUID
        public let service: UUID
        public let received: CalendarDay
        /// The day the needs were assessed (nil before).
        public let assessed: CalendarDay?
        public let outcome: Outcome
        public let outcomeOn: CalendarDay?
        /// "online", "paper", "office", "phone"… as stored.
        public let channel: String
        /// The application it came in (for the list behind a number; nil in hand-built facts).
        public let application: UUID?

        public init(
            person: UUID, service: UUID, received: CalendarDay, assessed: CalendarDay?, outcome: Outcome, outcomeOn: CalendarDay?,
            channel: String, application: UUID? = nil
        ) {
            (self.person, self.service, self.received, self.assessed) = (person, service, received, assessed)
            (self.outcome, self.outcomeOn, self.channel, self.application) = (outcome, outcomeOn, channel, application)
        }
    }

    public struct Decision: Sendable, Equatable {
        public let issued: CalendarDay
        public let appealed: Bool
        public init(issued: CalendarDay, appealed: Bool) { (self.issued, self.appealed) = (issued, appealed) }
    }

    /// A person's time on a service's reserve list.
    public struct Waiting: Sendable, Equatable {
        public let service: UUID
        public let added: CalendarDay
        public let left: CalendarDay?
        /// Who waits, in which application (for the list behind a number).
        public let person: UUID?
        public let application: UUID?
        public init(service: UUID, added: CalendarDay, left: CalendarDay?, person: UUID? = nil, application: UUID? = nil) {
            (self.service, self.added, self.left) = (service, added, left)
            (self.person, self.application) = (person, application)
        }
    }

    /// A person receiving a service.
    public struct Enrolment: Sendable, Equatable {
        public let person: UUID
        public let service: UUID
        public let start: CalendarDay
        public let end: CalendarDay?
        public init(person: UUID, service: UUID, start: CalendarDay, end: CalendarDay?) {
            (self.person, self.service, self.start, self.end) = (person, service, start, end)
        }

        public func active(on day: CalendarDay) -> Bool { start <= day && (end.map { $0 >= day } ?? true) }
    }

    public struct Delivery: Sendable, Equatable {
        public let day: CalendarDay
        public let attended: Bool
        /// The service delivered (nil in facts built without it).
        public let service: UUID?
        public init(day: CalendarDay, attended: Bool, service: UUID? = nil) {
            (self.day, self.attended, self.service) = (day, attended, service)
        }
    }

    public struct Plan: Sendable, Equatable {
        public let applicationReceived: CalendarDay
        public let approved: CalendarDay?
        public let closed: CalendarDay?
        /// The goals' states at closure (or now).
        public let goals: [GoalStatus]
        /// The plan, its person and its coordinator (the list behind a number, a coordinator's
        /// own caseload; nil in hand-built facts).
        public let id: UUID?
        public let person: UUID?
        public let coordinator: UUID?
        public init(
            applicationReceived: CalendarDay, approved: CalendarDay?, closed: CalendarDay?, goals: [GoalStatus], id: UUID? = nil,
            person: UUID? = nil, coordinator: UUID? = nil
        ) {
            (self.applicationReceived, self.approved, self.closed, self.goals) = (applicationReceived, approved, closed, goals)
            (self.id, self.person, self.coordinator) = (id, person, coordinator)
        }
    }

    public struct VolunteerHours: Sendable, Equatable {
        public let volunteer: UUID
        public let day: CalendarDay
        public let minutes: Int
        public init(volunteer: UUID, day: CalendarDay, minutes: Int) {
            (self.volunteer, self.day, self.minutes) = (volunteer, day, minutes)
        }
    }

    public struct EventDay: Sendable, Equatable {
        public let ended: CalendarDay
        public let registered: Int
        public let present: Int
        public let certificates: Int
        public init(ended: CalendarDay, registered: Int, present: Int, certificates: Int) {
            (self.ended, self.registered, self.present, self.certificates) = (ended, registered, present, certificates)
        }
    }

    /// A consultation comment or a survey questionnaire: when and how it came.
    public struct Voice: Sendable, Equatable {
        public enum Kind: String, Sendable, Equatable { case comment, questionnaire }
        public let kind: Kind
        public let day: CalendarDay
        public let online: Bool
        public init(kind: Kind, day: CalendarDay, online: Bool) { (self.kind, self.day, self.online) = (kind, day, online) }
    }

    public var requests: [Request] = []
    public var decisions: [Decision] = []
    public var waiting: [Waiting] = []
    public var enrolments: [Enrolment] = []
    /// Places of each service of the programme in force (nil: no limit).
    public var places: [UUID: Int?] = [:]
    public var deliveries: [Delivery] = []
    public var plans: [Plan] = []
    public var sessions: [ActivitySessionFact] = []
    public var volunteerHours: [VolunteerHours] = []
    public var events: [EventDay] = []
    public var voices: [Voice] = []
    /// Residents of the gmina (the diagnosis's figure), for rates per 1 000.
    public var residents: Int?
    /// The area of each service (for the breakdown by the act's areas).
    public var areas: [UUID: ServiceArea] = [:]
    /// The people of the requests and enrolments, for the breakdowns by age band and locality.
    public var people: [UUID: Resident] = [:]

    public init() {}
}

/// A period of the indicators: a month, a quarter or a year, first and last day included.
public struct InsightPeriod: Sendable, Equatable, Hashable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable { case month, quarter, year }

    public let kind: Kind
    public let first: CalendarDay
    public let last: CalendarDay

    public func contains(_ day: CalendarDay) -> Bool { first <= day && day <= last }

    /// The period of `kind` that contains `day`.
    public init(_ kind: Kind, containing day: CalendarDay) {
        self.kind = kind
        let startMonth =
            switch kind {
            case .month: day.month
            case .quarter: (day.month - 1) / 3 * 3 + 1
            case .year: 1
            }
        let months = kind == .month ? 1 : kind == .quarter ? 3 : 12
        first = CalendarDay(year: day.year, month: startMonth, day: 1)!
        let next =
            startMonth + months > 12
            ? CalendarDay(year: day.year + 1, month: startMonth + months - 12, day: 1)!
            : CalendarDay(year: day.year, month: startMonth + months, day: 1)!
        last = next.adding(days: -1)
    }

    /// The period before this one.
    public var previous: InsightPeriod { InsightPeriod(kind, containing: first.adding(days: -1)) }

    /// `count` periods ending with the one that contains `day`, oldest first.
    public static func trailing(_ count: Int, _ kind: Kind, endingWith day: CalendarDay) -> [InsightPeriod] {
        var out = [InsightPeriod(kind, containing: day)]
        while out.count < count { out.insert(out[0].previous, at: 0) }
        return out
    }

    static let monthNames = ["sty", "lut", "mar", "kwi", "maj", "cze", "lip", "sie", "wrz", "paź", "lis", "gru"]

    /// "listopad 2026" for a month (headings and public pages), else `label`.
    public var fullLabel: String { kind == .month ? Month(first).polish : label }

    /// "lis 2026", "IV kw. 2026", "2026".
    public var label: String {
        switch kind {
        case .month: "\(Self.monthNames[first.month - 1]) \(first.year)"
        case .quarter: "\(["I", "II", "III", "IV"][(first.month - 1) / 3]) kw. \(first.year)"
        case .year: String(first.year)
        }
    }
}

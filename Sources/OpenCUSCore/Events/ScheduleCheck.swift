import Foundation

/// The agenda of one event, reduced to what the schedule rules need.
public struct ScheduleEntry: Sendable, Hashable {
    public let id: UUID
    public let title: String
    public let start: Date
    /// Nil for entries such as "18:00 dinner" that have no stated end.
    public let end: Date?
    public let roomID: UUID?
    public let roomName: String?
    public let personIDs: Set<UUID>
    public let parallelGroupID: UUID?

    public init(
        id: UUID, title: String, start: Date, end: Date?, roomID: UUID?, roomName: String?, personIDs: Set<UUID> = [],
        parallelGroupID: UUID? = nil
    ) {
        self.id = id
        self.title = title
        self.start = start
        self.end = end
        self.roomID = roomID
        self.roomName = roomName
        self.personIDs = personIDs
        self.parallelGroupID = parallelGroupID
    }

    /// An entry without an end occupies its start minute, so two open-ended entries clash only
    /// when they start together.
    var occupiedUntil: Date { end ?? start.addingTimeInterval(60) }

    func overlaps(_ other: ScheduleEntry) -> Bool {
        start < other.occupiedUntil && other.start < occupiedUntil
    }
}

/// One problem in a programme, with a message that names the entries concerned.
public struct ScheduleProblem: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case outsideEventDays, endNotAfterStart, roomClash, personClash, parallelRoomShared
    }

    public let kind: Kind
    /// The entries concerned (the message is shown next to each).
    public let entryIDs: [UUID]
    public let message: String

    /// Room clashes (and shared rooms inside a parallel group) stop publication; a person in two
    /// places at once is shown but may be intended (a host popping in), so it does not.
    public var blocksPublication: Bool {
        switch kind {
        case .roomClash, .parallelRoomShared, .outsideEventDays, .endNotAfterStart: true
        case .personClash: false
        }
    }
}

public enum ScheduleCheck {
    /// All problems of a programme. `firstDay`…`lastDay` are the event's days in `zone`;
    /// `personNames` turns ids into names for the messages.
    public static func problems(
        entries: [ScheduleEntry], firstDay: CalendarDay, lastDay: CalendarDay, personNames: [UUID: String] = [:],
        zone: TimeZone = WallClock.warsaw
    ) -> [ScheduleProblem] {
        var found: [ScheduleProblem] = []
        let sorted = entries.sorted { ($0.start, $0.title) < ($1.start, $1.title) }
        for entry in sorted {
            let day = WallClock.local(entry.start, in: zone).day
            if day < firstDay || day > lastDay {
                found.append(
                    .init(
                        kind: .outsideEventDays, entryIDs: [entry.id],
                        message:
                            "„\(entry.title)” (\(day.polish)) wypada poza dniami wydarzenia (\(firstDay.polish) – \(lastDay.polish))."
                    ))
            }
            if let end = entry.end, end <= entry.start {
                found.append(
                    .init(
                        kind: .endNotAfterStart, entryIDs: [entry.id],
                        message: "„\(entry.title)” kończy się przed rozpoczęciem lub o tej samej godzinie."))
            }
        }
        for (i, a) in sorted.enumerated() {
            for b in sorted[(i + 1)...] {
                guard b.start < a.occupiedUntil else { continue }
                guard a.overlaps(b) else { continue }
                let when = phrase(a, b, zone)
                if let room = a.roomID, room == b.roomID {
                    let roomName = a.roomName ?? "ta sama sala"
                    if let group = a.parallelGroupID, group == b.parallelGroupID {
                        found.append(
                            .init(
                                kind: .parallelRoomShared, entryIDs: [a.id, b.id],
                                message:
                                    "Warsztaty równoległe „\(a.title)” i „\(b.title)” mają tę samą salę „\(roomName)”. Każda alternatywa potrzebuje własnej sali."
                            ))
                    } else {
                        found.append(
                            .init(
                                kind: .roomClash, entryIDs: [a.id, b.id],
                                message:
                                    "Kolizja sali „\(roomName)”: „\(a.title)” i „\(b.title)” odbywają się w tym samym czasie (\(when))."
                            ))
                    }
                }
                for person in a.personIDs.intersection(b.personIDs).sorted(by: { $0.uuidString < $1.uuidString }) {
                    let name = personNames[person] ?? "Ta sama osoba"
                    found.append(
                        .init(
                            kind: .personClash, entryIDs: [a.id, b.id],
                            message: "\(name) występuje jednocześnie w „\(a.title)” i „\(b.title)” (\(when))."))
                }
            }
        }
        return found
    }

    /// "18 stycznia 2027, 10:00–10:30 i 10:15–11:00"; two days: "18 stycznia 2027, 23:30–00:30 i
    /// 19 stycznia 2027, 00:00–01:00". The day is said once when both start on it.
    static func phrase(_ a: ScheduleEntry, _ b: ScheduleEntry, _ zone: TimeZone) -> String {
        func hours(_ entry: ScheduleEntry) -> String {
            let start = "\(WallClock.local(entry.start, in: zone).time)"
            return entry.end.map { "\(start)–\(WallClock.local($0, in: zone).time)" } ?? start
        }
        let dayA = WallClock.local(a.start, in: zone).day
        let dayB = WallClock.local(b.start, in: zone).day
        if dayA == dayB { return "\(dayA.polish), \(hours(a)) i \(hours(b))" }
        return "\(dayA.polish), \(hours(a)) i \(dayB.polish), \(hours(b))"
    }
}

import Foundation

/// A participant's place in one workshop (an alternative of a parallel group).
public enum WorkshopPlacement: String, Sendable, Codable, CaseIterable {
    /// Chosen, waiting for the registration itself to be confirmed.
    case requested
    /// Has a place.
    case assigned
    /// The workshop was full: waiting for a place, first come first served.
    case waiting

    public var polishName: String {
        switch self {
        case .requested: "wybrany"
        case .assigned: "przydzielony"
        case .waiting: "lista rezerwowa warsztatu"
        }
    }
}

/// Seats already taken, read inside the same locked transaction that will write the outcome.
public struct SeatCounts: Sendable, Equatable {
    public var eventCapacity: Int?
    /// Confirmed plus offered registrations.
    public var eventTaken: Int
    public var workshopCapacity: [UUID: Int]
    /// Assigned places per workshop.
    public var workshopTaken: [UUID: Int]

    public init(eventCapacity: Int?, eventTaken: Int, workshopCapacity: [UUID: Int] = [:], workshopTaken: [UUID: Int] = [:]) {
        self.eventCapacity = eventCapacity
        self.eventTaken = eventTaken
        self.workshopCapacity = workshopCapacity
        self.workshopTaken = workshopTaken
    }

    public var eventSeatFree: Bool { eventCapacity.map { eventTaken < $0 } ?? true }
    public var eventSeatsLeft: Int? { eventCapacity.map { max(0, $0 - eventTaken) } }

    public func workshopPlacesLeft(_ id: UUID) -> Int? {
        workshopCapacity[id].map { max(0, $0 - (workshopTaken[id] ?? 0)) }
    }

    public func workshopFree(_ id: UUID) -> Bool { workshopPlacesLeft(id).map { $0 > 0 } ?? true }
}

/// The pure decisions of registration: who gets a seat, who waits. The web layer calls these
/// inside one write transaction that first locks the event, so the counts cannot change
/// between the decision and the write (see `RegistrationService`).
public enum Allocation {
    public struct Outcome: Sendable, Equatable {
        public let state: RegistrationState
        public let workshops: [UUID: WorkshopPlacement]
    }

    /// A new registration (or one the organiser accepts: pass `.automatic`).
    public static func admit(mode: RegistrationMode, counts: SeatCounts, workshops: [UUID]) -> Outcome {
        if mode == .approval {
            return Outcome(state: .pending, workshops: Dictionary(uniqueKeysWithValues: workshops.map { ($0, .requested) }))
        }
        guard counts.eventSeatFree else {
            return Outcome(state: .waitlisted, workshops: Dictionary(uniqueKeysWithValues: workshops.map { ($0, .requested) }))
        }
        return Outcome(state: .confirmed, workshops: place(workshops, counts: counts))
    }

    /// Places for someone who now holds a seat: a place where one is free, the workshop's
    /// waiting list where not.
    public static func place(_ workshops: [UUID], counts: SeatCounts) -> [UUID: WorkshopPlacement] {
        var counts = counts
        var result: [UUID: WorkshopPlacement] = [:]
        for id in workshops {
            if counts.workshopFree(id) {
                result[id] = .assigned
                counts.workshopTaken[id, default: 0] += 1
            } else {
                result[id] = .waiting
            }
        }
        return result
    }

    /// How many people waiting in line may be promoted now (never more than the free seats).
    public static func promotable(counts: SeatCounts, waiting: Int) -> Int {
        guard let capacity = counts.eventCapacity else { return waiting }
        return max(0, min(waiting, capacity - counts.eventTaken))
    }
}

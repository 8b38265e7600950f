import Foundation

/// The public page "Jak realizujemy program usług społecznych" for one month: per service of
/// the programme in force, its places (the programme's own aim), how many people use it and
/// wait for it at the month's end, how many were granted it during the month, and the
/// occupancy. The three counts of people go through `DisclosureRule.protect` as one table with
/// its totals, so a "<5" cannot be worked out from a total; occupancy is given only where the
/// count of users is shown (with the places published, it would tell that count).
public struct ProgrammeMonitoring: Sendable, Equatable, Codable {
    public struct Service: Sendable, Equatable, Codable {
        public let id: UUID
        public let name: String
        public let area: String
        /// nil: the programme sets no limit.
        public let places: Int?
        public let using: DisclosedCell
        public let waiting: DisclosedCell
        public let granted: DisclosedCell
        /// Percent of places in use, where `using` is shown and there is a limit.
        public let occupancy: Int?

        public init(
            id: UUID, name: String, area: String, places: Int?, using: DisclosedCell, waiting: DisclosedCell,
            granted: DisclosedCell, occupancy: Int?
        ) {
            (self.id, self.name, self.area, self.places) = (id, name, area, places)
            (self.using, self.waiting, self.granted, self.occupancy) = (using, waiting, granted, occupancy)
        }
    }

    /// What the builder needs of a service of the programme.
    public struct ServiceInput: Sendable {
        public let id: UUID
        public let name: String
        public let area: String
        public let places: Int?
        public init(id: UUID, name: String, area: String, places: Int?) {
            (self.id, self.name, self.area, self.places) = (id, name, area, places)
        }
    }

    public let month: InsightPeriod
    public let threshold: Int
    public let services: [Service]
    public let totalUsing: DisclosedCell
    public let totalWaiting: DisclosedCell
    public let totalGranted: DisclosedCell
    /// Places of the services that have a limit.
    public let totalPlaces: Int

    public static func make(
        _ facts: InsightFacts, services: [ServiceInput], month: InsightPeriod, rule: DisclosureRule
    ) -> Self {
        let end = month.last
        let counts = services.map { s in
            [
                Set(facts.enrolments.filter { $0.service == s.id && $0.active(on: end) }.map(\.person)).count,
                facts.waiting.filter { $0.service == s.id && $0.added <= end && ($0.left.map { $0 > end } ?? true) }.count,
                facts.requests.filter { $0.service == s.id && $0.outcome == .granted && $0.outcomeOn.map(month.contains) == true }
                    .count,
            ]
        }
        let table = rule.protect(counts)
        let lines = services.enumerated().map { i, s in
            let using = table.cells[i][0]
            return Service(
                id: s.id, name: s.name, area: s.area, places: s.places, using: using, waiting: table.cells[i][1],
                granted: table.cells[i][2],
                occupancy: s.places.flatMap { places in
                    using.value.flatMap { places > 0 ? Int((Double($0) * 100 / Double(places)).rounded()) : nil }
                })
        }
        return Self(
            month: month, threshold: rule.threshold, services: lines,
            totalUsing: table.columnTotals.first ?? .shown(0), totalWaiting: table.columnTotals.dropFirst().first ?? .shown(0),
            totalGranted: table.columnTotals.last ?? .shown(0), totalPlaces: services.compactMap(\.places).reduce(0, +))
    }
}

import Foundation

/// What may be published of a count about people (the small-number rule): counts from 1 to
/// `threshold − 1` are hidden ("<5"), and in a table with totals so many other cells are hidden
/// as well ("complementary suppression") that no hidden count can be recovered from the row and
/// column totals. One rule for every published table, chart, CSV and JSON.
///
/// The statistics law's floor is 3; 5 is the common practice and the default
/// (community-insight-anchors §2b). An organisation may choose a higher threshold, never lower.
public struct DisclosureRule: Sendable, Equatable, Codable {
    public static let minimumThreshold = 3
    public static let standard = DisclosureRule(threshold: 5)

    public let threshold: Int

    /// A threshold below the legal floor is raised to it.
    public init(threshold: Int) { self.threshold = max(threshold, Self.minimumThreshold) }

    public func isSmall(_ count: Int) -> Bool { count > 0 && count < threshold }

    /// "<5" for a small count, the number otherwise (zero is not a person: it is shown).
    public func label(_ count: Int) -> String { isSmall(count) ? "<\(threshold)" : String(count) }

    /// The statistics law's dominance rule (Art. 38(2)): no aggregate where one unit makes up
    /// more than three quarters of it.
    public func dominated(_ largestShare: Double?) -> Bool { (largestShare ?? 0) > 0.75 }

    /// A single published count.
    public func cell(_ count: Int) -> DisclosedCell { isSmall(count) ? .small : .shown(count) }
}

/// One cell of a published table.
public enum DisclosedCell: Sendable, Equatable, Codable {
    case shown(Int)
    /// Below the threshold: shown as "<5".
    case small
    /// Hidden only so that a small count elsewhere cannot be computed from the totals.
    case hidden

    public var value: Int? {
        if case .shown(let n) = self { return n }
        return nil
    }

    public func label(_ rule: DisclosureRule) -> String {
        switch self {
        case .shown(let n): String(n)
        case .small: "<\(rule.threshold)"
        case .hidden: "ukryte"
        }
    }
}

/// A table of counts with its row and column totals and the grand total, as it may be published.
public struct DisclosedTable: Sendable, Equatable, Codable {
    /// `rows.count × columns` cells.
    public let cells: [[DisclosedCell]]
    public let rowTotals: [DisclosedCell]
    public let columnTotals: [DisclosedCell]
    public let total: DisclosedCell

    /// The whole table including its totals: rows then the totals row, each with its total last.
    public var extended: [[DisclosedCell]] {
        zip(cells, rowTotals).map { $0 + [$1] } + [columnTotals + [total]]
    }
}

extension DisclosureRule {
    /// Protects `values` (rows × columns of counts, every row the same length). Small counts,
    /// including small totals, are hidden first. Then every small cell must be movable: there
    /// must be another table, consistent with everything published, in which it has another
    /// value. The witness is a rectangle of unpublished cells through it whose values can all
    /// shift by one (+1 and −1 in turn around the rectangle, so every row and column keeps its
    /// sum) without leaving what a reader knows of them: a small cell stays between 1 and
    /// threshold − 1, a hidden one stays at 0 or above. While a small cell has no such
    /// rectangle, the cheapest rectangle (the smallest published counts) that gives it one is
    /// hidden too; if none does, the whole table is hidden.
    ///
    /// Totals are part of the table: the last row and column, whose cells move with the same
    /// sign as the inner cell of their line (a row's cell and its total rise together).
    public func protect(_ values: [[Int]]) -> DisclosedTable {
        let rows = values.count
        let columns = values.first?.count ?? 0
        var full: [[Int]] = values.map { $0 + [$0.reduce(0, +)] }
        full.append(
            (0..<columns).map { c in values.reduce(0) { $0 + $1[c] } } + [values.reduce(0) { $0 + $1.reduce(0, +) }])
        var state = full.map { $0.map { isSmall($0) ? DisclosedCell.small : .shown($0) } }
        guard rows > 0, columns > 0 else {
            return DisclosedTable(cells: [], rowTotals: [], columnTotals: [], total: state.last?.last ?? .shown(0))
        }
        let height = rows + 1
        let width = columns + 1
        // The rectangle's corners with the direction each moves in when (r, c) moves up.
        func corners(_ r: Int, _ c: Int, _ r2: Int, _ c2: Int) -> [(Int, Int, Int)] {
            let totalRow = height - 1
            let totalColumn = width - 1
            let alongRow = (c2 == totalColumn) != (c == totalColumn) ? 1 : -1
            let alongColumn = (r2 == totalRow) != (r == totalRow) ? 1 : -1
            return [(r, c, 1), (r, c2, alongRow), (r2, c, alongColumn), (r2, c2, alongRow * alongColumn)]
        }
        func canMove(_ cells: [(Int, Int, Int)], hiding extra: Set<[Int]> = []) -> Bool {
            for step in [1, -1] {
                let fits = cells.allSatisfy { r, c, sign in
                    let moved = full[r][c] + sign * step
                    switch state[r][c] {
                    case .small: return moved >= 1 && moved < threshold
                    case .hidden: return moved >= 0
                    case .shown: return extra.contains([r, c]) && moved >= 0
                    }
                }
                if fits { return true }
            }
            return false
        }
        func movable(_ r: Int, _ c: Int) -> Bool {
            for r2 in 0..<height where r2 != r {
                for c2 in 0..<width where c2 != c && canMove(corners(r, c, r2, c2)) { return true }
            }
            return false
        }
        while true {
            var pinned: (Int, Int)?
            search: for r in 0..<height {
                for c in 0..<width where state[r][c] == .small && !movable(r, c) {
                    pinned = (r, c)
                    break search
                }
            }
            guard let (r, c) = pinned else { break }
            var best: (cost: Int, cells: [(Int, Int)])?
            for r2 in 0..<height where r2 != r {
                for c2 in 0..<width where c2 != c {
                    let rectangle = corners(r, c, r2, c2)
                    let added = rectangle.filter { state[$0.0][$0.1].value != nil }.map { ($0.0, $0.1) }
                    guard !added.isEmpty, canMove(rectangle, hiding: Set(added.map { [$0.0, $0.1] })) else { continue }
                    let cost = added.reduce(0) { $0 + full[$1.0][$1.1] }
                    if best.map({ cost < $0.cost }) ?? true { best = (cost, added) }
                }
            }
            guard let best else {
                // No rectangle can make this count ambiguous: publish no number of this table.
                state = state.map { $0.map { $0 == .small ? .small : .hidden } }
                break
            }
            for (r2, c2) in best.cells { state[r2][c2] = .hidden }
        }
        return DisclosedTable(
            cells: state.prefix(rows).map { Array($0.prefix(columns)) }, rowTotals: state.prefix(rows).map { $0[columns] },
            columnTotals: Array(state[rows].prefix(columns)), total: state[rows][columns])
    }
}

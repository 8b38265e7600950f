import Foundation
import PropertyBased
import Testing

@testable import OpenCUSCore

/// The small-number rule on tables: primary suppression of small counts and complementary
/// suppression, checked against an independent oracle — an attacker who enumerates every table
/// consistent with what was published (shown counts exact, "<5" cells between 1 and 4, hidden
/// cells any count) and sees whether a small count is pinned to one value.
@Suite struct DisclosureTests {
    static let rule = DisclosureRule.standard

    /// Every value each unknown cell of the extended table can take in some table that matches
    /// the published one. Hidden cells range over 0...bound: a reader knows no upper limit, so
    /// the bound is set well above the true grand total (a bound at the total itself would
    /// rule out tables a reader cannot rule out, and report leaks that are not there).
    static func feasibleValues(_ published: [[DisclosedCell]], bound: Int, rule: DisclosureRule) -> [[Set<Int>]] {
        let height = published.count
        let width = published.first?.count ?? 0
        var unknown: [(Int, Int)] = []
        for r in 0..<height { for c in 0..<width where published[r][c].value == nil { unknown.append((r, c)) } }
        var value = published.map { $0.map { $0.value } }
        var seen = published.map { $0.map { _ in Set<Int>() } }
        func range(_ r: Int, _ c: Int) -> ClosedRange<Int> {
            published[r][c] == .small ? 1...(rule.threshold - 1) : 0...bound
        }
        /// A line's entries sum to its last one; nil while some entry is unknown.
        func consistent() -> Bool {
            for r in 0..<height {
                let row = value[r]
                if row.allSatisfy({ $0 != nil }), row.dropLast().reduce(0, { $0 + $1! }) != row.last!! { return false }
            }
            for c in 0..<width {
                let column = (0..<height).map { value[$0][c] }
                if column.allSatisfy({ $0 != nil }), column.dropLast().reduce(0, { $0 + $1! }) != column.last!! { return false }
            }
            return true
        }
        /// A line with one unknown entry left determines it (the sum of its first entries is its last).
        func forced() -> (Int, Int, Int)? {
            let lines: [[(Int, Int)]] =
                (0..<height).map { r in (0..<width).map { (r, $0) } } + (0..<width).map { c in (0..<height).map { ($0, c) } }
            for line in lines {
                let open = line.filter { value[$0.0][$0.1] == nil }
                guard open.count == 1, let (r, c) = open.first else { continue }
                let known = line.dropLast().reduce(0) { $0 + (value[$1.0][$1.1] ?? 0) }
                let last = line[line.count - 1]
                let forcedValue = (r, c) == last ? known : (value[last.0][last.1] ?? 0) - known
                return (r, c, forcedValue)
            }
            return nil
        }
        func search() {
            guard consistent() else { return }
            if let (r, c, v) = forced() {
                guard range(r, c).contains(v) else { return }
                value[r][c] = v
                search()
                value[r][c] = nil
                return
            }
            guard let (r, c) = unknown.first(where: { value[$0.0][$0.1] == nil }) else {
                for (r, c) in unknown { seen[r][c].insert(value[r][c]!) }
                return
            }
            for v in range(r, c) {
                value[r][c] = v
                search()
            }
            value[r][c] = nil
        }
        search()
        return seen
    }

    /// Cells: a fifth zeros, two fifths small (1–4), two fifths 5–9.
    static let cell = Gen.int(in: 0...99).map { x in x < 20 ? 0 : x < 60 ? 1 + x % 4 : 5 + x % 5 }
    /// Up to three rows of three cells; the second input cuts the rows to two or three columns
    /// (4 × 4 tables pass too, 1 500 of them tried, but take a minute: too slow for every run).
    static let rows = cell.array(of: 3).array(of: 1...3)

    @Test func noSmallCountCanBeRecoveredFromAPublishedTable() async {
        await propertyCheck(count: 400, input: Self.rows, Gen.int(in: 2...3)) { rows, columns in
            let table = rows.map { Array($0.prefix(columns)) }
            let published = Self.rule.protect(table)
            let extended = published.extended
            let bound = table.reduce(0) { $0 + $1.reduce(0, +) } + Self.rule.threshold
            let feasible = Self.feasibleValues(extended, bound: bound, rule: Self.rule)
            for r in extended.indices {
                for c in extended[r].indices where extended[r][c] == .small {
                    #expect(feasible[r][c].count >= 2, "\(table) → cell \(r),\(c) pinned to \(feasible[r][c])")
                }
            }
            // Every shown cell is exact, and no small value is ever shown.
            let full = table.map { $0 + [$0.reduce(0, +)] }
            for r in table.indices {
                for c in full[r].indices {
                    if let shown = extended[r][c].value { #expect(shown == full[r][c]) }
                    #expect(!Self.rule.isSmall(full[r][c]) || extended[r][c].value == nil)
                }
            }
        }
    }

    @Test func aSingleSmallCellHidesItsRectangleWithTheSmallestCounts() {
        // 3 is small; in its row and column the cheapest partners are 6 (same row), 7 (same
        // column) and 20 (opposite corner).
        let t = Self.rule.protect([[3, 6, 40], [7, 20, 50], [30, 60, 90]])
        #expect(t.cells[0][0] == .small)
        #expect(t.cells[0][1] == .hidden && t.cells[1][0] == .hidden && t.cells[1][1] == .hidden)
        #expect(t.cells[2] == [.shown(30), .shown(60), .shown(90)])
        #expect(t.rowTotals == [.shown(49), .shown(77), .shown(180)] && t.total == .shown(306))
        #expect(t.cells[0][0].label(Self.rule) == "<5" && t.cells[0][1].label(Self.rule) == "ukryte")
    }

    @Test func aTableWithoutSmallCountsIsShownWhole() {
        let t = Self.rule.protect([[0, 12], [7, 5]])
        #expect(t.cells == [[.shown(0), .shown(12)], [.shown(7), .shown(5)]])
        #expect(t.columnTotals == [.shown(7), .shown(17)] && t.total == .shown(24))
    }

    @Test func theThresholdNeverGoesBelowTheLegalFloor() {
        #expect(DisclosureRule(threshold: 1).threshold == 3)
        #expect(DisclosureRule(threshold: 10).label(9) == "<10" && DisclosureRule(threshold: 10).label(0) == "0")
        #expect(DisclosureRule.standard.label(4) == "<5" && DisclosureRule.standard.label(5) == "5")
    }

    @Test func theOracleFindsTheLeakItIsThereToFind() {
        // Without complementary suppression a lone "<5" in a row is its total minus the rest.
        let leaky: [[DisclosedCell]] = [
            [.small, .shown(6), .shown(9)], [.shown(7), .shown(20), .shown(27)], [.shown(10), .shown(26), .shown(36)],
        ]
        let feasible = Self.feasibleValues(leaky, bound: 36, rule: Self.rule)
        #expect(feasible[0][0] == [3])
    }
}

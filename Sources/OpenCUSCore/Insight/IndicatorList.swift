import Foundation

/// The list behind an indicator's number for one period: the applications, plans or people it
/// counted, each marked whether it is in the numerator. Shown only to roles that may see those
/// people anyway (and audited by the web layer); built from the same facts and the same rules
/// as the indicator, so the list and the number cannot disagree (a test holds them together).
public struct IndicatorListRow: Sendable, Equatable {
    public enum Record: Sendable, Equatable {
        case application(UUID)
        case plan(UUID)
    }

    public let record: Record
    public let person: UUID
    public let service: UUID?
    /// The day that put the row in the period (received, assessed, decided, approved…).
    public let day: CalendarDay
    /// In the numerator (for a count, every row).
    public let counted: Bool
    /// The duration the indicator measures, where it measures one.
    public let days: Int?
}

public enum IndicatorList {
    /// What the rows are: requests in applications, or IPUS plans — the permission to see the
    /// list follows (applications' or plans').
    public enum Subject: Sendable, Equatable { case applications, plans }

    public static func subject(_ code: String) -> Subject? {
        switch code {
        case "DOS-01", "DOS-02", "DOS-03", "DOS-04", "DOS-05", "DOS-06", "USL-01", "USL-02": .applications
        case "IPUS-01", "IPUS-02", "IPUS-04": .plans
        default: nil
        }
    }

    /// The rows of `code` for `period`, oldest first; nil for an indicator without a list.
    public static func rows(_ code: String, _ f: InsightFacts, _ p: InsightPeriod) -> [IndicatorListRow]? {
        func request(_ r: InsightFacts.Request, day: CalendarDay, counted: Bool, days: Int? = nil) -> IndicatorListRow? {
            r.application.map {
                IndicatorListRow(
                    record: .application($0), person: r.person, service: r.service, day: day, counted: counted, days: days)
            }
        }
        func plan(_ plan: InsightFacts.Plan, day: CalendarDay, counted: Bool, days: Int? = nil) -> IndicatorListRow? {
            guard let id = plan.id, let person = plan.person else { return nil }
            return IndicatorListRow(record: .plan(id), person: person, service: nil, day: day, counted: counted, days: days)
        }
        func waiting(_ w: InsightFacts.Waiting, day: CalendarDay, days: Int) -> IndicatorListRow? {
            guard let application = w.application, let person = w.person else { return nil }
            return IndicatorListRow(
                record: .application(application), person: person, service: w.service, day: day, counted: true, days: days)
        }
        let rows: [IndicatorListRow]
        switch code {
        case "DOS-01", "DOS-02":
            rows = f.requests.filter { p.contains($0.received) }.compactMap {
                request($0, day: $0.received, counted: code == "DOS-01" || $0.channel == "online")
            }
        case "DOS-03", "DOS-04":
            rows = f.requests.compactMap { r in
                r.assessed.flatMap { p.contains($0) ? request(r, day: $0, counted: true, days: r.received.days(until: $0)) : nil }
            }
        case "DOS-05", "DOS-06":
            let wanted: InsightFacts.Request.Outcome = code == "DOS-05" ? .granted : .refused
            rows = IndicatorCatalogue.decidedRequests(f, p).compactMap { r in
                r.outcomeOn.flatMap { request(r, day: $0, counted: r.outcome == wanted) }
            }
        case "USL-01":
            rows = f.waiting.filter { $0.added <= p.last && ($0.left.map { $0 > p.last } ?? true) }.compactMap {
                waiting($0, day: $0.added, days: $0.added.days(until: p.last))
            }
        case "USL-02":
            rows = f.waiting.compactMap { w in
                w.left.flatMap { p.contains($0) ? waiting(w, day: $0, days: w.added.days(until: $0)) : nil }
            }
        case "IPUS-01":
            rows = f.plans.compactMap { pl in
                pl.approved.flatMap { day in
                    p.contains(day)
                        ? plan(
                            pl, day: day, counted: pl.applicationReceived.days(until: day) <= 30,
                            days: pl.applicationReceived.days(until: day)) : nil
                }
            }
        case "IPUS-02":
            rows = f.plans.filter { ($0.approved.map { $0 <= p.last } ?? false) && ($0.closed.map { $0 > p.last } ?? true) }
                .compactMap { pl in pl.approved.flatMap { plan(pl, day: $0, counted: true) } }
        case "IPUS-04":
            rows = f.plans.compactMap { pl in pl.closed.flatMap { p.contains($0) ? plan(pl, day: $0, counted: true) : nil } }
        default:
            return nil
        }
        return rows.sorted { $0.day < $1.day }
    }
}

extension InsightFacts {
    /// The facts of one coordinator's caseload: their plans only.
    public func caseload(of coordinator: UUID) -> InsightFacts {
        var f = InsightFacts()
        f.plans = plans.filter { $0.coordinator == coordinator }
        return f
    }
}

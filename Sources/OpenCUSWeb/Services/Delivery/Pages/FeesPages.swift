import Fluent
import OpenCUSCore
import Vapor

/// The page models of `FeesController` (what its templates receive).
extension FeesController {
    struct Page: Encodable, Sendable {
        let layout: Layout
        let month: String
        let monthValue: String
        let previous: String
        let next: String
        let rows: [Row]
        let total: String
        let errors: FieldErrors
        let notice: String?
    }
}

extension FeesController.Page {
    /// The month's charges (only services with a fee, only people charged something) and their total.
    static func make(
        _ charged: [FeesController.Charge], month: Month, errors: FieldErrors, layout: Layout, notice: String?
    ) throws -> FeesController.Page {
        FeesController.Page(
            layout: layout, month: month.polish, monthValue: month.description, previous: month.previous.description,
            next: month.next.description,
            rows: try charged.map { c in
                FeesController.Row(
                    enrolmentID: try c.enrolment.requireID(), person: c.person.fullName, service: c.service.name,
                    rule: c.service.fee.polishDescription, basis: c.charge.basis, gross: Money.polish(c.charge.gross),
                    exemption: c.charge.exemptionPercent, exemptionBasis: c.enrolment.feeExemptionBasis,
                    due: Money.polish(c.charge.due))
            },
            total: Money.polish(charged.reduce(0) { $0 + $1.charge.due }), errors: errors,
            notice: notice)
    }
}

extension FeesController {
    struct Row: Encodable, Sendable {
        let enrolmentID: UUID
        let person: String
        let service: String
        let rule: String
        let basis: String
        let gross: String
        let exemption: Int
        let exemptionBasis: String
        let due: String
    }
}

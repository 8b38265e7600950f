import Fluent
import OpenCUSCore
import Vapor

/// The page models of `PersonController` (what its templates receive).
extension PersonController {
    struct SearchPage: Encodable, Sendable {
        struct Hit: Encodable, Sendable {
            let id: UUID
            let name: String
            let birthDate: String
            let city: String
            let duplicate: Bool
        }
        let layout: Layout
        let pesel: String
        let lastName: String
        let birthDate: String
        let errors: FieldErrors
        let hasErrors: Bool
        let searched: Bool
        let hits: [Hit]
    }

    struct CardPage: Encodable, Sendable {
        struct Line: Encodable, Sendable {
            let label: String
            let value: String
        }
        struct ApplicationRow: Encodable, Sendable {
            let id: UUID
            let number: String
            let received: String
            let services: String
        }
        struct EnrolmentRow: Encodable, Sendable {
            let service: String
            let start: String
            let end: String?
            let active: Bool
        }
        struct Event: Encodable, Sendable {
            let at: String
            let number: String
            let actor: String
            let what: String
        }
        struct Other: Encodable, Sendable {
            let id: UUID
            let name: String
            let birthDate: String
            let pesel: String
            let address: String
            let applications: Int
        }
        let layout: Layout
        let id: UUID
        let name: String
        let lines: [Line]
        let applications: [ApplicationRow]
        let enrolments: [EnrolmentRow]
        struct FeeRow: Encodable, Sendable {
            let month: String
            let service: String
            let free: Bool
            let basis: String
            let due: String
        }
        /// This month's and last month's charges from delivered services (free ones show 0).
        let fees: [FeeRow]
        struct PlanRow: Encodable, Sendable {
            let id: UUID
            let number: String
            let state: String
        }
        let plans: [PlanRow]
        let history: [Event]
        /// The record this one may duplicate (flagged at intake), for staff to confirm or reject.
        let duplicateOf: Other?
        let notice: String?
        let error: String?
    }
}

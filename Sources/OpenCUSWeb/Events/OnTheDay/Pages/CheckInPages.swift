import Fluent
import OpenCUSCore
import SQLKit
import Vapor

/// The page models of `CheckInController` (what its templates receive).
extension CheckInController {
    struct EventsPage: Encodable, Sendable {
        struct Item: Encodable, Sendable {
            let id: UUID
            let title: String
            let dates: String
            let place: String
            let now: Bool
        }
        let layout: Layout
        let current: [Item]
        let past: [Item]
    }

    struct WalkInPage: Encodable, Sendable {
        let layout: Layout
        let eventID: UUID
        let title: String
        let day: String
        let dayName: String
        let form: RegistrationFormView
        let duplicate: Bool
    }

    struct Page: Encodable, Sendable {
        struct Row: Encodable, Sendable {
            let id: UUID
            let name: String
            let institution: String
            let search: String
            let present: Bool
            let workshops: String
            let walkIn: Bool
        }
        let layout: Layout
        let eventID: UUID
        let title: String
        let days: [SelectOption]
        let day: String
        let dayName: String
        let query: String
        let counters: Counters
        let rows: [Row]
        let shown: String
        let notice: String?
        /// The person a code just marked present (shown big, so the desk sees it at a glance).
        let marked: String?
        /// A code that was read but marks nobody, and why.
        let codeProblem: String?
        /// Desk staff without the organiser's pages get a link back to the desk's event list.
        let organiser: Bool
    }
}

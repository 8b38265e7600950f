import Fluent
import OpenCUSCore
import Vapor

/// The plan page: the version in force, the draft, the form, deliveries, notes and what can be done now (`IpusActions`).
extension IpusPages {
    // MARK: The plan page

    struct VersionRow: Encodable, Sendable {
        let version: Int
        let state: String
        let reason: String
        let created: String
        let approved: String
    }

    struct DeliveryLine: Encodable, Sendable {
        let enrolmentID: UUID
        let service: String
        let thisMonth: String
        let last: String
    }

    struct NoteView: Encodable, Sendable {
        let on: String
        let author: String
        let what: String
        let providerFeedback: String
        let personView: String
        let isReview: Bool
    }

    struct PlanPage: Encodable, Sendable {
        let layout: Layout
        let id: UUID
        let number: String
        let person: String
        let personID: UUID
        let applicationID: UUID
        let applicationNumber: String
        let coordinator: String
        let deputy: String?
        let state: String
        let stateValue: String
        let revision: Int
        let clock: String?
        let reviewClock: String?
        let endClock: String?
        /// Zero or one: Leaf's context is global, so the shared content partial reads `c` from a loop.
        let inForce: [ContentView]
        let inForceVersion: Int?
        let approvedBy: String?
        let draft: [ContentView]
        let draftVersion: Int?
        let draftState: String?
        let returnNote: String?
        let draftDiff: [IpusDiff.Change]
        let typedDiff: [IpusDiff.Change]
        let form: FormView?
        let versions: [VersionRow]
        /// What providers recorded for the plan's programme services.
        let deliveries: [DeliveryLine]
        let notes: [NoteView]
        let goalStatuses: [SelectOption]
        let attainmentOptions: [SelectOption]
        let coordinators: [SelectOption]
        let deputies: [SelectOption]
        let summaryOn: String?
        let summary: String
        let today: String
        let canEdit: Bool
        let canSubmit: Bool
        let canApprove: Bool
        let canNewVersion: Bool
        let canProgress: Bool
        let canNote: Bool
        let canStartClosing: Bool
        let canClose: Bool
        let canAssign: Bool
        let errors: FieldErrors
        let errorList: [String]
        let error: String?
        let notice: String?
    }
}

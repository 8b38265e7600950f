import Foundation

/// What can be done with a plan now and by whom: the one rule behind the plan page's buttons
/// and `IpusService`'s checks, so the two never disagree.
public struct IpusActions: Sendable, Equatable {
    /// The facts of a plan the rule looks at.
    public struct Plan: Sendable, Equatable {
        public var state: IpusState
        /// The newest version's state, when that version is not the one in force (a draft or a
        /// draft sent for approval); nil when the newest version is the one in force.
        public var draft: IpusVersionState?
        public var hasVersionInForce: Bool
        public var coordinatorID: UUID
        public var deputyID: UUID?

        public init(state: IpusState, draft: IpusVersionState?, hasVersionInForce: Bool, coordinatorID: UUID, deputyID: UUID?) {
            self.state = state
            self.draft = draft
            self.hasVersionInForce = hasVersionInForce
            self.coordinatorID = coordinatorID
            self.deputyID = deputyID
        }
    }

    /// Who looks: their permissions in the organisation.
    public struct Viewer: Sendable, Equatable {
        public var userID: UUID
        /// Approves plans (the director, or a services organiser they authorised).
        public var approvesPlans: Bool
        /// Sees and assigns every plan of the organisation, not only those they coordinate.
        public var seesAllPlans: Bool

        public init(userID: UUID, approvesPlans: Bool, seesAllPlans: Bool) {
            self.userID = userID
            self.approvesPlans = approvesPlans
            self.seesAllPlans = seesAllPlans
        }
    }

    /// Change the draft's content.
    public let edit: Bool
    /// Send the draft for approval.
    public let submit: Bool
    /// Approve the draft or return it for correction.
    public let approve: Bool
    /// Start a new version of the plan in force.
    public let newVersion: Bool
    /// Record progress of the goals in force.
    public let progress: Bool
    public let note: Bool
    public let startClosing: Bool
    public let close: Bool
    /// Change the coordinator or the deputy.
    public let assign: Bool

    /// Art. 20: approved by the director or an organiser they authorised — never by the plan's
    /// own coordinator, nor by their deputy (who stands in for the coordinator).
    public static func mayApprove(coordinatorID: UUID, deputyID: UUID?, by viewer: Viewer) -> Bool {
        viewer.approvesPlans && viewer.userID != coordinatorID && viewer.userID != deputyID
    }

    public init(_ plan: Plan, viewer: Viewer) {
        let open = plan.state != .closed && plan.state != .closing
        edit = plan.draft == .drafting && open
        submit = edit
        approve =
            plan.draft == .awaitingApproval
            && Self.mayApprove(coordinatorID: plan.coordinatorID, deputyID: plan.deputyID, by: viewer)
        newVersion = plan.state == .active && plan.draft == nil
        progress = (plan.state == .active || plan.state == .closing) && plan.hasVersionInForce
        note = plan.state != .closed
        startClosing = plan.state == .active && plan.draft == nil
        close = plan.state == .closing
        assign = viewer.seesAllPlans && plan.state != .closed
    }
}

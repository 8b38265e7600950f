import Fluent
import Foundation
import OpenCUSCore

/// The organisation's plan of organising the local community. Its content lives in versions;
/// the plan row says which version is the newest and which one is in force.
final class CommunityPlan: Model, OrganisationOwned, @unchecked Sendable {
    static let schema = "community_plans"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    /// The newest version's title, for lists.
    @Field(key: "title") var title: String
    @Field(key: "latest_version") var latestVersion: Int
    @OptionalField(key: "approved_version") var approvedVersion: Int?
    /// The consultation round the plan was sent to, once it was.
    @OptionalField(key: "consultation_round_id") var consultationRoundID: UUID?
    /// Raised on every change: a form opened at an older revision is told, not applied.
    @Field(key: "revision") var revision: Int
    @Field(key: "updated_by") var updatedBy: String
    @Field(key: "updated_at") var updatedAt: Date
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(id: UUID? = nil, organisationID: UUID, title: String, by: String, now: Date) {
        self.id = id
        self.$organisation.id = organisationID
        (self.title, self.latestVersion, self.approvedVersion, self.revision) = (title, 1, nil, 1)
        (self.updatedBy, self.updatedAt, self.createdAt) = (by, now, now)
    }
}

final class CommunityPlanVersion: Model, OrganisationOwned, @unchecked Sendable {
    static let schema = "community_plan_versions"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "plan_id") var plan: CommunityPlan
    @Field(key: "version") var version: Int
    @Field(key: "state") var state: CommunityPlanVersionState
    /// `CommunityPlanContent` as JSON with sorted keys.
    @Field(key: "content") var contentJSON: String
    /// Why this version was made (empty for the first).
    @Field(key: "reason") var reason: String
    @Field(key: "created_by") var createdBy: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "submitted_at") var submittedAt: Date?
    @OptionalField(key: "approved_by_user_id") var approvedByUserID: UUID?
    @OptionalField(key: "approved_by") var approvedBy: String?
    @OptionalField(key: "approved_on") var approvedOn: CalendarDay?
    /// The director's comment when sending the version back.
    @Field(key: "return_note") var returnNote: String

    init() {}

    init(
        organisationID: UUID, planID: UUID, version: Int, content: CommunityPlanContent, reason: String, by: String,
        now: Date
    ) throws {
        self.$organisation.id = organisationID
        self.$plan.id = planID
        (self.version, self.state, self.reason, self.returnNote) = (version, .drafting, reason, "")
        (self.createdBy, self.createdAt) = (by, now)
        self.contentJSON = try Self.json(content)
    }

    func content() throws -> CommunityPlanContent {
        try JSONDecoder().decode(CommunityPlanContent.self, from: Data(contentJSON.utf8))
    }

    func set(_ content: CommunityPlanContent) throws { contentJSON = try Self.json(content) }

    static func json(_ content: CommunityPlanContent) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(content), as: UTF8.self)
    }
}

/// What one action did on one day: counted people, never names. The action's title is copied so
/// the record still reads right after the action is renamed or removed in a later version.
final class CommunityPlanRecord: Model, OrganisationOwned, @unchecked Sendable {
    static let schema = "community_plan_records"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "plan_id") var plan: CommunityPlan
    @Field(key: "action_key") var actionKey: String
    @Field(key: "action_title") var actionTitle: String
    @Field(key: "day") var day: CalendarDay
    @Field(key: "participants") var participants: Int
    @Field(key: "volunteers") var volunteers: Int
    @Field(key: "notes") var notes: String
    /// An uploaded photo (metadata stripped), its content type, its description, and who stated
    /// that the people in it agreed to the use of their image.
    @OptionalField(key: "photo_key") var photoKey: String?
    @OptionalField(key: "photo_type") var photoType: String?
    @OptionalField(key: "photo_alt") var photoAlt: String?
    @OptionalField(key: "photo_consent_by") var photoConsentBy: String?
    @Field(key: "created_by") var createdBy: String
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(organisationID: UUID, planID: UUID, valid: ActionRecordForm.Valid, actionTitle: String, by: String, now: Date) {
        self.$organisation.id = organisationID
        self.$plan.id = planID
        (self.actionKey, self.actionTitle, self.day) = (valid.actionKey, actionTitle, valid.day)
        (self.participants, self.volunteers, self.notes) = (valid.participants, valid.volunteers, valid.notes)
        (self.createdBy, self.createdAt) = (by, now)
    }

    var fact: ActionRecordFact {
        ActionRecordFact(
            actionKey: actionKey, actionTitle: actionTitle, day: day, participants: participants, volunteers: volunteers)
    }
}

/// A measured value of one aim's indicator.
final class CommunityPlanMeasurement: Model, OrganisationOwned, @unchecked Sendable {
    static let schema = "community_plan_measurements"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "plan_id") var plan: CommunityPlan
    @Field(key: "aim_key") var aimKey: String
    @Field(key: "day") var day: CalendarDay
    @Field(key: "value") var value: Int
    @Field(key: "note") var note: String
    @Field(key: "created_by") var createdBy: String
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(organisationID: UUID, planID: UUID, valid: AimProgressForm.Valid, by: String, now: Date) {
        self.$organisation.id = organisationID
        self.$plan.id = planID
        (self.aimKey, self.day, self.value, self.note) = (valid.aimKey, valid.day, valid.value, valid.note)
        (self.createdBy, self.createdAt) = (by, now)
    }

    var measurement: AimMeasurement { AimMeasurement(aimKey: aimKey, day: day, value: value) }
}

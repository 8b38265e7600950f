import Fluent
import Foundation
import OpenCUSCore
import SQLKit

/// An individual social services plan. Its content lives in versions (`IpusVersion`); the plan
/// row holds who it is for, who coordinates it, where it stands, and its closure.
final class IpusPlan: Model, OrganisationOwned, @unchecked Sendable {
    static let schema = "ipus_plans"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "person_id") var person: Person
    @Parent(key: "application_id") var application: ServiceApplication
    /// "IPUS/7/2026" — numbered per organisation and year under the organisation's lock.
    @Field(key: "number") var number: String
    @Field(key: "year") var year: Int
    @Field(key: "sequence") var sequence: Int
    @Field(key: "coordinator_user_id") var coordinatorUserID: UUID
    @Field(key: "coordinator_name") var coordinatorName: String
    /// A second coordinator the director assigned (a deputy): they may read and edit the plan too.
    @OptionalField(key: "deputy_user_id") var deputyUserID: UUID?
    @OptionalField(key: "deputy_name") var deputyName: String?
    @Field(key: "state") var state: IpusState
    /// The 30-day limit from the application (art. 20 ust. 2) for the first approval.
    @Field(key: "due") var due: CalendarDay
    /// The newest version (drafting, awaiting approval or approved).
    @Field(key: "latest_version") var latestVersion: Int
    /// The approved version in force, if any.
    @OptionalField(key: "approved_version") var approvedVersion: Int?
    /// Raised on every save: a save that started from an older revision is refused.
    @Field(key: "revision") var revision: Int
    @Field(key: "updated_by") var updatedBy: String
    @Field(key: "updated_at") var updatedAt: Date
    @OptionalField(key: "summary_on") var summaryOn: CalendarDay?
    @Field(key: "summary") var summary: String
    @OptionalField(key: "closed_at") var closedAt: Date?
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(
        id: UUID? = nil,
        organisationID: UUID,
        personID: UUID,
        applicationID: UUID,
        number: String,
        year: Int,
        sequence: Int,
        coordinatorUserID: UUID,
        coordinatorName: String,
        deputyUserID: UUID? = nil,
        deputyName: String? = nil,
        state: IpusState,
        due: CalendarDay,
        latestVersion: Int,
        approvedVersion: Int? = nil,
        revision: Int,
        updatedBy: String,
        updatedAt: Date,
        summaryOn: CalendarDay? = nil,
        summary: String,
        closedAt: Date? = nil,
        createdAt: Date
    ) {
        self.id = id
        self.$organisation.id = organisationID
        self.$person.id = personID
        self.$application.id = applicationID
        self.number = number
        self.year = year
        self.sequence = sequence
        self.coordinatorUserID = coordinatorUserID
        self.coordinatorName = coordinatorName
        self.deputyUserID = deputyUserID
        self.deputyName = deputyName
        self.state = state
        self.due = due
        self.latestVersion = latestVersion
        self.approvedVersion = approvedVersion
        self.revision = revision
        self.updatedBy = updatedBy
        self.updatedAt = updatedAt
        self.summaryOn = summaryOn
        self.summary = summary
        self.closedAt = closedAt
        self.createdAt = createdAt
    }

    func isCoordinated(by userID: UUID) -> Bool { coordinatorUserID == userID || deputyUserID == userID }
}

/// One version of a plan's content. Approved versions are never changed again (except the
/// goals' progress while in force); an update is a new version.
final class IpusVersion: Model, OrganisationOwned, @unchecked Sendable {
    static let schema = "ipus_versions"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "plan_id") var plan: IpusPlan
    @Field(key: "version") var version: Int
    @Field(key: "state") var state: IpusVersionState
    /// `IpusContent` as JSON: goals, items, responsibilities and reviews travel together, are
    /// approved together and are compared together.
    @Field(key: "content") var contentJSON: String
    /// Why this version was made (empty for the first).
    @Field(key: "reason") var reason: String
    @Field(key: "created_by") var createdBy: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "submitted_at") var submittedAt: Date?
    @OptionalField(key: "approved_by_user_id") var approvedByUserID: UUID?
    @OptionalField(key: "approved_by") var approvedBy: String?
    @OptionalField(key: "approved_on") var approvedOn: CalendarDay?
    /// The approver's comment when sending the version back for changes.
    @Field(key: "return_note") var returnNote: String

    init() {}

    init(
        id: UUID? = nil,
        organisationID: UUID,
        planID: UUID,
        version: Int,
        state: IpusVersionState,
        contentJSON: String,
        reason: String,
        createdBy: String,
        createdAt: Date,
        submittedAt: Date? = nil,
        approvedByUserID: UUID? = nil,
        approvedBy: String? = nil,
        approvedOn: CalendarDay? = nil,
        returnNote: String
    ) {
        self.id = id
        self.$organisation.id = organisationID
        self.$plan.id = planID
        self.version = version
        self.state = state
        self.contentJSON = contentJSON
        self.reason = reason
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.submittedAt = submittedAt
        self.approvedByUserID = approvedByUserID
        self.approvedBy = approvedBy
        self.approvedOn = approvedOn
        self.returnNote = returnNote
    }

    /// "Barbara Zielińska, 18 listopada 2026", or nil before approval.
    var approval: String? {
        approvedBy.map { "\($0), \(approvedOn?.polish ?? "")" }
    }

    var content: IpusContent {
        get {
            (try? JSONDecoder().decode(IpusContent.self, from: Data(contentJSON.utf8)))
                ?? IpusContent(start: CalendarDay(iso: "2000-01-01")!, end: CalendarDay(iso: "2000-01-01")!)
        }
        set { contentJSON = IpusVersion.json(newValue) }
    }

    /// The stored form of a plan's content (sorted keys: equal contents store equal text).
    static func json(_ content: IpusContent) -> String {
        String(decoding: try! encoder.encode(content), as: UTF8.self)
    }

    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return e
    }()
}

/// What happened in the plan: reviews, events in the person's life, providers' feedback and the
/// person's own view.
final class IpusNote: Model, OrganisationOwned, @unchecked Sendable {
    static let schema = "ipus_notes"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "plan_id") var plan: IpusPlan
    @Field(key: "on_day") var onDay: CalendarDay
    @Field(key: "author") var author: String
    @Field(key: "what") var what: String
    @Field(key: "provider_feedback") var providerFeedback: String
    @Field(key: "person_view") var personView: String
    /// The note records a review of the plan (it answers a review date).
    @Field(key: "is_review") var isReview: Bool
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(
        id: UUID? = nil,
        organisationID: UUID,
        planID: UUID,
        onDay: CalendarDay,
        author: String,
        what: String,
        providerFeedback: String,
        personView: String,
        isReview: Bool,
        createdAt: Date
    ) {
        self.id = id
        self.$organisation.id = organisationID
        self.$plan.id = planID
        self.onDay = onDay
        self.author = author
        self.what = what
        self.providerFeedback = providerFeedback
        self.personView = personView
        self.isReview = isReview
        self.createdAt = createdAt
    }
}

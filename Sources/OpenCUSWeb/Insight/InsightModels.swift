import Fluent
import Foundation
import OpenCUSCore

/// An organisation's choices about its figures; without a row the defaults hold (threshold 5,
/// nothing shared, no public monitoring page).
final class InsightSettings: Model, OrganisationOwned, @unchecked Sendable {
    static let schema = "insight_settings"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Field(key: "threshold") var threshold: Int
    /// The centre's ROPS reads its monthly publication of `sharedCodes`.
    @Field(key: "share_with_region") var shareWithRegion: Bool
    /// Indicator codes, comma-separated, in catalogue order.
    @Field(key: "shared_codes") var sharedCodes: String
    @Field(key: "publish_monitoring") var publishMonitoring: Bool
    /// The gmina's residents, for rates per 1 000 (USL-05), and where the figure comes from
    /// ("GUS BDL, 31.12.2025").
    @OptionalField(key: "residents") var residents: Int?
    @Field(key: "residents_source") var residentsSource: String
    @Field(key: "updated_by") var updatedBy: String
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    init(organisationID: UUID, updatedBy: String, at: Date) {
        self.$organisation.id = organisationID
        threshold = DisclosureRule.standard.threshold
        shareWithRegion = false
        sharedCodes = ""
        publishMonitoring = false
        residents = nil
        residentsSource = ""
        self.updatedBy = updatedBy
        updatedAt = at
    }

    var rule: DisclosureRule { DisclosureRule(threshold: threshold) }
    var codes: [String] { sharedCodes.split(separator: ",").map(String.init) }

    /// The organisation's settings, or the defaults (unsaved) when it has never changed them.
    static func of(_ organisationID: UUID, on db: any Database) async throws -> InsightSettings {
        try await scoped(to: organisationID, on: db).first()
            ?? InsightSettings(organisationID: organisationID, updatedBy: "", at: Date(timeIntervalSince1970: 0))
    }
}

/// The published aggregate table: what a centre gives out once a month, already under the
/// small-number rule. Its ROPS and the public read these rows, never the centre's own.
final class InsightPublication: Model, OrganisationOwned, @unchecked Sendable {
    static let schema = "insight_publications"

    enum Kind: String, Codable, Sendable {
        /// `IndicatorPublication` of the shared indicators, for the ROPS.
        case regional
        /// `ProgrammeMonitoring`, for the public page.
        case monitoring
    }

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Field(key: "kind") var kind: Kind
    /// "2026-11".
    @Field(key: "month") var month: String
    @Field(key: "payload") var payload: String
    @Field(key: "published_at") var publishedAt: Date

    init() {}

    init(organisationID: UUID, kind: Kind, month: String, payload: String, publishedAt: Date) {
        self.$organisation.id = organisationID
        self.kind = kind
        self.month = month
        self.payload = payload
        self.publishedAt = publishedAt
    }

    func decode<T: Decodable>(_: T.Type) throws -> T { try JSONDecoder().decode(T.self, from: Data(payload.utf8)) }

    /// The latest publication of `kind` for each of `organisations`.
    static func latest(_ kind: Kind, of organisations: [UUID], on db: any Database) async throws -> [UUID: InsightPublication] {
        guard !organisations.isEmpty else { return [:] }
        var out: [UUID: InsightPublication] = [:]
        for row in try await query(on: db).filter(\.$organisation.$id ~~ organisations).filter(\.$kind == kind).sort(
            \.$month, .descending
        ).all() where out[row.$organisation.id] == nil {
            out[row.$organisation.id] = row
        }
        return out
    }
}

/// A yearly document of the organisation (`YearlyDocumentKind`): a draft whose texts staff edit
/// and whose tables can be recomputed, until it is finalised — then it has its number and
/// nothing changes it.
final class YearlyDocument: Model, OrganisationOwned, @unchecked Sendable {
    static let schema = "yearly_documents"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Field(key: "kind") var kind: YearlyDocumentKind
    @Field(key: "year") var year: Int
    /// `YearlyDocumentContent` as JSON.
    @Field(key: "content") var content: String
    /// Bumped by every save: a form sent from an older revision is refused (two editors).
    @Field(key: "revision") var revision: Int
    /// When the tables were computed.
    @Field(key: "data_as_of") var dataAsOf: Date
    /// "SPR/2026" once finalised (one document of a kind per year).
    @OptionalField(key: "number") var number: String?
    @OptionalField(key: "finalised_at") var finalisedAt: Date?
    @OptionalField(key: "finalised_by") var finalisedBy: String?
    @Field(key: "updated_by") var updatedBy: String
    @Field(key: "updated_at") var updatedAt: Date
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(organisationID: UUID, kind: YearlyDocumentKind, year: Int, content: YearlyDocumentContent, by: String, at: Date) throws {
        self.$organisation.id = organisationID
        self.kind = kind
        self.year = year
        self.content = try Self.encode(content)
        revision = 1
        dataAsOf = at
        updatedBy = by
        updatedAt = at
        createdAt = at
    }

    var isFinal: Bool { finalisedAt != nil }

    func decoded() throws -> YearlyDocumentContent {
        try JSONDecoder().decode(YearlyDocumentContent.self, from: Data(content.utf8))
    }

    static func encode(_ content: YearlyDocumentContent) throws -> String {
        String(decoding: try JSONEncoder().encode(content), as: UTF8.self)
    }
}

/// The organisation's `InsightSnapshot`: what the dashboard and the indicator pages show, with
/// when it was computed and how long that took.
final class InsightSnapshotRow: Model, OrganisationOwned, @unchecked Sendable {
    static let schema = "insight_snapshots"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Field(key: "computed_at") var computedAt: Date
    @Field(key: "took_ms") var tookMilliseconds: Int
    @Field(key: "payload") var payload: String
    /// When it was last computed from the whole history (nil: not since M0036).
    @OptionalField(key: "full_at") var fullAt: Date?

    init() {}

    init(organisationID: UUID, computedAt: Date, tookMilliseconds: Int, payload: String) {
        self.$organisation.id = organisationID
        self.computedAt = computedAt
        self.tookMilliseconds = tookMilliseconds
        self.payload = payload
    }

    func snapshot() throws -> InsightSnapshot { try JSONDecoder().decode(InsightSnapshot.self, from: Data(payload.utf8)) }
}

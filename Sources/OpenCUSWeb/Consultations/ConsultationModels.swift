import Fluent
import Foundation
import OpenCUSCore

/// A consultation round: one document put before residents for a fixed time, under the wójt's
/// order. Its phase follows from `status` and its days (`ConsultationPhase`).
final class ConsultationRound: Model, OrganisationOwned, @unchecked Sendable {
    static let schema = "consultation_rounds"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Field(key: "subject") var subject: String
    @Field(key: "aim") var aim: String
    @Field(key: "scope") var scope: String
    @Field(key: "document_title") var documentTitle: String
    /// The document as typed (Markdown); numbered by `ConsultedDocument`, frozen once open.
    @Field(key: "document") var document: String
    @Field(key: "first_day") var firstDay: CalendarDay
    @Field(key: "last_day") var lastDay: CalendarDay
    @Field(key: "online") var online: Bool
    /// Where paper forms are handed in; nil when the round takes none.
    @OptionalField(key: "paper_place") var paperPlace: String?
    @OptionalField(key: "email") var email: String?
    @OptionalField(key: "meeting_day") var meetingDay: CalendarDay?
    @OptionalField(key: "meeting_time") var meetingTime: String?
    @OptionalField(key: "meeting_place") var meetingPlace: String?
    @Field(key: "coordinator") var coordinator: String
    @Field(key: "coordinator_contact") var coordinatorContact: String
    @Field(key: "order_number") var orderNumber: String
    @OptionalField(key: "order_date") var orderDate: CalendarDay?
    @Field(key: "resolution") var resolution: String
    @Field(key: "publish_while_open") var publishWhileOpen: Bool
    @Field(key: "status") var status: ConsultationStatus
    /// Raised on every save of the round: a save begun at an older revision is refused.
    @Field(key: "revision") var revision: Int
    /// Salt of the comments' client keys; erased with the keys when the report is published.
    @OptionalField(key: "client_salt") var clientSalt: String?
    /// The staff's summary and conclusions at the head of the report.
    @Field(key: "report_summary") var reportSummary: String
    @OptionalField(key: "report_prepared_by") var reportPreparedBy: String?
    @OptionalField(key: "report_prepared_at") var reportPreparedAt: Date?
    @OptionalField(key: "report_published_by") var reportPublishedBy: String?
    @OptionalField(key: "report_published_at") var reportPublishedAt: Date?
    @Field(key: "updated_by") var updatedBy: String
    @Field(key: "updated_at") var updatedAt: Date
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(
        id: UUID? = nil, organisationID: UUID, subject: String, aim: String, scope: String, documentTitle: String,
        document: String, firstDay: CalendarDay, lastDay: CalendarDay, online: Bool, paperPlace: String? = nil,
        email: String? = nil, meetingDay: CalendarDay? = nil, meetingTime: String? = nil, meetingPlace: String? = nil,
        coordinator: String, coordinatorContact: String, orderNumber: String, orderDate: CalendarDay? = nil,
        resolution: String, publishWhileOpen: Bool, status: ConsultationStatus, revision: Int, clientSalt: String? = nil,
        reportSummary: String, reportPreparedBy: String? = nil, reportPreparedAt: Date? = nil,
        reportPublishedBy: String? = nil, reportPublishedAt: Date? = nil, updatedBy: String, updatedAt: Date,
        createdAt: Date
    ) {
        self.id = id
        self.$organisation.id = organisationID
        self.subject = subject
        self.aim = aim
        self.scope = scope
        self.documentTitle = documentTitle
        self.document = document
        self.firstDay = firstDay
        self.lastDay = lastDay
        self.online = online
        self.paperPlace = paperPlace
        self.email = email
        self.meetingDay = meetingDay
        self.meetingTime = meetingTime
        self.meetingPlace = meetingPlace
        self.coordinator = coordinator
        self.coordinatorContact = coordinatorContact
        self.orderNumber = orderNumber
        self.orderDate = orderDate
        self.resolution = resolution
        self.publishWhileOpen = publishWhileOpen
        self.status = status
        self.revision = revision
        self.clientSalt = clientSalt
        self.reportSummary = reportSummary
        self.reportPreparedBy = reportPreparedBy
        self.reportPreparedAt = reportPreparedAt
        self.reportPublishedBy = reportPublishedBy
        self.reportPublishedAt = reportPublishedAt
        self.updatedBy = updatedBy
        self.updatedAt = updatedAt
        self.createdAt = createdAt
    }

    var dates: ConsultationDates { ConsultationDates(firstDay: firstDay, lastDay: lastDay) }

    func phase(at now: Date) -> ConsultationPhase {
        ConsultationPhase(status: status, opensAt: dates.opensAt, closesAt: dates.closesAt, now: now)
    }

    var parsedDocument: ConsultedDocument { ConsultedDocument(markdown: document) }
}

/// One comment on a round's document, from any channel, with the centre's answer.
final class ConsultationComment: Model, OrganisationOwned, @unchecked Sendable {
    static let schema = "consultation_comments"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "round_id") var round: ConsultationRound
    /// 1, 2, 3 … in the order received, per round (the report's "uwaga nr").
    @Field(key: "number") var number: Int
    /// "2.3", or nil for the whole document.
    @OptionalField(key: "paragraph") var paragraph: String?
    @Field(key: "body") var body: String
    @Field(key: "author_kind") var authorKind: CommentAuthorKind
    @Field(key: "author_name") var authorName: String
    @OptionalField(key: "organisation_name") var organisationName: String?
    @OptionalField(key: "email") var email: String?
    @Field(key: "publish_name") var publishName: Bool
    @Field(key: "channel") var channel: CommentChannel
    @Field(key: "received_on") var receivedOn: CalendarDay
    /// Online only: a salted hash of the client's network (never the address), to spot floods.
    @OptionalField(key: "client_key") var clientKey: String?
    /// Who typed it in (paper, e-mail, meeting).
    @OptionalField(key: "entered_by") var enteredBy: String?
    @OptionalField(key: "position") var position: CommentPosition?
    @Field(key: "reason") var reason: String
    @OptionalField(key: "answered_by") var answeredBy: String?
    @OptionalField(key: "answered_at") var answeredAt: Date?
    /// Grouped with an identical comment: it takes that comment's answer.
    @OptionalField(key: "same_as_id") var sameAsID: UUID?
    @OptionalField(key: "hidden_reason") var hiddenReason: CommentHiddenReason?
    @OptionalField(key: "hidden_by") var hiddenBy: String?
    /// Rounds that publish comments while open show those staff let through.
    @OptionalField(key: "approved_at") var approvedAt: Date?
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(
        id: UUID? = nil, organisationID: UUID, roundID: UUID, number: Int, paragraph: String?, body: String,
        authorKind: CommentAuthorKind, authorName: String, organisationName: String? = nil, email: String? = nil,
        publishName: Bool, channel: CommentChannel, receivedOn: CalendarDay, clientKey: String? = nil,
        enteredBy: String? = nil, position: CommentPosition? = nil, reason: String, answeredBy: String? = nil,
        answeredAt: Date? = nil, sameAsID: UUID? = nil, hiddenReason: CommentHiddenReason? = nil, hiddenBy: String? = nil,
        approvedAt: Date? = nil, createdAt: Date
    ) {
        self.id = id
        self.$organisation.id = organisationID
        self.$round.id = roundID
        self.number = number
        self.paragraph = paragraph
        self.body = body
        self.authorKind = authorKind
        self.authorName = authorName
        self.organisationName = organisationName
        self.email = email
        self.publishName = publishName
        self.channel = channel
        self.receivedOn = receivedOn
        self.clientKey = clientKey
        self.enteredBy = enteredBy
        self.position = position
        self.reason = reason
        self.answeredBy = answeredBy
        self.answeredAt = answeredAt
        self.sameAsID = sameAsID
        self.hiddenReason = hiddenReason
        self.hiddenBy = hiddenBy
        self.approvedAt = approvedAt
        self.createdAt = createdAt
    }

    var publicAuthor: String {
        ConsultationCommentForm.publicAuthor(kind: authorKind, organisationName: organisationName, publishName: publishName)
    }
}

/// The round's public change register (as BIP publications keep one): what changed in what
/// residents can see, when and by whom.
final class ConsultationChange: Model, OrganisationOwned, @unchecked Sendable {
    static let schema = "consultation_changes"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "round_id") var round: ConsultationRound
    @Field(key: "at") var at: Date
    @Field(key: "by") var by: String
    @Field(key: "what") var what: String

    init() {}

    init(id: UUID? = nil, organisationID: UUID, roundID: UUID, at: Date, by: String, what: String) {
        self.id = id
        self.$organisation.id = organisationID
        self.$round.id = roundID
        self.at = at
        self.by = by
        self.what = what
    }
}

/// A resident who asked to be told about the organisation's new consultations. Double opt-in:
/// announcements go only to confirmed, not unsubscribed addresses.
final class ConsultationSubscriber: Model, OrganisationOwned, @unchecked Sendable {
    static let schema = "consultation_subscribers"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Field(key: "email") var email: String
    /// SHA-256 of the confirmation link's token (the link itself is only in the mail).
    @Field(key: "confirm_token_hash") var confirmTokenHash: String
    /// The key in every announcement's unsubscribe link: it can only unsubscribe.
    @Field(key: "unsubscribe_key") var unsubscribeKey: String
    @Field(key: "requested_at") var requestedAt: Date
    @OptionalField(key: "confirmed_at") var confirmedAt: Date?
    @OptionalField(key: "unsubscribed_at") var unsubscribedAt: Date?

    init() {}

    init(
        id: UUID? = nil, organisationID: UUID, email: String, confirmTokenHash: String, unsubscribeKey: String,
        requestedAt: Date, confirmedAt: Date? = nil, unsubscribedAt: Date? = nil
    ) {
        self.id = id
        self.$organisation.id = organisationID
        self.email = email
        self.confirmTokenHash = confirmTokenHash
        self.unsubscribeKey = unsubscribeKey
        self.requestedAt = requestedAt
        self.confirmedAt = confirmedAt
        self.unsubscribedAt = unsubscribedAt
    }

    var isActive: Bool { confirmedAt != nil && unsubscribedAt == nil }
}

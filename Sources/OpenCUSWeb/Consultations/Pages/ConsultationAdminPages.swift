import Foundation
import OpenCUSCore

/// The organisation's consultation rounds (`consultations/admin-list.leaf`).
struct ConsultationListPage: Encodable, Sendable {
    struct Row: Encodable, Sendable {
        let url: String
        let subject: String
        let period: String
        let phase: String
        let comments: Int
    }

    let layout: Layout
    let rows: [Row]
    let publicURL: String
    let notice: String?

    static func make(
        _ rounds: [ConsultationRound], counts: [UUID: Int], organisation: Organisation, now: Date, notice: String?,
        layout: Layout
    ) throws -> ConsultationListPage {
        ConsultationListPage(
            layout: layout,
            rows: try rounds.sorted { $1.firstDay < $0.firstDay }.map { round in
                let id = try round.requireID()
                return Row(
                    url: SiteRoute.consultationRound.url(id), subject: round.subject,
                    period: "\(round.firstDay.polish) – \(round.lastDay.polish)", phase: round.phase(at: now).polishName,
                    comments: counts[id] ?? 0)
            }, publicURL: SiteRoute.publicConsultations.url(organisation.slug), notice: notice)
    }
}

/// A new round or the edit of one before it opens (`consultations/admin-form.leaf`).
struct ConsultationFormPage: Encodable, Sendable {
    let layout: Layout
    let form: ConsultationRoundForm
    let errors: FieldErrors
    /// nil for a new round.
    let roundID: String?
    let action: String
    let cancelURL: String
    let conflict: String?

    static func form(_ round: ConsultationRound) -> ConsultationRoundForm {
        var form = ConsultationRoundForm()
        form.subject = round.subject
        form.aim = round.aim
        form.scope = round.scope
        form.documentTitle = round.documentTitle
        form.document = round.document
        form.firstDay = round.firstDay.iso
        form.lastDay = round.lastDay.iso
        form.online = round.online
        form.paperPlace = round.paperPlace ?? ""
        form.email = round.email ?? ""
        form.meetingDay = round.meetingDay?.iso ?? ""
        form.meetingTime = round.meetingTime ?? ""
        form.meetingPlace = round.meetingPlace ?? ""
        form.coordinator = round.coordinator
        form.coordinatorContact = round.coordinatorContact
        form.orderNumber = round.orderNumber
        form.orderDate = round.orderDate?.iso ?? ""
        form.resolution = round.resolution
        form.publishWhileOpen = round.publishWhileOpen
        form.revision = String(round.revision)
        return form
    }

    static func make(
        _ round: ConsultationRound?, form: ConsultationRoundForm, errors: FieldErrors, conflict: String? = nil,
        layout: Layout
    ) throws -> ConsultationFormPage {
        let id = try round?.requireID()
        return ConsultationFormPage(
            layout: layout, form: form, errors: errors, roundID: id?.uuidString,
            action: id.map { SiteRoute.consultationSave.url($0) } ?? SiteRoute.consultationCreate.url(),
            cancelURL: id.map { SiteRoute.consultationRound.url($0) } ?? SiteRoute.consultationList.url(),
            conflict: conflict)
    }
}

/// One round for staff (`consultations/admin-round.leaf`): where it stands, what stops it from
/// being announced, the comments with their answers and moderation, the entry of paper, e-mail
/// and meeting comments, and the report.
struct ConsultationRoundPage: Encodable, Sendable {
    struct Comment: Encodable, Sendable {
        let id: String
        let number: Int
        let anchor: String
        let paragraph: String
        let channel: String
        let receivedOn: String
        let author: String
        let contact: String?
        let body: String
        let enteredBy: String?
        let position: String?
        let positionOptions: [SelectOption]
        let reason: String
        let answeredBy: String?
        let groupedWith: Int?
        let leads: Int
        let leadOptions: [SelectOption]
        let hidden: String?
        let hiddenBy: String?
        let hideOptions: [SelectOption]
        let canApprove: Bool
        let approved: Bool
        /// Comments from the same client (network) in this round, when more than one.
        let sameClient: Int
        let formErrors: FieldErrors?
        let formReason: String
    }

    let layout: Layout
    let roundID: String
    let revision: Int
    let facts: ConsultationFacts
    let phaseKey: String
    let canEdit: Bool
    let canAnnounce: Bool
    let announceProblems: [String]
    let acceptsEntry: Bool
    let acceptsAnswers: Bool
    let canPublish: Bool
    let isPublished: Bool
    let tally: ConsultationTally
    let comments: [Comment]
    let entry: ConsultationCommentForm
    let entryErrors: FieldErrors
    let channelOptions: [SelectOption]
    let authorKinds: [SelectOption]
    let paragraphOptions: [SelectOption]
    let report: ReportForm
    let reportErrors: FieldErrors
    let publicURL: String?
    let reportPreviewURL: String
    let editURL: String
    let notice: String?
    let error: String?
    let paragraphCount: Int

    struct ReportForm: Encodable, Sendable, Decodable {
        var summary = ""
        var preparedBy = ""
        var revision = ""

        init(summary: String = "", preparedBy: String = "", revision: String = "") {
            self.summary = summary
            self.preparedBy = preparedBy
            self.revision = revision
        }

        /// Lenient like every form: a missing field is empty, and validation names it.
        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            summary = (try? c.decodeIfPresent(String.self, forKey: .summary)) ?? ""
            preparedBy = (try? c.decodeIfPresent(String.self, forKey: .preparedBy)) ?? ""
            revision = (try? c.decodeIfPresent(String.self, forKey: .revision)) ?? ""
        }
    }

    static let notices = [
        "created": "Utworzono projekt konsultacji. Uzupełnij go i ogłoś, gdy będzie gotowy.",
        "saved": "Zapisano zmiany.",
        "announced": "Ogłoszono konsultacje. Strona publiczna jest dostępna pod adresem podanym niżej.",
        "entered": "Dopisano uwagę.",
        "answered": "Zapisano stanowisko.",
        "grouped": "Zmieniono grupę uwag.",
        "hidden": "Zmieniono widoczność uwagi w raporcie.",
        "approved": "Uwaga jest widoczna na stronie konsultacji.",
        "published": "Opublikowano raport z konsultacji.",
    ]

    /// The page's own reading of a failed answer form: which comment it was for.
    struct AnswerFailure: Sendable {
        let commentID: UUID
        let errors: FieldErrors
        let reason: String
    }

    static func make(
        _ round: ConsultationRound, organisation: Organisation, comments: [ConsultationComment], now: Date,
        entry: ConsultationCommentForm = ConsultationCommentForm(), entryErrors: FieldErrors = FieldErrors(),
        report: ReportForm? = nil, reportErrors: FieldErrors = FieldErrors(), answerFailure: AnswerFailure? = nil,
        notice: String?, error: String?, layout: Layout
    ) throws -> ConsultationRoundPage {
        let id = try round.requireID()
        let phase = round.phase(at: now)
        let document = round.parsedDocument
        let sorted = comments.sorted { $0.number < $1.number }
        let numbers = Dictionary(uniqueKeysWithValues: sorted.compactMap { c in c.id.map { ($0, c.number) } })
        let clients = Dictionary(grouping: sorted.compactMap(\.clientKey), by: { $0 }).mapValues(\.count)
        let leadCounts = Dictionary(grouping: sorted.compactMap(\.sameAsID), by: { $0 }).mapValues(\.count)
        let problems =
            round.status == .draft
            ? ConsultationRoundForm.announcementProblems(
                document: document, orderNumber: round.orderNumber, orderDate: round.orderDate, lastDay: round.lastDay,
                today: CalendarDay(now, in: WallClock.warsaw)) : []
        var entry = entry
        if entry.receivedOn.isEmpty { entry.receivedOn = CalendarDay(now, in: WallClock.warsaw).iso }
        let tally = ConsultationTally(
            comments.map { .init(channel: $0.channel, position: $0.position, hidden: $0.hiddenReason != nil) })
        return ConsultationRoundPage(
            layout: layout, roundID: id.uuidString, revision: round.revision, facts: .make(round, phase: phase),
            phaseKey: phase.rawValue, canEdit: phase == .draft || phase == .announced,
            canAnnounce: round.status == .draft && problems.isEmpty, announceProblems: problems,
            acceptsEntry: phase.acceptsStaffEntry, acceptsAnswers: phase.acceptsAnswers,
            canPublish: phase == .closed && tally.readyForReport, isPublished: phase == .reportPublished, tally: tally,
            comments: try sorted.map { c in
                let cid = try c.requireID()
                let failed = answerFailure?.commentID == cid ? answerFailure : nil
                return Comment(
                    id: cid.uuidString, number: c.number, anchor: "uwaga-\(c.number)", paragraph: c.paragraph ?? "cały dokument",
                    channel: c.channel.polishName, receivedOn: c.receivedOn.polish,
                    author: c.authorKind == .organisation
                        ? "\(c.organisationName ?? "") (\(c.authorName))" + (c.publishName ? "" : ", bez zgody na podanie nazwy")
                        : c.authorName,
                    contact: c.email, body: c.body, enteredBy: c.enteredBy, position: c.position?.polishName,
                    positionOptions: [SelectOption(value: "", label: "— wybierz —")]
                        + CommentPosition.allCases.map {
                            SelectOption(value: $0.rawValue, label: $0.polishName, selected: c.position == $0)
                        },
                    reason: failed?.reason ?? c.reason, answeredBy: c.answeredBy,
                    groupedWith: c.sameAsID.flatMap { numbers[$0] }, leads: leadCounts[cid] ?? 0,
                    leadOptions: [SelectOption(value: "", label: "— nie grupuj —", selected: c.sameAsID == nil)]
                        + sorted.filter { $0.id != c.id && $0.sameAsID == nil }.map { other in
                            SelectOption(
                                value: other.id?.uuidString ?? "", label: "uwaga nr \(other.number)",
                                selected: c.sameAsID == other.id)
                        },
                    hidden: c.hiddenReason?.polishName, hiddenBy: c.hiddenBy,
                    hideOptions: [SelectOption(value: "", label: "widoczna w raporcie", selected: c.hiddenReason == nil)]
                        + CommentHiddenReason.allCases.map {
                            SelectOption(value: $0.rawValue, label: "ukryj: \($0.polishName)", selected: c.hiddenReason == $0)
                        },
                    canApprove: round.publishWhileOpen && phase == .open && c.approvedAt == nil && c.hiddenReason == nil,
                    approved: c.approvedAt != nil, sameClient: c.clientKey.flatMap { clients[$0] }.map { $0 > 1 ? $0 : 0 } ?? 0,
                    formErrors: failed?.errors.anchored { $0 == "position" ? "pos-\(c.number)" : "reason-\(c.number)" },
                    formReason: failed?.reason ?? c.reason)
            },
            entry: entry, entryErrors: entryErrors,
            channelOptions: [SelectOption(value: "", label: "— wybierz —")]
                + CommentChannel.staffEntered.map {
                    SelectOption(value: $0.rawValue, label: $0.polishName, selected: entry.channel == $0.rawValue)
                },
            authorKinds: CommentAuthorKind.allCases.map {
                SelectOption(value: $0.rawValue, label: $0.polishName, selected: entry.authorKind == $0.rawValue)
            },
            paragraphOptions: ConsultationDocumentView.paragraphOptions(document, selected: entry.paragraph),
            report: report
                ?? ReportForm(summary: round.reportSummary, preparedBy: round.coordinator, revision: String(round.revision)),
            reportErrors: reportErrors,
            publicURL: phase.isPublic ? SiteRoute.publicConsultation.url(organisation.slug, id) : nil,
            reportPreviewURL: SiteRoute.consultationReportPreview.url(id), editURL: SiteRoute.consultationEdit.url(id),
            notice: notice, error: error, paragraphCount: document.paragraphs.count)
    }
}

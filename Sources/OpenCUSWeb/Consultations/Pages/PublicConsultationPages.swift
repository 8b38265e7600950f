import Foundation
import OpenCUSCore

/// An organisation's consultations, open ones first (`consultations/public-list.leaf`).
struct PublicConsultationListPage: Encodable, Sendable {
    struct Row: Encodable, Sendable {
        let url: String
        let subject: String
        let period: String
        let phase: String
        let reportURL: String?
    }

    let layout: Layout
    let organisationName: String
    let current: [Row]
    let past: [Row]
    let organisationSlug: String
    let subscribe: ConsultationSubscribeForm
    let errors: FieldErrors
    let subscribeSent: Bool

    static func make(
        _ rounds: [ConsultationRound], organisation: Organisation, now: Date, subscribe: ConsultationSubscribeForm,
        errors: FieldErrors, subscribeSent: Bool, layout: Layout
    ) throws -> PublicConsultationListPage {
        let rows = try rounds.compactMap { round -> (ConsultationPhase, CalendarDay, Row)? in
            let phase = round.phase(at: now)
            guard phase.isPublic else { return nil }
            let id = try round.requireID()
            return (
                phase, round.firstDay,
                Row(
                    url: SiteRoute.publicConsultation.url(organisation.slug, id), subject: round.subject,
                    period: "\(round.firstDay.polish) – \(round.lastDay.polish)", phase: phase.polishName,
                    reportURL: phase == .reportPublished ? SiteRoute.publicConsultationReport.url(organisation.slug, id) : nil)
            )
        }
        let isCurrent: (ConsultationPhase) -> Bool = { $0 == .open || $0 == .announced }
        return PublicConsultationListPage(
            layout: layout, organisationName: organisation.name,
            current: rows.filter { isCurrent($0.0) }.sorted { $0.1 < $1.1 }.map(\.2),
            past: rows.filter { !isCurrent($0.0) }.sorted { $1.1 < $0.1 }.map(\.2), organisationSlug: organisation.slug,
            subscribe: subscribe, errors: errors, subscribeSent: subscribeSent)
    }
}

/// One round's public page: what is consulted and how to take part, the document with its
/// numbered paragraphs, the comment form while open, and the report's link after it.
struct PublicConsultationPage: Encodable, Sendable {
    struct Shown: Encodable, Sendable {
        let number: Int
        let paragraph: String
        let author: String
        let body: String
    }

    let layout: Layout
    let organisationName: String
    let organisationSlug: String
    let roundID: String
    let facts: ConsultationFacts
    let document: ConsultationDocumentView
    let isOpen: Bool
    let commentCount: Int
    /// Comments shown while open: only in rounds that publish them, only those staff approved.
    let shownComments: [Shown]
    let publishesWhileOpen: Bool
    let reportURL: String?
    let form: ConsultationCommentForm
    let paragraphOptions: [SelectOption]
    let authorKinds: [SelectOption]
    let errors: FieldErrors
    let sent: Bool
    /// The number of the comment just sent (0 when there is none to show).
    let sentNumber: Int
    let listURL: String
    /// Open surveys of this round (value: the survey's address, label: its title).
    let surveys: [SelectOption]

    static func make(
        _ round: ConsultationRound, organisation: Organisation, comments: [ConsultationComment], now: Date,
        form: ConsultationCommentForm, errors: FieldErrors, sentNumber: Int?, surveys: [Survey] = [], layout: Layout
    ) throws -> PublicConsultationPage {
        let phase = round.phase(at: now)
        let id = try round.requireID()
        let document = round.parsedDocument
        let shown =
            round.publishWhileOpen
            ? comments.filter { $0.approvedAt != nil && $0.hiddenReason == nil }.sorted { $0.number < $1.number } : []
        return PublicConsultationPage(
            layout: layout, organisationName: organisation.name, organisationSlug: organisation.slug,
            roundID: id.uuidString, facts: .make(round, phase: phase),
            document: .make(document, counts: Dictionary(grouping: shown.compactMap(\.paragraph), by: { $0 }).mapValues(\.count)),
            isOpen: phase.acceptsOnlineComments && round.online, commentCount: comments.count,
            shownComments: shown.map {
                Shown(number: $0.number, paragraph: $0.paragraph ?? "cały dokument", author: $0.publicAuthor, body: $0.body)
            }, publishesWhileOpen: round.publishWhileOpen && phase == .open,
            reportURL: phase == .reportPublished ? SiteRoute.publicConsultationReport.url(organisation.slug, id) : nil,
            form: form, paragraphOptions: ConsultationDocumentView.paragraphOptions(document, selected: form.paragraph),
            authorKinds: CommentAuthorKind.allCases.map {
                SelectOption(value: $0.rawValue, label: $0.polishName, selected: form.authorKind == $0.rawValue)
            }, errors: errors, sent: sentNumber != nil, sentNumber: sentNumber ?? 0,
            listURL: SiteRoute.publicConsultations.url(organisation.slug),
            surveys: try surveys.map {
                SelectOption(value: SiteRoute.publicSurvey.url(organisation.slug, try $0.requireID()), label: $0.title)
            })
    }
}

/// The consultation report ("raport z konsultacji"): the round's data, participation by channel,
/// every comment with its paragraph, position and reason, the metryczka and the change register.
/// One template for the public page, the staff preview and print (A4).
struct ConsultationReportPage: Encodable, Sendable {
    struct Comment: Encodable, Sendable {
        let number: Int
        let paragraph: String
        let channel: String
        let receivedOn: String
        let author: String
        let body: String
        let position: String
        let reason: String
        let groupedWith: Int?
        let hidden: String?
    }

    struct Change: Encodable, Sendable {
        let at: String
        let by: String
        let what: String
    }

    let layout: Layout
    let organisationName: String
    let facts: ConsultationFacts
    let isPreview: Bool
    let summary: String
    let tally: ConsultationTally
    let comments: [Comment]
    let preparedBy: String
    let preparedAt: String
    let publishedBy: String
    let publishedAt: String
    let changes: [Change]
    let csvURL: String?
    let roundURL: String

    static func timestamp(_ date: Date?) -> String {
        guard let date else { return "—" }
        return WarsawTime.format(date)
    }

    static func make(
        _ round: ConsultationRound, organisation: Organisation, comments: [ConsultationComment], changes: [ConsultationChange],
        now: Date, isPreview: Bool, layout: Layout
    ) throws -> ConsultationReportPage {
        let id = try round.requireID()
        let numbers = Dictionary(uniqueKeysWithValues: comments.compactMap { c in c.id.map { ($0, c.number) } })
        let sorted = comments.sorted { $0.number < $1.number }
        return ConsultationReportPage(
            layout: layout, organisationName: organisation.name, facts: .make(round, phase: round.phase(at: now)),
            isPreview: isPreview, summary: round.reportSummary,
            tally: ConsultationTally(
                comments.map { .init(channel: $0.channel, position: $0.position, hidden: $0.hiddenReason != nil) }),
            comments: sorted.map { c in
                Comment(
                    number: c.number, paragraph: c.paragraph ?? "cały dokument", channel: c.channel.polishName,
                    receivedOn: c.receivedOn.polish, author: c.publicAuthor,
                    body: c.hiddenReason == nil ? c.body : "",
                    position: c.position?.polishName ?? "bez stanowiska", reason: c.reason,
                    groupedWith: c.sameAsID.flatMap { numbers[$0] }, hidden: c.hiddenReason?.polishName)
            },
            preparedBy: round.reportPreparedBy ?? "—", preparedAt: timestamp(round.reportPreparedAt),
            publishedBy: round.reportPublishedBy ?? "—", publishedAt: timestamp(round.reportPublishedAt),
            changes: changes.sorted { $0.at < $1.at }.map { Change(at: timestamp($0.at), by: $0.by, what: $0.what) },
            csvURL: isPreview ? nil : SiteRoute.publicConsultationReportCSV.url(organisation.slug, id),
            roundURL: SiteRoute.publicConsultation.url(organisation.slug, id))
    }

    /// The report as CSV: one row per comment, with no e-mail address or private name.
    static func csvLines(_ page: ConsultationReportPage) -> [String] {
        [
            ["nr", "akapit", "forma", "data wpływu", "autor", "treść", "stanowisko", "uzasadnienie", "zgrupowana z nr", "ukryta"]
                .joined(separator: ";")
        ]
            + page.comments.map { c in
                [
                    String(c.number), c.paragraph, c.channel, c.receivedOn, c.author, c.body, c.position, c.reason,
                    c.groupedWith.map(String.init) ?? "", c.hidden ?? "",
                ].map(CSV.cell).joined(separator: ";")
            }
    }
}

import Fluent
import Foundation
import OpenCUSCore
import Vapor

enum ConsultationError: Error, Equatable {
    /// Someone saved the round since this form was opened.
    case changed(by: String, at: Date)
    /// The action does not fit where the round stands; the message says what to do instead.
    case wrongPhase(String)
    /// One client sent more comments to this round than a person plausibly writes.
    case tooManyFromOneClient
}

/// Every change of a consultation round and its comments: each in one write transaction with
/// its audit row, the round locked (PostgreSQL) while its comments are numbered.
enum ConsultationService {
    /// Online comments from one client (network) per round. A neighbourhood association may send
    /// a dozen; more is a script, and the paper and e-mail channels stay open to anyone.
    static let commentsPerClient = 30

    static func round(_ id: UUID?, organisationID: UUID, on db: any Database) async throws -> ConsultationRound {
        guard let round = try await ConsultationRound.find(id, in: organisationID, on: db) else { throw Abort(.notFound) }
        return round
    }

    static func audit(
        _ actor: AuditActor, _ action: AuditAction, _ type: AuditRecordType, _ id: UUID, _ detail: String, now: Date,
        on db: any Database
    ) async throws {
        try await Audit.append(
            AuditEvent(
                actor: actor, organisationID: actor.organisationID, action: action, recordType: type, recordID: id, detail: detail
            ),
            at: now, on: db)
    }

    static func register(_ round: ConsultationRound, _ what: String, by: String, now: Date, on db: any Database) async throws {
        try await ConsultationChange(
            organisationID: round.$organisation.id, roundID: try round.requireID(), at: now, by: by, what: what
        ).create(on: db)
    }

    static func apply(_ form: ConsultationRoundForm, _ valid: ConsultationRoundForm.Valid, to round: ConsultationRound) {
        let f = form.cleaned()
        round.subject = f.subject
        round.aim = f.aim
        round.scope = f.scope
        round.documentTitle = f.documentTitle
        round.document = f.document
        round.firstDay = valid.dates.firstDay
        round.lastDay = valid.dates.lastDay
        round.online = f.online
        round.paperPlace = f.paperPlace.nilIfEmpty
        round.email = valid.email?.value
        round.meetingDay = valid.meetingDay
        round.meetingTime = valid.meetingTime?.description
        round.meetingPlace = valid.meetingDay == nil ? nil : f.meetingPlace.nilIfEmpty
        round.coordinator = f.coordinator
        round.coordinatorContact = f.coordinatorContact
        round.orderNumber = f.orderNumber
        round.orderDate = valid.orderDate
        round.resolution = f.resolution
        round.publishWhileOpen = f.publishWhileOpen
    }

    static func create(
        _ form: ConsultationRoundForm, _ valid: ConsultationRoundForm.Valid, actor: AuditActor, now: Date, on db: any Database
    ) async throws -> ConsultationRound {
        guard let organisationID = actor.organisationID else { throw Abort(.forbidden) }
        let round = ConsultationRound(
            organisationID: organisationID, subject: "", aim: "", scope: "", documentTitle: "", document: "",
            firstDay: valid.dates.firstDay, lastDay: valid.dates.lastDay, online: true, coordinator: "",
            coordinatorContact: "", orderNumber: "", resolution: "", publishWhileOpen: false, status: .draft, revision: 1,
            reportSummary: "", updatedBy: actor.name, updatedAt: now, createdAt: now)
        apply(form, valid, to: round)
        try await db.writeTransaction { db in
            try await round.create(on: db)
            try await audit(actor, .create, .consultation, try round.requireID(), "konsultacje: projekt", now: now, on: db)
        }
        return round
    }

    /// Inside the write transaction: the round locked and at the revision the form saw.
    static func current(_ id: UUID, revision: Int, organisationID: UUID, on db: any Database) async throws
        -> ConsultationRound
    {
        try await db.lockForUpdate(ConsultationRound.self, id: id)
        let round = try await round(id, organisationID: organisationID, on: db)
        guard round.revision == revision else { throw ConsultationError.changed(by: round.updatedBy, at: round.updatedAt) }
        return round
    }

    static func touch(_ round: ConsultationRound, actor: AuditActor, now: Date, on db: any Database) async throws {
        round.revision += 1
        round.updatedBy = actor.name
        round.updatedAt = now
        try await round.update(on: db)
    }

    /// Until the round opens its every detail may change; an announced round records what
    /// changed in its public register.
    static func save(
        _ id: UUID, revision: Int, form: ConsultationRoundForm, valid: ConsultationRoundForm.Valid, actor: AuditActor,
        now: Date, on db: any Database
    ) async throws {
        guard let organisationID = actor.organisationID else { throw Abort(.forbidden) }
        try await db.writeTransaction { db in
            let round = try await current(id, revision: revision, organisationID: organisationID, on: db)
            let phase = round.phase(at: now)
            guard phase == .draft || phase == .announced else {
                throw ConsultationError.wrongPhase(
                    "Konsultacje już się rozpoczęły: dokumentu i warunków nie można zmieniać, bo mieszkańcy odnoszą się do numerów akapitów. Jeśli dokument wymaga zmian, zakończ te konsultacje i ogłoś nowe."
                )
            }
            let documentChanged = round.document != form.cleaned().document
            apply(form, valid, to: round)
            try await touch(round, actor: actor, now: now, on: db)
            if phase == .announced {
                try await register(
                    round, documentChanged ? "zmieniono ogłoszenie i treść dokumentu" : "zmieniono ogłoszenie", by: actor.name,
                    now: now, on: db)
            }
            try await audit(actor, .update, .consultation, id, "konsultacje: zapisano", now: now, on: db)
        }
    }

    static func announce(
        _ id: UUID, revision: Int, actor: AuditActor, organisation: Organisation, baseURL: URL, now: Date, on db: any Database
    ) async throws {
        guard let organisationID = actor.organisationID else { throw Abort(.forbidden) }
        try await db.writeTransaction { db in
            let round = try await current(id, revision: revision, organisationID: organisationID, on: db)
            guard round.status == .draft else { throw ConsultationError.wrongPhase("Te konsultacje są już ogłoszone.") }
            let problems = ConsultationRoundForm.announcementProblems(
                document: round.parsedDocument, orderNumber: round.orderNumber, orderDate: round.orderDate,
                lastDay: round.lastDay, today: CalendarDay(now, in: WallClock.warsaw))
            guard problems.isEmpty else { throw ConsultationError.wrongPhase(problems.joined(separator: " ")) }
            round.status = .announced
            round.clientSalt = SecureToken.make()
            try await touch(round, actor: actor, now: now, on: db)
            try await register(round, "ogłoszono konsultacje", by: actor.name, now: now, on: db)
            let told = try await ConsultationSubscriptions.announce(
                round, organisation: organisation, baseURL: baseURL, now: now, on: db)
            try await audit(
                actor, .update, .consultation, id, "konsultacje: ogłoszono; powiadomienia e-mail: \(told)", now: now, on: db)
        }
    }

    /// The next comment number of a round; the caller holds the round's lock.
    static func nextNumber(_ roundID: UUID, on db: any Database) async throws -> Int {
        let last = try await ConsultationComment.query(on: db).filter(\.$round.$id == roundID).max(\.$number)
        return (last ?? 0) + 1
    }

    /// A resident's comment from the round's page. The phase is checked again under the lock:
    /// a form opened before the close and sent after it is refused.
    static func addOnline(
        _ roundID: UUID, organisationID: UUID, valid: ConsultationCommentForm.Valid, client: String, now: Date,
        on db: any Database
    ) async throws -> ConsultationComment {
        try await db.writeTransaction { db in
            try await db.lockForUpdate(ConsultationRound.self, id: roundID)
            let round = try await round(roundID, organisationID: organisationID, on: db)
            guard round.phase(at: now).acceptsOnlineComments else {
                throw ConsultationError.wrongPhase(
                    "Konsultacje zakończyły się \(round.lastDay.polish). Uwag złożonych po terminie nie rozpatrujemy.")
            }
            let key = ("consultation:" + (round.clientSalt ?? "") + ":" + client).sha256Hex
            let fromClient = try await ConsultationComment.query(on: db).filter(\.$round.$id == roundID)
                .filter(\.$clientKey == key).count()
            guard fromClient < commentsPerClient else { throw ConsultationError.tooManyFromOneClient }
            let comment = make(round, valid, number: try await nextNumber(roundID, on: db), now: now)
            comment.clientKey = key
            try await comment.create(on: db)
            return comment
        }
    }

    static func make(_ round: ConsultationRound, _ valid: ConsultationCommentForm.Valid, number: Int, now: Date)
        -> ConsultationComment
    {
        ConsultationComment(
            organisationID: round.$organisation.id, roundID: round.id!, number: number, paragraph: valid.paragraph,
            body: valid.body, authorKind: valid.authorKind, authorName: valid.authorName,
            organisationName: valid.organisationName, email: valid.email?.value, publishName: valid.publishName,
            channel: valid.channel, receivedOn: valid.receivedOn, reason: "", createdAt: now)
    }

    /// A comment received on paper, by e-mail or at the meeting, typed in by staff.
    static func addByStaff(
        _ roundID: UUID, valid: ConsultationCommentForm.Valid, actor: AuditActor, now: Date, on db: any Database
    ) async throws -> ConsultationComment {
        guard let organisationID = actor.organisationID else { throw Abort(.forbidden) }
        return try await db.writeTransaction { db in
            try await db.lockForUpdate(ConsultationRound.self, id: roundID)
            let round = try await round(roundID, organisationID: organisationID, on: db)
            guard round.phase(at: now).acceptsStaffEntry else {
                throw ConsultationError.wrongPhase(
                    round.status == .reportPublished
                        ? "Raport jest już opublikowany: nowych uwag nie można dopisać."
                        : "Konsultacje jeszcze się nie rozpoczęły: uwagi przyjmujemy od \(round.firstDay.polish).")
            }
            let comment = make(round, valid, number: try await nextNumber(roundID, on: db), now: now)
            comment.enteredBy = actor.name
            try await comment.create(on: db)
            try await audit(
                actor, .create, .consultationComment, try comment.requireID(),
                "uwaga nr \(comment.number) (\(valid.channel.polishName))", now: now, on: db)
            return comment
        }
    }

    /// The comment, and in the same transaction every comment grouped with it.
    static func comment(_ id: UUID?, roundID: UUID, organisationID: UUID, on db: any Database) async throws
        -> ConsultationComment
    {
        guard let comment = try await ConsultationComment.find(id, in: organisationID, on: db), comment.$round.id == roundID
        else { throw Abort(.notFound) }
        return comment
    }

    enum Moderation: Sendable {
        case answer(CommentPosition, String)
        case groupWith(UUID)
        case ungroup
        case hide(CommentHiddenReason)
        case show
        case approve
    }

    static func moderate(
        _ commentID: UUID, roundID: UUID, _ action: Moderation, actor: AuditActor, now: Date, on db: any Database
    ) async throws {
        guard let organisationID = actor.organisationID else { throw Abort(.forbidden) }
        try await db.writeTransaction { db in
            try await db.lockForUpdate(ConsultationRound.self, id: roundID)
            let round = try await round(roundID, organisationID: organisationID, on: db)
            let phase = round.phase(at: now)
            let comment = try await comment(commentID, roundID: roundID, organisationID: organisationID, on: db)
            var detail: String
            switch action {
            case .answer(let position, let reason):
                guard phase.acceptsAnswers else {
                    throw ConsultationError.wrongPhase(
                        phase == .reportPublished
                            ? "Raport jest już opublikowany: stanowisk nie można zmieniać."
                            : "Stanowiska zajmujemy po zakończeniu konsultacji (\(round.lastDay.polish)), gdy znamy wszystkie uwagi."
                    )
                }
                guard comment.sameAsID == nil else {
                    throw ConsultationError.wrongPhase(
                        "Ta uwaga jest zgrupowana z inną i ma jej stanowisko. Odpowiedz na uwagę wiodącą albo najpierw rozdziel grupę."
                    )
                }
                let members = try await ConsultationComment.query(on: db).filter(\.$round.$id == roundID)
                    .filter(\.$sameAsID == commentID).all()
                for c in [comment] + members {
                    c.position = position
                    c.reason = reason
                    c.answeredBy = actor.name
                    c.answeredAt = now
                    try await c.update(on: db)
                }
                detail =
                    "uwaga nr \(comment.number): \(position.polishName)" + (members.isEmpty ? "" : " (z grupą: \(members.count))")
            case .groupWith(let leadID):
                guard phase != .reportPublished else {
                    throw ConsultationError.wrongPhase("Raport jest już opublikowany: grup nie można zmieniać.")
                }
                let lead = try await Self.comment(leadID, roundID: roundID, organisationID: organisationID, on: db)
                guard lead.id != comment.id, lead.sameAsID == nil else {
                    throw ConsultationError.wrongPhase("Wybierz uwagę wiodącą: inną niż ta i niezgrupowaną z kolejną.")
                }
                let followers = try await ConsultationComment.query(on: db).filter(\.$sameAsID == commentID).count()
                guard followers == 0 else {
                    throw ConsultationError.wrongPhase("Do tej uwagi są przypisane inne — ona jest wiodąca w swojej grupie.")
                }
                comment.sameAsID = leadID
                comment.position = lead.position
                comment.reason = lead.reason
                comment.answeredBy = lead.answeredBy
                comment.answeredAt = lead.answeredAt
                try await comment.update(on: db)
                detail = "uwaga nr \(comment.number) zgrupowana z nr \(lead.number)"
            case .ungroup:
                guard phase != .reportPublished else {
                    throw ConsultationError.wrongPhase("Raport jest już opublikowany: grup nie można zmieniać.")
                }
                comment.sameAsID = nil
                comment.position = nil
                comment.reason = ""
                comment.answeredBy = nil
                comment.answeredAt = nil
                try await comment.update(on: db)
                detail = "uwaga nr \(comment.number) rozdzielona z grupy"
            case .hide(let reason):
                comment.hiddenReason = reason
                comment.hiddenBy = actor.name
                try await comment.update(on: db)
                detail = "uwaga nr \(comment.number) ukryta: \(reason.polishName)"
            case .show:
                comment.hiddenReason = nil
                comment.hiddenBy = nil
                try await comment.update(on: db)
                detail = "uwaga nr \(comment.number) znów widoczna"
            case .approve:
                guard round.publishWhileOpen else {
                    throw ConsultationError.wrongPhase("Te konsultacje nie publikują uwag przed zakończeniem.")
                }
                comment.approvedAt = now
                try await comment.update(on: db)
                detail = "uwaga nr \(comment.number) zatwierdzona do publikacji"
            }
            if phase == .reportPublished { try await register(round, detail, by: actor.name, now: now, on: db) }
            try await audit(actor, .update, .consultationComment, commentID, detail, now: now, on: db)
        }
    }

    /// The report goes out when every visible comment has a position. The client keys and their
    /// salt are erased: they only served to spot floods while the round was open.
    static func publishReport(
        _ id: UUID, revision: Int, summary: String, preparedBy: String, actor: AuditActor, now: Date, on db: any Database
    ) async throws {
        guard let organisationID = actor.organisationID else { throw Abort(.forbidden) }
        try await db.writeTransaction { db in
            let round = try await current(id, revision: revision, organisationID: organisationID, on: db)
            guard round.phase(at: now) == .closed else {
                throw ConsultationError.wrongPhase(
                    round.status == .reportPublished
                        ? "Raport jest już opublikowany."
                        : "Raport publikujemy po zakończeniu konsultacji (\(round.lastDay.polish)).")
            }
            let comments = try await ConsultationComment.query(on: db).filter(\.$round.$id == id).all()
            let tally = ConsultationTally(
                comments.map { .init(channel: $0.channel, position: $0.position, hidden: $0.hiddenReason != nil) })
            guard tally.readyForReport else {
                throw ConsultationError.wrongPhase(
                    "Nie wszystkie uwagi mają stanowisko (bez stanowiska: \(tally.unanswered)). Raport musi odpowiadać na każdą.")
            }
            round.status = .reportPublished
            round.reportSummary = summary
            round.reportPreparedBy = preparedBy
            round.reportPreparedAt = now
            round.reportPublishedBy = actor.name
            round.reportPublishedAt = now
            round.clientSalt = nil
            try await touch(round, actor: actor, now: now, on: db)
            try await ConsultationComment.query(on: db).filter(\.$round.$id == id).set(\.$clientKey, to: nil).update()
            try await register(round, "opublikowano raport z konsultacji", by: actor.name, now: now, on: db)
            try await audit(actor, .update, .consultation, id, "konsultacje: opublikowano raport", now: now, on: db)
        }
    }
}

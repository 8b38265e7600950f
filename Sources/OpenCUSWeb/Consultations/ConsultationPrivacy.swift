import Fluent
import Foundation
import OpenCUSCore

/// Commenters' personal data under the data-subject rules (docs/privacy.md): found by the
/// e-mail address they left, copied into the RODO copy, anonymised on request. The comment's
/// text stays: it is part of the consultation's public record (RODO art. 17(3)(b), a task in
/// the public interest), and the report never named a private person anyway.
enum ConsultationPrivacy {
    static let anonymisedName = "(dane usunięte)"

    struct Found: Sendable {
        let comments: [ConsultationComment]
        /// Round subjects by round id.
        let rounds: [UUID: String]
        /// The address's subscription to announcements, if any.
        let subscriber: ConsultationSubscriber?

        /// The subscription in the RODO copy.
        var subscriptionLine: String? {
            subscriber.map { s in
                "Powiadomienia o konsultacjach: prośba \(WarsawTime.format(s.requestedAt))"
                    + (s.confirmedAt.map { ", potwierdzone \(WarsawTime.format($0))" } ?? ", niepotwierdzone")
                    + (s.unsubscribedAt.map { ", wypisano \(WarsawTime.format($0))" } ?? "")
            }
        }

        var subjects: [AuditSubject] {
            comments.compactMap { $0.id.map { AuditSubject(type: .consultationComment, id: $0) } }
        }
    }

    static func load(email: String, organisationID: UUID, on db: any Database) async throws -> Found {
        let comments = try await ConsultationComment.scoped(to: organisationID, on: db).filter(\.$email == email)
            .sort(\.$createdAt).all()
        let roundIDs = Array(Set(comments.map { $0.$round.id }))
        let rounds =
            roundIDs.isEmpty ? [] : try await ConsultationRound.scoped(to: organisationID, on: db).filter(\.$id ~~ roundIDs).all()
        return Found(
            comments: comments, rounds: Dictionary(uniqueKeysWithValues: rounds.compactMap { r in r.id.map { ($0, r.subject) } }),
            subscriber: try await ConsultationSubscriber.scoped(to: organisationID, on: db).filter(\.$email == email).first())
    }

    /// Comments of rounds whose report was published more than `months` ago that still name
    /// their author (retention: the names go, the text stays in the report).
    static func due(_ organisationID: UUID, months: Int, now: Date, on db: any Database) async throws -> [ConsultationComment] {
        let cutoff = RetentionRules.cutoff(now: now, months: months)
        let rounds = try await ConsultationRound.scoped(to: organisationID, on: db).filter(\.$status == .reportPublished)
            .filter(\.$reportPublishedAt < cutoff).all().compactMap(\.id)
        guard !rounds.isEmpty else { return [] }
        return try await ConsultationComment.scoped(to: organisationID, on: db).filter(\.$round.$id ~~ rounds)
            .filter(\.$authorName != anonymisedName).all()
    }

    /// One comment in the RODO copy.
    static func line(_ c: ConsultationComment, rounds: [UUID: String]) -> String {
        var line = "Konsultacje „\(rounds[c.$round.id] ?? "")”, uwaga nr \(c.number) (akapit \(c.paragraph ?? "cały dokument")), "
        line += "\(c.channel.polishName), wpłynęła \(c.receivedOn.iso); autor: \(c.authorName)"
        if let organisation = c.organisationName { line += " (\(organisation))" }
        line += "; treść: \(c.body)"
        if let position = c.position { line += "; stanowisko: \(position.polishName) — \(c.reason)" }
        return line
    }

    /// Removes the name and address from the comments and deletes the subscription, in one
    /// transaction with its audit row.
    static func anonymise(_ found: Found, actor: AuditActor, reason: String, now: Date, on db: any Database) async throws -> Int {
        guard !found.comments.isEmpty || found.subscriber != nil else { return 0 }
        return try await db.writeTransaction { db in
            try await found.subscriber?.delete(on: db)
            for comment in found.comments {
                comment.authorName = anonymisedName
                comment.email = nil
                try await comment.update(on: db)
            }
            try await Audit.append(
                AuditEvent(
                    actor: actor, organisationID: actor.organisationID, action: .anonymise, recordType: .consultationComment,
                    recordID: nil, subjects: found.subjects,
                    detail:
                        "uwagi w konsultacjach: \(found.comments.count)\(found.subscriber == nil ? "" : ", usunięto subskrypcję powiadomień"); \(reason)"
                ),
                at: now, on: db)
            return found.comments.count
        }
    }
}

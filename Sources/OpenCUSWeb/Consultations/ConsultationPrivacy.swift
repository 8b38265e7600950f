import Fluent
import Foundation
import OpenCUSCore

/// Commenters' personal data, and the contacts residents left in surveys, under the
/// data-subject rules (docs/privacy.md): found by the e-mail address they left, copied into the
/// RODO copy, anonymised on request and after the retention period. The comment's
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
        /// Survey questionnaires that carry this address as a contact (their answers stay anonymous).
        var surveyContacts: [SurveyResponse] = []
        /// Survey titles by survey id.
        var surveys: [UUID: String] = [:]
        /// Sign-ups for supportive activities made with this address, and the activities' titles.
        var activitySignUps: [ActivitySignUp] = []
        var activities: [UUID: String] = [:]
        /// The volunteer records with this address (the hours stay as the centre's record).
        var volunteers: [Volunteer] = []

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
                + surveyContacts.compactMap { $0.id.map { AuditSubject(type: .surveyResponse, id: $0) } }
                + activitySignUps.compactMap { $0.id.map { AuditSubject(type: .activity, id: $0) } }
                + volunteers.compactMap { $0.id.map { AuditSubject(type: .volunteer, id: $0) } }
        }
    }

    static func load(email: String, organisationID: UUID, on db: any Database) async throws -> Found {
        let comments = try await ConsultationComment.scoped(to: organisationID, on: db).filter(\.$email == email)
            .sort(\.$createdAt).all()
        let roundIDs = Array(Set(comments.map { $0.$round.id }))
        let rounds =
            roundIDs.isEmpty ? [] : try await ConsultationRound.scoped(to: organisationID, on: db).filter(\.$id ~~ roundIDs).all()
        let contacts = try await SurveyResponse.scoped(to: organisationID, on: db).filter(\.$contactEmail == email).all()
        let surveyIDs = Array(Set(contacts.map { $0.$survey.id }))
        let surveys =
            surveyIDs.isEmpty ? [] : try await Survey.scoped(to: organisationID, on: db).filter(\.$id ~~ surveyIDs).all()
        let signUps = try await ActivitySignUp.scoped(to: organisationID, on: db).filter(\.$email == email).all()
        let activityIDs = Array(Set(signUps.map { $0.$activity.id }))
        let activities =
            activityIDs.isEmpty ? [] : try await Activity.scoped(to: organisationID, on: db).filter(\.$id ~~ activityIDs).all()
        return Found(
            comments: comments, rounds: Dictionary(uniqueKeysWithValues: rounds.compactMap { r in r.id.map { ($0, r.subject) } }),
            subscriber: try await ConsultationSubscriber.scoped(to: organisationID, on: db).filter(\.$email == email).first(),
            surveyContacts: contacts,
            surveys: Dictionary(uniqueKeysWithValues: surveys.compactMap { s in s.id.map { ($0, s.title) } }),
            activitySignUps: signUps,
            activities: Dictionary(uniqueKeysWithValues: activities.compactMap { a in a.id.map { ($0, a.title) } }),
            volunteers: try await Volunteer.scoped(to: organisationID, on: db).filter(\.$email == email)
                .filter(\.$anonymisedAt == nil).all())
    }

    /// One survey contact in the RODO copy: the contact only (the answers are anonymous by design
    /// and are not personal data of the person once the contact is gone).
    static func contactLine(_ r: SurveyResponse, surveys: [UUID: String]) -> String {
        "Ankieta „\(surveys[r.$survey.id] ?? "")”, ankieta nr \(r.number ?? 0) z \(r.submittedOn?.iso ?? "—"): kontakt — "
            + "imię: \(r.contactName ?? "—"), e-mail: \(r.contactEmail ?? "—") (zgoda na kontakt)"
    }

    /// A volunteer's record in the RODO copy.
    static func volunteerLine(_ v: Volunteer) -> String {
        "Wolontariusz: \(v.name), telefon: \(v.phone.isEmpty ? "—" : v.phone), e-mail: \(v.email); dostępność: \(v.availability); "
            + "umiejętności: \(v.skills); obszary: \(v.areas); porozumienie: \(v.agreementNumber.isEmpty ? "brak" : v.agreementNumber)"
    }

    /// One activity sign-up in the RODO copy.
    static func signUpLine(_ s: ActivitySignUp, activities: [UUID: String]) -> String {
        "Działanie wspierające „\(activities[s.$activity.id] ?? "")”: zapis \(WarsawTime.format(s.createdAt)) — "
            + "imię i nazwisko: \(s.name), telefon: \(s.phone ?? "—"), e-mail: \(s.email ?? "—")"
            + (s.cancelledAt.map { ", wypisano \(WarsawTime.format($0))" } ?? "")
    }

    /// Contacts left in surveys closed more than `months` ago (retention: the contact goes, the
    /// anonymous answers stay).
    static func dueContacts(_ organisationID: UUID, months: Int, now: Date, on db: any Database) async throws -> [SurveyResponse]
    {
        let cutoff = RetentionRules.cutoff(now: now, months: months)
        let surveys = try await Survey.scoped(to: organisationID, on: db).filter(\.$status == .closed)
            .filter(\.$closedAt < cutoff).all().compactMap(\.id)
        guard !surveys.isEmpty else { return [] }
        let withName = try await SurveyResponse.scoped(to: organisationID, on: db).filter(\.$survey.$id ~~ surveys)
            .filter(\.$contactName != nil).all()
        let withEmail = try await SurveyResponse.scoped(to: organisationID, on: db).filter(\.$survey.$id ~~ surveys)
            .filter(\.$contactEmail != nil).all()
        var seen = Set<UUID>()
        return (withName + withEmail).filter { $0.id.map { seen.insert($0).inserted } ?? false }
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
        guard
            !found.comments.isEmpty || found.subscriber != nil || !found.surveyContacts.isEmpty || !found.activitySignUps.isEmpty
                || !found.volunteers.isEmpty
        else { return 0 }
        return try await db.writeTransaction { db in
            try await found.subscriber?.delete(on: db)
            for comment in found.comments {
                comment.authorName = anonymisedName
                comment.email = nil
                try await comment.update(on: db)
            }
            // Attendance stays (counts of meetings); the sign-up no longer names anyone.
            for signUp in found.activitySignUps {
                signUp.name = anonymisedName
                signUp.phone = nil
                signUp.email = nil
                try await signUp.update(on: db)
            }
            // The hours and the certificates' numbers stay; nothing names the person any more.
            for volunteer in found.volunteers {
                volunteer.name = anonymisedName
                (volunteer.phone, volunteer.email, volunteer.availability, volunteer.skills) = ("", "", "", "")
                volunteer.anonymisedAt = now
                try await volunteer.update(on: db)
            }
            for response in found.surveyContacts {
                response.contactName = nil
                response.contactEmail = nil
                try await response.update(on: db)
            }
            try await Audit.append(
                AuditEvent(
                    actor: actor, organisationID: actor.organisationID, action: .anonymise, recordType: .consultationComment,
                    recordID: nil, subjects: found.subjects,
                    detail:
                        "uwagi w konsultacjach: \(found.comments.count), kontakty w ankietach: \(found.surveyContacts.count), zapisy na działania: \(found.activitySignUps.count), wolontariusze: \(found.volunteers.count)\(found.subscriber == nil ? "" : ", usunięto subskrypcję powiadomień"); \(reason)"
                ),
                at: now, on: db)
            return found.comments.count + found.surveyContacts.count + found.activitySignUps.count + found.volunteers.count
        }
    }
}

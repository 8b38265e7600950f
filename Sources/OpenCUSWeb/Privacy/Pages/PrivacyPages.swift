import Fluent
import OpenCUSCore
import Vapor

/// The page models of `PrivacyController` (what its templates receive).
extension PrivacyController {
    struct SubjectPage: Encodable, Sendable {
        struct Item: Encodable, Sendable {
            let id: UUID
            let event: String
            let dates: String
            let state: String
            let created: String
            let anonymised: Bool
            let hold: String?
        }
        struct ConsentRow: Encodable, Sendable {
            let registrationID: String
            let purpose: String
            let version: String
            let given: String
            let givenBy: String
            let withdrawn: String
        }
        struct Seen: Encodable, Sendable {
            let at: String
            let actor: String
            let action: String
            let detail: String
        }
        let layout: Layout
        let email: String
        let searched: Bool
        let items: [Item]
        let consents: [ConsentRow]
        let seen: [Seen]
        let holds: [String]
        let canAnonymise: Bool
        let error: String?
        let notice: String?
    }

    struct ExportPage: Encodable, Sendable {
        let layout: Layout
        let export: Export
    }
}

extension PrivacyController.SubjectPage {
    /// A data subject's page: what OpenCUS holds about them, what holds back anonymisation, their
    /// consents, and who has seen their data (the audit rows naming them, newest first).
    static func make(
        email: String, subject: PrivacyController.Subject?, seen: [AuditTrail.Row], fundedMonths: Int, now: Date,
        layout: Layout, error: String?, notice: String?
    ) throws -> PrivacyController.SubjectPage {
        var items: [PrivacyController.SubjectPage.Item] = []
        var holds: [String] = []
        if let subject {
            for r in subject.registrations {
                guard let event = subject.events[r.$event.id] else { continue }
                let hold = Anonymiser.hold(r, event: event, fundedMonths: fundedMonths, now: now)
                if let hold { holds.append(hold) }
                items.append(
                    .init(
                        id: try r.requireID(), event: event.displayTitle, dates: PrivacyController.dates(event),
                        state: r.state.polishName,
                        created: WarsawTime.format(r.createdAt), anonymised: r.anonymisedAt != nil, hold: hold))
            }
            for record in subject.persons {
                let hold = record.hold
                if let hold { holds.append(hold) }
                for application in record.applications {
                    let services = record.requested.filter { $0.row.$application.id == application.id }
                        .map { "\($0.serviceName): \($0.row.outcome.polishName)" }.joined(separator: "; ")
                    items.append(
                        .init(
                            id: try record.person.requireID(), event: "Wniosek o usługi \(application.number) (\(services))",
                            dates: "—",
                            state: application.channel.polishName,
                            created: WarsawTime.format(application.receivedAt), anonymised: false, hold: hold))
                }
            }
            for c in subject.consultation.comments {
                items.append(
                    .init(
                        id: try c.requireID(),
                        event: "Uwaga nr \(c.number) w konsultacjach „\(subject.consultation.rounds[c.$round.id] ?? "")”",
                        dates: c.receivedOn.polish, state: c.channel.polishName, created: WarsawTime.format(c.createdAt),
                        anonymised: c.authorName == ConsultationPrivacy.anonymisedName, hold: nil))
            }
            for v in subject.consultation.volunteers {
                items.append(
                    .init(
                        id: try v.requireID(),
                        event: "Wolontariusz centrum (porozumienie \(v.agreementNumber.isEmpty ? "—" : v.agreementNumber))",
                        dates: "—", state: "w rejestrze", created: WarsawTime.format(v.createdAt), anonymised: false, hold: nil))
            }
            for s in subject.consultation.activitySignUps {
                items.append(
                    .init(
                        id: try s.requireID(),
                        event: "Zapis na działanie wspierające „\(subject.consultation.activities[s.$activity.id] ?? "")”",
                        dates: "—", state: s.cancelledAt == nil ? "zapisana/zapisany" : "wypisana/wypisany",
                        created: WarsawTime.format(s.createdAt), anonymised: s.name == ConsultationPrivacy.anonymisedName,
                        hold: nil))
            }
            for r in subject.consultation.surveyContacts {
                items.append(
                    .init(
                        id: try r.requireID(),
                        event:
                            "Kontakt w ankiecie „\(subject.consultation.surveys[r.$survey.id] ?? "")” (ankieta nr \(r.number ?? 0))",
                        dates: r.submittedOn?.polish ?? "—", state: r.channel.polishName, created: WarsawTime.format(r.createdAt),
                        anonymised: r.contactEmail == nil, hold: nil))
            }
            if let s = subject.consultation.subscriber {
                items.append(
                    .init(
                        id: try s.requireID(), event: "Powiadomienia o konsultacjach (subskrypcja)", dates: "—",
                        state: s.isActive ? "włączone" : (s.confirmedAt == nil ? "niepotwierdzone" : "wypisano"),
                        created: WarsawTime.format(s.requestedAt), anonymised: false, hold: nil))
            }
        }
        var unique = Set<UUID>()
        let seenRows: [PrivacyController.SubjectPage.Seen] = seen.filter { unique.insert($0.id).inserted }.sorted {
            $0.occurred_at > $1.occurred_at
        }.map {
            .init(
                at: WarsawTime.format($0.occurred_at), actor: $0.actor_name,
                action: AuditAction(rawValue: $0.action)?.polishName ?? $0.action, detail: $0.detail)
        }
        return PrivacyController.SubjectPage(
            layout: layout,
            email: email, searched: subject != nil, items: items,
            consents: (subject?.consents ?? []).map { c in
                .init(
                    registrationID: String(c.subjectID.uuidString.prefix(8)), purpose: c.purpose.polishName,
                    version: c.textVersionID.flatMap { subject?.clauses[$0].map { "wersja \($0.version)" } } ?? "—",
                    given: WarsawTime.format(c.givenAt), givenBy: c.givenBy,
                    withdrawn: c.withdrawnAt.map { WarsawTime.format($0) + " (\(c.withdrawnBy ?? ""))" } ?? "—")
            },
            seen: seenRows, holds: holds,
            canAnonymise: subject.map { s in
                holds.isEmpty
                    && (s.registrations.contains { $0.anonymisedAt == nil } || !s.persons.isEmpty
                        || s.consultation.comments.contains { $0.authorName != ConsultationPrivacy.anonymisedName }
                        || s.consultation.subscriber != nil || !s.consultation.surveyContacts.isEmpty
                        || s.consultation.activitySignUps.contains { $0.name != ConsultationPrivacy.anonymisedName }
                        || !s.consultation.volunteers.isEmpty)
            } ?? false,
            error: error, notice: notice)
    }
}

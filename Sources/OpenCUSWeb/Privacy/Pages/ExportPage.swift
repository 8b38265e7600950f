import Fluent
import OpenCUSCore
import Vapor

/// The copy of a person's data (RODO art. 15) as a document and as JSON: what it holds and what it withholds.
extension PrivacyController {
    struct Export: Encodable, Sendable {
        struct Item: Encodable, Sendable {
            let id: UUID
            let event: String
            let eventDates: String
            let organiser: String
            let state: String
            let source: String
            let submittedAt: String
            let firstName: String
            let lastName: String
            let email: String
            let phone: String?
            let institution: String
            let institutionType: String?
            let position: String?
            let voivodeship: String?
            let dietary: String?
            let accessibility: String?
            let dinner: String?
            let answers: [String: [String]]
            let workshops: [String]
            let consentImage: Bool
            let consentParticipantList: Bool
            let rodoClauseVersion: Int?
            let rodoClauseText: String?
            let anonymisedAt: String?
        }
        struct ApplicationItem: Encodable, Sendable {
            let number: String
            let receivedAt: String
            let channel: String
            let applicantRole: String
            let representative: String?
            let firstName: String
            let lastName: String
            let pesel: String?
            let birthDate: String
            let address: String
            let phone: String
            let email: String
            let communicationNeeds: String
            let accessibilityNeeds: String
            let situation: String
            let assessment: String?
            let services: [String]
            let decisions: [String]
            let plans: [String]
        }
        struct Consent: Encodable, Sendable {
            let registrationID: UUID
            let purpose: String
            let givenAt: String
            let givenBy: String
            let withdrawnAt: String?
            let withdrawnBy: String?
        }
        let generatedAt: String
        let controller: String
        let email: String
        let registrations: [Item]
        let applications: [ApplicationItem]
        let consents: [Consent]
        /// Comments in consultations, one line each.
        let consultationComments: [String]
        /// What the export leaves out and why (docs/privacy.md).
        let withheld: [String]
    }

    /// Fields the centre may withhold are left out and named: the organisers' internal notes in
    /// the change log and the staff members' names there (information about third parties).
    static let withheld = [
        "Notatki organizatora w historii zmian zgłoszenia oraz imiona i nazwiska pracowników, którzy je wprowadzili (informacje o osobach trzecich; RODO art. 15 ust. 4)."
    ]

    static func makeExport(_ subject: Subject, organisationName: String, now: Date) throws -> Export {
        Export(
            generatedAt: WarsawTime.format(now), controller: organisationName, email: subject.email,
            registrations: try subject.registrations.map { r in
                let event = subject.events[r.$event.id]
                let access = RegistrationService.decodeAccessibility(r.accessibility)
                let clause = subject.clauses[r.$consentText.id]
                return Export.Item(
                    id: try r.requireID(), event: event?.displayTitle ?? "", eventDates: event.map(PrivacyController.dates) ?? "",
                    organiser: organisationName,
                    state: r.state.polishName, source: r.source.polishName, submittedAt: WarsawTime.format(r.createdAt),
                    firstName: r.firstName, lastName: r.lastName, email: r.email, phone: r.phone, institution: r.institution,
                    institutionType: r.institutionType?.polishName, position: r.position, voivodeship: r.voivodeship?.polishName,
                    dietary: r.dietary,
                    accessibility: (access.needs.map(\.polishName) + [access.other]).filter { !$0.isEmpty }.joined(
                        separator: "; "
                    ).nilIfEmpty,
                    dinner: r.dinner.map { $0 ? "tak" : "nie" }, answers: RegistrationService.decodeAnswers(r.answers),
                    workshops: subject.workshops[try r.requireID()] ?? [], consentImage: r.consentImage,
                    consentParticipantList: r.consentList,
                    rodoClauseVersion: clause?.version, rodoClauseText: clause?.text,
                    anonymisedAt: r.anonymisedAt.map(WarsawTime.format))
            },
            applications: subject.persons.flatMap { record in
                record.applications.map { a in
                    let p = record.person
                    let mine = record.requested.filter { $0.row.$application.id == a.id }
                    return Export.ApplicationItem(
                        number: a.number, receivedAt: WarsawTime.format(a.receivedAt), channel: a.channel.polishName,
                        applicantRole: a.applicantRole.polishName,
                        representative: a.applicantRole == .person
                            ? nil : "\(a.representativeName) — \(a.representativeBasis) (\(a.representativeContact))",
                        firstName: p.firstName, lastName: p.lastName, pesel: p.pesel, birthDate: p.birthDate.iso,
                        address: [p.street, p.postcode, p.city].filter { !$0.isEmpty }.joined(separator: ", "), phone: p.phone,
                        email: p.email,
                        communicationNeeds: p.communicationNeeds, accessibilityNeeds: p.accessibilityNeeds,
                        situation: a.situation,
                        assessment: record.assessments.first { $0.$application.id == a.id }.map(assessmentLine),
                        services: mine.map { r in
                            let enrolment = record.enrolments.first { $0.$requested.id == r.row.id }
                            return "\(r.serviceName): \(r.row.outcome.polishName)"
                                + (enrolment.map { " (od \($0.startDay)\($0.endDay.map { " do \($0)" } ?? ""))" } ?? "")
                        },
                        decisions: record.decisions.filter { d in mine.contains { $0.row.id == d.$requested.id } }
                            .map { "\($0.kind.title.lowercased()) nr \($0.number) z \($0.issuedOn.iso): \($0.reasons)" },
                        plans: record.plans.filter { $0.plan.$application.id == a.id }.map(planLine))
                }
            },
            consents: subject.consents.map {
                .init(
                    registrationID: $0.subjectID, purpose: $0.purpose.polishName, givenAt: WarsawTime.format($0.givenAt),
                    givenBy: $0.givenBy,
                    withdrawnAt: $0.withdrawnAt.map(WarsawTime.format), withdrawnBy: $0.withdrawnBy)
            },
            consultationComments: subject.consultation.comments.map {
                ConsultationPrivacy.line($0, rounds: subject.consultation.rounds)
            } + [subject.consultation.subscriptionLine].compactMap { $0 }
                + subject.consultation.surveyContacts.map {
                    ConsultationPrivacy.contactLine($0, surveys: subject.consultation.surveys)
                }
                + subject.consultation.activitySignUps.map {
                    ConsultationPrivacy.signUpLine($0, activities: subject.consultation.activities)
                }
                + subject.consultation.volunteers.map(ConsultationPrivacy.volunteerLine),
            withheld: withheld)
    }
}

import Fluent
import OpenCUSCore
import Vapor

enum SurveyError: Error, Equatable {
    /// The survey does not take answers now; the message says why.
    case notOpen(String)
    /// The quota of the answer's value (e.g. a locality) is reached.
    case quotaReached(String)
    case tooManyFromOneClient
    /// The personal link does not lead to a draft any more (sent, or the survey closed).
    case linkUsed
    /// Someone changed the questionnaire since this form was opened.
    case changed(by: String, at: Date)
}

/// Every write of a survey's questionnaires: each in one write transaction, the survey row
/// locked (PostgreSQL) while a questionnaire is numbered and its quota counted, so neither a
/// number nor a quota is ever given twice.
enum SurveyService {
    /// Online questionnaires from one client (network) per survey: a school's computer room or
    /// a library may send many, a script sends thousands.
    static let answersPerClient = 100
    /// The most a draft may hold (its form fields as JSON).
    static let maximumDraftBytes = 64_000

    static func locked(_ surveyID: UUID, organisationID: UUID, on db: any Database) async throws -> Survey {
        try await db.lockForUpdate(Survey.self, id: surveyID)
        guard let survey = try await Survey.find(surveyID, in: organisationID, on: db) else { throw Abort(.notFound) }
        return survey
    }

    static func nextNumber(_ surveyID: UUID, on db: any Database) async throws -> Int {
        ((try await SurveyResponse.query(on: db).filter(\.$survey.$id == surveyID).max(\.$number)) ?? 0) + 1
    }

    /// How many submitted questionnaires gave each value of the quota question.
    static func quotaCounts(_ survey: Survey, _ quotas: SurveyQuotas, on db: any Database) async throws -> [String: Int] {
        let submitted = try await SurveyResponse.query(on: db).filter(\.$survey.$id == survey.requireID())
            .filter(\.$number != nil).all()
        var counts: [String: Int] = [:]
        for response in submitted {
            if case .choice(let value, _) = response.answers[quotas.question] { counts[value, default: 0] += 1 }
        }
        return counts
    }

    static func hashed(_ token: String) -> String { ("survey-resume:" + token).sha256Hex }

    /// A resident's questionnaire from the survey's page (or its personal link): checked again
    /// under the lock, since the survey may have closed or the quota filled since the form opened.
    static func submitOnline(
        _ surveyID: UUID, organisationID: UUID, response: QuestionnaireResponse, contact: SurveyContact?,
        resumeToken: String?, client: String, now: Date, on db: any Database
    ) async throws -> Int {
        try await db.writeTransaction { db in
            let survey = try await locked(surveyID, organisationID: organisationID, on: db)
            guard survey.status == .open else {
                throw SurveyError.notOpen("Ankieta jest już zamknięta. Dziękujemy za chęć udziału.")
            }
            if let quotas = survey.quotas,
                let full = quotas.exceeded(by: response.answers, counts: try await quotaCounts(survey, quotas, on: db))
            {
                throw SurveyError.quotaReached(full)
            }
            let key = ("survey:" + survey.clientSalt + ":" + client).sha256Hex
            let fromClient = try await SurveyResponse.query(on: db).filter(\.$survey.$id == surveyID)
                .filter(\.$clientKey == key).filter(\.$number != nil).count()
            guard fromClient < answersPerClient else { throw SurveyError.tooManyFromOneClient }
            let number = try await nextNumber(surveyID, on: db)
            let today = CalendarDay(now, in: WallClock.warsaw)
            let row: SurveyResponse
            if let resumeToken {
                guard
                    let draft = try await SurveyResponse.query(on: db).filter(\.$survey.$id == surveyID)
                        .filter(\.$resumeTokenHash == hashed(resumeToken)).filter(\.$number == nil).first()
                else { throw SurveyError.linkUsed }
                row = draft
            } else {
                row = SurveyResponse(
                    organisationID: organisationID, surveyID: surveyID, number: nil, channel: .online, answers: [:],
                    submittedOn: nil, updatedAt: now, createdAt: now)
            }
            row.number = number
            row.answers = response.answers
            row.draftFieldsJSON = nil
            row.resumeTokenHash = nil
            row.clientKey = key
            row.contactName = survey.asksContact ? contact?.name : nil
            row.contactEmail = survey.asksContact ? contact?.email?.value : nil
            row.submittedOn = today
            row.updatedAt = now
            try await row.save(on: db)
            return number
        }
    }

    /// Keeps what a resident typed so far under a personal link; returns the link's token (the
    /// same one when they save again from the link).
    static func saveDraft(
        _ surveyID: UUID, organisationID: UUID, fields: [String: [String]], resumeToken: String?, now: Date,
        on db: any Database
    ) async throws -> String {
        try await db.writeTransaction { db in
            let survey = try await locked(surveyID, organisationID: organisationID, on: db)
            guard survey.status == .open else {
                throw SurveyError.notOpen("Ankieta jest już zamknięta — nie można jej zapisać.")
            }
            if let resumeToken {
                guard
                    let draft = try await SurveyResponse.query(on: db).filter(\.$survey.$id == surveyID)
                        .filter(\.$resumeTokenHash == hashed(resumeToken)).filter(\.$number == nil).first()
                else { throw SurveyError.linkUsed }
                draft.draftFieldsJSON = Survey.encode(fields)
                draft.updatedAt = now
                try await draft.save(on: db)
                return resumeToken
            }
            let token = SecureToken.make()
            try await SurveyResponse(
                organisationID: organisationID, surveyID: surveyID, number: nil, channel: .online, answers: [:],
                draftFields: fields, resumeTokenHash: hashed(token), submittedOn: nil, updatedAt: now, createdAt: now
            ).create(on: db)
            return token
        }
    }

    static func draft(_ surveyID: UUID, token: String, on db: any Database) async throws -> SurveyResponse? {
        try await SurveyResponse.query(on: db).filter(\.$survey.$id == surveyID).filter(\.$resumeTokenHash == hashed(token))
            .filter(\.$number == nil).first()
    }

    /// A paper questionnaire typed in by staff (quotas count it, but do not refuse it: the paper
    /// is already filled in).
    static func enterPaper(
        _ surveyID: UUID, staff: StaffContext, response: QuestionnaireResponse, request: Request
    ) async throws -> Int {
        let now = request.clock.now()
        return try await request.db.writeTransaction { db in
            let survey = try await locked(surveyID, organisationID: staff.organisationID, on: db)
            guard survey.status != .draft else {
                throw SurveyError.notOpen("Ankieta jest projektem. Otwórz ją, zanim wpiszesz ankiety papierowe.")
            }
            let number = try await nextNumber(surveyID, on: db)
            let row = SurveyResponse(
                organisationID: staff.organisationID, surveyID: surveyID, number: number, channel: .paper,
                answers: response.answers, submittedOn: CalendarDay(now, in: WallClock.warsaw), updatedAt: now, createdAt: now)
            try await row.create(on: db)
            try await Audit.append(
                AuditEvent(
                    actor: AuditActor(staff, request), organisationID: staff.organisationID, action: .create,
                    recordType: .surveyResponse, recordID: try row.requireID(),
                    detail: "ankieta papierowa nr \(number) wpisana"),
                at: now, on: db)
            return number
        }
    }

    /// Closing: drafts never sent are deleted with their links, and the client keys go (they
    /// only served the abuse limit while the survey was open).
    static func close(_ survey: Survey, on db: any Database) async throws {
        let id = try survey.requireID()
        try await SurveyResponse.query(on: db).filter(\.$survey.$id == id).filter(\.$number == nil).delete()
        try await SurveyResponse.query(on: db).filter(\.$survey.$id == id).set(\.$clientKey, to: nil).update()
    }
}

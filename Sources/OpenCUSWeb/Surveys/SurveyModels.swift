import Fluent
import Foundation
import OpenCUSCore

/// A resident survey: its questionnaire (sections, questions, conditions) kept as one JSON
/// document, frozen once the survey opens, optionally linked to a diagnosis ("the users' voice")
/// or to a consultation round.
final class Survey: Model, OrganisationOwned, @unchecked Sendable {
    static let schema = "surveys"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Field(key: "title") var title: String
    @Field(key: "intro") var intro: String
    @Field(key: "status") var status: SurveyStatus
    @Field(key: "definition") var definitionJSON: String
    /// Name and e-mail fields appear only when the survey asks for contact (anonymous otherwise).
    @Field(key: "asks_contact") var asksContact: Bool
    @OptionalField(key: "quotas") var quotasJSON: String?
    @OptionalField(key: "diagnosis_id") var diagnosisID: UUID?
    @OptionalField(key: "consultation_round_id") var consultationRoundID: UUID?
    /// Salts the per-client key of online answers; changes with every survey, so keys of two
    /// surveys cannot be joined.
    @Field(key: "client_salt") var clientSalt: String
    /// When collecting ended: the retention of contacts left in the survey counts from it.
    @OptionalField(key: "closed_at") var closedAt: Date?
    @Field(key: "revision") var revision: Int
    @Field(key: "updated_by") var updatedBy: String
    @Field(key: "updated_at") var updatedAt: Date
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(
        id: UUID? = nil, organisationID: UUID, title: String, intro: String, status: SurveyStatus,
        definition: QuestionnaireDefinition, asksContact: Bool, quotas: SurveyQuotas? = nil, diagnosisID: UUID? = nil,
        consultationRoundID: UUID? = nil, clientSalt: String, closedAt: Date? = nil, revision: Int, updatedBy: String,
        updatedAt: Date,
        createdAt: Date
    ) {
        self.id = id
        self.$organisation.id = organisationID
        self.title = title
        self.intro = intro
        self.status = status
        self.definitionJSON = Self.encode(definition)
        self.asksContact = asksContact
        self.quotasJSON = quotas.map(Self.encode)
        self.diagnosisID = diagnosisID
        self.consultationRoundID = consultationRoundID
        self.clientSalt = clientSalt
        self.closedAt = closedAt
        self.revision = revision
        self.updatedBy = updatedBy
        self.updatedAt = updatedAt
        self.createdAt = createdAt
    }

    var definition: QuestionnaireDefinition {
        get { (try? JSONDecoder().decode(QuestionnaireDefinition.self, from: Data(definitionJSON.utf8))) ?? .init(sections: []) }
        set { definitionJSON = Self.encode(newValue) }
    }

    var quotas: SurveyQuotas? {
        get { quotasJSON.flatMap { try? JSONDecoder().decode(SurveyQuotas.self, from: Data($0.utf8)) } }
        set { quotasJSON = newValue.map(Self.encode) }
    }

    static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(value)) ?? Data("{}".utf8), as: UTF8.self)
    }
}

/// One questionnaire: a draft being filled online (resumable with a personal link), or a
/// submitted one with its number. No field says who answered unless the survey asks for contact.
final class SurveyResponse: Model, OrganisationOwned, @unchecked Sendable {
    static let schema = "survey_responses"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "survey_id") var survey: Survey
    /// Given on submission, in order, per survey; nil while a draft.
    @OptionalField(key: "number") var number: Int?
    @Field(key: "channel") var channel: SurveyChannel
    @Field(key: "answers") var answersJSON: String
    /// What a resident typed so far (the form's fields), kept until they send it.
    @OptionalField(key: "draft_fields") var draftFieldsJSON: String?
    /// SHA-256 of the personal resume link's token; erased on submission.
    @OptionalField(key: "resume_token_hash") var resumeTokenHash: String?
    @OptionalField(key: "client_key") var clientKey: String?
    @OptionalField(key: "contact_name") var contactName: String?
    @OptionalField(key: "contact_email") var contactEmail: String?
    @OptionalField(key: "submitted_on") var submittedOn: CalendarDay?
    @Field(key: "updated_at") var updatedAt: Date
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(
        id: UUID? = nil, organisationID: UUID, surveyID: UUID, number: Int?, channel: SurveyChannel,
        answers: [String: QuestionAnswer], draftFields: [String: [String]]? = nil, resumeTokenHash: String? = nil,
        clientKey: String? = nil, contactName: String? = nil, contactEmail: String? = nil, submittedOn: CalendarDay?,
        updatedAt: Date, createdAt: Date
    ) {
        self.id = id
        self.$organisation.id = organisationID
        self.$survey.id = surveyID
        self.number = number
        self.channel = channel
        self.answersJSON = Survey.encode(answers)
        self.draftFieldsJSON = draftFields.map(Survey.encode)
        self.resumeTokenHash = resumeTokenHash
        self.clientKey = clientKey
        self.contactName = contactName
        self.contactEmail = contactEmail
        self.submittedOn = submittedOn
        self.updatedAt = updatedAt
        self.createdAt = createdAt
    }

    var answers: [String: QuestionAnswer] {
        get { (try? JSONDecoder().decode([String: QuestionAnswer].self, from: Data(answersJSON.utf8))) ?? [:] }
        set { answersJSON = Survey.encode(newValue) }
    }

    var draftFields: [String: [String]] {
        draftFieldsJSON.flatMap { try? JSONDecoder().decode([String: [String]].self, from: Data($0.utf8)) } ?? [:]
    }
}

/// A tag staff give a text answer when grouping what residents wrote ("transport", "samotność").
final class SurveyTextTag: Model, OrganisationOwned, @unchecked Sendable {
    static let schema = "survey_text_tags"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "survey_id") var survey: Survey
    @Parent(key: "response_id") var response: SurveyResponse
    /// The question key, or "q7-other" for the "other" text of a choice question.
    @Field(key: "field") var field: String
    @Field(key: "tag") var tag: String

    init() {}

    init(id: UUID? = nil, organisationID: UUID, surveyID: UUID, responseID: UUID, field: String, tag: String) {
        self.id = id
        self.$organisation.id = organisationID
        self.$survey.id = surveyID
        self.$response.id = responseID
        self.field = field
        self.tag = tag
    }
}

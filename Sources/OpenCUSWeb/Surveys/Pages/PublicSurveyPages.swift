import Foundation
import OpenCUSCore

/// A survey for residents (`surveys/public.leaf`): the questionnaire with its conditions, the
/// optional contact, saving with a personal link.
struct PublicSurveyPage: Encodable, Sendable {
    let layout: Layout
    let surveyID: UUID
    let organisationSlug: String
    let organisationName: String
    let title: String
    let intro: [String]
    let isOpen: Bool
    let questionnaire: QuestionnaireView
    let errors: FieldErrors
    let asksContact: Bool
    let contactName: String
    let contactEmail: String
    let contactConsent: Bool
    let resumeToken: String?
    let resumeURL: String?
    let saved: Bool
    let paperURL: String

    static func make(
        _ survey: Survey, organisation: Organisation, fields: [String: [String]], errors: FieldErrors, resumeToken: String?,
        resumeURL: String?, saved: Bool, layout: Layout
    ) throws -> PublicSurveyPage {
        let id = try survey.requireID()
        return PublicSurveyPage(
            layout: layout, surveyID: id, organisationSlug: organisation.slug, organisationName: organisation.name,
            title: survey.title, intro: survey.intro.components(separatedBy: "\n\n").filter { !$0.isEmpty },
            isOpen: survey.status == .open,
            questionnaire: QuestionnaireView.make(survey.definition, fields: fields, errors: errors), errors: errors,
            asksContact: survey.asksContact, contactName: fields["contactName"]?.first ?? "",
            contactEmail: fields["contactEmail"]?.first ?? "", contactConsent: fields["contactConsent"]?.first == "yes",
            resumeToken: resumeToken, resumeURL: resumeURL, saved: saved,
            paperURL: SiteRoute.publicSurveyPaper.url(organisation.slug, id))
    }
}

/// The thank-you page and the page of a personal link that no longer works.
struct PublicSurveyLinkPage: Encodable, Sendable {
    let layout: Layout
    let surveyTitle: String
    let surveyURL: String?
}

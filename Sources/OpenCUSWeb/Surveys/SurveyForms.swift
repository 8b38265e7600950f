import Foundation
import OpenCUSCore
import Vapor

/// A survey's settings: what residents read first, whether it asks for contact, what it serves
/// (a diagnosis, a consultation round) and the quotas per value of one question.
struct SurveySettingsForm: Content, Sendable {
    var title: String?
    var intro: String?
    var asksContact: String?
    var diagnosisID: String?
    var roundID: String?
    var quotaQuestion: String?
    var quotas: String?
    var revision: String?

    init(
        title: String? = nil, intro: String? = nil, asksContact: String? = nil, diagnosisID: String? = nil,
        roundID: String? = nil, quotaQuestion: String? = nil, quotas: String? = nil, revision: String? = nil
    ) {
        self.title = title
        self.intro = intro
        self.asksContact = asksContact
        self.diagnosisID = diagnosisID
        self.roundID = roundID
        self.quotaQuestion = quotaQuestion
        self.quotas = quotas
        self.revision = revision
    }

    init(_ survey: Survey) {
        let quotas = survey.quotas
        self.init(
            title: survey.title, intro: survey.intro, asksContact: survey.asksContact ? "on" : nil,
            diagnosisID: survey.diagnosisID?.uuidString ?? "", roundID: survey.consultationRoundID?.uuidString ?? "",
            quotaQuestion: quotas?.question ?? "", quotas: quotas?.text(in: survey.definition) ?? "",
            revision: String(survey.revision))
    }

    struct Valid: Sendable {
        let title: String
        let intro: String
        let asksContact: Bool
        let diagnosisID: UUID?
        let roundID: UUID?
        let quotas: SurveyQuotas?
    }

    /// `diagnoses` and `rounds`: the organisation's own, the only ones a survey may serve.
    func validate(definition: QuestionnaireDefinition, diagnoses: [UUID], rounds: [UUID]) -> Result<Valid, FieldErrors> {
        var errors = FieldErrors()
        let title = TextInput.clean(self.title)
        if title.isEmpty { errors.add("title", "Wpisz tytuł ankiety.") }
        if title.count > 300 { errors.add("title", "Najwyżej 300 znaków (jest \(title.count)).") }
        let intro = TextInput.clean(self.intro, multiline: true)
        if intro.count > 4_000 { errors.add("intro", "Najwyżej 4000 znaków (jest \(intro.count)).") }
        func link(_ raw: String?, in allowed: [UUID], field: String) -> UUID? {
            let text = TextInput.clean(raw)
            guard !text.isEmpty else { return nil }
            guard let id = UUID(uuidString: text), allowed.contains(id) else {
                errors.add(field, "Wybierz z listy.")
                return nil
            }
            return id
        }
        let diagnosisID = link(diagnosisID, in: diagnoses, field: "diagnosisID")
        let roundID = link(roundID, in: rounds, field: "roundID")
        var quotas: SurveyQuotas?
        switch SurveyQuotas.parse(question: quotaQuestion ?? "", text: self.quotas, in: definition) {
        case .success(let parsed): quotas = parsed
        case .failure(let problems): for (field, message) in problems.ordered { errors.add(field, message) }
        }
        guard errors.isEmpty else { return .failure(errors) }
        return .success(
            Valid(
                title: title, intro: intro, asksContact: asksContact == "on", diagnosisID: diagnosisID, roundID: roundID,
                quotas: quotas))
    }
}

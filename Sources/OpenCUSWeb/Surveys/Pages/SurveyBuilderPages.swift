import Foundation
import OpenCUSCore

/// The organisation's surveys (`surveys/list.leaf`).
struct SurveyListPage: Encodable, Sendable {
    struct Row: Encodable, Sendable {
        let url: String
        let title: String
        let status: String
        let answered: Int
    }

    let layout: Layout
    let rows: [Row]
    let title: String
    let errors: FieldErrors

    static func make(_ surveys: [Survey], counts: [UUID: Int], title: String, errors: FieldErrors, layout: Layout) throws
        -> SurveyListPage
    {
        SurveyListPage(
            layout: layout,
            rows: try surveys.map {
                Row(
                    url: SiteRoute.residentSurveyPage.url(try $0.requireID()), title: $0.title, status: $0.status.polishName,
                    answered: counts[try $0.requireID()] ?? 0)
            }, title: title, errors: errors)
    }
}

/// The condition select: every value of an earlier question, the chosen ones selected.
func conditionOptions(_ choices: [ConditionChoice], selected: [String]?) -> [SelectOption] {
    choices.map { SelectOption(value: $0.value, label: $0.label, selected: (selected ?? []).contains($0.value)) }
}

/// The question form's fields (`surveys/question-fields.leaf`), on the builder and on the edit page.
struct QuestionEditor: Encodable, Sendable {
    let form: QuestionForm
    let errors: FieldErrors
    let sectionOptions: [SelectOption]
    let kindOptions: [SelectOption]
    let conditionChoices: [SelectOption]

    init(_ definition: QuestionnaireDefinition, form: QuestionForm, errors: FieldErrors, position: Int?) {
        self.form = form
        self.errors = errors
        sectionOptions = definition.sections.enumerated().map { s, section in
            SelectOption(
                value: section.key, label: "\(s + 1). \(section.title)",
                selected: section.key == (form.section ?? definition.sections.last?.key))
        }
        kindOptions = QuestionKind.allCases.map {
            SelectOption(value: $0.rawValue, label: $0.polishName, selected: $0.rawValue == form.kind)
        }
        conditionChoices = conditionOptions(ConditionChoice.before(position, in: definition), selected: form.condition)
    }
}

/// The survey builder (`surveys/builder.leaf`): settings, the questionnaire, status and links.
struct SurveyBuilderPage: Encodable, Sendable {
    static let notices = [
        "created": "Utworzono ankietę. Dodaj pytania, a potem otwórz ją dla mieszkańców.",
        "settings": "Zapisano ustawienia.",
        "section": "Dodano część.",
        "section-deleted": "Usunięto część.",
        "section-saved": "Zapisano część.",
        "question": "Dodano pytanie.",
        "question-saved": "Zapisano pytanie.",
        "question-deleted": "Usunięto pytanie.",
        "moved": "Przeniesiono pytanie.",
        "opened": "Ankieta jest otwarta. Link do niej jest poniżej.",
        "closed": "Ankieta jest zamknięta.",
    ]

    struct Question: Encodable, Sendable {
        let key: String
        let number: String
        let text: String
        let kind: String
        let required: Bool
        let condition: String?
        let details: String
        let editURL: String
        let canMoveUp: Bool
        let canMoveDown: Bool
    }

    struct Section: Encodable, Sendable {
        let key: String
        let number: Int
        let title: String
        let condition: String?
        let questions: [Question]
        let canDelete: Bool
        /// The section's own form (title, condition): what was typed and its errors after a
        /// failed save, the saved values otherwise; open when it has errors.
        let editTitle: String
        let editConditions: [SelectOption]
        let editErrors: FieldErrors
        let editOpen: Bool
    }

    let layout: Layout
    let surveyID: UUID
    let title: String
    let status: String
    let isDraft: Bool
    let isOpen: Bool
    let answered: Int
    let revision: Int
    let notice: String?
    let publicURL: String?
    let sections: [Section]
    let problems: [String]
    let settings: SurveySettingsForm
    let settingsErrors: FieldErrors
    let diagnosisOptions: [SelectOption]
    let roundOptions: [SelectOption]
    let quotaOptions: [SelectOption]
    let sectionForm: QuestionnaireSectionForm
    let sectionErrors: FieldErrors
    let questionEditor: QuestionEditor
    let questionErrors: FieldErrors
    let statusErrors: FieldErrors
    let sectionConditionChoices: [SelectOption]

    static func make(
        _ survey: Survey, organisationSlug: String, answered: Int, diagnoses: [Diagnosis], rounds: [ConsultationRound],
        forms: SurveyBuilderController.Forms, notice: String?, layout: Layout
    ) throws -> SurveyBuilderPage {
        let definition = survey.definition
        let id = try survey.requireID()
        let isDraft = survey.status == .draft
        let settings = forms.settings ?? SurveySettingsForm(survey)
        let sections = definition.sections.enumerated().map { s, section in
            let edit = forms.sectionEdit.flatMap { $0.key == section.key ? $0 : nil }
            let form =
                edit?.form
                ?? QuestionnaireSectionForm(
                    title: section.title, condition: ConditionChoice.values(of: section.condition, in: definition))
            return Section(
                key: section.key, number: s + 1, title: section.title, condition: definition.describe(section.condition),
                questions: section.questions.enumerated().map { q, question in
                    var details: [String] = []
                    if question.kind.hasOptions {
                        details.append(question.options.joined(separator: " · ") + (question.allowsOther ? " · Inne" : ""))
                    }
                    if question.kind == .grid { details.append(question.statements.joined(separator: " · ")) }
                    return Question(
                        key: question.key, number: "\(s + 1).\(q + 1)", text: question.text, kind: question.kind.polishName,
                        required: question.required, condition: definition.describe(question.condition),
                        details: details.joined(separator: " "),
                        editURL: SiteRoute.residentSurveyQuestion.url(id, question.key), canMoveUp: isDraft && q > 0,
                        canMoveDown: isDraft && q < section.questions.count - 1)
                }, canDelete: isDraft && section.questions.isEmpty && definition.sections.count > 1,
                editTitle: form.title ?? "",
                editConditions: conditionOptions(
                    ConditionChoice.before(definition.questionsBefore(section: section.key), in: definition),
                    selected: form.condition),
                editErrors: (edit?.errors ?? FieldErrors()).anchored { "\($0)-\(section.key)" }, editOpen: edit != nil)
        }
        return SurveyBuilderPage(
            layout: layout, surveyID: id, title: survey.title, status: survey.status.polishName, isDraft: isDraft,
            isOpen: survey.status == .open, answered: answered, revision: survey.revision, notice: notice,
            publicURL: isDraft ? nil : SiteRoute.publicSurvey.url(organisationSlug, id), sections: sections,
            problems: isDraft ? definition.problems : [], settings: settings, settingsErrors: forms.settingsErrors,
            diagnosisOptions: [SelectOption(value: "", label: "— bez diagnozy —")]
                + diagnoses.map {
                    SelectOption(
                        value: $0.id?.uuidString ?? "", label: $0.title, selected: $0.id?.uuidString == settings.diagnosisID)
                },
            roundOptions: [SelectOption(value: "", label: "— bez konsultacji —")]
                + rounds.map {
                    SelectOption(
                        value: $0.id?.uuidString ?? "", label: $0.subject, selected: $0.id?.uuidString == settings.roundID)
                },
            quotaOptions: [SelectOption(value: "", label: "— bez limitów —")]
                + definition.quotaQuestions.map {
                    SelectOption(
                        value: $0.question.key, label: "\($0.number) \($0.question.text)",
                        selected: $0.question.key == settings.quotaQuestion)
                },
            sectionForm: forms.section, sectionErrors: forms.sectionErrors,
            questionEditor: QuestionEditor(definition, form: forms.question, errors: forms.questionErrors, position: nil),
            questionErrors: forms.questionErrors, statusErrors: forms.statusErrors,
            sectionConditionChoices: conditionOptions(
                ConditionChoice.before(nil, in: definition), selected: forms.section.condition))
    }
}

/// Editing one question (`surveys/question.leaf`).
struct SurveyQuestionPage: Encodable, Sendable {
    let layout: Layout
    let surveyID: UUID
    let surveyTitle: String
    let key: String
    let number: String
    let revision: Int
    let errors: FieldErrors
    let editor: QuestionEditor

    static func make(_ survey: Survey, _ question: QuestionDefinition, form: QuestionForm, errors: FieldErrors, layout: Layout)
        throws -> SurveyQuestionPage
    {
        let definition = survey.definition
        let position = definition.numbered.firstIndex { $0.question.key == question.key }
        return SurveyQuestionPage(
            layout: layout, surveyID: try survey.requireID(), surveyTitle: survey.title, key: question.key,
            number: definition.number(of: question.key) ?? "", revision: survey.revision, errors: errors,
            editor: QuestionEditor(definition, form: form, errors: errors, position: position))
    }
}

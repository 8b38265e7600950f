import Fluent
import OpenCUSCore
import Vapor

/// The page models of `ParticipantAfterController` (what its templates receive).
extension ParticipantAfterController {
    struct PeselPage: Encodable, Sendable {
        let layout: Layout
        let token: String
        let title: String
        let value: String
        let error: String?
    }

    struct NotYetPage: Encodable, Sendable {
        let layout: Layout
        let heading: String
        let message: String
    }

    struct SurveyPage: Encodable, Sendable {
        struct Question: Encodable, Sendable {
            struct Option: Encodable, Sendable {
                let value: String
                let label: String
                let checked: Bool
            }
            let field: String
            let number: Int
            let text: String
            let kind: String
            let required: Bool
            let options: [Option]
            let textValue: String
            let error: String?
        }
        let layout: Layout
        let token: String
        let title: String
        let intro: String
        let questions: [Question]
        let errors: FieldErrors
    }
}

extension ParticipantAfterController.SurveyPage {
    /// The survey's questions numbered from 1 with the answers given so far (after an error) kept.
    static func make(
        _ survey: EventSurvey, eventTitle: String, token: String, form: [String: [String]], errors: FieldErrors, layout: Layout
    ) -> ParticipantAfterController.SurveyPage {
        ParticipantAfterController.SurveyPage(
            layout: layout, token: token, title: eventTitle, intro: survey.intro,
            questions: survey.questions.enumerated().map { i, q in
                let given = form[q.fieldName] ?? []
                let options: [Question.Option] =
                    q.kind == .scale
                    ? (1...5).map { .init(value: String($0), label: String($0), checked: given.contains(String($0))) }
                    : q.options.enumerated().map { .init(value: String($0), label: $1, checked: given.contains(String($0))) }
                return Question(
                    field: q.fieldName, number: i + 1, text: q.text, kind: q.kind.rawValue, required: q.required,
                    options: options,
                    textValue: q.kind == .text ? given.first ?? "" : "", error: errors[q.fieldName])
            }, errors: errors)
    }
}

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
        let hasErrors: Bool
    }
}

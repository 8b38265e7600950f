import Fluent
import OpenCUSCore
import SQLKit
import Vapor

/// The page models of `SurveyController` (what its templates receive).
extension SurveyController {
    struct ResultsPage: Encodable, Sendable {
        struct Item: Encodable, Sendable {
            let number: Int
            let text: String
            let kind: String
            let answered: Int
            let average: String?
            let chart: String?
            let bars: [SurveyResult.Bar]
            let texts: [String]
        }
        let layout: Layout
        let eventID: UUID
        let title: String
        let responses: String
        let items: [Item]
    }

    struct Page: Encodable, Sendable {
        struct Question: Encodable, Sendable {
            let id: String
            let text: String
            let kind: String
            let options: String
            let required: Bool
        }
        let layout: Layout
        let eventID: UUID
        let title: String
        let intro: String
        let open: Bool
        let questions: [Question]
        let kinds: [SelectOption]
        let answers: Int
        let locked: Bool
        let newQuestion: NewQuestion
        let errors: FieldErrors
        let notice: String?
    }
}

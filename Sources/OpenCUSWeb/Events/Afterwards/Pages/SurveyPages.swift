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

extension SurveyController.Page {
    /// The survey as the organiser edits it; its questions are locked once anyone has answered.
    static func make(
        _ event: Event, survey: EventSurvey?, answers: Int, newQuestion: SurveyController.NewQuestion, errors: FieldErrors,
        notice: String?, layout: Layout
    ) throws -> SurveyController.Page {
        SurveyController.Page(
            layout: layout, eventID: try event.requireID(), title: event.displayTitle,
            intro: survey?.intro ?? "", open: survey?.open ?? false,
            questions: (survey?.questions ?? []).map {
                Question(
                    id: $0.id, text: $0.text, kind: $0.kind.polishName, options: $0.options.joined(separator: ", "),
                    required: $0.required)
            },
            kinds: SurveyQuestion.Kind.allCases.map {
                SelectOption(value: $0.rawValue, label: $0.polishName, selected: $0.rawValue == newQuestion.kind)
            },
            answers: answers, locked: answers > 0, newQuestion: newQuestion,
            // The new question's fields are "q-…" in the page (the survey's own are named by their ids).
            errors: errors.anchored { ["text", "kind", "options"].contains($0) ? "q-\($0)" : nil }, notice: notice)
    }
}

extension SurveyController.ResultsPage {
    /// One item per question, numbered from 1, with a bar chart where the question has bars.
    static func make(_ event: Event, responses: Int, results: [SurveyResult], layout: Layout) throws
        -> SurveyController.ResultsPage
    {
        SurveyController.ResultsPage(
            layout: layout, eventID: try event.requireID(), title: event.displayTitle,
            responses: PolishPlural(one: "odpowiedź", few: "odpowiedzi", many: "odpowiedzi").phrase(responses),
            items: results.enumerated().map { i, r in
                Item(
                    number: i + 1, text: r.question.text, kind: r.question.kind.polishName, answered: r.answered,
                    average: r.averageText,
                    chart: r.bars.isEmpty
                        ? nil
                        : SVGBarChart.render(id: "chart-\(i + 1)", title: "Pytanie \(i + 1): \(r.question.text)", bars: r.bars),
                    bars: r.bars, texts: r.texts)
            })
    }
}

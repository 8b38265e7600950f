import Foundation
import OpenCUSCore

/// A survey's results (`surveys/results.leaf`).
struct SurveyResultsPage: Encodable, Sendable {
    struct Question: Encodable, Sendable {
        let key: String
        let number: String
        let text: String
        let kind: String
        let answered: String
        let rows: [ResultRow]
        let means: [SelectOption]
        let chart: String?
        let isText: Bool
    }

    struct Cross: Encodable, Sendable {
        struct Row: Encodable, Sendable {
            let label: String
            let cells: [ResultRow]
        }
        let byText: String
        let ofText: String
        let groups: [CrossTab.Group]
        /// The groups' cells by row: one row per answer to the question, one cell per group.
        let rows: [Row]
        let hiddenGroups: Int
    }

    struct Quota: Encodable, Sendable {
        let value: String
        let limit: Int
        let count: Int
    }

    let layout: Layout
    let surveyID: UUID
    let title: String
    let status: String
    let total: Int
    let channels: [SelectOption]
    let questions: [Question]
    let choiceQuestions: [SelectOption]
    let ofQuestions: [SelectOption]
    let cross: Cross?
    let crossError: String?
    let crossErrors: FieldErrors
    let quotas: [Quota]
    let hasTexts: Bool

    static func make(
        _ survey: Survey, responses: [SurveyResponse], tallies: [QuestionTally], by: String, of: String, crossTab: CrossTab?,
        crossError: String?, quotaCounts: [String: Int], rule: DisclosureRule, layout: Layout
    ) throws -> SurveyResultsPage {
        let definition = survey.definition
        let choices = definition.numbered.filter { $0.question.kind.isChoice }
        let quotas = survey.quotas
        let quotaOptions = definition.numbered.first { $0.question.key == quotas?.question }?.question.options ?? []
        return SurveyResultsPage(
            layout: layout, surveyID: try survey.requireID(), title: survey.title, status: survey.status.polishName,
            total: responses.count,
            channels: SurveyChannel.allCases.map { channel in
                SelectOption(
                    value: SmallNumbers.display(responses.filter { $0.channel == channel }.count, rule: rule),
                    label: channel.polishName)
            },
            questions: tallies.map { tally in
                Question(
                    key: tally.question.key, number: tally.number, text: tally.question.text,
                    kind: tally.question.kind.polishName,
                    answered: SmallNumbers.display(tally.answered, rule: rule), rows: tally.rows,
                    means: tally.means.map { SelectOption(value: $0.value, label: $0.label) },
                    chart: tally.chart(id: "chart-\(tally.question.key)"),
                    isText: tally.question.kind == .text)
            },
            choiceQuestions: [SelectOption(value: "", label: "— wybierz —")]
                + choices.map {
                    SelectOption(
                        value: $0.question.key, label: "\($0.number) \($0.question.text)", selected: $0.question.key == by)
                },
            ofQuestions: [SelectOption(value: "", label: "— wybierz —")]
                + choices.map {
                    SelectOption(
                        value: $0.question.key, label: "\($0.number) \($0.question.text)", selected: $0.question.key == of)
                },
            cross: crossTab.map {
                Cross(
                    byText: "\(definition.number(of: $0.by.key) ?? "") \($0.by.text)",
                    ofText: "\(definition.number(of: $0.of.key) ?? "") \($0.of.text)", groups: $0.groups,
                    rows: $0.rowLabels.enumerated().map { i, label in
                        Cross.Row(label: label, cells: crossTab!.groups.map { $0.cells[i] })
                    },
                    hiddenGroups: $0.hiddenGroups)
            }, crossError: crossError, crossErrors: crossError.map { FieldErrors("by", $0) } ?? FieldErrors(),
            quotas: quotaOptions.compactMap { option in
                quotas?.limits[option].map { Quota(value: option, limit: $0, count: quotaCounts[option] ?? 0) }
            },
            hasTexts: !SurveyResultsController.textFields(definition).isEmpty)
    }
}

/// Text answers with their tags (`surveys/texts.leaf`).
struct SurveyTextsPage: Encodable, Sendable {
    struct Answer: Encodable, Sendable {
        let responseID: UUID
        let number: Int
        let text: String
        let tag: String
        let error: String?
    }

    struct TagCount: Encodable, Sendable {
        let tag: String
        let count: String
    }

    let layout: Layout
    let surveyID: UUID
    let title: String
    let fields: [SelectOption]
    let field: String?
    let fieldLabel: String?
    let answers: [Answer]
    let tagCounts: [TagCount]
    let untagged: Int
    let errors: FieldErrors

    static func make(
        _ survey: Survey, fields: [(field: String, label: String)], chosen: (field: String, label: String)?,
        responses: [SurveyResponse], tags: [SurveyTextTag], tagError: (UUID, String)?, layout: Layout
    ) throws -> SurveyTextsPage {
        var answers: [Answer] = []
        if let chosen {
            let questionKey = chosen.field.replacingOccurrences(of: "-other", with: "")
            let tagOf = Dictionary(
                tags.filter { $0.field == chosen.field }.map { ($0.$response.id, $0.tag) }, uniquingKeysWith: { a, _ in a })
            for response in responses {
                guard let text = SurveyResultsController.text(response.answers[questionKey], field: chosen.field),
                    let id = response.id
                else { continue }
                answers.append(
                    Answer(
                        responseID: id, number: response.number ?? 0, text: text, tag: tagOf[id] ?? "",
                        error: tagError?.0 == id ? tagError?.1 : nil))
            }
        }
        var counts: [String: Int] = [:]
        for answer in answers where !answer.tag.isEmpty { counts[answer.tag, default: 0] += 1 }
        var errors = FieldErrors()
        if let tagError { errors.add("tag-\(tagError.0.uuidString)", tagError.1) }
        return SurveyTextsPage(
            layout: layout, surveyID: try survey.requireID(), title: survey.title,
            fields: fields.map { SelectOption(value: $0.field, label: $0.label, selected: $0.field == chosen?.field) },
            field: chosen?.field, fieldLabel: chosen?.label, answers: answers,
            tagCounts: counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map {
                TagCount(tag: $0.key, count: String($0.value))
            },
            untagged: answers.filter { $0.tag.isEmpty }.count, errors: errors)
    }
}

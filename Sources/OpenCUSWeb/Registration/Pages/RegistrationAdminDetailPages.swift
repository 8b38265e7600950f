import Fluent
import OpenCUSCore
import Vapor

/// The page models of `RegistrationAdminController` (what its templates receive).
extension RegistrationAdminController {
    struct DetailPage: Encodable, Sendable {
        struct Line: Encodable, Sendable {
            let label: String
            let value: String
        }
        struct Change: Encodable, Sendable {
            let at: String
            let actor: String
            let change: String
            let note: String?
        }
        typealias Option = SelectOption
        let layout: Layout
        let eventID: UUID
        let registrationID: UUID
        let title: String
        let name: String
        let state: String
        let stateName: String
        let lines: [Line]
        let history: [Change]
        let canAccept: Bool
        let isActive: Bool
        let workshopOptions: [Option]
        let hasWorkshops: Bool
        let notice: String?
        let error: String?
    }

    struct EditPage: Encodable, Sendable {
        let layout: Layout
        let eventID: UUID
        let registrationID: UUID
        let name: String
        let email: String
        let form: RegistrationFormView
        let showEmail = false
        let showConsentClause = false
    }

    struct ManualPage: Encodable, Sendable {
        typealias Option = SelectOption
        let layout: Layout
        let eventID: UUID
        let title: String
        let form: RegistrationFormView
        let sources: [Option]
        let duplicate: Bool
        let showEmail = true
        let showConsentClause = true
    }
}

extension RegistrationAdminController.DetailPage {
    /// One registration as the organiser sees it: every answer in words, workshops, history.
    static func make(
        _ registration: Registration, context: RegistrationContext, workshops: [RegistrationWorkshop],
        changes: [RegistrationChange], consentVersion: Int, layout: Layout, notice: String?, error: String?
    ) throws -> RegistrationAdminController.DetailPage {
        let registrationID = try registration.requireID()
        let answers = RegistrationService.decodeAnswers(registration.answers)
        let access = RegistrationService.decodeAccessibility(registration.accessibility)
        var lines: [RegistrationAdminController.DetailPage.Line] = [
            .init(label: "E-mail", value: registration.email),
            .init(label: "Telefon", value: registration.phone ?? "—"),
            .init(label: "Instytucja", value: registration.institution),
            .init(label: "Rodzaj instytucji", value: registration.institutionType?.polishName ?? "—"),
            .init(label: "Stanowisko", value: registration.position ?? "—"),
            .init(label: "Województwo", value: registration.voivodeship?.polishName ?? "—"),
            .init(label: "Źródło zgłoszenia", value: registration.source.polishName),
            .init(
                label: "Zgoda RODO",
                value: "klauzula w wersji \(consentVersion), \(WarsawTime.format(registration.consentRodoAt))"),
            .init(label: "Zgoda na wizerunek", value: registration.consentImage ? "tak" : "nie"),
            .init(label: "Zgoda na listę uczestników", value: registration.consentList ? "tak" : "nie"),
        ]
        if let dietary = registration.dietary { lines.append(.init(label: "Wymagania żywieniowe", value: dietary)) }
        if !access.needs.isEmpty || !access.other.isEmpty {
            lines.append(
                .init(
                    label: "Dostępność",
                    value: (access.needs.map(\.polishName) + [access.other]).filter { !$0.isEmpty }.joined(separator: "; ")))
        }
        if let dinner = registration.dinner { lines.append(.init(label: "Kolacja", value: dinner ? "tak" : "nie")) }
        for question in context.questions.map(\.question) {
            guard let values = answers[question.id.uuidString.lowercased()] else { continue }
            let shown =
                question.kind.hasOptions
                ? values.map { v in question.options.first { $0.id == v }?.label ?? v }
                : values.map { $0 == "yes" ? "tak" : ($0 == "no" ? "nie" : $0) }
            lines.append(.init(label: question.label, value: shown.joined(separator: ", ")))
        }
        for row in workshops {
            if let entry = context.alternatives[row.$entry.id] {
                lines.append(.init(label: "Warsztat", value: "\(entry.title) – \(row.placement.polishName)"))
            }
        }
        let chosen = Set(workshops.map { $0.$entry.id })
        return RegistrationAdminController.DetailPage(
            layout: layout,
            eventID: context.eventID, registrationID: registrationID, title: context.event.displayTitle,
            name: registration.fullName,
            state: registration.state.rawValue, stateName: registration.state.polishName, lines: lines,
            history: changes.map {
                .init(
                    at: WarsawTime.format($0.at), actor: $0.actor,
                    change: ($0.fromState.map { "\($0.polishName) → " } ?? "") + $0.toState.polishName, note: $0.note)
            },
            canAccept: registration.state == .pending, isActive: registration.state.isActive,
            workshopOptions: context.workshops.flatMap(\.alternatives).compactMap { id in
                context.alternatives[id].map { .init(value: id.uuidString, label: $0.title, selected: chosen.contains(id)) }
            },
            hasWorkshops: !context.workshops.isEmpty,
            notice: notice, error: error)
    }
}

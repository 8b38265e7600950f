import Fluent
import OpenCUSCore
import Vapor

/// The page models of `RegistrationAdminController` (what its templates receive).
extension RegistrationAdminController {
    struct ListPage: Encodable, Sendable {
        struct Row: Encodable, Sendable {
            let id: UUID
            let name: String
            let email: String
            let institution: String
            let state: String
            let stateName: String
            let workshops: String
            let source: String
            let created: String
        }
        struct Counter: Encodable, Sendable {
            let label: String
            let value: String
        }
        typealias Option = SelectOption
        let layout: Layout
        let eventID: UUID
        let title: String
        let counters: [Counter]
        let workshopCounters: [Counter]
        let rows: [Row]
        let states: [Option]
        let workshops: [Option]
        let institutionTypes: [Option]
        let voivodeships: [Option]
        let query: String
        let filterQuery: String
        /// The filters again, as hidden fields of the export form (the CSV is what the list shows).
        let filterFields: [Confirmation.Page.Field]
        let exportColumns: [ExportColumn]
        let exportPresets: [Option]
        let availability: String
        let summary: String

        struct ExportColumn: Encodable, Sendable {
            let key: String
            let label: String
            let checked: Bool
        }
    }

    struct SettingsPage: Encodable, Sendable {
        struct Question: Encodable, Sendable {
            let id: UUID
            let label: String
            let kind: String
            let required: Bool
            let options: String
        }
        typealias Option = SelectOption
        let layout: Layout
        let eventID: UUID
        let title: String
        let form: RegistrationSettingsForm
        let errors: FieldErrors
        let questions: [Question]
        let kinds: [Option]
        /// What was typed into the new-question form (kept when it is refused).
        let question: QuestionForm
        let consentVersion: Int?
        let notice: String?
        let publicURL: String
    }
}

extension RegistrationAdminController.ListPage {
    /// The list from the filtered rows, the state of every registration (for the counters) and
    /// the seat counts.
    static func make(
        _ event: Event, context: RegistrationContext, rows: [(Registration, [RegistrationWorkshop])],
        states: [RegistrationState], counts: SeatCounts, filters: RegistrationAdminController.Filters, now: Date,
        layout: Layout
    ) throws -> RegistrationAdminController.ListPage {
        func count(_ state: RegistrationState) -> Int { states.filter { $0 == state }.count }
        let confirmed = count(.confirmed)
        return RegistrationAdminController.ListPage(
            layout: layout,
            eventID: try event.requireID(), title: event.displayTitle,
            counters: [
                .init(label: "Potwierdzeni", value: context.settings.capacity.map { "\(confirmed) / \($0)" } ?? "\(confirmed)"),
                .init(label: "Lista rezerwowa", value: "\(count(.waitlisted))"),
                .init(label: "Czekają na akceptację", value: "\(count(.pending))"),
                .init(label: "Zaproponowano miejsce", value: "\(count(.offered))"),
                .init(label: "Anulowane / odrzucone", value: "\(count(.cancelled)) / \(count(.rejected))"),
            ],
            workshopCounters: context.workshops.flatMap(\.alternatives).compactMap { id in
                guard let entry = context.alternatives[id] else { return nil }
                let taken = counts.workshopTaken[id] ?? 0
                return .init(label: entry.title, value: entry.capacity.map { "\(taken) / \($0)" } ?? "\(taken)")
            },
            rows: try rows.map { r, ws in
                .init(
                    id: try r.requireID(), name: r.fullName, email: r.email, institution: r.institution, state: r.state.rawValue,
                    stateName: r.state.polishName,
                    workshops: ws.compactMap { w in
                        context.alternatives[w.$entry.id].map { "\($0.title) (\(w.placement.polishName))" }
                    }.joined(separator: "; "),
                    source: r.source.polishName, created: WarsawTime.format(r.createdAt))
            },
            states: RegistrationState.allCases.map {
                .init(value: $0.rawValue, label: $0.polishName, selected: $0 == filters.state)
            },
            workshops: context.workshops.flatMap(\.alternatives).compactMap { id in
                context.alternatives[id].map { .init(value: id.uuidString, label: $0.title, selected: id == filters.workshop) }
            },
            institutionTypes: InstitutionType.allCases.map {
                .init(value: $0.rawValue, label: $0.polishName, selected: $0 == filters.institutionType)
            },
            voivodeships: Voivodeship.allCases.map {
                .init(value: $0.rawValue, label: $0.polishName, selected: $0 == filters.voivodeship)
            },
            query: filters.search, filterQuery: filters.queryString,
            filterFields: filters.fields,
            exportColumns: RegistrationAdminController.exportColumns.map {
                .init(
                    key: $0.key, label: $0.label, checked: RegistrationAdminController.exportPresets[0].columns.contains($0.key))
            },
            exportPresets: RegistrationAdminController.exportPresets.dropFirst().map {
                .init(value: $0.key, label: $0.label, selected: false)
            },
            availability: context.availability(now: now).polishReason() ?? "Rejestracja jest otwarta.",
            summary: PolishPlural(one: "zgłoszenie", few: "zgłoszenia", many: "zgłoszeń").phrase(rows.count))
    }
}

extension RegistrationAdminController.SettingsPage {
    /// The settings form with the event's own questions (options with their limits) and the RODO clause's version.
    static func make(
        _ event: Event, form: RegistrationSettingsForm, errors: FieldErrors, question: RegistrationAdminController.QuestionForm,
        questions: [RegistrationQuestion], consentVersion: Int?, notice: String?, layout: Layout
    ) throws -> RegistrationAdminController.SettingsPage {
        RegistrationAdminController.SettingsPage(
            layout: layout, eventID: try event.requireID(), title: event.displayTitle, form: form, errors: errors,
            questions: try questions.map {
                Question(
                    id: try $0.requireID(), label: $0.label, kind: $0.kind.polishName, required: $0.required,
                    options: $0.question.options.map { o in o.limit.map { "\(o.label) (limit \($0))" } ?? o.label }
                        .joined(separator: ", "))
            },
            kinds: OpenCUSCore.Question.Kind.allCases.map {
                Option(value: $0.rawValue, label: $0.polishName, selected: $0.rawValue == question.kind)
            },
            question: question, consentVersion: consentVersion, notice: notice,
            publicURL: SiteRoute.publicRegistrationShowForm.url(event.slug))
    }
}

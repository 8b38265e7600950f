import Fluent
import OpenCUSCore
import Vapor

/// The page models of `EventAdminController` (what its templates receive).
extension EventAdminController {
    struct ListPage: Encodable, Sendable {
        struct Row: Encodable, Sendable {
            let id: UUID
            let title: String
            let dates: String
            let status: String
            let statusName: String
        }
        let layout: Layout
        let rows: [Row]
    }

    struct FormPage: Encodable, Sendable {
        typealias Option = SelectOption
        let layout: Layout
        let action: String
        let heading: String
        let form: EventForm
        let errors: FieldErrors
        let kinds: [Option]
        let voivodeships: [Option]
        let cancelURL: String
    }
}

extension EventAdminController.ListPage {
    static func make(_ events: [Event], layout: Layout) throws -> EventAdminController.ListPage {
        EventAdminController.ListPage(
            layout: layout,
            rows: try events.map {
                Row(
                    id: try $0.requireID(), title: $0.displayTitle, dates: EventViews.dates($0.startDay, $0.endDay),
                    status: $0.status.rawValue, statusName: $0.status.polishName)
            })
    }
}

extension EventAdminController.FormPage {
    /// The event form as typed, its kind and voivodeship chosen in the lists.
    static func make(
        form: EventForm, errors: FieldErrors, action: String, heading: String, cancelURL: String, layout: Layout
    ) -> EventAdminController.FormPage {
        EventAdminController.FormPage(
            layout: layout, action: action, heading: heading, form: form, errors: errors,
            kinds: EventKind.allCases.map {
                Option(value: $0.rawValue, label: $0.polishName, selected: $0.rawValue == form.kind)
            },
            voivodeships: Voivodeship.allCases.map {
                Option(value: $0.rawValue, label: $0.polishName, selected: $0.rawValue == form.voivodeship)
            },
            cancelURL: cancelURL)
    }
}

import Fluent
import OpenCUSCore
import Vapor

/// The page models of `EventAdminController` (what its templates receive).
extension EventAdminController {
    struct PersonPage: Encodable, Sendable {
        typealias Option = SelectOption
        let layout: Layout
        let eventID: UUID
        let eventTitle: String
        let personID: UUID
        let form: PersonValues
        let errors: FieldErrors
        let images: [Option]
    }
}

extension EventAdminController.PersonPage {
    /// The person's form with the event's images offered as their photo.
    static func make(
        _ event: Event, person: EventPerson, values: EventAdminController.PersonValues, errors: FieldErrors,
        images: [EventAttachment], layout: Layout
    ) throws -> EventAdminController.PersonPage {
        EventAdminController.PersonPage(
            layout: layout, eventID: try event.requireID(), eventTitle: event.displayTitle, personID: try person.requireID(),
            form: values, errors: errors,
            images: try images.map {
                Option(
                    value: try $0.requireID().uuidString, label: $0.title,
                    selected: try $0.requireID().uuidString == values.photoID)
            })
    }
}

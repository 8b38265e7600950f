import Fluent
import Foundation
import OpenCUSCore
import Vapor

/// What the application form (public and staff) shows: the services of the programme in force
/// as choices, what was typed, and the messages next to the fields.
struct ApplicationFormView: Encodable, Sendable {
    struct Choice: Encodable, Sendable {
        let id: String
        let name: String
        let area: String
        let note: String
        let checked: Bool
    }
    let form: ApplicationForm
    let errors: FieldErrors
    let services: [Choice]
    let roles: [SelectOption]
    let channels: [SelectOption]
    /// The CUS's RODO clause for applications and its version (sent back with the form, so that a
    /// clause changed meanwhile is never recorded as read).
    let rodoClause: String
    let rodoVersion: Int

    static func make(
        _ catalogue: Catalogue, settings: EffectiveIntakeSettings, form: ApplicationForm, errors: FieldErrors,
        channel: String = "in_person"
    ) throws -> ApplicationFormView {
        ApplicationFormView(
            form: form, errors: errors,
            services: try catalogue.services.map { s in
                .init(
                    id: try s.requireID().uuidString, name: s.name, area: s.area.polishName,
                    note: ([s.fee.polishDescription] + s.eligibilitySummary).joined(separator: ", "),
                    checked: form.services.contains(try s.requireID().uuidString))
            },
            roles: ApplicantRole.allCases.map {
                .init(value: $0.rawValue, label: $0.polishName, selected: $0.rawValue == form.applicantRole)
            },
            channels: ApplicationChannel.allCases.filter { $0 != .online }.map {
                .init(value: $0.rawValue, label: $0.polishName, selected: $0.rawValue == channel)
            },
            rodoClause: settings.rodoClause, rodoVersion: settings.rodoVersion)
    }

    /// The clause version the form showed; 0 (no clause has it) when missing or not a number,
    /// so that such a form is treated as consent to a clause the person has not seen.
    static func clauseVersion(_ request: Request) -> Int {
        (try? request.content.get(String.self, at: "rodoVersion")).flatMap { Int($0) } ?? 0
    }

    static func clauseChanged(_ errors: FieldErrors = FieldErrors()) -> FieldErrors {
        var e = errors
        e.add(
            "consentRodo",
            "Klauzula informacyjna zmieniła się, gdy wypełniałeś(-aś) wniosek. Przeczytaj jej nową treść i potwierdź ponownie — nic z wpisanych danych nie zginęło."
        )
        return e
    }

    static func rules(_ catalogue: Catalogue) throws -> [ApplicationForm.ServiceRule] {
        try catalogue.services.map {
            .init(
                id: try $0.requireID().uuidString, name: $0.name, ageMin: $0.ageMin, ageMax: $0.ageMax,
                residenceRequired: $0.residenceRequired)
        }
    }

    /// The form as sent (checkboxes repeat `services`).
    static func decode(_ request: Request) throws -> ApplicationForm {
        struct Raw: Content {
            var applicantRole: String?
            var representativeName: String?
            var representativeBasis: String?
            var representativeContact: String?
            var firstName: String?
            var lastName: String?
            var pesel: String?
            var birthDate: String?
            var street: String?
            var postcode: String?
            var city: String?
            var phone: String?
            var email: String?
            var communicationNeeds: String?
            var accessibilityNeeds: String?
            var services: [String]?
            var situation: String?
            var consentRodo: String?
        }
        let raw = try request.content.decode(Raw.self)
        var f = ApplicationForm()
        f.applicantRole = raw.applicantRole ?? ApplicantRole.person.rawValue
        f.representativeName = raw.representativeName ?? ""
        f.representativeBasis = raw.representativeBasis ?? ""
        f.representativeContact = raw.representativeContact ?? ""
        f.firstName = raw.firstName ?? ""
        f.lastName = raw.lastName ?? ""
        f.pesel = raw.pesel ?? ""
        f.birthDate = raw.birthDate ?? ""
        f.street = raw.street ?? ""
        f.postcode = raw.postcode ?? ""
        f.city = raw.city ?? ""
        f.phone = raw.phone ?? ""
        f.email = raw.email ?? ""
        f.communicationNeeds = raw.communicationNeeds ?? ""
        f.accessibilityNeeds = raw.accessibilityNeeds ?? ""
        f.services = raw.services ?? []
        f.situation = raw.situation ?? ""
        f.consentRodo = raw.consentRodo == "on"
        return f.cleaned()
    }
}

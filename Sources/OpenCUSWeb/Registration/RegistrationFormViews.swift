import Foundation
import OpenCUSCore
import Vapor

/// The registration form as templates see it (public form, self-service edit, manual entry).
struct RegistrationFormView: Encodable, Sendable {
    typealias Option = SelectOption
    struct QuestionView: Encodable, Sendable {
        let field: String
        let label: String
        let help: String?
        let required: Bool
        let kind: String
        let value: String
        let options: [Option]
        let error: String?
    }
    struct GroupView: Encodable, Sendable {
        let field: String
        let title: String
        let multiple: Bool
        let required: Bool
        let alternatives: [Alternative]
        let error: String?
    }
    struct Alternative: Encodable, Sendable {
        let id: String
        let title: String
        let time: String
        let room: String?
        let placesLeft: String?
        let full: Bool
        let selected: Bool
    }

    let values: ParticipantFormValues
    let errors: FieldErrors
    let institutionTypes: [Option]
    let voivodeships: [Option]
    let questions: [QuestionView]
    let groups: [GroupView]
    let askDietary: Bool
    let askAccessibility: Bool
    let askDinner: Bool
    let accessibilityOptions: [Option]
    let consentText: [TextBlock]
    let consentVersion: Int

    static func make(
        context: RegistrationContext, form: ParticipantForm, errors: FieldErrors, counts: SeatCounts, rooms: [UUID: String]
    )
        -> RegistrationFormView
    {
        let questions = context.questions.map(\.question).map { q -> QuestionView in
            let values = form.answers[q.fieldName] ?? []
            let options: [Option]
            switch q.kind {
            case .yesNo:
                options = [("yes", "tak"), ("no", "nie")].map {
                    Option(value: $0.0, label: $0.1, selected: values.contains($0.0))
                }
            default: options = q.options.map { Option(value: $0.id, label: $0.label, selected: values.contains($0.id)) }
            }
            return QuestionView(
                field: q.fieldName, label: q.label, help: q.help, required: q.required, kind: q.kind.rawValue,
                value: values.first ?? "", options: options, error: errors[q.fieldName])
        }
        let groups = context.workshops.map { rule -> GroupView in
            let chosen = Set(form.workshops[rule.fieldName] ?? [])
            return GroupView(
                field: rule.fieldName, title: rule.title, multiple: rule.maxChoices > 1, required: rule.required,
                alternatives: rule.alternatives.compactMap { id in
                    guard let entry = context.alternatives[id] else { return nil }
                    let left = counts.workshopPlacesLeft(id)
                    let start = EventViews.time(entry.startsAt).text
                    let end = entry.endsAt.map { "–" + EventViews.time($0).text } ?? ""
                    return Alternative(
                        id: id.uuidString, title: entry.title,
                        time: "\(WallClock.local(entry.startsAt).day.polish), \(start)\(end)",
                        room: entry.$room.id.flatMap { rooms[$0] }, placesLeft: left.map(PolishPlural.placesLeft),
                        full: left == 0, selected: chosen.contains(id.uuidString))
                },
                error: errors[rule.fieldName])
        }
        return RegistrationFormView(
            values: ParticipantFormValues(form),
            errors: errors,
            institutionTypes: InstitutionType.allCases.map {
                Option(value: $0.rawValue, label: $0.polishName, selected: $0.rawValue == form.institutionType)
            },
            voivodeships: Voivodeship.allCases.map {
                Option(value: $0.rawValue, label: $0.polishName, selected: $0.rawValue == form.voivodeship)
            },
            questions: questions, groups: groups,
            askDietary: context.settings.askDietary, askAccessibility: context.settings.askAccessibility,
            askDinner: context.settings.askDinner,
            accessibilityOptions: AccessibilityNeed.allCases.map {
                Option(value: $0.rawValue, label: $0.polishName, selected: form.accessibility.contains($0.rawValue))
            },
            consentText: TextBlock.parse(context.consent.text), consentVersion: context.consent.version
        )
    }
}

/// Typed values echoed back into the form after an error.
struct ParticipantFormValues: Encodable, Sendable {
    let firstName, lastName, email, phone, institution, position, dietary, accessibilityOther, dinner: String
    let consentRodo, consentImage, consentList: Bool

    init(_ f: ParticipantForm) {
        firstName = f.firstName
        lastName = f.lastName
        email = f.email
        phone = f.phone
        institution = f.institution
        position = f.position
        dietary = f.dietary
        accessibilityOther = f.accessibilityOther
        dinner = f.dinner
        consentRodo = f.consentRodo
        consentImage = f.consentImage
        consentList = f.consentList
    }
}

extension ParticipantForm {
    /// Reads a urlencoded or multipart form body: fixed fields by name, `q-<id>` answers,
    /// `w-<id>` workshop choices (repeated for several values).
    static func decode(_ request: Request) throws -> ParticipantForm {
        struct Fixed: Content {
            var firstName, lastName, email, phone, institution, institutionType, position, voivodeship, dietary,
                accessibilityOther, dinner: String?
            var accessibility: [String]?
            var consentRodo, consentImage, consentList: String?
        }
        let fixed = try request.content.decode(Fixed.self)
        var form = ParticipantForm()
        form.firstName = fixed.firstName ?? ""
        form.lastName = fixed.lastName ?? ""
        form.email = fixed.email ?? ""
        form.phone = fixed.phone ?? ""
        form.institution = fixed.institution ?? ""
        form.institutionType = fixed.institutionType ?? ""
        form.position = fixed.position ?? ""
        form.voivodeship = fixed.voivodeship ?? ""
        form.dietary = fixed.dietary ?? ""
        form.accessibility = fixed.accessibility ?? []
        form.accessibilityOther = fixed.accessibilityOther ?? ""
        form.dinner = fixed.dinner ?? ""
        form.consentRodo = fixed.consentRodo != nil
        form.consentImage = fixed.consentImage != nil
        form.consentList = fixed.consentList != nil
        // Dynamic fields: read every pair of the raw body.
        let body = request.body.string ?? ""
        for pair in body.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            guard parts.count == 2 else { continue }
            let name = parts[0].hasSuffix("[]") ? String(parts[0].dropLast(2)) : parts[0]
            if name.hasPrefix("q-") { form.answers[name, default: []].append(parts[1]) }
            if name.hasPrefix("w-") { form.workshops[name, default: []].append(parts[1]) }
        }
        return form
    }
}

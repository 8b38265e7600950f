import Foundation
import OpenCUSCore

/// A refusal decision (or notice) as an A4 letter, with its delivery and appeal record.
struct DecisionLetterPage: Encodable, Sendable {
    let layout: Layout
    /// "Decyzja" or "Informacja o odmowie" (the CUS's setting when it was issued).
    let title: String
    let isDecision: Bool
    let organisation: String
    let organisationAddress: String
    let number: String
    let issuedOn: String
    let person: String
    let address: String
    let service: String
    let applicationNumber: String
    let received: String
    let legalBasis: String
    let reasons: String
    let appealInstruction: String
    let signatoryName: String
    let signatoryFunction: String
    let applicationID: UUID
    let decisionID: UUID
    let appealStatus: String
    let appeal: AppealForm
    let results: [SelectOption]
    let errors: FieldErrors
    let notice: String?
}

extension DecisionLetterPage {
    /// The letter with the appeal record as stored, or as typed after an error.
    static func make(
        _ decision: RefusalDecision, organisation: Organisation, person: Person, service: ServiceDefinition,
        application: ServiceApplication, settings: EffectiveIntakeSettings, typed: AppealForm?, errors: FieldErrors,
        notice: String?, today: CalendarDay, layout: Layout
    ) throws -> DecisionLetterPage {
        var stored = AppealForm()
        stored.deliveredOn = decision.deliveredOn?.iso ?? ""
        stored.appealLodgedOn = decision.appealLodgedOn?.iso ?? ""
        stored.appealResult = decision.appealResult?.rawValue ?? ""
        stored.appealResultOn = decision.appealResultOn?.iso ?? ""
        let shown = typed ?? stored
        return DecisionLetterPage(
            layout: layout, title: decision.kind.title, isDecision: decision.isDecision, organisation: organisation.name,
            organisationAddress: [
                organisation.street, [organisation.postcode, organisation.city].compactMap { $0 }.joined(separator: " "),
            ].compactMap { $0 }.joined(separator: ", "),
            number: decision.number, issuedOn: decision.issuedOn.polish, person: person.fullName,
            address: PersonController.address(person), service: service.name, applicationNumber: application.number,
            received: CalendarDay(application.receivedAt, in: WallClock.warsaw).polish,
            legalBasis: decision.legalBasis, reasons: decision.reasons, appealInstruction: decision.appealInstruction,
            signatoryName: decision.signatoryName, signatoryFunction: decision.signatoryFunction,
            applicationID: try application.requireID(), decisionID: try decision.requireID(),
            appealStatus: decision.statusText(appealDays: settings.rules.appealDays, today: today),
            appeal: shown,
            results: [SelectOption(value: "", label: "— brak —", selected: shown.appealResult.isEmpty)]
                + AppealResult.allCases.map {
                    SelectOption(value: $0.rawValue, label: $0.polishName, selected: $0.rawValue == shown.appealResult)
                },
            errors: errors, notice: notice)
    }
}

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
    let hasErrors: Bool
    let notice: String?
}

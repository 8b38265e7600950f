import Foundation
import OpenCUSCore

/// The register of refusal decisions of the organisation.
struct DecisionRegisterPage: Encodable, Sendable {
    struct Row: Encodable, Sendable {
        let id: UUID
        let number: String
        let issuedOn: String
        let person: String
        let service: String
        let kind: String
        let delivered: String
        let status: String
    }
    let layout: Layout
    let rows: [Row]
}

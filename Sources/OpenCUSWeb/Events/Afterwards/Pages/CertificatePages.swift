import Fluent
import OpenCUSCore
import Vapor

/// The page models of `CertificateController` (what its templates receive).
extension CertificateController {
    struct PrintPage: Encodable, Sendable {
        let backURL: String
        let backLabel: String
        let title: String
        let certificates: [Document]
    }

    struct RegisterPage: Encodable, Sendable {
        struct Row: Encodable, Sendable {
            let number: String
            let issuedOn: String
            let event: String
            let participant: String
            let reissues: String
        }
        let layout: Layout
        let year: Int
        let years: [SelectOption]
        let rows: [Row]
        let summary: String
    }

    struct Page: Encodable, Sendable {
        struct Row: Encodable, Sendable {
            let registrationID: UUID
            let name: String
            let institution: String
            let days: String
            let certificateID: UUID?
            let number: String?
            let reissues: Int
        }
        let layout: Layout
        let eventID: UUID
        let title: String
        let form: CertificateSettingsForm
        let errors: FieldErrors
        let configured: Bool
        let programmeHours: String
        let rows: [Row]
        let waiting: Int
        let issued: Int
        let notice: String?
    }
}

import Fluent
import OpenCUSCore
import Vapor

/// The page models of `CaseworkController` (what its templates receive).
extension CaseworkController {
    struct SettingsPage: Encodable, Sendable {
        let layout: Layout
        let form: IntakeSettingsForm
        let errors: FieldErrors
        let hasErrors: Bool
        let version: Int
        let notice: String?
    }
}

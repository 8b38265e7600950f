import Fluent
import OpenCUSCore
import SQLKit
import Vapor

/// The page models of `PasswordReset` (what its templates receive).
extension PasswordReset {
    struct Page: Encodable, Sendable {
        let layout: Layout
        let token: String
        let valid: Bool
        let errors: FieldErrors
    }
}

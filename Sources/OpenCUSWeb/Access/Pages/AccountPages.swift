import Fluent
import OpenCUSCore
import SQLKit
import Vapor

/// The page models of `AccountController` (what its templates receive).
extension AccountController {
    struct AccountPage: Encodable, Sendable {
        struct SessionRow: Encodable, Sendable {
            let id: UUID
            let device: String
            let started: String
            let lastSeen: String
            let current: Bool
        }
        let layout: Layout
        let name: String
        let email: String
        let passwordChanged: String?
        let twoFactorEnabled: Bool
        let twoFactorSince: String?
        let recoveryCodesLeft: Int
        let sessions: [SessionRow]
        let otherSessions: Int
        let errors: FieldErrors
        let notice: String?
    }

    struct SetupPage: Encodable, Sendable {
        let layout: Layout
        let required: Bool
        let secretGrouped: String
        let uri: String
        let error: String?
        /// Shown once, right after the second factor was switched on.
        let recoveryCodes: [String]
    }
}

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

extension AccountController.AccountPage {
    /// The account with its live sessions (newest first), the current one marked.
    static func make(
        _ user: User, sessions: [StaffSession], currentSession: UUID?, recoveryCodesLeft: Int, errors: FieldErrors,
        notice: String?, layout: Layout
    ) throws -> AccountController.AccountPage {
        AccountController.AccountPage(
            layout: layout,
            name: user.name, email: user.email, passwordChanged: user.passwordChangedAt.map(WarsawTime.format),
            twoFactorEnabled: user.totpEnabledAt != nil, twoFactorSince: user.totpEnabledAt.map(WarsawTime.format),
            recoveryCodesLeft: recoveryCodesLeft,
            sessions: try sessions.map {
                SessionRow(
                    id: try $0.requireID(), device: $0.device ?? "nieznane urządzenie", started: WarsawTime.format($0.createdAt),
                    lastSeen: WarsawTime.format($0.lastSeenAt), current: $0.id == currentSession)
            },
            otherSessions: sessions.filter { $0.id != currentSession }.count,
            errors: errors, notice: notice)
    }
}

extension AccountController.SetupPage {
    /// The secret in groups of four for typing and as the `otpauth://` address an authenticator app reads.
    static func make(_ user: User, required: Bool, error: String?, recoveryCodes: [String], layout: Layout)
        -> AccountController.SetupPage
    {
        let secret = user.totpSecret ?? ""
        return AccountController.SetupPage(
            layout: layout, required: required, secretGrouped: Base32.grouped(secret),
            uri: TOTP(secret: Base32.decode(secret) ?? []).provisioningURI(account: user.email, issuer: "OpenCUS"),
            error: error, recoveryCodes: recoveryCodes)
    }
}

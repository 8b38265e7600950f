import Fluent
import Foundation

/// A failed login, kept for the throttling window only. The key is a SHA-256 of the e-mail or
/// the network address, so the table holds no personal data in the clear.
final class LoginFailure: Model, @unchecked Sendable {
    static let schema = "login_failures"

    enum Scope: String, Codable, Sendable {
        case account
        case address
        /// Wrong passwords typed on a known device (see `KnownDevices`).
        case device
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "scope") var scope: Scope
    @Field(key: "key_hash") var keyHash: String
    @Field(key: "failed_at") var failedAt: Date

    init() {}

    init(scope: Scope, keyHash: String, failedAt: Date) {
        self.scope = scope
        self.keyHash = keyHash
        self.failedAt = failedAt
    }
}

import Fluent
import Foundation

/// A staff account. Residents and event participants are not users: they never log in here
/// (they use links sent by e-mail), which keeps this table small and privileged.
final class User: Model, @unchecked Sendable {
    static let schema = "users"

    @ID(key: .id) var id: UUID?
    /// Lower-cased (see `EmailAddress`), unique.
    @Field(key: "email") var email: String
    @Field(key: "name") var name: String
    @Field(key: "password_hash") var passwordHash: String
    @Field(key: "is_active") var isActive: Bool
    @OptionalField(key: "last_login_at") var lastLoginAt: Date?
    /// Base32 TOTP secret; set while enrolling, in use once `totpEnabledAt` is set.
    @OptionalField(key: "totp_secret") var totpSecret: String?
    /// The last accepted 30-second step: a code is never accepted twice.
    @OptionalField(key: "totp_last_step") var totpLastStep: Int64?
    @OptionalField(key: "totp_enabled_at") var totpEnabledAt: Date?
    @OptionalField(key: "password_changed_at") var passwordChangedAt: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    @Children(for: \.$user) var memberships: [Membership]

    init() {}

    init(id: UUID? = nil, email: String, name: String, passwordHash: String, isActive: Bool = true) {
        self.id = id
        self.email = email
        self.name = name
        self.passwordHash = passwordHash
        self.isActive = isActive
    }
}

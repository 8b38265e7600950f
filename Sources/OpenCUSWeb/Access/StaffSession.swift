import Fluent
import Foundation

/// A logged-in staff session, stored in the database so that several app instances behind a
/// load balancer share it. The cookie holds a random token; only its SHA-256 is stored, so a
/// leaked database backup does not let anyone take over a session.
final class StaffSession: Model, @unchecked Sendable {
    static let schema = "staff_sessions"

    @ID(key: .id) var id: UUID?
    @Field(key: "token_hash") var tokenHash: String
    @Parent(key: "user_id") var user: User
    /// The organisation the person is currently acting for (one of their memberships).
    @OptionalParent(key: "organisation_id") var organisation: Organisation?
    @Field(key: "csrf_token") var csrfToken: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "last_seen_at") var lastSeenAt: Date
    @Field(key: "expires_at") var expiresAt: Date
    /// "Firefox, Linux": enough to recognise one's own sessions in the list.
    @OptionalField(key: "device") var device: String?

    init() {}

    init(tokenHash: String, userID: UUID, organisationID: UUID?, csrfToken: String, now: Date, expiresAt: Date) {
        self.tokenHash = tokenHash
        self.$user.id = userID
        self.$organisation.id = organisationID
        self.csrfToken = csrfToken
        self.createdAt = now
        self.lastSeenAt = now
        self.expiresAt = expiresAt
    }
}

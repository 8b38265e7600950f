import Fluent
import Foundation
import OpenCUSCore

/// One role of one user in one organisation (user × organisation × role).
final class Membership: Model, @unchecked Sendable {
    static let schema = "memberships"

    @ID(key: .id) var id: UUID?
    @Parent(key: "user_id") var user: User
    @Parent(key: "organisation_id") var organisation: Organisation
    @Field(key: "role") var role: Role
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    init() {}

    init(id: UUID? = nil, userID: UUID, organisationID: UUID, role: Role) {
        self.id = id
        self.$user.id = userID
        self.$organisation.id = organisationID
        self.role = role
    }
}

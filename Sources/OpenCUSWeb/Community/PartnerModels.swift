import Fluent
import Foundation
import OpenCUSCore

/// A partner of the centre in the community; activities may name one as their organiser.
final class Partner: Model, OrganisationOwned, @unchecked Sendable {
    static let schema = "partners"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Field(key: "name") var name: String
    @Field(key: "kind") var kind: PartnerKind
    @Field(key: "locality") var locality: String
    @Field(key: "contact_person") var contactPerson: String
    @Field(key: "phone") var phone: String
    @Field(key: "email") var email: String
    @Field(key: "contribution") var contribution: String
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(id: UUID? = nil, organisationID: UUID, valid: PartnerForm.Valid, now: Date) {
        self.id = id
        self.$organisation.id = organisationID
        self.createdAt = now
        apply(valid)
    }

    func apply(_ v: PartnerForm.Valid) {
        (name, kind, locality, contactPerson) = (v.name, v.kind, v.locality, v.contactPerson)
        (phone, email, contribution) = (v.phone, v.email, v.contribution)
    }

    /// The organisation's partners' names by id, for the forms that may point to one.
    static func names(_ organisationID: UUID, on db: any Database) async throws -> [UUID: String] {
        Dictionary(
            uniqueKeysWithValues: try await scoped(to: organisationID, on: db).all().compactMap { p in p.id.map { ($0, p.name) } }
        )
    }

    var form: PartnerForm {
        var f = PartnerForm()
        (f.name, f.kind, f.locality, f.contactPerson) = (name, kind.rawValue, locality, contactPerson)
        (f.phone, f.email, f.contribution) = (phone, email, contribution)
        return f
    }
}

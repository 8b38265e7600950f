import Fluent
import Foundation

/// A row that belongs to one organisation (tenant). Staff queries go through `scoped(to:)`, so
/// a record of another organisation is simply not found: the handler answers 404, which does
/// not even reveal that the record exists.
protocol OrganisationOwned: Model where IDValue == UUID {}

extension OrganisationOwned {
    static func scoped(to organisationID: UUID, on database: any Database) -> QueryBuilder<Self> {
        query(on: database).filter(FieldKey("organisation_id"), .equal, organisationID)
    }

    static func find(_ id: UUID?, in organisationID: UUID, on database: any Database) async throws -> Self? {
        guard let id else { return nil }
        return try await scoped(to: organisationID, on: database).filter(\._$id == id).first()
    }
}

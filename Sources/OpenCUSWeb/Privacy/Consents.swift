import Fluent
import Foundation
import OpenCUSCore
import SQLKit

final class ConsentRecord: Model, OrganisationOwned, @unchecked Sendable {
    static let schema = "consent_records"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Field(key: "subject_type") var subjectType: String
    @Field(key: "subject_id") var subjectID: UUID
    @Field(key: "purpose") var purpose: ConsentPurpose
    @OptionalField(key: "text_version_id") var textVersionID: UUID?
    @Field(key: "given_at") var givenAt: Date
    @Field(key: "given_by") var givenBy: String
    @OptionalField(key: "withdrawn_at") var withdrawnAt: Date?
    @OptionalField(key: "withdrawn_by") var withdrawnBy: String?

    init() {}

    init(
        id: UUID? = nil,
        organisationID: UUID,
        subjectType: String,
        subjectID: UUID,
        purpose: ConsentPurpose,
        textVersionID: UUID? = nil,
        givenAt: Date,
        givenBy: String,
        withdrawnAt: Date? = nil,
        withdrawnBy: String? = nil
    ) {
        self.id = id
        self.$organisation.id = organisationID
        self.subjectType = subjectType
        self.subjectID = subjectID
        self.purpose = purpose
        self.textVersionID = textVersionID
        self.givenAt = givenAt
        self.givenBy = givenBy
        self.withdrawnAt = withdrawnAt
        self.withdrawnBy = withdrawnBy
    }
}

/// Consent records for registrations, written in the transaction of the registration change.
/// "By whom" is the person themselves, or the staff member who typed in a form they received.
enum Consents {
    static func given(
        _ purposes: [ConsentPurpose], registration: Registration, textVersionID: UUID?, by: String, now: Date, on db: any Database
    ) async throws {
        guard !purposes.isEmpty else { return }
        var insert = try db.sql().insert(into: ConsentRecord.schema)
            .columns("id", "organisation_id", "subject_type", "subject_id", "purpose", "text_version_id", "given_at", "given_by")
        for purpose in purposes {
            insert = insert.values(
                SQLBind(UUID()), SQLBind(registration.$organisation.id), SQLBind("registration"),
                SQLBind(try registration.requireID()),
                SQLBind(purpose.rawValue), SQLBind(purpose == .rodoClause ? textVersionID : nil), SQLBind(now), SQLBind(by))
        }
        try await insert.run()
    }

    static func withdrawn(_ purpose: ConsentPurpose, registrationID: UUID, by: String, now: Date, on db: any Database)
        async throws
    {
        try await db.sql().update(ConsentRecord.schema)
            .set("withdrawn_at", to: SQLBind(now)).set("withdrawn_by", to: SQLBind(by))
            .where("subject_id", .equal, SQLBind(registrationID)).where("purpose", .equal, SQLBind(purpose.rawValue))
            .where("withdrawn_at", .is, SQLLiteral.null)
            .run()
    }

    /// Who gave or withdrew, as recorded: the participant, or "pracownik: NAME" on their behalf.
    static func by(_ actor: RegistrationActor) -> String {
        switch actor {
        case .participant: "osoba, której dane dotyczą"
        case .system: "system"
        case .staff(let staff): "pracownik: \(staff.name) (w imieniu osoby)"
        }
    }
}

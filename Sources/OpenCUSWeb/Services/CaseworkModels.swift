import Fluent
import Foundation
import OpenCUSCore
import SQLKit

/// A CUS's own deadlines and its RODO clause for applications. A missing row means the act's
/// defaults (`IntakeRules()`) and the built-in clause (version 1).
final class IntakeSettings: Model, OrganisationOwned, @unchecked Sendable {
    static let schema = "intake_settings"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Field(key: "assessment_days") var assessmentDays: Int
    @Field(key: "ipus_days") var ipusDays: Int
    @Field(key: "appeal_days") var appealDays: Int
    @Field(key: "appeal_body") var appealBody: String
    @Field(key: "rodo_clause") var rodoClause: String
    /// Raised each time the clause text changes; every application records the version it accepted.
    @Field(key: "rodo_version") var rodoVersion: Int
    @Field(key: "refusal_is_decision") var refusalIsDecision: Bool
    @Field(key: "updated_at") var updatedAt: Date
    @Field(key: "updated_by") var updatedBy: String

    init() {}
}

/// The settings in effect for one organisation.
struct EffectiveIntakeSettings: Sendable {
    let rules: IntakeRules
    let appealBody: String
    let rodoClause: String
    let rodoVersion: Int

    static func defaultClause(_ organisation: Organisation) -> String {
        """
        Administratorem Twoich danych osobowych jest \(organisation.name)\(organisation.city.map { " w miejscowości \($0)" } ?? ""). \
        Z inspektorem ochrony danych skontaktujesz się\(organisation.email.map { " pod adresem \($0) lub" } ?? "") pisemnie na adres centrum. \
        Dane przetwarzamy, aby rozpatrzyć wniosek, ocenić potrzeby i zapewnić usługi społeczne (art. 6 ust. 1 lit. c i e oraz art. 9 ust. 2 lit. b, g i h RODO \
        w związku z ustawą z dnia 19 lipca 2019 r. o realizowaniu usług społecznych przez centrum usług społecznych). \
        Dane mogą otrzymać realizatorzy usług, do których zostaniesz zakwalifikowany(-a), oraz podmioty uprawnione z mocy prawa. \
        Przechowujemy je przez okres wynikający z przepisów o archiwizacji (wnioski bez decyzji 5 lat, sprawy z decyzją 10 lat od zakończenia). \
        Masz prawo dostępu do danych, ich sprostowania, ograniczenia przetwarzania, sprzeciwu oraz skargi do Prezesa Urzędu Ochrony Danych Osobowych. \
        Podanie danych jest warunkiem rozpatrzenia wniosku.
        """
    }

    static func load(_ organisation: Organisation, on db: any Database) async throws -> EffectiveIntakeSettings {
        guard let row = try await IntakeSettings.scoped(to: organisation.id!, on: db).first() else {
            return EffectiveIntakeSettings(rules: IntakeRules(), appealBody: "Samorządowego Kolegium Odwoławczego", rodoClause: defaultClause(organisation), rodoVersion: 1)
        }
        return EffectiveIntakeSettings(
            rules: IntakeRules(assessmentDays: row.assessmentDays, ipusDays: row.ipusDays, appealDays: row.appealDays, refusalIsDecision: row.refusalIsDecision),
            appealBody: row.appealBody, rodoClause: row.rodoClause, rodoVersion: row.rodoVersion)
    }
}

/// Every text of the application RODO clause a CUS has used, so that the version an application
/// accepted can always be shown.
final class ApplicationClauseVersion: Model, OrganisationOwned, @unchecked Sendable {
    static let schema = "application_clause_versions"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Field(key: "version") var version: Int
    @Field(key: "text") var text: String
    @Field(key: "adopted_at") var adoptedAt: Date

    init() {}

    static func text(organisation: Organisation, version: Int, on db: any Database) async throws -> String? {
        if let row = try await ApplicationClauseVersion.scoped(to: organisation.id!, on: db).filter(\.$version == version).first() { return row.text }
        return version == 1 ? EffectiveIntakeSettings.defaultClause(organisation) : nil
    }
}

/// The coordinator's needs assessment of one application (one per application).
final class NeedsAssessment: Model, OrganisationOwned, @unchecked Sendable {
    static let schema = "needs_assessments"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "application_id") var application: ServiceApplication
    @OptionalField(key: "scheduled_on") var scheduledOn: String?
    @Field(key: "place") var place: AssessmentPlace
    @Field(key: "place_note") var placeNote: String
    @OptionalField(key: "done_on") var doneOn: String?
    @Field(key: "findings") var findings: String
    @Field(key: "ipus_needed") var ipusNeeded: Bool
    /// 30 days from the application (IntakeRules.ipusDays) once the IPUS flag is set.
    @OptionalField(key: "ipus_due") var ipusDue: String?
    @Field(key: "coordinator") var coordinator: String
    @Field(key: "updated_at") var updatedAt: Date

    init() {}
}

struct M0014_Casework: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("intake_settings")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id", onDelete: .cascade))
            .field("assessment_days", .int, .required)
            .field("ipus_days", .int, .required)
            .field("appeal_days", .int, .required)
            .field("appeal_body", .string, .required)
            .field("rodo_clause", .string, .required)
            .field("rodo_version", .int, .required)
            .field("updated_at", .datetime, .required)
            .field("updated_by", .string, .required)
            .unique(on: "organisation_id", name: "uq_intake_settings_org")
            .create()
        try await database.schema("application_clause_versions")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id", onDelete: .cascade))
            .field("version", .int, .required)
            .field("text", .string, .required)
            .field("adopted_at", .datetime, .required)
            .unique(on: "organisation_id", "version", name: "uq_application_clause_versions")
            .create()
        try await database.schema("needs_assessments")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id", onDelete: .cascade))
            .field("application_id", .uuid, .required, .references("service_applications", "id", onDelete: .cascade))
            .field("scheduled_on", .string)
            .field("place", .string, .required)
            .field("place_note", .string, .required)
            .field("done_on", .string)
            .field("findings", .string, .required)
            .field("ipus_needed", .bool, .required)
            .field("ipus_due", .string)
            .field("coordinator", .string, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "application_id", name: "uq_needs_assessments_application")
            .create()
        // SQLite: one column per ALTER TABLE.
        for (table, column, type) in [
            ("application_services", "routed_to", DatabaseSchema.DataType.string),
            ("application_services", "routing_consent_at", .datetime),
            ("refusal_decisions", "appeal_lodged_on", .string),
            ("refusal_decisions", "appeal_result", .string),
            ("refusal_decisions", "appeal_result_on", .string),
        ] {
            try await database.schema(table).field(.definition(name: .key(FieldKey(stringLiteral: column)), dataType: type, constraints: [])).update()
        }
        let sql = try database.sql()
        // The intake dashboard's lists (open outcomes of one organisation) and the person search.
        try await sql.create(index: "idx_application_services_org_outcome").on("application_services").column("organisation_id").column("outcome")
            .column("application_id").column("received_at").run()
        try await sql.create(index: "idx_persons_org_pesel_lookup").on("persons").column("organisation_id").column("pesel").run()
        try await sql.create(index: "idx_enrolments_person").on("enrolments").column("person_id").run()
        try await sql.create(index: "idx_needs_assessments_ipus").on("needs_assessments").column("organisation_id").column("ipus_needed").column("ipus_due").run()
        try await sql.create(index: "idx_service_applications_person").on("service_applications").column("person_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("needs_assessments").delete()
        try await database.schema("application_clause_versions").delete()
        try await database.schema("intake_settings").delete()
    }
}

/// Whether a refusal is a decision is the CUS's setting (the reform may change it); each refusal
/// record keeps the form it was issued in.
struct M0015_RefusalKind: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("intake_settings").field("refusal_is_decision", .bool, .required, .sql(.default(true))).update()
        try await database.schema("refusal_decisions").field("kind", .string, .required, .sql(.default(RefusalKind.decision.rawValue))).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("refusal_decisions").deleteField("kind").update()
        try await database.schema("intake_settings").deleteField("refusal_is_decision").update()
    }
}

/// The availability counts read the reserve list and its open offers in one pass over this
/// covering index instead of visiting every reserve row for `offered_at` (measured in
/// docs/benchmarks.md).
struct M0017_AvailabilityIndex: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = try database.sql()
        try await sql.drop(index: "idx_application_services_service").run()
        try await sql.create(index: "idx_application_services_service_offer").on("application_services").column("service_id").column("outcome")
            .column("offered_at").run()
        // The dashboard's counters join every open application to its due day and assessment:
        // with these both joins are answered from the index (PostgreSQL: no heap visits).
        try await sql.create(index: "idx_service_applications_id_due").on("service_applications").column("id").column("assessment_due").run()
        try await sql.create(index: "idx_needs_assessments_application_done").on("needs_assessments").column("application_id").column("done_on").column("id").run()
    }

    func revert(on database: any Database) async throws {
        let sql = try database.sql()
        try await sql.drop(index: "idx_needs_assessments_application_done").run()
        try await sql.drop(index: "idx_service_applications_id_due").run()
        try await sql.drop(index: "idx_application_services_service_offer").run()
        try await sql.create(index: "idx_application_services_service").on("application_services").column("service_id").column("outcome").run()
    }
}

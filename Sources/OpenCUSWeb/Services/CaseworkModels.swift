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

    init(
        id: UUID? = nil,
        organisationID: UUID,
        assessmentDays: Int,
        ipusDays: Int,
        appealDays: Int,
        appealBody: String,
        rodoClause: String,
        rodoVersion: Int,
        refusalIsDecision: Bool,
        updatedAt: Date,
        updatedBy: String
    ) {
        self.id = id
        self.$organisation.id = organisationID
        self.assessmentDays = assessmentDays
        self.ipusDays = ipusDays
        self.appealDays = appealDays
        self.appealBody = appealBody
        self.rodoClause = rodoClause
        self.rodoVersion = rodoVersion
        self.refusalIsDecision = refusalIsDecision
        self.updatedAt = updatedAt
        self.updatedBy = updatedBy
    }
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
        guard let row = try await IntakeSettings.scoped(to: organisation.requireID(), on: db).first() else {
            return EffectiveIntakeSettings(
                rules: IntakeRules(), appealBody: "Samorządowego Kolegium Odwoławczego", rodoClause: defaultClause(organisation),
                rodoVersion: 1)
        }
        return EffectiveIntakeSettings(
            rules: IntakeRules(
                assessmentDays: row.assessmentDays, ipusDays: row.ipusDays, appealDays: row.appealDays,
                refusalIsDecision: row.refusalIsDecision),
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

    init(
        id: UUID? = nil,
        organisationID: UUID,
        version: Int,
        text: String,
        adoptedAt: Date
    ) {
        self.id = id
        self.$organisation.id = organisationID
        self.version = version
        self.text = text
        self.adoptedAt = adoptedAt
    }

    static func text(organisation: Organisation, version: Int, on db: any Database) async throws -> String? {
        if let row = try await ApplicationClauseVersion.scoped(to: organisation.requireID(), on: db).filter(\.$version == version)
            .first()
        {
            return row.text
        }
        return version == 1 ? EffectiveIntakeSettings.defaultClause(organisation) : nil
    }
}

/// The coordinator's needs assessment of one application (one per application).
final class NeedsAssessment: Model, OrganisationOwned, @unchecked Sendable {
    static let schema = "needs_assessments"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "application_id") var application: ServiceApplication
    @OptionalField(key: "scheduled_on") var scheduledOn: CalendarDay?
    @Field(key: "place") var place: AssessmentPlace
    @Field(key: "place_note") var placeNote: String
    @OptionalField(key: "done_on") var doneOn: CalendarDay?
    @Field(key: "findings") var findings: String
    @Field(key: "ipus_needed") var ipusNeeded: Bool
    /// 30 days from the application (IntakeRules.ipusDays) once the IPUS flag is set.
    @OptionalField(key: "ipus_due") var ipusDue: CalendarDay?
    @Field(key: "coordinator") var coordinator: String
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    init(
        id: UUID? = nil,
        organisationID: UUID,
        applicationID: UUID,
        scheduledOn: CalendarDay? = nil,
        place: AssessmentPlace,
        placeNote: String,
        doneOn: CalendarDay? = nil,
        findings: String,
        ipusNeeded: Bool,
        ipusDue: CalendarDay? = nil,
        coordinator: String,
        updatedAt: Date
    ) {
        self.id = id
        self.$organisation.id = organisationID
        self.$application.id = applicationID
        self.scheduledOn = scheduledOn
        self.place = place
        self.placeNote = placeNote
        self.doneOn = doneOn
        self.findings = findings
        self.ipusNeeded = ipusNeeded
        self.ipusDue = ipusDue
        self.coordinator = coordinator
        self.updatedAt = updatedAt
    }
}

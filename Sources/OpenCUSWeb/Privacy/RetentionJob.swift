import Fluent
import Foundation
import OpenCUSCore
import SQLKit
import Vapor

final class RetentionRule: Model, OrganisationOwned, @unchecked Sendable {
    static let schema = "retention_rules"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Field(key: "record_type") var recordType: RetentionRecordType
    @Field(key: "months") var months: Int
    @OptionalField(key: "updated_at") var updatedAt: Date?

    init() {}

    init(
        id: UUID? = nil,
        organisationID: UUID,
        recordType: RetentionRecordType,
        months: Int,
        updatedAt: Date? = nil
    ) {
        self.id = id
        self.$organisation.id = organisationID
        self.recordType = recordType
        self.months = months
        self.updatedAt = updatedAt
    }
}

/// The organisation's retention periods: its own rule where it set one, the default otherwise.
struct RetentionSettings: Sendable {
    let months: [RetentionRecordType: Int]
    let custom: Set<RetentionRecordType>

    subscript(type: RetentionRecordType) -> Int { months[type] ?? type.defaultMonths }

    static func load(_ organisationID: UUID, on db: any Database) async throws -> RetentionSettings {
        let rules = try await RetentionRule.scoped(to: organisationID, on: db).all()
        var months: [RetentionRecordType: Int] = [:]
        for type in RetentionRecordType.allCases { months[type] = type.defaultMonths }
        for rule in rules { months[rule.recordType] = rule.months }
        return RetentionSettings(months: months, custom: Set(rules.map(\.recordType)))
    }
}

/// Applies the retention rules: registrations of events past their period are anonymised,
/// audit records past theirs are deleted oldest first (the chain's anchor moves with them).
/// Idempotent: a second run finds nothing due. Logs counts only.
enum RetentionJob {
    struct EventDue: Sendable, Encodable {
        let eventID: UUID
        let title: String
        let endDay: String
        let funded: Bool
        let registrations: Int
    }

    struct Plan: Sendable {
        let organisationID: UUID
        let events: [EventDue]
        let auditRecords: Int
        let auditCutoff: Date
        /// Registry persons whose applications are past their period (nothing open).
        let persons: [UUID]
        /// Consultation comments whose authors' names and addresses are past their period.
        let consultationComments: [ConsultationComment]
        /// Contacts left in surveys closed longer than the same period.
        var surveyContacts: [SurveyResponse] = []
        /// Sign-ups for activities and volunteers past their periods.
        var activitySignUps: [ActivitySignUp] = []
        var volunteers: [Volunteer] = []
        var registrations: Int { events.reduce(0) { $0 + $1.registrations } }
        var isEmpty: Bool {
            registrations == 0 && auditRecords == 0 && persons.isEmpty && consultationComments.isEmpty && surveyContacts.isEmpty
                && activitySignUps.isEmpty && volunteers.isEmpty
        }
    }

    /// Persons with nothing open whose last outcome or service end is older than the period
    /// (with a decision: older than the decisions' period).
    static func duePersons(_ organisationID: UUID, settings: RetentionSettings, now: Date, on db: any Database) async throws
        -> [UUID]
    {
        let persons = try await Person.scoped(to: organisationID, on: db).filter(\.$anonymisedAt == nil).all()
        guard !persons.isEmpty else { return [] }
        let applications = try await ServiceApplication.scoped(to: organisationID, on: db).all()
        let requested = try await RequestedService.scoped(to: organisationID, on: db).all()
        let enrolments = try await Enrolment.scoped(to: organisationID, on: db).all()
        let decisions = try await RefusalDecision.scoped(to: organisationID, on: db).all()
        let planning = Set(
            try await IpusPlan.scoped(to: organisationID, on: db).filter(\.$state != .closed).all().map(\.$person.id))
        let applicationsByPerson = Dictionary(grouping: applications, by: { $0.$person.id })
        let requestedByApplication = Dictionary(grouping: requested, by: { $0.$application.id })
        var due: [UUID] = []
        for person in persons {
            let mine = try (applicationsByPerson[try person.requireID()] ?? []).flatMap {
                requestedByApplication[try $0.requireID()] ?? []
            }
            let services = enrolments.filter { $0.$person.id == person.id }
            guard !mine.isEmpty, !mine.contains(where: { $0.outcome.isOpen }), !services.contains(where: \.active),
                !planning.contains(try person.requireID())
            else { continue }
            let lastDay =
                (mine.compactMap { $0.outcomeAt.map { CalendarDay($0, in: WallClock.warsaw) } }
                + services.compactMap { $0.endDay }).max()
            guard let lastDay, RetentionRules.isDue(closedOn: lastDay, months: settings[.applications], now: now) else {
                continue
            }
            let theirDecisions = decisions.filter { d in d.isDecision && mine.contains { $0.id == d.$requested.id } }
            if let newest = theirDecisions.map(\.issuedOn).max(),
                !RetentionRules.isDue(closedOn: newest, months: settings[.decisions], now: now)
            {
                continue
            }
            due.append(try person.requireID())
        }
        return due
    }

    static func plan(_ organisationID: UUID, now: Date, on db: any Database) async throws -> Plan {
        let settings = try await RetentionSettings.load(organisationID, on: db)
        let events = try await Event.query(on: db).filter(\.$organisation.$id == organisationID).all()
        var due: [EventDue] = []
        for event in events {
            let end = event.endDay
            let months = event.retentionMonths ?? (event.isFunded ? settings[.registrationsFunded] : settings[.registrations])
            guard RetentionRules.isDue(closedOn: end, months: months, now: now) else { continue }
            let count = try await Registration.query(on: db).filter(\.$event.$id == event.requireID()).filter(
                \.$anonymisedAt == nil
            )
            .count()
            if count > 0 {
                due.append(
                    EventDue(
                        eventID: try event.requireID(), title: event.displayTitle, endDay: end.polish, funded: event.isFunded,
                        registrations: count))
            }
        }
        let cutoff = RetentionRules.cutoff(now: now, months: settings[.auditRecords])
        let audit = try await auditPrefix(organisationID, before: cutoff, on: db)
        return Plan(
            organisationID: organisationID, events: due.sorted { $0.endDay < $1.endDay }, auditRecords: audit?.count ?? 0,
            auditCutoff: cutoff,
            persons: try await duePersons(organisationID, settings: settings, now: now, on: db),
            consultationComments: try await ConsultationPrivacy.due(
                organisationID, months: settings[.consultationComments], now: now, on: db),
            surveyContacts: try await ConsultationPrivacy.dueContacts(
                organisationID, months: settings[.consultationComments], now: now, on: db),
            activitySignUps: try await CommunityRetention.dueSignUps(
                organisationID, months: settings[.activitySignUps], now: now, on: db),
            volunteers: try await CommunityRetention.dueVolunteers(
                organisationID, months: settings[.volunteers], now: now, on: db))
    }

    /// The oldest records of the chain written before `cutoff`, as (highest sequence, count).
    static func auditPrefix(_ organisationID: UUID, before cutoff: Date, on db: any Database) async throws -> (
        sequence: Int64, count: Int
    )? {
        struct Row: Decodable {
            let max_sequence: Int64?
        }
        let chain = organisationID.uuidString.lowercased()
        guard
            let row = try await db.sql().raw(
                """
                SELECT MAX(sequence) AS max_sequence FROM audit_records WHERE chain = \(bind: chain) AND occurred_at < \(bind: cutoff)
                """
            ).first(decoding: Row.self), let max = row.max_sequence
        else { return nil }
        struct Count: Decodable {
            let n: Int
        }
        let count =
            try await db.sql().raw(
                "SELECT COUNT(*) AS n FROM audit_records WHERE chain = \(bind: chain) AND sequence <= \(bind: max)"
            )
            .first(decoding: Count.self)?.n ?? 0
        return (max, count)
    }

    struct Report: Sendable {
        var registrations = 0
        var auditRecords = 0
        var persons = 0
        var consultationComments = 0
        var community = 0
    }

    static func run(on db: any Database, now: Date, logger: Logger) async throws -> Report {
        var report = Report()
        for organisation in try await Organisation.query(on: db).all() {
            let plan = try await plan(organisation.requireID(), now: now, on: db)
            for event in plan.events {
                let ids = try await Registration.query(on: db).filter(\.$event.$id == event.eventID).filter(
                    \.$anonymisedAt == nil
                ).all().map { try $0.requireID() }
                for start in stride(from: 0, to: ids.count, by: 200) {
                    report.registrations += try await Anonymiser.anonymise(
                        Array(ids[start..<min(start + 200, ids.count)]), organisationID: try organisation.requireID(),
                        actor: AuditActor(
                            userID: nil, name: "system", organisationID: try organisation.requireID(), roles: [], address: nil),
                        reason: "okres przechowywania minął", now: now, on: db)
                }
            }
            if !plan.persons.isEmpty {
                let records = try await PersonRecords.load(ids: plan.persons, organisationID: organisation.requireID(), on: db)
                report.persons += try await PersonRecords.anonymise(
                    records, organisationID: try organisation.requireID(),
                    actor: AuditActor(
                        userID: nil, name: "system", organisationID: try organisation.requireID(), roles: [], address: nil),
                    reason: "okres przechowywania minął", now: now, on: db)
            }
            if !plan.consultationComments.isEmpty || !plan.surveyContacts.isEmpty {
                report.consultationComments += try await ConsultationPrivacy.anonymise(
                    ConsultationPrivacy.Found(
                        comments: plan.consultationComments, rounds: [:], subscriber: nil, surveyContacts: plan.surveyContacts),
                    actor: AuditActor(
                        userID: nil, name: "system", organisationID: try organisation.requireID(), roles: [], address: nil),
                    reason: "okres przechowywania minął", now: now, on: db)
            }
            if !plan.activitySignUps.isEmpty || !plan.volunteers.isEmpty {
                report.community += try await ConsultationPrivacy.anonymise(
                    ConsultationPrivacy.Found(
                        comments: [], rounds: [:], subscriber: nil, surveyContacts: [], activitySignUps: plan.activitySignUps,
                        volunteers: plan.volunteers),
                    actor: AuditActor(
                        userID: nil, name: "system", organisationID: try organisation.requireID(), roles: [], address: nil),
                    reason: "okres przechowywania minął", now: now, on: db)
            }
            if plan.auditRecords > 0 {
                report.auditRecords += try await deleteAudit(organisation.requireID(), before: plan.auditCutoff, now: now, on: db)
            }
        }
        logger.info(
            "Retention applied",
            metadata: [
                "registrations_anonymised": "\(report.registrations)", "persons_anonymised": "\(report.persons)",
                "audit_records_deleted": "\(report.auditRecords)",
                "consultation_comments_anonymised": "\(report.consultationComments)",
                "community_records_anonymised": "\(report.community)",
            ])
        return report
    }

    /// Deletes the chain's prefix before `cutoff`, moves the anchor to the last deleted hash and
    /// records the deletion in the same chain, in one transaction.
    static func deleteAudit(_ organisationID: UUID, before cutoff: Date, now: Date, on db: any Database) async throws -> Int {
        try await db.writeTransaction { db in
            let chain = organisationID.uuidString.lowercased()
            try await db.lockForUpdate(table: "audit_heads", column: "chain", equals: chain)
            guard let prefix = try await auditPrefix(organisationID, before: cutoff, on: db) else { return 0 }
            struct Hash: Decodable {
                let hash: String
            }
            guard
                let last = try await db.sql().raw(
                    "SELECT hash FROM audit_records WHERE chain = \(bind: chain) AND sequence = \(bind: prefix.sequence)"
                )
                .first(decoding: Hash.self)
            else { return 0 }
            let sql = try db.sql()
            let doomed = SQLQueryString(
                "SELECT id FROM audit_records WHERE chain = \(bind: chain) AND sequence <= \(bind: prefix.sequence)")
            try await sql.raw("DELETE FROM audit_values WHERE audit_id IN (\(doomed))").run()
            try await sql.raw("DELETE FROM audit_subjects WHERE audit_id IN (\(doomed))").run()
            try await sql.raw("DELETE FROM audit_records WHERE chain = \(bind: chain) AND sequence <= \(bind: prefix.sequence)")
                .run()
            try await sql.raw("UPDATE audit_heads SET anchor_hash = \(bind: last.hash) WHERE chain = \(bind: chain)").run()
            try await Audit.append(
                AuditEvent(
                    actor: AuditActor(userID: nil, name: "system", organisationID: organisationID, roles: [], address: nil),
                    organisationID: organisationID, action: .retention, recordType: .auditTrail,
                    detail:
                        "usunięto wpisów: \(prefix.count) (do numeru \(prefix.sequence), starszych niż \(WarsawTime.format(cutoff)))"
                ),
                at: now, on: db)
            return prefix.count
        }
    }
}

/// `opencus retention [--dry-run]`: applies the retention rules now (the server also does it daily).
struct RetentionCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Flag(name: "dry-run", help: "Only list what would be anonymised or deleted") var dryRun: Bool
    }
    var help: String { "Apply the retention rules (anonymise registrations, delete old audit records); --dry-run lists them." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await Startup.refuseIfMigrationsPending(app)
        let now = app.clock.now()
        if signature.dryRun {
            for organisation in try await Organisation.query(on: app.db).sort(\.$slug).all() {
                let plan = try await RetentionJob.plan(organisation.requireID(), now: now, on: app.db)
                context.console.print(
                    "\(organisation.slug): \(plan.registrations) registration(s) in \(plan.events.count) event(s) to anonymise, \(plan.persons.count) registry person(s) to anonymise, \(plan.auditRecords) audit record(s) to delete"
                )
            }
            return
        }
        let report = try await RetentionJob.run(on: app.db, now: now, logger: app.logger)
        context.console.print(
            "Retention applied: \(report.registrations) registration(s) and \(report.persons) registry person(s) anonymised, \(report.auditRecords) audit record(s) deleted."
        )
    }
}

import Fluent
import OpenCUSCore
import Vapor

/// The organisation's retention periods and a dry run: what the daily job would anonymise or
/// delete today.
enum RetentionController {

    @Sendable static func show(_ request: Request) async throws -> Response {
        try request.require(.manageRetention)
        return try await render(
            request, typed: nil, errors: FieldErrors(),
            notice: request.query[String.self, at: "saved"] == "1" ? "Zapisano okresy przechowywania." : nil)
    }

    static func render(
        _ request: Request, typed: [String: String]?, errors: FieldErrors, notice: String?, status: HTTPStatus = .ok
    ) async throws -> Response {
        let staff = try request.requireStaff()
        let settings = try await RetentionSettings.load(staff.organisationID, on: request.db)
        let plan = try await RetentionJob.plan(staff.organisationID, now: request.clock.now(), on: request.db)
        let page = Page.make(
            settings: settings, plan: plan, typed: typed, errors: errors, notice: notice,
            layout: try await request.layout(title: "Okresy przechowywania danych", section: "privacy"))
        return try await request.render("privacy/retention", page, status: status)
    }

    @Sendable static func save(_ request: Request) async throws -> Response {
        let staff = try request.require(.manageRetention)
        struct Form: Content {
            var registrations: String?
            var registrations_funded: String?
            var audit_records: String?
            var applications: String?
            var decisions: String?
            var consultation_comments: String?
            var activity_signups: String?
            var volunteers: String?
        }
        let decoded = try request.content.decode(Form.self)
        let form: [String: String?] = [
            RetentionRecordType.registrations.rawValue: decoded.registrations,
            RetentionRecordType.registrationsFunded.rawValue: decoded.registrations_funded,
            RetentionRecordType.auditRecords.rawValue: decoded.audit_records,
            RetentionRecordType.applications.rawValue: decoded.applications,
            RetentionRecordType.decisions.rawValue: decoded.decisions,
            RetentionRecordType.consultationComments.rawValue: decoded.consultation_comments,
            RetentionRecordType.activitySignUps.rawValue: decoded.activity_signups,
            RetentionRecordType.volunteers.rawValue: decoded.volunteers,
        ]
        var errors = FieldErrors()
        var typed: [String: String] = [:]
        var months: [RetentionRecordType: Int] = [:]
        for type in RetentionRecordType.allCases {
            let raw = TextInput.clean(form[type.rawValue] ?? nil)
            typed[type.rawValue] = String(raw.prefix(20))
            let value = Int(raw)
            if let problem = RetentionRules.validate(value, for: type) {
                errors.add(type.rawValue, problem)
            } else {
                months[type] = value
            }
        }
        guard errors.isEmpty else {
            return try await render(request, typed: typed, errors: errors, notice: nil, status: .unprocessableEntity)
        }
        let before = try await RetentionSettings.load(staff.organisationID, on: request.db)
        let now = request.clock.now()
        let actor = AuditActor(staff, request)
        let chosen = months
        try await request.db.writeTransaction { db in
            var changes: [AuditChange] = []
            for (type, value) in chosen.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                if let rule = try await RetentionRule.scoped(to: staff.organisationID, on: db).filter(\.$recordType == type)
                    .first()
                {
                    rule.months = value
                    rule.updatedAt = now
                    try await rule.update(on: db)
                } else {
                    let rule = RetentionRule(
                        organisationID: staff.organisationID,
                        recordType: type,
                        months: value,
                        updatedAt: now
                    )
                    try await rule.create(on: db)
                }
                if before[type] != value {
                    changes.append(
                        AuditChange(field: type.rawValue, old: String(before[type]), new: String(value), sensitive: false))
                }
            }
            try await Audit.append(
                AuditEvent(
                    actor: actor, organisationID: staff.organisationID, action: .update, recordType: .retentionRule,
                    detail: "okresy przechowywania", changes: changes),
                at: now, on: db)
        }
        return request.redirect(to: SiteRoute.retentionShow.url(query: "saved=1"), redirectType: .normal)
    }
}

import Fluent
import OpenCUSCore
import Vapor

/// The page models of `RetentionController` (what its templates receive).
extension RetentionController {
    struct Page: Encodable, Sendable {
        struct Rule: Encodable, Sendable {
            let key: String
            let name: String
            let basis: String
            let months: String
            let defaultMonths: Int
            let minimum: Int
            let action: String
            let custom: Bool
            let error: String?
        }
        let layout: Layout
        let rules: [Rule]
        let events: [RetentionJob.EventDue]
        let registrations: Int
        let persons: Int
        let consultationComments: Int
        let community: Int
        let auditRecords: Int
        let auditCutoff: String
        let notice: String?
        let errors: FieldErrors
    }
}

extension RetentionController.Page {
    /// Every record type with its period (as typed after an error, else as set) and what the next run would remove.
    static func make(
        settings: RetentionSettings, plan: RetentionJob.Plan, typed: [String: String]?, errors: FieldErrors, notice: String?,
        layout: Layout
    ) -> RetentionController.Page {
        RetentionController.Page(
            layout: layout,
            rules: RetentionRecordType.allCases.map { type in
                Rule(
                    key: type.rawValue, name: type.polishName, basis: type.polishBasis,
                    months: typed?[type.rawValue] ?? String(settings[type]),
                    defaultMonths: type.defaultMonths, minimum: type.minimumMonths, action: type.action.polishName,
                    custom: settings.custom.contains(type), error: errors[type.rawValue])
            },
            events: plan.events, registrations: plan.registrations, persons: plan.persons.count,
            consultationComments: plan.consultationComments.count + plan.surveyContacts.count,
            community: plan.activitySignUps.count + plan.volunteers.count, auditRecords: plan.auditRecords,
            auditCutoff: WarsawTime.format(plan.auditCutoff), notice: notice, errors: errors)
    }
}

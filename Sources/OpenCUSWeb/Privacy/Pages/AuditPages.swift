import Fluent
import OpenCUSCore
import Vapor

/// The page models of `AuditController` (what its templates receive).
extension AuditController {
    struct Page: Encodable, Sendable {
        struct Row: Encodable, Sendable {
            let at: String
            let actor: String
            let roles: String
            let action: String
            let record: String
            let subjects: Int
            let address: String
            let detail: String
            let changes: [Change]
        }
        struct Change: Encodable, Sendable {
            let field: String
            let old: String
            let new: String
        }
        let layout: Layout
        let rows: [Row]
        let actions: [SelectOption]
        let staff: [SelectOption]
        let subject: String
        let record: String
        let from: String
        let to: String
        let errors: FieldErrors
        let summary: String
        let exportQuery: String
        let limit: Int
    }
}

extension AuditController.Page {
    /// The trail's newest rows for the filter, with the filter form (staff of the organisation to choose from).
    static func make(
        _ shown: [Row], members: [Membership], filter: AuditTrail.Filter, raw: [String: String], errors: FieldErrors,
        exportQuery: String, layout: Layout
    ) -> AuditController.Page {
        var seen = Set<UUID>()
        let people = members.filter { seen.insert($0.$user.id).inserted }.sorted { $0.user.name < $1.user.name }
        let pageLimit = AuditController.pageLimit
        return AuditController.Page(
            layout: layout, rows: shown,
            actions: AuditAction.allCases.map { .init(value: $0.rawValue, label: $0.polishName, selected: $0 == filter.action) },
            staff: people.map {
                .init(value: $0.$user.id.uuidString, label: $0.user.name, selected: $0.$user.id == filter.actorUserID)
            },
            subject: raw["subject"] ?? "", record: raw["record"] ?? "", from: raw["from"] ?? "", to: raw["to"] ?? "",
            errors: errors,
            summary: shown.count >= pageLimit
                ? "Pokazano \(pageLimit) najnowszych wpisów; zawęź filtr lub pobierz CSV."
                : PolishPlural(one: "wpis", few: "wpisy", many: "wpisów").phrase(shown.count),
            exportQuery: exportQuery, limit: pageLimit)
    }
}

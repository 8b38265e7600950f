import Foundation
import OpenCUSCore

/// The partners' list (`partners/list.leaf`), with the activities each runs.
struct PartnerListPage: Encodable, Sendable {
    struct Row: Encodable, Sendable {
        let editURL: String
        let name: String
        let kind: String
        let locality: String
        let contact: String
        let contribution: String
        let activities: [SelectOption]
        let planActions: [SelectOption]
    }

    let layout: Layout
    let notice: String?
    let rows: [Row]

    static func make(
        _ partners: [Partner], activities: [Activity], planActions: [UUID: [SelectOption]], notice: String?, layout: Layout
    ) -> PartnerListPage {
        PartnerListPage(
            layout: layout, notice: notice,
            rows: partners.compactMap { p in
                p.id.map { id in
                    Row(
                        editURL: SiteRoute.partnerEdit.url(id), name: p.name, kind: p.kind.polishName, locality: p.locality,
                        contact: [p.contactPerson, p.phone, p.email].filter { !$0.isEmpty }.joined(separator: ", "),
                        contribution: p.contribution,
                        activities: activities.filter { $0.partnerID == id }.compactMap { a in
                            a.id.map { SelectOption(value: SiteRoute.activityPage.url($0), label: a.title) }
                        }, planActions: planActions[id] ?? [])
                }
            })
    }
}

/// The partner form (`partners/form.leaf`).
struct PartnerFormPage: Encodable, Sendable {
    let layout: Layout
    let partnerID: UUID?
    let title: String
    let form: PartnerForm
    let errors: FieldErrors
    let kindOptions: [SelectOption]
}

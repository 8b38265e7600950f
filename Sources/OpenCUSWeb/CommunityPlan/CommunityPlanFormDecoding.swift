import OpenCUSCore
import Vapor

/// The plan's form as posted: header fields and rows named `aims[0][text]`, with the actions'
/// choices as `actions[0][partners][]`. Every text is cleaned of control characters here.
enum CommunityPlanFormDecoding {
    struct IssueBody: Content {
        var group: String?
        var issue: String?
        var recommendationID: String?
        var remove: String?
    }

    struct AimBody: Content {
        var key: String?
        var text: String?
        var indicator: String?
        var unit: String?
        var baseline: String?
        var target: String?
        var due: String?
        var remove: String?
    }

    struct ActionBody: Content {
        var key: String?
        var title: String?
        var aims: [String]?
        var lead: String?
        var partners: [String]?
        var activities: [String]?
        var area: String?
        var places: String?
        var schedule: String?
        var resources: String?
        var expected: String?
        var remove: String?
    }

    struct Body: Content {
        var title: String?
        var start: String?
        var end: String?
        var areas: String?
        var responsible: String?
        var issues: [String: IssueBody]?
        var aims: [String: AimBody]?
        var actions: [String: ActionBody]?
        var revision: Int?
    }

    static func decode(_ request: Request) throws -> CommunityPlanForm {
        let body = try request.content.decode(Body.self)
        func c(_ s: String?) -> String { TextInput.clean(s) }
        func m(_ s: String?) -> String { TextInput.clean(s, multiline: true) }
        var form = CommunityPlanForm()
        (form.title, form.start, form.end) = (c(body.title), c(body.start), c(body.end))
        (form.areas, form.responsible) = (m(body.areas), m(body.responsible))
        form.issues = FormRows.ordered(body.issues).map { b in
            var row = CommunityPlanForm.IssueRow()
            (row.group, row.issue, row.recommendationID, row.remove) = (
                c(b.group), m(b.issue), c(b.recommendationID), b.remove == "on"
            )
            return row
        }
        form.aims = FormRows.ordered(body.aims).map { b in
            var row = CommunityPlanForm.AimRow()
            (row.key, row.text, row.indicator, row.unit) = (c(b.key), m(b.text), c(b.indicator), c(b.unit))
            (row.baseline, row.target, row.due, row.remove) = (c(b.baseline), c(b.target), c(b.due), b.remove == "on")
            return row
        }
        form.actions = FormRows.ordered(body.actions).map { b in
            var row = CommunityPlanForm.ActionRow()
            (row.key, row.title, row.lead, row.area) = (c(b.key), c(b.title), c(b.lead), c(b.area))
            (row.aims, row.partners, row.activities) = (
                (b.aims ?? []).map(c), (b.partners ?? []).map(c), (b.activities ?? []).map(c)
            )
            (row.places, row.schedule, row.resources, row.expected) = (m(b.places), m(b.schedule), m(b.resources), c(b.expected))
            row.remove = b.remove == "on"
            return row
        }
        return form
    }

    static func revision(_ request: Request) -> Int { (try? request.content.decode(Body.self).revision) ?? -1 }
}

import Fluent
import OpenCUSCore
import Vapor

/// The audit trail for the director and the DPO: filters by person, staff member, record,
/// action and period; CSV export. Looking at the trail is itself recorded.
enum AuditController {

    static let pageLimit = 200

    /// Parses the filter form; bad values become field messages, and the filter is not applied.
    static func filter(_ request: Request) -> (AuditTrail.Filter, FieldErrors, raw: [String: String]) {
        var errors = FieldErrors()
        var filter = AuditTrail.Filter()
        var raw: [String: String] = [:]
        for key in ["subject", "actor", "record", "action", "from", "to"] {
            raw[key] = String(TextInput.clean(request.query[String.self, at: key]).prefix(100))
        }
        if let v = raw["subject"], !v.isEmpty {
            if let id = UUID(uuidString: v) {
                filter.subjectID = id
            } else {
                errors.add("subject", "Podaj identyfikator osoby (UUID), np. ze strony zgłoszenia lub wniosku o dane.")
            }
        }
        if let v = raw["record"], !v.isEmpty {
            if let id = UUID(uuidString: v) {
                filter.recordID = id
            } else {
                errors.add("record", "Podaj identyfikator rekordu (UUID).")
            }
        }
        if let v = raw["actor"], !v.isEmpty { filter.actorUserID = UUID(uuidString: v) }
        if let v = raw["action"], !v.isEmpty { filter.action = AuditAction(rawValue: v) }
        for key in ["from", "to"] {
            if let v = raw[key], !v.isEmpty {
                if let day = CalendarDay(iso: v) {
                    if key == "from" { filter.from = day } else { filter.to = day }
                } else {
                    errors.add(key, "Podaj datę w formacie RRRR-MM-DD.")
                }
            }
        }
        return (filter, errors, raw)
    }

    static func rows(
        _ request: Request, _ filter: AuditTrail.Filter, staff: StaffContext, limit: Int,
        time: (Date) -> String = WarsawTime.format
    ) async throws -> [Page.Row] {
        let records = try await AuditTrail.search(filter, organisationID: staff.organisationID, limit: limit, on: request.db)
        let values = try await AuditTrail.values(for: records.map(\.id), on: request.db)
        return records.map { r in
            Page.Row(
                at: time(r.occurred_at), actor: r.actor_name,
                roles: r.actor_roles.split(separator: ",").compactMap { Role(rawValue: String($0))?.polishName }.joined(
                    separator: ", "),
                action: AuditAction(rawValue: r.action)?.polishName ?? r.action,
                record: (AuditRecordType(rawValue: r.record_type)?.polishName ?? r.record_type)
                    + (r.record_id.map { " \($0.prefix(8))" } ?? ""),
                subjects: r.subjects.isEmpty ? 0 : r.subjects.split(separator: ",").count, address: r.address ?? "",
                detail: r.detail,
                changes: (values[r.id] ?? []).map { v in
                    // Sensitive values (health, needs, free text) are masked; erased ones say so.
                    let shown: (String?) -> String = { value in
                        if v.erased_at != nil { return "(usunięto przy anonimizacji)" }
                        if v.sensitive { return value == nil ? "—" : "••• (dane wrażliwe)" }
                        return value ?? "—"
                    }
                    return Page.Change(field: v.field, old: shown(v.old_value), new: shown(v.new_value))
                })
        }
    }

    @Sendable static func list(_ request: Request) async throws -> Response {
        let staff = try request.require(.viewAudit)
        let (filter, errors, raw) = Self.filter(request)
        let shown = errors.isEmpty ? try await rows(request, filter, staff: staff, limit: pageLimit) : []
        try await request.audit(
            .list, .auditTrail, subjects: filter.subjectID.map { [AuditSubject(type: .registration, id: $0)] } ?? [],
            detail: "filtr: " + raw.filter { !$0.value.isEmpty }.keys.sorted().joined(separator: ","))
        let members = try await Membership.query(on: request.db).filter(\.$organisation.$id == staff.organisationID).with(\.$user)
            .all()
        let page = Page.make(
            shown, members: members, filter: filter, raw: raw, errors: errors, exportQuery: request.url.query ?? "",
            layout: try await request.layout(title: "Dziennik zdarzeń", section: "audit"))
        return try await request.render("privacy/audit", page, status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    /// CSV for Polish Excel (see `CSV`); values stay masked exactly as on the page.
    @Sendable static func export(_ request: Request) async throws -> Response {
        let staff = try request.require(.viewAudit)
        let (filter, errors, _) = Self.filter(request)
        guard errors.isEmpty else {
            throw Abort(.unprocessableEntity, reason: "Popraw filtr dziennika (daty w formacie RRRR-MM-DD, identyfikatory UUID).")
        }
        let all = try await rows(request, filter, staff: staff, limit: 100_000, time: WarsawTime.spreadsheet)
        try await request.audit(.export, .auditTrail, detail: "CSV, wierszy: \(all.count)")
        var lines = [
            ["Kiedy", "Kto", "Role", "Czynność", "Rekord", "Osób", "Adres", "Opis", "Zmiany"].map(CSV.cell).joined(separator: ";")
        ]
        for r in all {
            let changes = r.changes.map { "\($0.field): \($0.old) → \($0.new)" }.joined(separator: " | ")
            lines.append(
                [r.at, r.actor, r.roles, r.action, r.record, String(r.subjects), r.address, r.detail, changes].map(CSV.cell)
                    .joined(separator: ";"))
        }
        return CSV.response(lines: lines, filename: "dziennik-zdarzen.csv")
    }
}

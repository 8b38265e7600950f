import Fluent
import OpenCUSCore
import Vapor

extension RegistrationAdminController {
    /// Columns the organiser can pick for the CSV export.
    static let exportColumns: [(key: String, label: String)] = [
        ("lp", "Lp."), ("firstName", "Imię"), ("lastName", "Nazwisko"), ("email", "E-mail"), ("phone", "Telefon"),
        ("institution", "Instytucja"), ("institutionType", "Rodzaj instytucji"), ("position", "Stanowisko"),
        ("voivodeship", "Województwo"),
        ("state", "Stan"), ("workshops", "Warsztaty"), ("dietary", "Wymagania żywieniowe"), ("accessibility", "Dostępność"),
        ("dinner", "Kolacja"), ("answers", "Odpowiedzi"), ("consentImage", "Zgoda na wizerunek"),
        ("consentList", "Zgoda na listę"),
        ("source", "Źródło"), ("created", "Data zgłoszenia"),
    ]

    /// Ready-made choices: what a caterer needs, and what the venue needs for accessibility.
    static let exportPresets: [(key: String, label: String, columns: [String])] = [
        ("default", "Podstawowe", ["lp", "firstName", "lastName", "email", "institution", "state", "workshops"]),
        ("catering", "Dla cateringu", ["lp", "lastName", "firstName", "institution", "dietary", "dinner", "state"]),
        (
            "accessibility", "Dostępność",
            ["lp", "lastName", "firstName", "phone", "email", "accessibility", "workshops", "state"]
        ),
    ]

    /// The columns asked for: a preset, the ticked boxes (`col[]`), or the comma list of the
    /// JSON-era link (`columns=`); unknown keys are dropped, the table's order is kept.
    static func exportKeys(_ request: Request) -> [String] {
        if let preset = request.query[String.self, at: "preset"], let found = exportPresets.first(where: { $0.key == preset }) {
            return found.columns
        }
        let ticked = request.query[[String].self, at: "col"] ?? []
        let listed = request.query[String.self, at: "columns"].map { $0.split(separator: ",").map(String.init) } ?? []
        let asked = Set(ticked + listed)
        let keys = exportColumns.map(\.key).filter { asked.contains($0) }
        return keys.isEmpty ? exportPresets[0].columns : keys
    }

    /// CSV for Polish Excel: UTF-8 with a byte-order mark (without it Excel guesses cp1250 and
    /// breaks ąęł), semicolons (the Polish list separator) and CRLF. Cells that start with
    /// = + - @ (or a tab/CR) get a leading apostrophe so that a spreadsheet never runs them
    /// as formulas ("CSV injection").
    @Sendable static func export(_ request: Request) async throws -> Response {
        let (staff, context) = try await requireContext(request)
        let keys = exportKeys(request)
        let rows = try await filtered(context, Filters(request), on: request.db)
        var lines = [keys.compactMap { key in exportColumns.first { $0.key == key }?.label }.map(CSV.cell).joined(separator: ";")]
        for (index, (r, ws)) in rows.enumerated() {
            let answers = RegistrationService.decodeAnswers(r.answers)
            let access = RegistrationService.decodeAccessibility(r.accessibility)
            let values: [String: String] = [
                "lp": String(index + 1), "firstName": r.firstName, "lastName": r.lastName, "email": r.email,
                "phone": r.phone ?? "",
                "institution": r.institution, "institutionType": r.institutionType?.polishName ?? "",
                "position": r.position ?? "",
                "voivodeship": r.voivodeship?.polishName ?? "", "state": r.state.polishName,
                "workshops": ws.compactMap { w in
                    context.alternatives[w.$entry.id].map { "\($0.title) (\(w.placement.polishName))" }
                }.joined(separator: "; "),
                "dietary": r.dietary ?? "",
                "accessibility": (access.needs.map(\.polishName) + [access.other]).filter { !$0.isEmpty }.joined(separator: "; "),
                "dinner": r.dinner.map { $0 ? "tak" : "nie" } ?? "",
                "answers": context.questions.map(\.question).compactMap { q in
                    guard let v = answers[q.id.uuidString.lowercased()] else { return nil }
                    let shown = v.map { value in q.options.first { $0.id == value }?.label ?? value }
                    return "\(q.label): \(shown.joined(separator: ", "))"
                }.joined(separator: " | "),
                "consentImage": r.consentImage ? "tak" : "nie", "consentList": r.consentList ? "tak" : "nie",
                "source": r.source.polishName,
                "created": WarsawTime.spreadsheet(r.createdAt),
            ]
            lines.append(keys.map { CSV.cell(values[$0] ?? "") }.joined(separator: ";"))
        }
        try await request.audit(
            .export, .registrationList, recordID: context.eventID,
            subjects: rows.map { AuditSubject(type: .registration, id: try $0.0.requireID()) },
            detail: "CSV, wierszy: \(rows.count), kolumny: \(keys.joined(separator: ","))")
        request.logger.info(
            "Registrations exported",
            metadata: ["event_id": "\(context.eventID)", "rows": "\(rows.count)", "user_id": "\(staff.userID)"])
        return CSV.response(lines: lines, filename: "zgloszenia-\(context.event.slug).csv")
    }
}

enum CSV {
    /// UTF-8 with a byte-order mark and CRLF line ends, as an attachment that no cache keeps.
    static func response(lines: [String], filename: String) -> Response {
        var body = ByteBuffer(bytes: [0xEF, 0xBB, 0xBF])
        body.writeString(lines.joined(separator: "\r\n") + "\r\n")
        return Response(
            status: .ok,
            headers: [
                "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": "attachment; filename=\"\(filename)\"",
                "Cache-Control": "no-store",
            ],
            body: .init(buffer: body))
    }

    static func cell(_ raw: String) -> String {
        var value = raw
        if let first = value.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(Character(first)) {
            value = "'" + value
        }
        if value.contains(where: { $0 == ";" || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return value
    }
}

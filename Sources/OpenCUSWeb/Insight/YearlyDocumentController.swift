import Fluent
import OpenCUSCore
import Vapor

/// The yearly documents (`YearlyDocumentKind`): drafted from the organisation's data, their
/// texts edited by staff (`prepare_yearly_documents`), their tables recomputed on request, and
/// finalised by the director (`finalise_yearly_documents`) — numbered and frozen. Each prints
/// as A4 and gives its tables as CSV. Every change is audited.
enum YearlyDocumentController {
    static func years(_ request: Request) -> [Int] {
        let year = CalendarDay(request.clock.now(), in: WallClock.warsaw).year
        return [year, year - 1, year - 2]
    }

    static func document(_ request: Request, _ staff: StaffContext) async throws -> YearlyDocument {
        guard let id = request.parameters.get("documentID", as: UUID.self),
            let document = try await YearlyDocument.find(id, in: staff.organisationID, on: request.db)
        else { throw Abort(.notFound) }
        return document
    }

    /// The draft's content computed from the data now.
    static func draft(_ kind: YearlyDocumentKind, year: Int, organisationID: UUID, on db: any Database) async throws
        -> YearlyDocumentContent
    {
        let facts = try await InsightQueries.facts(organisationID, on: db)
        let organisation = try await Organisation.find(organisationID, on: db)
        let programme = try await Programme.scoped(to: organisationID, on: db).filter(\.$state == .inForce).first()
        var fees: [UUID: [UUID: Int]] = [:]
        var month = Month(CalendarDay(year: year, month: 1, day: 1)!)
        let enrolments = try await FeesController.enrolments(organisationID: organisationID, on: db)
        for _ in 0..<12 {
            for charge in try await FeesController.charges(enrolments, organisationID: organisationID, month: month, on: db) {
                fees[try charge.service.requireID(), default: [:]][try charge.person.requireID(), default: 0] += charge.charge.due
            }
            month = month.next
        }
        var definitions: [ServiceDefinition] = []
        if let programme {
            definitions = try await ServiceDefinition.query(on: db).filter(\.$programme.$id == programme.requireID()).sort(
                \.$position
            ).all()
        }
        let services = try definitions.map { s in
            ServiceYearInput(
                id: try s.requireID(), name: s.name, area: s.area.polishName, places: s.places,
                feesByPerson: fees[try s.requireID()] ?? [:], commissioned: s.deliveryRoute != .own)
        }
        return YearlyDocumentDraft.make(
            kind, year: year, facts: facts, services: services, organisationName: organisation?.name ?? "Centrum",
            programmeTitle: programme?.title, rule: try await InsightSettings.of(organisationID, on: db).rule)
    }

    @Sendable static func list(_ request: Request) async throws -> Response {
        let staff = try request.require(.prepareYearlyDocuments)
        let documents = try await YearlyDocument.scoped(to: staff.organisationID, on: request.db).all()
        return try await request.render(
            "insight/documents",
            YearlyDocumentListPage.make(
                documents, years: years(request), errors: FieldErrors(),
                layout: try await request.layout(title: "Dokumenty roczne", section: "insight")))
    }

    struct CreateForm: Content {
        var kind: String?
        var year: String?
    }

    @Sendable static func create(_ request: Request) async throws -> Response {
        let staff = try request.require(.prepareYearlyDocuments)
        let form = try request.content.decode(CreateForm.self)
        guard let kind = form.kind.flatMap(YearlyDocumentKind.init(rawValue:)), let year = form.year.flatMap({ Int($0) }),
            years(request).contains(year)
        else {
            let documents = try await YearlyDocument.scoped(to: staff.organisationID, on: request.db).all()
            return try await request.render(
                "insight/documents",
                YearlyDocumentListPage.make(
                    documents, years: years(request),
                    errors: FieldErrors("form", "Wybierz dokument i rok z listy."),
                    layout: try await request.layout(title: "Dokumenty roczne", section: "insight")),
                status: .unprocessableEntity)
        }
        let organisationID = staff.organisationID
        let content = try await draft(kind, year: year, organisationID: organisationID, on: request.db)
        let now = request.clock.now()
        let id = try await request.db.writeTransaction { db -> UUID in
            try await db.lockForUpdate(Organisation.self, id: organisationID)
            // Two people starting the same document at once get the same one.
            if let existing = try await YearlyDocument.scoped(to: organisationID, on: db).filter(\.$kind == kind).filter(
                \.$year == year
            ).first() {
                return try existing.requireID()
            }
            let document = try YearlyDocument(
                organisationID: organisationID, kind: kind, year: year, content: content, by: staff.userName, at: now)
            try await document.create(on: db)
            try await request.auditChange(
                .create, .yearlyDocument, recordID: try document.requireID(), detail: "\(kind.polishName) \(year): projekt",
                on: db)
            return try document.requireID()
        }
        return request.redirect(to: SiteRoute.yearlyDocument.url(id), redirectType: .normal)
    }

    static func render(
        _ request: Request, staff: StaffContext, document: YearlyDocument, content: YearlyDocumentContent? = nil,
        errors: FieldErrors = FieldErrors(), status: HTTPStatus = .ok
    ) async throws -> Response {
        try await request.render(
            "insight/document",
            YearlyDocumentPage.make(
                document, content: try content ?? document.decoded(), errors: errors,
                canFinalise: staff.allows(.finaliseYearlyDocuments),
                notice: [
                    "saved": "Zapisano teksty.", "refreshed": "Przeliczono tabele; teksty zostały bez zmian.",
                    "finalised": "Dokument zatwierdzono i nadano mu numer.",
                ][request.query[String.self, at: "done"] ?? ""],
                layout: try await request.layout(title: document.kind.polishName, section: "insight")),
            status: status)
    }

    @Sendable static func show(_ request: Request) async throws -> Response {
        let staff = try request.require(.prepareYearlyDocuments)
        return try await render(request, staff: staff, document: try await document(request, staff))
    }

    /// Saves the texts of a draft; refused when final or when someone saved in the meantime.
    @Sendable static func save(_ request: Request) async throws -> Response {
        let staff = try request.require(.prepareYearlyDocuments)
        let document = try await document(request, staff)
        let fields = try request.content.decode([String: String].self)
        let content = try document.decoded()
        let texts = Dictionary(
            uniqueKeysWithValues: content.sections.compactMap { s in fields["text-\(s.key)"].map { (s.key, $0) } })
        if document.isFinal {
            return try await render(
                request, staff: staff, document: document,
                errors: FieldErrors("form", "Dokument jest zatwierdzony i nie można go już zmieniać."), status: .conflict)
        }
        let updated: YearlyDocumentContent
        switch content.withTexts(texts) {
        case .failure(let errors):
            let shown = content.sections.map { s in
                var s = s
                s.text = texts[s.key] ?? s.text
                return s
            }
            return try await render(
                request, staff: staff, document: document, content: YearlyDocumentContent(sections: shown), errors: errors,
                status: .unprocessableEntity)
        case .success(let c): updated = c
        }
        let sentRevision = fields["revision"].flatMap { Int($0) }
        let now = request.clock.now()
        let id = try document.requireID()
        let organisationID = staff.organisationID
        let saved = try await request.db.writeTransaction { db -> Bool in
            try await db.lockForUpdate(YearlyDocument.self, id: id)
            // The form's revision, checked under the lock: two editors never overwrite each other.
            guard let fresh = try await YearlyDocument.find(id, in: organisationID, on: db), !fresh.isFinal,
                fresh.revision == sentRevision
            else { return false }
            fresh.content = try YearlyDocument.encode(updated)
            fresh.revision += 1
            fresh.updatedBy = staff.userName
            fresh.updatedAt = now
            try await fresh.update(on: db)
            try await request.auditChange(
                .update, .yearlyDocument, recordID: id, detail: "\(fresh.kind.polishName) \(fresh.year): teksty", on: db)
            return true
        }
        guard saved else {
            return try await render(
                request, staff: staff, document: document, content: updated,
                errors: FieldErrors(
                    "form",
                    "Ktoś zapisał albo zatwierdził ten dokument w międzyczasie. Twoje teksty są poniżej: skopiuj je, odśwież stronę i wprowadź ponownie."
                ),
                status: .conflict)
        }
        return request.redirect(to: SiteRoute.yearlyDocument.url(id, query: "done=saved"), redirectType: .normal)
    }

    @Sendable static func refresh(_ request: Request) async throws -> Response {
        let staff = try request.require(.prepareYearlyDocuments)
        let document = try await document(request, staff)
        guard !document.isFinal else {
            return try await render(
                request, staff: staff, document: document,
                errors: FieldErrors("form", "Zatwierdzonego dokumentu nie przeliczamy: jego liczby są już ostateczne."),
                status: .conflict)
        }
        let fresh = try await draft(document.kind, year: document.year, organisationID: staff.organisationID, on: request.db)
        let id = try document.requireID()
        let organisationID = staff.organisationID
        let now = request.clock.now()
        try await request.db.writeTransaction { db in
            try await db.lockForUpdate(YearlyDocument.self, id: id)
            guard let current = try await YearlyDocument.find(id, in: organisationID, on: db), !current.isFinal else { return }
            current.content = try YearlyDocument.encode(try current.decoded().refreshed(from: fresh))
            current.revision += 1
            current.dataAsOf = now
            current.updatedBy = staff.userName
            current.updatedAt = now
            try await current.update(on: db)
            try await request.auditChange(
                .update, .yearlyDocument, recordID: id, detail: "\(current.kind.polishName) \(current.year): przeliczono tabele",
                on: db)
        }
        return request.redirect(to: SiteRoute.yearlyDocument.url(id, query: "done=refreshed"), redirectType: .normal)
    }

    @Sendable static func confirmFinalise(_ request: Request) async throws -> Confirmation? {
        let staff = try request.require(.finaliseYearlyDocuments)
        let document = try await document(request, staff)
        guard !document.isFinal else { return nil }
        return Confirmation(
            question: "Zatwierdzić dokument „\(document.kind.polishName)” za \(document.year) r.?",
            consequence:
                "Dokument dostanie numer \(document.kind.prefix)/\(document.year) i nie będzie można już zmieniać jego tekstów ani przeliczać tabel.",
            confirmLabel: "Tak, zatwierdź dokument", cancelURL: SiteRoute.yearlyDocument.url(try document.requireID()))
    }

    @Sendable static func finalise(_ request: Request) async throws -> Response {
        let staff = try request.require(.finaliseYearlyDocuments)
        let document = try await document(request, staff)
        let id = try document.requireID()
        let organisationID = staff.organisationID
        let now = request.clock.now()
        try await request.db.writeTransaction { db in
            try await db.lockForUpdate(YearlyDocument.self, id: id)
            guard let current = try await YearlyDocument.find(id, in: organisationID, on: db), !current.isFinal else { return }
            current.number = "\(current.kind.prefix)/\(current.year)"
            current.finalisedAt = now
            current.finalisedBy = staff.userName
            current.revision += 1
            try await current.update(on: db)
            try await request.auditChange(
                .update, .yearlyDocument, recordID: id,
                detail: "\(current.kind.polishName) \(current.year): zatwierdzono, nr \(current.number ?? "")", on: db)
        }
        return request.redirect(to: SiteRoute.yearlyDocument.url(id, query: "done=finalised"), redirectType: .normal)
    }

    @Sendable static func print(_ request: Request) async throws -> Response {
        let staff = try request.require(.prepareYearlyDocuments)
        let document = try await document(request, staff)
        let organisation = try await Organisation.find(staff.organisationID, on: request.db)
        try await request.audit(
            .print, .yearlyDocument, recordID: try document.requireID(), detail: "\(document.kind.polishName) \(document.year)")
        return try await request.render(
            "insight/document-print",
            YearlyDocumentPage.make(
                document, content: try document.decoded(), errors: FieldErrors(), canFinalise: false, notice: nil,
                organisationName: organisation?.name,
                layout: try await request.layout(title: document.kind.polishName, section: "insight")))
    }

    @Sendable static func csv(_ request: Request) async throws -> Response {
        let staff = try request.require(.prepareYearlyDocuments)
        let document = try await document(request, staff)
        var lines: [String] = []
        for section in try document.decoded().sections {
            for table in section.tables {
                lines.append([section.title, table.title].map(CSV.cell).joined(separator: ";"))
                lines.append(table.columns.map(CSV.cell).joined(separator: ";"))
                lines += table.rows.map { $0.map(CSV.cell).joined(separator: ";") }
                lines.append("")
            }
        }
        try await request.audit(
            .export, .yearlyDocument, recordID: try document.requireID(),
            detail: "\(document.kind.polishName) \(document.year): CSV")
        return CSV.response(lines: lines, filename: "\(document.kind.rawValue)-\(document.year).csv")
    }
}

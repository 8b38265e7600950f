import Fluent
import OpenCUSCore
import Vapor

/// The centre's own indicators (`ManualIndicator`): defined and typed in month by month, with
/// the source of each value, by those with `record_own_indicators`; read with the catalogue's
/// on the dashboard by everyone with `view_indicators`. A changed value keeps the old one in
/// the audit trail.
enum OwnIndicatorController {
    struct DefinitionBody: Content {
        var name: String?
        var description: String?
        var unit: String?
        var direction: String?
        var target: String?
        var countsPeople: String?
    }

    struct ValueBody: Content {
        var month: String?
        var value: String?
        var source: String?
    }

    /// The months a value may be typed for: the dashboard's twelve, newest first.
    static func months(_ now: Date) -> [InsightPeriod] { InsightSnapshots.periods(now).reversed() }

    static func find(_ request: Request, organisationID: UUID) async throws -> ManualIndicator {
        guard let id = request.parameters.get("ownIndicatorID", as: UUID.self),
            let indicator = try await ManualIndicator.find(id, in: organisationID, on: request.db)
        else { throw Abort(.notFound) }
        return indicator
    }

    static func renderForm(
        _ request: Request, form: ManualIndicatorForm, errors: FieldErrors, indicator: ManualIndicator?,
        status: HTTPStatus = .ok
    ) async throws -> Response {
        let title = indicator.map { "Zmień wskaźnik \($0.code)" } ?? "Nowy wskaźnik własny"
        return try await request.render(
            "insight/own-form",
            OwnIndicatorFormPage.make(
                form: form, errors: errors, indicator: indicator,
                layout: try await request.layout(title: title, section: "insight")),
            status: status)
    }

    static func form(_ body: DefinitionBody) -> ManualIndicatorForm {
        ManualIndicatorForm(
            name: body.name ?? "", description: body.description ?? "", unit: body.unit ?? "", direction: body.direction ?? "",
            target: body.target ?? "", countsPeople: body.countsPeople == "on")
    }

    @Sendable static func new(_ request: Request) async throws -> Response {
        _ = try request.require(.recordOwnIndicators)
        return try await renderForm(request, form: ManualIndicatorForm(), errors: FieldErrors(), indicator: nil)
    }

    @Sendable static func create(_ request: Request) async throws -> Response {
        let staff = try request.require(.recordOwnIndicators)
        let form = form(try request.content.decode(DefinitionBody.self))
        let valid: ManualIndicatorForm.Valid
        switch form.validate() {
        case .failure(let errors):
            return try await renderForm(request, form: form, errors: errors, indicator: nil, status: .unprocessableEntity)
        case .success(let v): valid = v
        }
        let now = request.clock.now()
        let organisationID = staff.organisationID
        let id = try await request.db.writeTransaction { db -> UUID in
            // The organisation's row orders numbering: two created at once get 1 and 2.
            try await db.lockForUpdate(Organisation.self, id: organisationID)
            let last = try await ManualIndicator.scoped(to: organisationID, on: db).max(\.$number) ?? 0
            let indicator = ManualIndicator(organisationID: organisationID, number: last + 1, valid, by: staff.userName, at: now)
            try await indicator.create(on: db)
            try await request.auditChange(
                .create, .manualIndicator, recordID: try indicator.requireID(), detail: "\(indicator.code) \(indicator.name)",
                on: db)
            return try indicator.requireID()
        }
        return request.redirect(to: SiteRoute.ownIndicator.url(id, query: "done=created"), redirectType: .normal)
    }

    @Sendable static func edit(_ request: Request) async throws -> Response {
        let staff = try request.require(.recordOwnIndicators)
        let indicator = try await find(request, organisationID: staff.organisationID)
        let form = ManualIndicatorForm(
            name: indicator.name, description: indicator.description, unit: indicator.unit.rawValue,
            direction: indicator.direction.rawValue, target: indicator.target.map { indicator.shape.number($0) } ?? "",
            countsPeople: indicator.countsPeople)
        return try await renderForm(request, form: form, errors: FieldErrors(), indicator: indicator)
    }

    @Sendable static func update(_ request: Request) async throws -> Response {
        let staff = try request.require(.recordOwnIndicators)
        let indicator = try await find(request, organisationID: staff.organisationID)
        let form = form(try request.content.decode(DefinitionBody.self))
        let valid: ManualIndicatorForm.Valid
        switch form.validate() {
        case .failure(let errors):
            return try await renderForm(
                request, form: form, errors: errors, indicator: indicator, status: .unprocessableEntity)
        case .success(let v): valid = v
        }
        let id = try indicator.requireID()
        try await request.db.writeTransaction { db in
            try await db.lockForUpdate(ManualIndicator.self, id: id)
            guard let current = try await ManualIndicator.find(id, on: db) else { throw Abort(.notFound) }
            let before = describe(current)
            current.apply(valid)
            try await current.save(on: db)
            try await request.auditChange(
                .update, .manualIndicator, recordID: id, detail: "było: \(before); jest: \(describe(current))", on: db)
        }
        return request.redirect(to: SiteRoute.ownIndicator.url(id, query: "done=updated"), redirectType: .normal)
    }

    static func renderShow(
        _ request: Request, staff: StaffContext, indicator: ManualIndicator, form: ManualValueForm, errors: FieldErrors,
        status: HTTPStatus = .ok
    ) async throws -> Response {
        let values = try await ManualIndicatorValue.scoped(to: staff.organisationID, on: request.db)
            .filter(\.$indicator.$id == indicator.requireID()).all()
        let notices = [
            "created": "Dodano wskaźnik. Wpisz jego wartości za kolejne miesiące.", "updated": "Zapisano zmiany wskaźnika.",
            "saved": "Zapisano wartość.",
        ]
        return try await request.render(
            "insight/own",
            OwnIndicatorPage.make(
                indicator, values: values, months: months(request.clock.now()),
                rule: try await InsightSettings.of(staff.organisationID, on: request.db).rule,
                mayRecord: staff.allows(.recordOwnIndicators), form: form, errors: errors,
                notice: notices[request.query[String.self, at: "done"] ?? ""],
                layout: try await request.layout(title: indicator.name, section: "insight")),
            status: status)
    }

    @Sendable static func show(_ request: Request) async throws -> Response {
        let staff = try request.require(.viewIndicators)
        let indicator = try await find(request, organisationID: staff.organisationID)
        return try await renderShow(
            request, staff: staff, indicator: indicator,
            form: ManualValueForm(month: months(request.clock.now()).dropFirst().first?.key ?? ""), errors: FieldErrors())
    }

    /// Saves one month's value: a new one, or a correction whose earlier value and source the
    /// audit trail keeps.
    @Sendable static func saveValue(_ request: Request) async throws -> Response {
        let staff = try request.require(.recordOwnIndicators)
        let indicator = try await find(request, organisationID: staff.organisationID)
        let body = try request.content.decode(ValueBody.self)
        let form = ManualValueForm(month: body.month ?? "", value: body.value ?? "", source: body.source ?? "")
        let now = request.clock.now()
        let valid: ManualValueForm.Valid
        switch form.validate(unit: indicator.unit, months: months(now)) {
        case .failure(let errors):
            return try await renderShow(
                request, staff: staff, indicator: indicator, form: form, errors: errors, status: .unprocessableEntity)
        case .success(let v): valid = v
        }
        let id = try indicator.requireID()
        let organisationID = staff.organisationID
        try await request.db.writeTransaction { db in
            // The indicator's row: two people typing the same month at once make one value.
            try await db.lockForUpdate(ManualIndicator.self, id: id)
            let shape = indicator.shape
            if let existing = try await ManualIndicatorValue.scoped(to: organisationID, on: db)
                .filter(\.$indicator.$id == id).filter(\.$month == valid.month.key).first()
            {
                let before = "\(shape.number(existing.value)) (\(existing.source))"
                existing.value = valid.value
                existing.source = valid.source
                existing.enteredBy = staff.userName
                existing.enteredAt = now
                try await existing.save(on: db)
                try await request.auditChange(
                    .update, .manualIndicator, recordID: id,
                    detail:
                        "\(indicator.code) \(valid.month.label): było \(before), jest \(shape.number(valid.value)) (\(valid.source))",
                    on: db)
            } else {
                try await ManualIndicatorValue(
                    organisationID: organisationID, indicatorID: id, valid, by: staff.userName, at: now
                )
                .create(on: db)
                try await request.auditChange(
                    .create, .manualIndicator, recordID: id,
                    detail: "\(indicator.code) \(valid.month.label): \(shape.number(valid.value)) (\(valid.source))", on: db)
            }
        }
        return request.redirect(to: SiteRoute.ownIndicator.url(id, query: "done=saved"), redirectType: .normal)
    }

    /// The definition in one line for the audit trail.
    static func describe(_ i: ManualIndicator) -> String {
        "\(i.name); \(i.unit.polishName); \(i.direction.polishName); cel \(i.target.map { i.shape.number($0) } ?? "—")"
    }
}

import Fluent
import OpenCUSCore
import Vapor

/// The public accessibility statement and its editor for the operator's administrators.
enum AccessibilityController {

    @Sendable static func show(_ request: Request) async throws -> Response {
        let statement = try await AccessibilityStatement.query(on: request.db)
            .join(Organisation.self, on: \AccessibilityStatement.$organisation.$id == \Organisation.$id)
            .filter(Organisation.self, \.$isOperator == true)
            .first()
        let page = PublicPage.make(
            statement, siteURL: request.config.baseURL.absoluteString,
            layout: try await request.layout(title: "Deklaracja dostępności", section: "accessibility"))
        return try await request.render("accessibility/statement", page)
    }

    @Sendable static func edit(_ request: Request) async throws -> Response {
        let staff = try request.require(.editAccessibilityStatement)
        let existing = try await AccessibilityStatement.scoped(to: staff.organisationID, on: request.db).first()
        let form = existing?.form ?? StatementForm(entityName: staff.organisationName, status: ComplianceStatus.partial.rawValue)
        return try await renderEdit(
            request, form: form, errors: FieldErrors(), saved: request.query[String.self, at: "ok"] == "1")
    }

    @Sendable static func save(_ request: Request) async throws -> Response {
        let staff = try request.require(.editAccessibilityStatement)
        let form = try request.content.decode(StatementForm.self).cleaned()
        let today = CalendarDay(request.clock.now(), in: WallClock.warsaw)
        let errors = form.validate(today: today)
        guard errors.isEmpty, let days = form.days else {
            return try await renderEdit(request, form: form, errors: errors, saved: false, status: .unprocessableEntity)
        }
        if let statement = try await AccessibilityStatement.scoped(to: staff.organisationID, on: request.db).first() {
            statement.apply(form, days)
            statement.updatedByUserID = staff.userID
            try await statement.save(on: request.db)
        } else {
            try await AccessibilityStatement(
                organisationID: staff.organisationID, form: form, days: days, updatedByUserID: staff.userID
            )
            .create(on: request.db)
        }
        return request.redirect(to: SiteRoute.accessibilityEdit.url(query: "ok=1"), redirectType: .normal)
    }

    private static func renderEdit(
        _ request: Request, form: StatementForm, errors: FieldErrors, saved: Bool, status: HTTPStatus = .ok
    ) async throws -> Response {
        let page = EditPage.make(
            form: form, errors: errors, saved: saved, today: CalendarDay(request.clock.now(), in: WallClock.warsaw),
            layout: try await request.layout(title: "Edycja deklaracji dostępności", section: "statement-edit"))
        return try await request.render("accessibility/edit", page, status: status)
    }
}

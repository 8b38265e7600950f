import Fluent
import OpenCUSCore
import Vapor

/// The director's settings for the centre's figures (`InsightSettingsForm`) and the monthly
/// publication they drive: saving them publishes the last ended month at once for what is
/// switched on and withdraws what is switched off; "Opublikuj ponownie" rewrites that month
/// (after corrections). Every change is audited.
enum InsightSettingsController {
    struct Body: Content {
        var threshold: String?
        var residents: String?
        var residentsSource: String?
        var shareWithRegion: String?
        var sharedCodes: [String]?
        var publishMonitoring: String?
    }

    static func form(_ settings: InsightSettings) -> InsightSettingsForm {
        InsightSettingsForm(
            threshold: String(settings.threshold), residents: settings.residents.map(String.init) ?? "",
            residentsSource: settings.residentsSource, shareWithRegion: settings.shareWithRegion, sharedCodes: settings.codes,
            publishMonitoring: settings.publishMonitoring)
    }

    static func render(
        _ request: Request, staff: StaffContext, form: InsightSettingsForm, errors: FieldErrors, status: HTTPStatus = .ok
    ) async throws -> Response {
        let organisation = try await Organisation.find(staff.organisationID, on: request.db)
        let publications = try await InsightPublication.scoped(to: staff.organisationID, on: request.db).sort(
            \.$month, .descending
        ).all()
        return try await request.render(
            "insight/settings",
            InsightSettingsPage.make(
                form: form, errors: errors, organisation: organisation, publications: publications,
                month: InsightPublisher.lastCompletedMonth(request.clock.now()),
                notice: ["saved": "Zapisano ustawienia.", "published": "Opublikowano ponownie dane za ostatni miesiąc."][
                    request.query[String.self, at: "done"] ?? ""],
                layout: try await request.layout(title: "Ustawienia wskaźników i publikacji", section: "insight")),
            status: status)
    }

    @Sendable static func show(_ request: Request) async throws -> Response {
        let staff = try request.require(.manageInsightSettings)
        return try await render(
            request, staff: staff, form: form(try await InsightSettings.of(staff.organisationID, on: request.db)),
            errors: FieldErrors())
    }

    @Sendable static func save(_ request: Request) async throws -> Response {
        let staff = try request.require(.manageInsightSettings)
        let body = try request.content.decode(Body.self)
        let form = InsightSettingsForm(
            threshold: body.threshold ?? "", residents: body.residents ?? "", residentsSource: body.residentsSource ?? "",
            shareWithRegion: body.shareWithRegion == "on", sharedCodes: body.sharedCodes ?? [],
            publishMonitoring: body.publishMonitoring == "on")
        let valid: InsightSettingsForm.Valid
        switch form.validate() {
        case .failure(let errors):
            return try await render(request, staff: staff, form: form, errors: errors, status: .unprocessableEntity)
        case .success(let v): valid = v
        }
        let now = request.clock.now()
        let organisationID = staff.organisationID
        let settings = try await request.db.writeTransaction { db -> InsightSettings in
            // The organisation's row: two first saves at once must not both insert settings.
            try await db.lockForUpdate(Organisation.self, id: organisationID)
            let settings =
                try await InsightSettings.scoped(to: organisationID, on: db).first()
                ?? InsightSettings(organisationID: organisationID, updatedBy: staff.userName, at: now)
            let before = describe(settings)
            settings.threshold = valid.rule.threshold
            settings.residents = valid.residents
            settings.residentsSource = valid.residentsSource
            settings.shareWithRegion = valid.shareWithRegion
            settings.sharedCodes = valid.sharedCodes.joined(separator: ",")
            settings.publishMonitoring = valid.publishMonitoring
            settings.updatedBy = staff.userName
            settings.updatedAt = now
            try await settings.save(on: db)
            if !valid.shareWithRegion { try await InsightPublisher.withdraw(.regional, organisationID: organisationID, on: db) }
            if !valid.publishMonitoring {
                try await InsightPublisher.withdraw(.monitoring, organisationID: organisationID, on: db)
            }
            try await request.auditChange(
                .update, .insightSettings, recordID: try settings.requireID(),
                detail: "było: \(before); jest: \(describe(settings))",
                on: db)
            return settings
        }
        try await InsightPublisher.publish(settings, month: InsightPublisher.lastCompletedMonth(now), now: now, on: request.db)
        return request.redirect(to: SiteRoute.insightSettings.url(query: "done=saved"), redirectType: .normal)
    }

    @Sendable static func publishAgain(_ request: Request) async throws -> Response {
        let staff = try request.require(.manageInsightSettings)
        let settings = try await InsightSettings.of(staff.organisationID, on: request.db)
        guard settings.id != nil, settings.shareWithRegion || settings.publishMonitoring else {
            return try await render(
                request, staff: staff, form: form(settings),
                errors: FieldErrors(
                    "form", "Nic nie jest publikowane: włącz udostępnianie ROPS albo stronę monitoringu i zapisz."),
                status: .unprocessableEntity)
        }
        let now = request.clock.now()
        let month = InsightPublisher.lastCompletedMonth(now)
        try await InsightPublisher.publish(settings, month: month, now: now, on: request.db)
        try await request.db.writeTransaction { db in
            try await request.auditChange(
                .update, .insightSettings, recordID: try settings.requireID(), detail: "ponowna publikacja za \(month.label)",
                on: db)
        }
        return request.redirect(to: SiteRoute.insightSettings.url(query: "done=published"), redirectType: .normal)
    }

    /// The settings in one line for the audit trail (no personal data in them).
    static func describe(_ s: InsightSettings) -> String {
        "próg \(s.threshold), mieszkańcy \(s.residents.map(String.init) ?? "—"), ROPS \(s.shareWithRegion ? "tak (\(s.sharedCodes))" : "nie"), monitoring \(s.publishMonitoring ? "tak" : "nie")"
    }
}

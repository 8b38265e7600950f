import Fluent
import OpenCUSCore
import Vapor

/// Monitoring of the community organising plan: a record per action held (counted people, an
/// optional photo with its description and the image consent), measured values of the aims,
/// and the yearly summary (A4 print and CSV) computed from them.
enum CommunityPlanMonitoringController {
    typealias Plans = CommunityPlanController

    static let photoLimit = 8 * 1024 * 1024

    // MARK: The monitoring page

    @Sendable static func page(_ request: Request) async throws -> Response {
        let staff = try request.require(.manageCommunityPlan)
        let plan = try await Plans.plan(request, staff)
        return try await render(request, staff, plan)
    }

    static func render(
        _ request: Request, _ staff: StaffContext, _ plan: CommunityPlan, record: ActionRecordForm? = nil,
        measurement: AimProgressForm? = nil, errors: FieldErrors = FieldErrors(), status: HTTPStatus = .ok
    ) async throws -> Response {
        let governing = try await Plans.governing(plan, on: request.db)
        let content = try governing.content()
        let today = Plans.today(request)
        let records = try await CommunityPlanRecord.query(on: request.db).filter(\.$plan.$id == plan.requireID())
            .sort(\.$day, .descending).sort(\.$createdAt, .descending).all()
        let measurements = try await CommunityPlanMeasurement.query(on: request.db).filter(\.$plan.$id == plan.requireID())
            .sort(\.$day, .descending).all()
        let month =
            request.query[String.self, at: "miesiac"].flatMap { CalendarDay(iso: $0 + "-01") }
            ?? records.first.flatMap { CalendarDay(year: $0.day.year, month: $0.day.month, day: 1) }
            ?? CalendarDay(year: today.year, month: today.month, day: 1)!
        var recordForm = record ?? ActionRecordForm()
        if record == nil { recordForm.day = today.iso }
        var measurementForm = measurement ?? AimProgressForm()
        if measurement == nil { measurementForm.day = today.iso }
        let notice = status == .ok ? request.query[String.self, at: "done"].flatMap { MonitoringPage.notices[$0] } : nil
        return try await request.render(
            "community-plan/monitoring",
            try MonitoringPage.make(
                plan, content: content, records: records, measurements: measurements, month: month, record: recordForm,
                measurement: measurementForm, errors: errors, notice: notice,
                layout: try await request.layout(title: "Monitoring: \(plan.title)", section: "community-plan")),
            status: status)
    }

    struct RecordBody: Content {
        var action: String?
        var day: String?
        var participants: String?
        var volunteers: String?
        var notes: String?
        var photoAlt: String?
        var photoConsent: String?
        var photo: File?
    }

    @Sendable static func addRecord(_ request: Request) async throws -> Response {
        let staff = try request.require(.manageCommunityPlan)
        let plan = try await Plans.plan(request, staff)
        let body = try request.content.decode(RecordBody.self)
        var form = ActionRecordForm()
        (form.action, form.day, form.participants) = (
            TextInput.clean(body.action), TextInput.clean(body.day), TextInput.clean(body.participants)
        )
        (form.volunteers, form.notes, form.photoAlt) = (
            TextInput.clean(body.volunteers), TextInput.clean(body.notes, multiline: true), TextInput.clean(body.photoAlt)
        )
        form.photoConsent = body.photoConsent == "on"
        let bytes = body.photo.map { Array($0.data.readableBytesView) } ?? []
        let content = try await Plans.governing(plan, on: request.db).content()
        var photo: ImageUpload.Accepted?
        var errors = FieldErrors()
        var checked: ActionRecordForm.Valid?
        switch form.validate(plan: content, today: Plans.today(request), photo: !bytes.isEmpty) {
        case .failure(let e): errors = e
        case .success(let v): checked = v
        }
        if !bytes.isEmpty {
            switch ImageUpload.check(bytes, maximumBytes: photoLimit, tooLarge: "Zdjęcie jest za duże: najwyżej 8 MB.") {
            case .success(let accepted): photo = accepted
            case .failure(let refusal): errors.add("photo", refusal.message)
            }
        }
        guard errors.isEmpty, let valid = checked else {
            return try await render(request, staff, plan, record: form, errors: errors, status: .unprocessableEntity)
        }
        let title = content.actions.first { $0.key == valid.actionKey }?.title ?? ""
        let record = CommunityPlanRecord(
            organisationID: staff.organisationID, planID: try plan.requireID(), valid: valid, actionTitle: title,
            by: staff.userName, now: request.clock.now())
        let storage = FileStorage(dataDirectory: request.config.dataDirectory)
        if let photo {
            record.photoKey = try storage.save(photo.bytes)
            (record.photoType, record.photoAlt, record.photoConsentBy) = (photo.kind.contentType, form.photoAlt, staff.userName)
        }
        do {
            try await request.db.writeTransaction { db in
                try await record.create(on: db)
                try await request.auditChange(
                    .create, .communityPlan, recordID: try plan.requireID(),
                    detail: "plan OSL: zapisano przebieg działania z \(valid.day.iso)", on: db)
            }
        } catch {
            if let key = record.photoKey { storage.delete(key) }
            throw error
        }
        return request.redirect(
            to: SiteRoute.communityPlanMonitoring.url(
                try plan.requireID(), query: "done=recorded&miesiac=\(String(valid.day.iso.prefix(7)))", fragment: "wpisy"),
            redirectType: .normal)
    }

    static func record(_ request: Request, _ staff: StaffContext, _ plan: CommunityPlan) async throws -> CommunityPlanRecord {
        guard let id = request.parameters.get("recordID", as: UUID.self),
            let record = try await CommunityPlanRecord.find(id, in: staff.organisationID, on: request.db),
            record.$plan.id == plan.id
        else { throw Abort(.notFound) }
        return record
    }

    @Sendable static func confirmDeleteRecord(_ request: Request) async throws -> Confirmation? {
        let staff = try request.require(.manageCommunityPlan)
        let plan = try await Plans.plan(request, staff)
        let record = try await record(request, staff, plan)
        return Confirmation(
            question: "Usunąć wpis „\(record.actionTitle)” z \(record.day.polish)?",
            consequence: "Wpis \(record.photoKey == nil ? "" : "i jego zdjęcie ")zniknie z monitoringu i z podsumowania roku.",
            confirmLabel: "Tak, usuń wpis",
            cancelURL: SiteRoute.communityPlanMonitoring.url(try plan.requireID(), fragment: "wpisy"))
    }

    @Sendable static func deleteRecord(_ request: Request) async throws -> Response {
        let staff = try request.require(.manageCommunityPlan)
        let plan = try await Plans.plan(request, staff)
        let record = try await record(request, staff, plan)
        try await request.db.writeTransaction { db in
            try await record.delete(on: db)
            try await request.auditChange(
                .delete, .communityPlan, recordID: try plan.requireID(),
                detail: "plan OSL: usunięto wpis z \(record.day.iso)", on: db)
        }
        if let key = record.photoKey { FileStorage(dataDirectory: request.config.dataDirectory).delete(key) }
        return request.redirect(
            to: SiteRoute.communityPlanMonitoring.url(try plan.requireID(), query: "done=deleted", fragment: "wpisy"),
            redirectType: .normal)
    }

    @Sendable static func confirmDeletePhoto(_ request: Request) async throws -> Confirmation? {
        let staff = try request.require(.manageCommunityPlan)
        let plan = try await Plans.plan(request, staff)
        let record = try await record(request, staff, plan)
        guard record.photoKey != nil else { return nil }
        return Confirmation(
            question: "Usunąć zdjęcie z wpisu z \(record.day.polish)?",
            consequence: "Zdjęcie zniknie na stałe (np. gdy ktoś wycofał zgodę na wizerunek); wpis i jego liczby zostaną.",
            confirmLabel: "Tak, usuń zdjęcie",
            cancelURL: SiteRoute.communityPlanMonitoring.url(try plan.requireID(), fragment: "wpisy"))
    }

    /// Removes only the photo (someone withdrew consent to their image); the record stays.
    @Sendable static func deletePhoto(_ request: Request) async throws -> Response {
        let staff = try request.require(.manageCommunityPlan)
        let plan = try await Plans.plan(request, staff)
        let record = try await record(request, staff, plan)
        let key = record.photoKey
        if key != nil {
            try await request.db.writeTransaction { db in
                (record.photoKey, record.photoType, record.photoAlt, record.photoConsentBy) = (nil, nil, nil, nil)
                try await record.save(on: db)
                try await request.auditChange(
                    .delete, .communityPlan, recordID: try plan.requireID(),
                    detail: "plan OSL: usunięto zdjęcie z wpisu z \(record.day.iso)", on: db)
            }
            if let key { FileStorage(dataDirectory: request.config.dataDirectory).delete(key) }
        }
        return request.redirect(
            to: SiteRoute.communityPlanMonitoring.url(
                try plan.requireID(), query: "done=photo-deleted&miesiac=\(String(record.day.iso.prefix(7)))", fragment: "wpisy"),
            redirectType: .normal)
    }

    /// A record's photo, for staff only: it shows residents' faces.
    @Sendable static func photo(_ request: Request) async throws -> Response {
        let staff = try request.require(.manageCommunityPlan)
        let plan = try await Plans.plan(request, staff)
        let record = try await record(request, staff, plan)
        guard let key = record.photoKey, let type = record.photoType else { throw Abort(.notFound) }
        return try ImageUpload.response(request, key: key, contentType: type, cache: "private, max-age=3600")
    }

    struct MeasurementBody: Content {
        var aim: String?
        var day: String?
        var value: String?
        var note: String?
    }

    @Sendable static func measure(_ request: Request) async throws -> Response {
        let staff = try request.require(.manageCommunityPlan)
        let plan = try await Plans.plan(request, staff)
        let body = try request.content.decode(MeasurementBody.self)
        var form = AimProgressForm()
        (form.aim, form.day, form.value, form.note) = (
            TextInput.clean(body.aim), TextInput.clean(body.day), TextInput.clean(body.value),
            TextInput.clean(body.note, multiline: true)
        )
        let content = try await Plans.governing(plan, on: request.db).content()
        switch form.validate(plan: content, today: Plans.today(request)) {
        case .failure(let errors):
            return try await render(
                request, staff, plan, measurement: form, errors: errors.anchored { "measure-\($0)" },
                status: .unprocessableEntity)
        case .success(let valid):
            try await request.db.writeTransaction { db in
                try await CommunityPlanMeasurement(
                    organisationID: staff.organisationID, planID: try plan.requireID(), valid: valid, by: staff.userName,
                    now: request.clock.now()
                ).create(on: db)
                try await request.auditChange(
                    .create, .communityPlan, recordID: try plan.requireID(),
                    detail: "plan OSL: pomiar wskaźnika \(content.aimCode(valid.aimKey) ?? "")", on: db)
            }
            return request.redirect(
                to: SiteRoute.communityPlanMonitoring.url(try plan.requireID(), query: "done=measured", fragment: "cele"),
                redirectType: .normal)
        }
    }

    // MARK: The yearly summary

    static func summary(_ request: Request) async throws -> (CommunityPlan, CommunityPlanContent, CommunityYearSummary) {
        let staff = try request.require(.viewCommunitySummary)
        let plan = try await Plans.plan(request, staff)
        let content = try await Plans.governing(plan, on: request.db).content()
        let years = content.start.year...content.end.year
        let asked = request.query[Int.self, at: "rok"]
        let year =
            asked.flatMap { years.contains($0) ? $0 : nil }
            ?? min(max(Plans.today(request).year, years.lowerBound), years.upperBound)
        let records = try await CommunityPlanRecord.query(on: request.db).filter(\.$plan.$id == plan.requireID()).all()
        let measurements = try await CommunityPlanMeasurement.query(on: request.db).filter(\.$plan.$id == plan.requireID())
            .all()
        let linked = Set(content.actions.flatMap(\.activityIDs))
        let activities = try await Activity.scoped(to: staff.organisationID, on: request.db).filter(\.$id ~~ linked).all()
        let titles = Dictionary(uniqueKeysWithValues: activities.compactMap { a in a.id.map { ($0, a.title) } })
        let sessions = try await ActivitySession.scoped(to: staff.organisationID, on: request.db)
            .filter(\.$activity.$id ~~ linked).all()
        let facts = sessions.map {
            ActivitySessionFact(
                activityID: $0.$activity.id, title: titles[$0.$activity.id] ?? "", day: $0.day, participants: $0.total)
        }
        let summary = CommunityYearSummary.compute(
            year: year, plan: content, records: records.map(\.fact), measurements: measurements.map(\.measurement),
            sessions: facts)
        try await request.audit(.view, .communityPlan, recordID: try plan.requireID(), detail: "plan OSL: podsumowanie \(year)")
        return (plan, content, summary)
    }

    @Sendable static func summaryPage(_ request: Request) async throws -> Response {
        let (plan, content, summary) = try await summary(request)
        let organisation = try await Organisation.find(plan.$organisation.id, on: request.db)
        return try await request.render(
            "community-plan/summary",
            SummaryPage.make(
                plan, content: content, summary: summary, organisationName: organisation?.name ?? "",
                canManage: request.staff?.allows(.manageCommunityPlan) ?? false,
                layout: try await request.layout(
                    title: "Podsumowanie \(summary.year): \(plan.title)", section: "community-plan")))
    }

    @Sendable static func summaryCSV(_ request: Request) async throws -> Response {
        let (_, _, summary) = try await summary(request)
        return CSV.response(
            lines: summary.csvRows.map { $0.map(CSV.cell).joined(separator: ";") },
            filename: "plan-osl-podsumowanie-\(summary.year).csv")
    }
}

import Fluent
import OpenCUSCore
import Vapor

/// Delivery records: what providers (and the CUS for its own services) delivered to each
/// enrolled person — one at a time or as a group session with attendance ticks — and the month's
/// summary per service and provider, on screen and as CSV. Provider staff see only the
/// enrolments their organisation delivers and only delivery data.
enum DeliveryController {
    /// Whose enrolments the staff member works with.
    enum Scope {
        /// CUS staff: every enrolment of their CUS.
        case cus(UUID)
        /// Provider staff: the enrolments their organisation delivers, in any CUS.
        case provider(UUID)

        static func of(_ staff: StaffContext) -> Scope {
            staff.allows(.manageApplications) ? .cus(staff.organisationID) : .provider(staff.organisationID)
        }

        func enrolments(on db: any Database) -> QueryBuilder<Enrolment> {
            switch self {
            case .cus(let id): Enrolment.query(on: db).filter(\.$organisation.$id == id)
            case .provider(let id): Enrolment.query(on: db).filter(\.$providerOrganisationID == id)
            }
        }

        func records(on db: any Database) -> QueryBuilder<DeliveryRecord> {
            switch self {
            case .cus(let id): DeliveryRecord.query(on: db).filter(\.$organisation.$id == id)
            case .provider(let id): DeliveryRecord.query(on: db).filter(\.$providerOrganisationID == id)
            }
        }
    }

    static func today(_ request: Request) -> CalendarDay { CalendarDay(request.clock.now(), in: WallClock.warsaw) }

    static func month(_ request: Request) -> Month {
        request.query[String.self, at: "month"].flatMap(Month.init) ?? Month(today(request))
    }

    // MARK: Monthly summary

    @Sendable static func summary(_ request: Request) async throws -> Response {
        let staff = try request.require(.recordDeliveries)
        let month = month(request)
        let loaded = try await SummaryPage.load(Scope.of(staff), month: month, on: request.db)
        try await auditList(
            request, staff, loaded.enrolments, detail: "realizacja usług: lista osób (\(loaded.enrolments.count))")
        let page = try SummaryPage.make(
            loaded, month: month, today: today(request),
            layout: try await request.layout(title: "Realizacja usług — \(month.polish)", section: "deliveries"))
        return try await request.render("deliveries/summary", page)
    }

    @Sendable static func summaryCSV(_ request: Request) async throws -> Response {
        let staff = try request.require(.recordDeliveries)
        let month = month(request)
        let rows = SummaryPage.rows(try await SummaryPage.Month(Scope.of(staff), month, on: request.db))
        try await request.audit(
            .export, .application, detail: "realizacja usług \(month): CSV (\(rows.count) wierszy, bez danych osobowych)")
        let header = "usługa;realizator;osób;zajęć;obecności;nieobecności;odwołane;godzin;jednostek;frekwencja"
        let lines = rows.map { r in
            [
                r.service, r.provider, String(r.people), String(r.sessions), String(r.attended), String(r.absent),
                String(r.cancelled), r.hours, String(r.units), r.rate,
            ]
            .map(CSV.cell).joined(separator: ";")
        }
        return CSV.response(lines: [header] + lines, filename: "realizacja-\(month).csv")
    }

    /// Provider views are recorded in the commissioning CUS's audit chain, where the person is.
    static func auditList(_ request: Request, _ staff: StaffContext, _ enrolments: [Enrolment], detail: String) async throws {
        let actor = AuditActor(staff, request)
        for (cus, rows) in Dictionary(grouping: enrolments, by: { $0.$organisation.id }) {
            try await Audit.record(
                AuditEvent(
                    actor: actor, organisationID: cus, action: .list, recordType: .person, recordID: nil,
                    subjects: rows.map { AuditSubject(type: .person, id: $0.$person.id) }, detail: detail),
                at: request.clock.now(), in: request.application)
        }
    }

    // MARK: One enrolment

    static func scopedEnrolment(_ request: Request, _ staff: StaffContext) async throws -> Enrolment {
        guard let id = request.parameters.get("enrolmentID", as: UUID.self),
            let enrolment = try await Scope.of(staff).enrolments(on: request.db).filter(\.$id == id).with(\.$person).with(
                \.$service
            ).first()
        else { throw Abort(.notFound) }
        return enrolment
    }

    static func renderEnrolment(
        _ request: Request, typed: DeliveryForm? = nil, errors: FieldErrors = FieldErrors(), status: HTTPStatus = .ok
    ) async throws -> Response {
        let staff = try request.require(.recordDeliveries)
        let e = try await scopedEnrolment(request, staff)
        let records = try await DeliveryRecord.query(on: request.db).filter(\.$enrolment.$id == e.requireID())
            .sort(\.$onDay, .descending).limit(400).all()
        try await Audit.record(
            AuditEvent(
                actor: AuditActor(staff, request), organisationID: e.$organisation.id, action: .view, recordType: .person,
                recordID: e.id,
                subjects: [AuditSubject(type: .person, id: e.$person.id)], detail: "realizacja usługi: \(e.service.name)"),
            at: request.clock.now(), in: request.application)
        let page = try EnrolmentPage.make(
            e, records: records, today: today(request), typed: typed, errors: errors,
            layout: try await request.layout(title: "\(e.person.fullName): \(e.service.name)", section: "deliveries"),
            notice: request.query[String.self, at: "done"] != nil ? "Zapisano zajęcia." : nil)
        return try await request.render("deliveries/enrolment", page, status: status)
    }

    @Sendable static func enrolment(_ request: Request) async throws -> Response { try await renderEnrolment(request) }

    struct OneBody: Content {
        var day: String?
        var minutes: String?
        var units: String?
        var attendance: String?
        var note: String?
    }

    static func form(_ b: OneBody) -> DeliveryForm {
        var f = DeliveryForm()
        (f.day, f.minutes, f.units, f.attendance, f.note) = (
            TextInput.clean(b.day), TextInput.clean(b.minutes), TextInput.clean(b.units), TextInput.clean(b.attendance),
            TextInput.clean(b.note, multiline: true)
        )
        return f
    }

    @Sendable static func addOne(_ request: Request) async throws -> Response {
        let staff = try request.require(.recordDeliveries)
        let e = try await scopedEnrolment(request, staff)
        let typed = form(try request.content.decode(OneBody.self))
        switch typed.validate(
            enrolmentStart: e.startDay, enrolmentEnd: e.endDay,
            today: today(request))
        {
        case .failure(let errors):
            return try await renderEnrolment(request, typed: typed, errors: errors, status: .unprocessableEntity)
        case .success(let valid):
            try await request.db.writeTransaction { db in
                try await store(valid, enrolment: e, staff: staff, request: request, on: db)
            }
            return request.redirect(
                to: SiteRoute.deliveryEnrolment.url(try e.requireID(), query: "done=1"), redirectType: .normal)
        }
    }

    /// One record per person and day: a second entry for the day replaces the first (a correction).
    static func store(_ v: DeliveryForm.Valid, enrolment e: Enrolment, staff: StaffContext, request: Request, on db: any Database)
        async throws
    {
        let existing = try await DeliveryRecord.query(on: db).filter(\.$enrolment.$id == e.requireID()).filter(
            \.$onDay == v.day
        )
        .first()
        let r = existing ?? DeliveryRecord()
        r.$organisation.id = e.$organisation.id
        r.$enrolment.id = try e.requireID()
        r.$service.id = e.$service.id
        r.providerOrganisationID = e.providerOrganisationID
        (r.onDay, r.minutes, r.units, r.attendance, r.note, r.recordedBy, r.recordedAt) = (
            v.day, v.minutes, v.units, v.attendance, v.note, staff.userName, request.clock.now()
        )
        try await r.save(on: db)
        try await Audit.append(
            AuditEvent(
                actor: AuditActor(staff, request), organisationID: e.$organisation.id,
                action: existing == nil ? .create : .update, recordType: .person,
                recordID: e.id, subjects: [AuditSubject(type: .person, id: e.$person.id)],
                detail: "realizacja \(v.day.iso): \(v.attendance.polishName)"),
            at: request.clock.now(), on: db)
    }
}

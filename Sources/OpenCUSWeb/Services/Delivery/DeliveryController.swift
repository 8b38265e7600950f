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

    struct SummaryRow: Encodable, Sendable {
        let service: String
        let provider: String
        let people: Int
        let sessions: Int
        let attended: Int
        let absent: Int
        let cancelled: Int
        let hours: String
        let units: Int
        let rate: String
    }

    struct PersonRow: Encodable, Sendable {
        let enrolmentID: UUID
        let name: String
        let service: String
        let start: String
    }

    static func rows(_ scope: Scope, month: Month, on db: any Database) async throws -> [SummaryRow] {
        let records = try await scope.records(on: db).filter(\.$onDay >= month.first).filter(\.$onDay <= month.last).all()
        let serviceIDs = Array(Set(records.map(\.$service.id)))
        let services =
            serviceIDs.isEmpty
            ? [:]
            : Dictionary(
                try await ServiceDefinition.query(on: db).filter(\.$id ~~ serviceIDs).all().map { (try $0.requireID(), $0.name) },
                uniquingKeysWith: { a, _ in a })
        let providerIDs = Array(Set(records.compactMap(\.providerOrganisationID)))
        let providers =
            providerIDs.isEmpty
            ? [:]
            : Dictionary(
                try await Organisation.query(on: db).filter(\.$id ~~ providerIDs).all().map { (try $0.requireID(), $0.name) },
                uniquingKeysWith: { a, _ in a })
        struct Key: Hashable { let service: UUID; let provider: UUID? }
        return Dictionary(grouping: records, by: { Key(service: $0.$service.id, provider: $0.providerOrganisationID) }).map {
            key, records in
            var s = DeliverySummary()
            for r in records { s.add(r.attendance, minutes: r.minutes, units: r.units) }
            return SummaryRow(
                service: services[key.service] ?? "—",
                provider: key.provider.flatMap { providers[$0] } ?? "centrum (samodzielnie)",
                people: Set(records.map(\.$enrolment.id)).count, sessions: s.sessions, attended: s.attended, absent: s.absent,
                cancelled: s.cancelled,
                hours: String(format: "%.1f", Double(s.minutes) / 60).replacingOccurrences(of: ".", with: ","), units: s.units,
                rate: s.attendanceRate.map { "\($0)%" } ?? "—")
        }.sorted { ($0.service, $0.provider) < ($1.service, $1.provider) }
    }

    @Sendable static func summary(_ request: Request) async throws -> Response {
        let staff = try request.require(.recordDeliveries)
        let scope = Scope.of(staff)
        let month = month(request)
        let enrolments = try await scope.enrolments(on: request.db).filter(\.$active == true).with(\.$person).with(\.$service)
            .sort(\.$startDay).limit(1_000).all()
        try await auditList(request, staff, enrolments, detail: "realizacja usług: lista osób (\(enrolments.count))")
        let services = Dictionary(enrolments.map { ($0.$service.id, $0.service.name) }, uniquingKeysWith: { a, _ in a })
        return try await request.render(
            "deliveries/summary",
            SummaryPage(
                layout: try await request.layout(title: "Realizacja usług — \(month.polish)", section: "deliveries"),
                month: month.polish, monthValue: month.description, previous: month.previous.description,
                next: month.next.description,
                rows: try await rows(scope, month: month, on: request.db),
                services: services.map { .init(id: $0.key, name: $0.value) }.sorted { $0.name < $1.name },
                people: enrolments.map {
                    PersonRow(
                        enrolmentID: try $0.requireID(), name: $0.person.fullName, service: $0.service.name,
                        start: $0.startDay.polish)
                },
                today: today(request).iso))
    }

    @Sendable static func summaryCSV(_ request: Request) async throws -> Response {
        let staff = try request.require(.recordDeliveries)
        let month = month(request)
        let rows = try await rows(Scope.of(staff), month: month, on: request.db)
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

    struct RecordRow: Encodable, Sendable {
        let day: String
        let attendance: String
        let minutes: String
        let units: String
        let note: String
        let recordedBy: String
    }

    struct Typed: Encodable, Sendable {
        let day: String
        let minutes: String
        let units: String
        let note: String
    }

    static func renderEnrolment(
        _ request: Request, typed: DeliveryForm? = nil, errors: FieldErrors = FieldErrors(), status: HTTPStatus = .ok
    ) async throws -> Response {
        let staff = try request.require(.recordDeliveries)
        let e = try await scopedEnrolment(request, staff)
        let records = try await DeliveryRecord.query(on: request.db).filter(\.$enrolment.$id == e.requireID()).sort(
            \.$onDay, .descending
        )
        .limit(400).all()
        try await Audit.record(
            AuditEvent(
                actor: AuditActor(staff, request), organisationID: e.$organisation.id, action: .view, recordType: .person,
                recordID: e.id,
                subjects: [AuditSubject(type: .person, id: e.$person.id)], detail: "realizacja usługi: \(e.service.name)"),
            at: request.clock.now(), in: request.application)
        let f =
            typed
            ?? {
                var d = DeliveryForm(); d.day = today(request).iso; return d
            }()
        return try await request.render(
            "deliveries/enrolment",
            EnrolmentPage(
                layout: try await request.layout(title: "\(e.person.fullName): \(e.service.name)", section: "deliveries"),
                id: try e.requireID(), person: e.person.fullName, service: e.service.name,
                period: "od \(e.startDay.polish)"
                    + (e.endDay.map { " do \($0.polish)" } ?? ""),
                needs: e.person.deliveryNeeds,
                records: records.map { r in
                    RecordRow(
                        day: r.onDay.polish, attendance: r.attendance.polishName,
                        minutes: r.minutes.map(String.init) ?? "—",
                        units: r.units.map(String.init) ?? "—", note: r.note, recordedBy: r.recordedBy)
                },
                form: Typed(day: f.day, minutes: f.minutes, units: f.units, note: f.note),
                attendances: Attendance.allCases.map {
                    SelectOption(
                        value: $0.rawValue, label: $0.polishName,
                        selected: $0.rawValue == (typed?.attendance ?? Attendance.attended.rawValue))
                },
                errors: errors, hasErrors: !errors.isEmpty,
                notice: request.query[String.self, at: "done"] != nil ? "Zapisano zajęcia." : nil), status: status)
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

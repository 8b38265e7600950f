import Fluent
import OpenCUSCore
import Vapor

extension DeliveryController {
    // MARK: Group session

    static func sessionPeople(_ request: Request, _ staff: StaffContext, service: UUID, day: CalendarDay?) async throws
        -> [Enrolment]
    {
        var q = Scope.of(staff).enrolments(on: request.db).filter(\.$service.$id == service).with(\.$person).with(\.$service)
        if let day {
            q = q.filter(\.$startDay <= day).group(.or) { $0.filter(\.$active == true).filter(\.$endDay >= day) }
        } else {
            q = q.filter(\.$active == true)
        }
        return try await q.all().sorted { PolishCollation.less($0.person.lastName, $1.person.lastName) }
    }

    /// What is already recorded for these people on `day`: a group session opens with it, so
    /// a second save is a visible correction, never a blank list over earlier marks.
    static func recorded(_ people: [Enrolment], day: CalendarDay, on db: any Database) async throws -> [DeliveryRecord] {
        let ids = try people.map { try $0.requireID() }
        guard !ids.isEmpty else { return [] }
        return try await DeliveryRecord.query(on: db).filter(\.$enrolment.$id ~~ ids).filter(\.$onDay == day).all()
    }

    static func renderSession(
        _ request: Request, service: UUID, day: String, minutes: String, marks: [UUID: String], errors: FieldErrors,
        recorded: Int = 0, status: HTTPStatus = .ok
    ) async throws -> Response {
        let staff = try request.require(.recordDeliveries)
        let people = try await sessionPeople(request, staff, service: service, day: CalendarDay(iso: day))
        guard let name = try await ServiceDefinition.find(service, on: request.db)?.name, !people.isEmpty || !errors.isEmpty
        else {
            throw Abort(.notFound, reason: "Nikt nie korzysta z tej usługi w tym dniu.")
        }
        try await auditList(request, staff, people, detail: "zajęcia grupowe: lista obecności (\(people.count))")
        let done = request.query[String.self, at: "done"].map { Int($0) ?? 0 }
        return try await request.render(
            "deliveries/session",
            try SessionPage.make(
                serviceID: service, service: name, day: day, minutes: minutes, people: people, marks: marks, errors: errors,
                recorded: recorded, saved: done.map { ($0, request.query[String.self, at: "corrected"] == "1") },
                layout: try await request.layout(title: "Zajęcia grupowe: \(name)", section: "deliveries")), status: status)
    }

    @Sendable static func sessionForm(_ request: Request) async throws -> Response {
        _ = try request.require(.recordDeliveries)
        guard let service = request.query[UUID.self, at: "service"] else { throw Abort(.badRequest, reason: "Wybierz usługę.") }
        let day = request.query[String.self, at: "day"].flatMap { CalendarDay(iso: $0) } ?? today(request)
        let staff = try request.require(.recordDeliveries)
        let records = try await recorded(
            try await sessionPeople(request, staff, service: service, day: day), day: day, on: request.db)
        let marks = Dictionary(records.map { ($0.$enrolment.id, $0.attendance.rawValue) }, uniquingKeysWith: { a, _ in a })
        // The time of the session as recorded for those present (the most common value).
        let recordedMinutes = Dictionary(grouping: records.compactMap(\.minutes), by: { $0 }).max {
            $0.value.count < $1.value.count
        }?.key
        return try await renderSession(
            request, service: service, day: day.iso,
            minutes: recordedMinutes.map(String.init) ?? request.query[String.self, at: "minutes"] ?? "", marks: marks,
            errors: FieldErrors(), recorded: records.count)
    }

    struct SessionBody: Content {
        var service: UUID?
        var day: String?
        var minutes: String?
        var people: [String: String]?
    }

    /// Every ticked person of the group in one transaction: all saved, or none (with the reasons).
    @Sendable static func saveSession(_ request: Request) async throws -> Response {
        let staff = try request.require(.recordDeliveries)
        let body = try request.content.decode(SessionBody.self)
        guard let service = body.service else { throw Abort(.badRequest, reason: "Wybierz usługę.") }
        let day = TextInput.clean(body.day)
        let minutes = TextInput.clean(body.minutes)
        let marks = Dictionary(
            (body.people ?? [:]).compactMap { k, v in UUID(uuidString: k).map { ($0, TextInput.clean(v)) } },
            uniquingKeysWith: { a, _ in a })
        let sessionDay = CalendarDay(iso: day)
        let people = try await sessionPeople(request, staff, service: service, day: sessionDay)
        var errors = FieldErrors()
        var valid: [(Enrolment, DeliveryForm.Valid)] = []
        for e in people {
            guard let mark = marks[try e.requireID()], !mark.isEmpty else { continue }
            var f = DeliveryForm()
            (f.day, f.attendance, f.minutes) = (day, mark, mark == Attendance.attended.rawValue ? minutes : "")
            switch f.validate(
                enrolmentStart: e.startDay, enrolmentEnd: e.endDay,
                today: today(request))
            {
            case .success(let v): valid.append((e, v))
            case .failure(let problems):
                for (field, message) in problems.messages {
                    if field == "day" {
                        errors.add("day", message)
                    } else if field == "minutes" {
                        errors.add("minutes", message)
                    } else {
                        errors.add("people.\(try e.requireID().uuidString)", message)
                    }
                }
            }
        }
        if sessionDay == nil { errors.add("day", "Podaj datę zajęć (RRRR-MM-DD).") }
        if valid.isEmpty && errors.isEmpty { errors.add("people", "Zaznacz obecność co najmniej jednej osoby.") }
        guard errors.isEmpty, let sessionDay else {
            return try await renderSession(
                request, service: service, day: day, minutes: minutes, marks: marks, errors: errors, status: .unprocessableEntity)
        }
        let toSave = valid
        let correction = try await !recorded(toSave.map(\.0), day: sessionDay, on: request.db).isEmpty
        try await request.db.writeTransaction { db in
            for (e, v) in toSave { try await store(v, enrolment: e, staff: staff, request: request, on: db) }
        }
        return request.redirect(
            to: SiteRoute.deliverySessionForm.url(
                query: "service=\(service)&day=\(day)&minutes=\(minutes)&done=\(valid.count)" + (correction ? "&corrected=1" : "")
            ),
            redirectType: .normal)
    }
}

import Fluent
import OpenCUSCore
import Vapor

/// Monthly fees where the programme charges for a service: computed from the attended
/// deliveries and the service's fee rule, less the person's exemption; the list for the finance
/// office on screen and as CSV. Free services never appear here (the person's page shows them
/// as free).
enum FeesController {
    struct Charge: Sendable {
        let enrolment: Enrolment
        let person: Person
        let service: ServiceDefinition
        let charge: FeeCalculation.Charge
    }

    /// Charges of one month for the organisation's enrolments in charged services, or of one person.
    static func charges(organisationID: UUID, month: Month, person: UUID? = nil, on db: any Database) async throws -> [Charge] {
        try await charges(
            try await enrolments(organisationID: organisationID, person: person, on: db), organisationID: organisationID,
            month: month, on: db)
    }

    /// The enrolments fees are computed for, with their person and service (load once for many months).
    static func enrolments(organisationID: UUID, person: UUID? = nil, on db: any Database) async throws -> [Enrolment] {
        var q = Enrolment.scoped(to: organisationID, on: db).with(\.$person).with(\.$service)
        if let person { q = q.filter(\.$person.$id == person) }
        return try await q.all()
    }

    /// Charges of one month for those of `all` that run in it.
    static func charges(_ all: [Enrolment], organisationID: UUID, month: Month, on db: any Database) async throws -> [Charge] {
        let enrolments = all.filter { e in
            e.startDay <= month.last && (e.endDay.map { $0 >= month.first } ?? true)
        }
        let ids = try enrolments.map { try $0.requireID() }
        let records =
            ids.isEmpty
            ? []
            : try await DeliveryRecord.scoped(to: organisationID, on: db).filter(\.$enrolment.$id ~~ ids)
                .filter(\.$onDay >= month.first).filter(\.$onDay <= month.last).filter(\.$attendance == .attended).all()
        let byEnrolment = Dictionary(grouping: records, by: { $0.$enrolment.id })
        return try enrolments.map { e in
            let mine = byEnrolment[try e.requireID()] ?? []
            let charge = FeeCalculation.charge(
                rule: e.service.fee, attendedMinutes: mine.reduce(0) { $0 + ($1.minutes ?? 0) },
                attendedUnits: mine.reduce(0) { $0 + ($1.units ?? 1) }, exemptionPercent: e.feeExemptionPercent)
            return Charge(enrolment: e, person: e.person, service: e.service, charge: charge)
        }.sorted {
            PolishCollation.less($0.person.lastName + " " + $0.person.firstName, $1.person.lastName + " " + $1.person.firstName)
        }
    }

    static func render(_ request: Request, errors: FieldErrors = FieldErrors(), status: HTTPStatus = .ok) async throws -> Response
    {
        let staff = try request.require(.manageFees)
        let month = DeliveryController.month(request)
        let charged = try await charges(organisationID: staff.organisationID, month: month, on: request.db).filter {
            $0.service.fee != .free && $0.charge.gross > 0
        }
        try await request.audit(
            .list, .person,
            subjects: Set(charged.map { try $0.person.requireID() }).sorted { $0.uuidString < $1.uuidString }.map {
                AuditSubject(type: .person, id: $0)
            },
            detail: "opłaty za \(month): \(charged.count)")
        let page = try Page.make(
            charged, month: month, errors: errors,
            layout: try await request.layout(title: "Opłaty za usługi — \(month.polish)", section: "fees"),
            notice: request.query[String.self, at: "done"] != nil ? "Zapisano zwolnienie." : nil)
        return try await request.render("deliveries/fees", page, status: status)
    }

    @Sendable static func list(_ request: Request) async throws -> Response { try await render(request) }

    @Sendable static func csv(_ request: Request) async throws -> Response {
        let staff = try request.require(.manageFees)
        let month = DeliveryController.month(request)
        let charged = try await charges(organisationID: staff.organisationID, month: month, on: request.db).filter {
            $0.service.fee != .free && $0.charge.gross > 0
        }
        try await request.audit(
            .export, .person,
            subjects: Set(charged.map { try $0.person.requireID() }).sorted { $0.uuidString < $1.uuidString }.map {
                AuditSubject(type: .person, id: $0)
            },
            detail: "opłaty za \(month): CSV dla księgowości (\(charged.count))")
        func amount(_ g: Int) -> String { "\(g / 100),\(g % 100 < 10 ? "0" : "")\(g % 100)" }
        let header =
            "nazwisko;imię;adres;usługa;zasada;podstawa;kwota brutto (zł);zwolnienie (%);podstawa zwolnienia;do zapłaty (zł)"
        let lines = charged.map { c in
            [
                c.person.lastName, c.person.firstName, PersonController.address(c.person), c.service.name,
                c.service.fee.polishDescription, c.charge.basis,
                amount(c.charge.gross), String(c.charge.exemptionPercent), c.enrolment.feeExemptionBasis, amount(c.charge.due),
            ].map(CSV.cell).joined(separator: ";")
        }
        return CSV.response(lines: [header] + lines, filename: "oplaty-\(month).csv")
    }

    struct ExemptionBody: Content {
        var percent: String?
        var basis: String?
        var month: String?
    }

    @Sendable static func exemption(_ request: Request) async throws -> Response {
        let staff = try request.require(.manageFees)
        guard let id = request.parameters.get("enrolmentID", as: UUID.self),
            let e = try await Enrolment.find(id, in: staff.organisationID, on: request.db)
        else {
            throw Abort(.notFound)
        }
        let body = try request.content.decode(ExemptionBody.self)
        let percent = Int(TextInput.clean(body.percent))
        let basis = TextInput.clean(body.basis)
        var errors = FieldErrors()
        if percent == nil || !(0...100).contains(percent!) {
            errors.add("percent-\(id.uuidString)", "Zwolnienie: podaj liczbę od 0 do 100 (procent).")
        }
        if (percent ?? 0) > 0 && (basis.isEmpty || basis.count > 300) {
            errors.add("basis-\(id.uuidString)", "Podaj podstawę zwolnienia (np. uchwała, punkt programu, decyzja).")
        }
        guard errors.isEmpty, let percent else {
            return try await render(request, errors: errors, status: .unprocessableEntity)
        }
        let old = "\(e.feeExemptionPercent)% \(e.feeExemptionBasis)"
        try await request.db.writeTransaction { db in
            e.feeExemptionPercent = percent
            e.feeExemptionBasis = percent == 0 ? "" : basis
            try await e.update(on: db)
            try await Audit.append(
                AuditEvent(
                    actor: AuditActor(staff, request), organisationID: staff.organisationID, action: .update, recordType: .person,
                    recordID: e.id,
                    subjects: [AuditSubject(type: .person, id: e.$person.id)], detail: "zwolnienie z opłaty",
                    changes: [AuditChange(field: "zwolnienie", old: old, new: "\(percent)% \(basis)", sensitive: true)]),
                at: request.clock.now(), on: db)
        }
        let month =
            body.month.flatMap(Month.init)?.description
            ?? Month(CalendarDay(request.clock.now(), in: WallClock.warsaw)).description
        return request.redirect(to: SiteRoute.feesList.url(query: "month=\(month)&done=1"), redirectType: .normal)
    }
}

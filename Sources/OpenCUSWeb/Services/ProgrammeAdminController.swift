import Fluent
import OpenCUSCore
import Vapor

/// The services organiser's side of the programme (PUS): versions, their data and services,
/// adoption by the council and publication. A draft is edited freely; an adopted version only
/// gets its resolution and publication data; a change of content is a new draft version copied
/// from an existing one. Every change is audited.
enum ProgrammeAdminController {

    static func own(_ request: Request) async throws -> (StaffContext, Programme) {
        let staff = try request.require(.manageProgramme)
        guard
            let programme = try await Programme.find(
                request.parameters.get("programmeID", as: UUID.self), in: staff.organisationID, on: request.db)
        else { throw Abort(.notFound) }
        return (staff, programme)
    }

    static func audit(
        _ request: Request, _ staff: StaffContext, _ action: AuditAction, _ type: AuditRecordType, id: UUID?, detail: String,
        on db: any Database
    ) async throws {
        try await Audit.append(
            AuditEvent(
                actor: AuditActor(staff, request), organisationID: staff.organisationID, action: action, recordType: type,
                recordID: id, detail: detail),
            at: request.clock.now(), on: db)
    }

    // MARK: Versions

    @Sendable static func list(_ request: Request) async throws -> Response {
        try await renderList(request, form: ProgrammeForm(), errors: FieldErrors())
    }

    static func renderList(_ request: Request, form: ProgrammeForm, errors: FieldErrors, status: HTTPStatus = .ok) async throws
        -> Response
    {
        let staff = try request.require(.manageProgramme)
        let programmes = try await Programme.scoped(to: staff.organisationID, on: request.db).sort(\.$version, .descending).all()
        let counts = try await ServiceDefinition.counts(inProgrammes: programmes.map { try $0.requireID() }, on: request.db)
        return try await request.render(
            "services/admin-programmes",
            try ListPage.make(
                programmes, serviceCounts: counts, form: form, errors: errors,
                layout: try await request.layout(title: "Program usług społecznych", section: "programme")),
            status: status)
    }

    static func decodeProgramme(_ request: Request) throws -> ProgrammeForm {
        try request.content.decode(ProgrammeForm.self).cleaned()
    }

    @Sendable static func create(_ request: Request) async throws -> Response {
        let staff = try request.require(.manageProgramme)
        let form = try decodeProgramme(request)
        let valid: ProgrammeForm.Valid
        switch form.validate() {
        case .failure(let errors): return try await renderList(request, form: form, errors: errors, status: .unprocessableEntity)
        case .success(let v): valid = v
        }
        let programme = try await request.db.writeTransaction { db -> Programme in
            let programme = Programme(
                organisationID: staff.organisationID,
                version: (try await Programme.scoped(to: staff.organisationID, on: db).max(\.$version) ?? 0) + 1,
                form: form, valid: valid, state: .draft)
            try await programme.create(on: db)
            try await audit(
                request, staff, .create, .programme, id: programme.id, detail: "wersja \(programme.version) (projekt)", on: db)
            return programme
        }
        return request.redirect(to: SiteRoute.programmeDetail.url(try programme.requireID()), redirectType: .normal)
    }

    @Sendable static func detail(_ request: Request) async throws -> Response {
        let (_, programme) = try await own(request)
        return try await renderDetail(
            request, programme, form: programme.form, errors: FieldErrors(),
            notice: [
                "saved": "Zapisano.", "state": "Zmieniono stan programu.",
                "copied": "Utworzono nową wersję (projekt) z usługami poprzedniej.",
            ][request.query[String.self, at: "done"] ?? ""])
    }

    static func renderDetail(
        _ request: Request, _ programme: Programme, form: ProgrammeForm, errors: FieldErrors, notice: String? = nil,
        status: HTTPStatus = .ok
    ) async throws -> Response {
        guard let organisation = try await Organisation.find(programme.$organisation.id, on: request.db) else {
            throw Abort(.notFound)
        }
        let catalogue = try await Catalogue.load(organisation, programme: programme, on: request.db)
        var page = try DetailPage.make(
            programme, catalogue: catalogue, form: form, errors: errors, notice: notice,
            layout: try await request.layout(title: "Program: \(programme.title)", section: "programme"))
        page.basis = try await DiagnosisBasis.load(
            organisation, services: catalogue.services.compactMap(\.id),
            today: CalendarDay(request.clock.now(), in: WallClock.warsaw), on: request.db)
        page.canConsult = try request.requireStaff().allows(.manageConsultations)
        return try await request.render("services/admin-programme", page, status: status)
    }

    @Sendable static func save(_ request: Request) async throws -> Response {
        let (staff, programme) = try await own(request)
        var form = try decodeProgramme(request)
        switch programme.state {
        case .draft: break
        case .adopted:
            // The council adopted this text: only the resolution and its publication may still be filled in.
            var kept = programme.form
            kept.resolutionNumber = form.resolutionNumber
            kept.resolutionDate = form.resolutionDate
            kept.journalReference = form.journalReference
            form = kept
        case .inForce, .expired:
            return try await renderDetail(
                request, programme, form: programme.form, errors: FieldErrors(),
                notice: "Program obowiązuje lub wygasł i nie można go zmieniać. Aby wprowadzić zmiany, utwórz nową wersję.",
                status: .conflict)
        }
        let valid: ProgrammeForm.Valid
        switch form.validate() {
        case .failure(let errors):
            return try await renderDetail(request, programme, form: form, errors: errors, status: .unprocessableEntity)
        case .success(let v): valid = v
        }
        if programme.state == .adopted {
            let errors = form.problems(movingTo: .adopted)
            if !errors.isEmpty {
                return try await renderDetail(request, programme, form: form, errors: errors, status: .unprocessableEntity)
            }
        }
        let accepted = form
        try await request.db.writeTransaction { db in
            programme.apply(accepted, valid)
            try await programme.update(on: db)
            try await audit(
                request, staff, .update, .programme, id: programme.id, detail: "dane programu, wersja \(programme.version)",
                on: db)
        }
        return request.redirect(
            to: SiteRoute.programmeDetail.url(try programme.requireID(), query: "done=saved"), redirectType: .normal)
    }

    struct StateForm: Content {
        var state: String?
    }

    /// Coming into force expires the version in force before (one programme in force at a time).
    @Sendable static func changeState(_ request: Request) async throws -> Response {
        let (staff, programme) = try await own(request)
        guard let target = ProgrammeState(rawValue: try request.content.decode(StateForm.self).state ?? ""),
            programme.state.next.contains(target)
        else {
            return try await renderDetail(
                request, programme, form: programme.form, errors: FieldErrors(),
                notice: "Tej zmiany stanu nie można wykonać (obecny stan: \(programme.state.polishName)).", status: .conflict)
        }
        let problems = programme.form.problems(movingTo: target)
        if !problems.isEmpty {
            return try await renderDetail(
                request, programme, form: programme.form, errors: problems, status: .unprocessableEntity)
        }
        if target == .inForce,
            try await ServiceDefinition.query(on: request.db).filter(\.$programme.$id == programme.requireID()).count() == 0
        {
            return try await renderDetail(
                request, programme, form: programme.form, errors: FieldErrors(),
                notice: "Program bez usług nie może obowiązywać. Dodaj usługi w wersji roboczej.", status: .unprocessableEntity)
        }
        let now = request.clock.now()
        try await request.db.writeTransaction { db in
            if target == .inForce {
                for previous in try await Programme.scoped(to: staff.organisationID, on: db).filter(\.$state == .inForce).all() {
                    previous.state = .expired
                    previous.expiredAt = now
                    try await previous.update(on: db)
                    try await audit(
                        request, staff, .update, .programme, id: previous.id,
                        detail: "stan: obowiązuje → wygasł (zastąpiony wersją \(programme.version))", on: db)
                }
                programme.inForceAt = now
            }
            if target == .expired { programme.expiredAt = now }
            let before = programme.state
            programme.state = target
            try await programme.update(on: db)
            try await audit(
                request, staff, .update, .programme, id: programme.id,
                detail: "stan: \(before.polishName) → \(target.polishName)", on: db)
        }
        return request.redirect(
            to: SiteRoute.programmeDetail.url(try programme.requireID(), query: "done=state"), redirectType: .normal)
    }

    /// A new draft version with the same data and services (for an amendment).
    @Sendable static func copy(_ request: Request) async throws -> Response {
        let (staff, source) = try await own(request)
        let services = try await ServiceDefinition.query(on: request.db).filter(\.$programme.$id == source.requireID()).sort(
            \.$position
        )
        .all()
        let draft = try await request.db.writeTransaction { db -> Programme in
            var form = source.form
            form.resolutionNumber = ""
            form.resolutionDate = ""
            form.journalReference = ""
            let draft = Programme(
                organisationID: staff.organisationID,
                version: (try await Programme.scoped(to: staff.organisationID, on: db).max(\.$version) ?? 0) + 1,
                form: form,
                valid: ProgrammeForm.Valid(start: source.periodStart, end: source.periodEnd, resolutionDate: nil), state: .draft)
            try await draft.create(on: db)
            for s in services {
                try await s.copy(into: try draft.requireID()).create(on: db)
            }
            try await audit(
                request, staff, .create, .programme, id: draft.id, detail: "wersja \(draft.version) z wersji \(source.version)",
                on: db)
            return draft
        }
        return request.redirect(
            to: SiteRoute.programmeDetail.url(try draft.requireID(), query: "done=copied"), redirectType: .normal)
    }

    // MARK: Services

    static func providers(on db: any Database, selected: String) async throws -> [SelectOption] {
        try await Organisation.query(on: db).sort(\.$name).all()
            .filter { [.provider, .association, .gminaOffice, .other, .cus, .ops].contains($0.kind) }
            .map {
                SelectOption(
                    value: try $0.requireID().uuidString, label: $0.name, selected: try $0.requireID().uuidString == selected)
            }
    }

    static func renderService(
        _ request: Request, _ programme: Programme, serviceID: UUID?, form: ServiceForm, errors: FieldErrors,
        status: HTTPStatus = .ok
    ) async throws -> Response {
        let page = try ServicePage.make(
            programme, serviceID: serviceID, form: form, errors: errors,
            providers: try await providers(on: request.db, selected: form.providerID),
            layout: try await request.layout(
                title: serviceID == nil ? "Nowa usługa" : "Usługa: \(form.name)", section: "programme"))
        return try await request.render("services/admin-service", page, status: status)
    }

    static func requireDraft(_ request: Request, _ programme: Programme) async throws -> Response? {
        guard programme.state.isEditable else {
            return try await renderDetail(
                request, programme, form: programme.form, errors: FieldErrors(),
                notice: "Usługi można zmieniać tylko w projekcie programu. Utwórz nową wersję, aby wprowadzić zmiany.",
                status: .conflict)
        }
        return nil
    }

    static func decodeService(_ request: Request) throws -> ServiceForm {
        try request.content.decode(ServiceForm.self).cleaned()
    }

    static func validate(_ form: ServiceForm, on db: any Database) async throws -> Result<ServiceForm.Valid, FieldErrors> {
        let ids = Set(try await Organisation.query(on: db).all().compactMap { $0.id?.uuidString })
        return form.validate(providerExists: { ids.contains($0) })
    }

    @Sendable static func newService(_ request: Request) async throws -> Response {
        let (_, programme) = try await own(request)
        if let refusal = try await requireDraft(request, programme) { return refusal }
        return try await renderService(request, programme, serviceID: nil, form: ServiceForm(), errors: FieldErrors())
    }

    @Sendable static func createService(_ request: Request) async throws -> Response {
        let (staff, programme) = try await own(request)
        if let refusal = try await requireDraft(request, programme) { return refusal }
        let form = try decodeService(request)
        switch try await validate(form, on: request.db) {
        case .failure(let errors):
            return try await renderService(
                request, programme, serviceID: nil, form: form, errors: errors, status: .unprocessableEntity)
        case .success(let valid):
            try await request.db.writeTransaction { db in
                let last =
                    try await ServiceDefinition.query(on: db).filter(\.$programme.$id == programme.requireID()).max(\.$position)
                let service = ServiceDefinition(
                    organisationID: staff.organisationID, programmeID: try programme.requireID(), position: (last ?? 0) + 1,
                    form: form, valid: valid)
                try await service.create(on: db)
                try await audit(
                    request, staff, .create, .serviceDefinition, id: service.id, detail: "usługa w wersji \(programme.version)",
                    on: db)
            }
            return request.redirect(
                to: SiteRoute.programmeDetail.url(try programme.requireID(), query: "done=saved"), redirectType: .normal)
        }
    }

    static func ownService(_ request: Request, _ programme: Programme) async throws -> ServiceDefinition {
        guard let id = request.parameters.get("serviceID", as: UUID.self),
            let service = try await ServiceDefinition.query(on: request.db).filter(\.$id == id).filter(
                \.$programme.$id == programme.requireID()
            ).first()
        else { throw Abort(.notFound) }
        return service
    }

    @Sendable static func editService(_ request: Request) async throws -> Response {
        let (_, programme) = try await own(request)
        let service = try await ownService(request, programme)
        if let refusal = try await requireDraft(request, programme) { return refusal }
        return try await renderService(request, programme, serviceID: service.id, form: service.form, errors: FieldErrors())
    }

    @Sendable static func updateService(_ request: Request) async throws -> Response {
        let (staff, programme) = try await own(request)
        let service = try await ownService(request, programme)
        if let refusal = try await requireDraft(request, programme) { return refusal }
        let form = try decodeService(request)
        switch try await validate(form, on: request.db) {
        case .failure(let errors):
            return try await renderService(
                request, programme, serviceID: service.id, form: form, errors: errors, status: .unprocessableEntity)
        case .success(let valid):
            try await request.db.writeTransaction { db in
                service.apply(form, valid)
                try await service.update(on: db)
                try await audit(
                    request, staff, .update, .serviceDefinition, id: service.id, detail: "usługa w wersji \(programme.version)",
                    on: db)
            }
            return request.redirect(
                to: SiteRoute.programmeDetail.url(try programme.requireID(), query: "done=saved"), redirectType: .normal)
        }
    }

    @Sendable static func deleteService(_ request: Request) async throws -> Response {
        let (staff, programme) = try await own(request)
        let service = try await ownService(request, programme)
        if let refusal = try await requireDraft(request, programme) { return refusal }
        try await request.db.writeTransaction { db in
            try await service.delete(on: db)
            try await audit(
                request, staff, .delete, .serviceDefinition, id: service.id,
                detail: "usługa usunięta z projektu wersji \(programme.version)", on: db)
        }
        return request.redirect(
            to: SiteRoute.programmeDetail.url(try programme.requireID(), query: "done=saved"), redirectType: .normal)
    }
}

import Fluent
import OpenCUSCore
import Vapor

/// The centre's partners and animators in the community: who they are, whom to call, what they
/// contribute, and the activities they run. Changes are audited.
enum PartnerController {
    static func context(_ request: Request) throws -> StaffContext { try request.require(.manageActivities) }

    @Sendable static func list(_ request: Request) async throws -> Response {
        let staff = try context(request)
        let partners = try await Partner.scoped(to: staff.organisationID, on: request.db).sort(\.$name).all()
        let activities = try await Activity.scoped(to: staff.organisationID, on: request.db).filter(\.$partnerID != nil).all()
        // The actions of each community organising plan (its version in force) the partner takes part in.
        var actions: [UUID: [SelectOption]] = [:]
        for plan in try await CommunityPlan.scoped(to: staff.organisationID, on: request.db).all() {
            let content = try await CommunityPlanController.governing(plan, on: request.db).content()
            for action in content.actions {
                for partner in action.partnerIDs {
                    actions[partner, default: []].append(
                        SelectOption(
                            value: SiteRoute.communityPlanPage.url(try plan.requireID(), fragment: "dzialania"),
                            label:
                                "\(content.actionCode(action.key) ?? ""). \(action.title) (plan \(content.start.year)–\(content.end.year))"
                        ))
                }
            }
        }
        return try await request.render(
            "partners/list",
            PartnerListPage.make(
                partners, activities: activities, planActions: actions,
                notice: ["created": "Dodano partnera.", "saved": "Zapisano dane partnera."][
                    request.query[String.self, at: "done"] ?? ""],
                layout: try await request.layout(title: "Partnerzy", section: "partners")))
    }

    static func renderForm(
        _ request: Request, partner: Partner?, form: PartnerForm, errors: FieldErrors, status: HTTPStatus = .ok
    )
        async throws -> Response
    {
        try await request.render(
            "partners/form",
            PartnerFormPage(
                layout: try await request.layout(title: partner?.name ?? "Nowy partner", section: "partners"),
                partnerID: partner?.id, title: partner?.name ?? "Nowy partner", form: form, errors: errors,
                kindOptions: [SelectOption(value: "", label: "— wybierz —")]
                    + PartnerKind.allCases.map {
                        SelectOption(value: $0.rawValue, label: $0.polishName, selected: $0.rawValue == form.kind)
                    }),
            status: status)
    }

    @Sendable static func newForm(_ request: Request) async throws -> Response {
        _ = try context(request)
        return try await renderForm(request, partner: nil, form: PartnerForm(), errors: FieldErrors())
    }

    @Sendable static func create(_ request: Request) async throws -> Response {
        let staff = try context(request)
        let form = try request.content.decode(PartnerForm.self)
        switch form.validate() {
        case .failure(let errors):
            return try await renderForm(request, partner: nil, form: form, errors: errors, status: .unprocessableEntity)
        case .success(let valid):
            let partner = Partner(organisationID: staff.organisationID, valid: valid, now: request.clock.now())
            try await request.db.writeTransaction { db in
                try await partner.create(on: db)
                try await request.auditChange(
                    .create, .partner, recordID: try partner.requireID(), detail: "partner: dodano „\(valid.name)”", on: db)
            }
            return request.redirect(to: SiteRoute.partnerList.url(query: "done=created"), redirectType: .normal)
        }
    }

    static func partner(_ request: Request, _ staff: StaffContext) async throws -> Partner {
        guard let id = request.parameters.get("partnerID", as: UUID.self),
            let partner = try await Partner.find(id, in: staff.organisationID, on: request.db)
        else { throw Abort(.notFound) }
        return partner
    }

    @Sendable static func editForm(_ request: Request) async throws -> Response {
        let staff = try context(request)
        let partner = try await partner(request, staff)
        return try await renderForm(request, partner: partner, form: partner.form, errors: FieldErrors())
    }

    @Sendable static func save(_ request: Request) async throws -> Response {
        let staff = try context(request)
        let partner = try await partner(request, staff)
        let form = try request.content.decode(PartnerForm.self)
        switch form.validate() {
        case .failure(let errors):
            return try await renderForm(request, partner: partner, form: form, errors: errors, status: .unprocessableEntity)
        case .success(let valid):
            try await request.db.writeTransaction { db in
                partner.apply(valid)
                try await partner.save(on: db)
                try await request.auditChange(
                    .update, .partner, recordID: try partner.requireID(), detail: "partner: zmieniono „\(valid.name)”", on: db)
            }
            return request.redirect(to: SiteRoute.partnerList.url(query: "done=saved"), redirectType: .normal)
        }
    }
}

import Fluent
import OpenCUSCore
import Vapor

/// The organiser's back office: events of the organisation acting now, their programme and
/// everything in it. Every lookup is scoped to the staff member's organisation (404 otherwise),
/// every form is validated on the server with Polish messages next to the fields.
enum EventAdminController {
    /// After any successful change under /panel/events/{id}/…, moves the event's `updated_at`:
    /// public pages are cached by that version (`PublicEventsController.cachedEventPage`).
    struct TouchEventMiddleware: AsyncMiddleware {
        func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
            let response = try await next.respond(to: request)
            guard request.method == .POST, response.status == .seeOther,
                let id = request.parameters.get("eventID", as: UUID.self), let staff = request.staff
            else { return response }
            try await Event.scoped(to: staff.organisationID, on: request.db).filter(\.$id == id)
                // Wall time on purpose: this is a version stamp, not business time (tests pin the clock).
                .set(\.$updatedAt, to: Date()).update()
            return response
        }
    }

    // MARK: Lookups

    /// /panel/events/slug/{slug}/… → /panel/events/{id}/…, for bookmarks and the page scanner.
    @Sendable static func bySlug(_ request: Request) async throws -> Response {
        let staff = try request.require(.manageEvents)
        guard let slug = request.parameters.get("slug"),
            let event = try await Event.scoped(to: staff.organisationID, on: request.db).filter(\.$slug == slug).first()
        else { throw Abort(.notFound) }
        let rest = request.parameters.getCatchall().filter { !$0.isEmpty && $0 != ".." }
            .map {
                $0.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._"))) ?? ""
            }
        let query = request.url.query.map { "?" + $0 } ?? ""
        return request.redirect(
            to: ([SiteRoute.eventOverview.url(try event.requireID())] + rest).joined(separator: "/") + query,
            redirectType: .normal)
    }

    static func ownEvent(_ request: Request, permission: Permission = .manageEvents) async throws -> (StaffContext, Event) {
        let staff = try request.require(permission)
        guard
            let event = try await Event.find(
                request.parameters.get("eventID", as: UUID.self), in: staff.organisationID, on: request.db)
        else { throw Abort(.notFound) }
        return (staff, event)
    }

    /// A child row of `event` (room, person, …) by the `itemID` route parameter.
    static func child<M: OrganisationOwned>(_ type: M.Type, of event: Event, _ request: Request, eventKey: FieldKey = "event_id")
        async throws -> M
    {
        guard let id = request.parameters.get("itemID", as: UUID.self),
            let row = try await M.scoped(to: event.$organisation.id, on: request.db).filter(\._$id == id)
                .filter(eventKey, .equal, try event.requireID()).first()
        else { throw Abort(.notFound) }
        return row
    }

    static func back(_ event: Event, _ notice: String? = nil, anchor: String? = nil) throws -> String {
        SiteRoute.eventOverview.url(try event.requireID()) + (notice.map { "?ok=\($0)" } ?? "") + (anchor.map { "#\($0)" } ?? "")
    }

    // MARK: List, create, edit

    @Sendable static func list(_ request: Request) async throws -> Response {
        let staff = try request.require(.manageEvents)
        let events = try await Event.scoped(to: staff.organisationID, on: request.db).sort(\.$startDay, .descending).all()
        let page = try ListPage.make(
            events, layout: try await request.layout(title: "Wydarzenia organizacji", section: "events-admin"))
        return try await request.render("events/admin-list", page)
    }

    static func renderForm(
        _ request: Request, form: EventForm, errors: FieldErrors, action: String, heading: String, cancelURL: String,
        status: HTTPStatus = .ok
    ) async throws -> Response {
        let page = FormPage.make(
            form: form, errors: errors, action: action, heading: heading, cancelURL: cancelURL,
            layout: try await request.layout(title: heading, section: "events-admin"))
        return try await request.render("events/admin-form", page, status: status)
    }

    @Sendable static func newEvent(_ request: Request) async throws -> Response {
        try request.require(.manageEvents)
        return try await renderForm(
            request, form: EventForm(), errors: FieldErrors(), action: SiteRoute.eventCreate.url(), heading: "Nowe wydarzenie",
            cancelURL: SiteRoute.eventList.url())
    }

    @Sendable static func create(_ request: Request) async throws -> Response {
        let staff = try request.require(.manageEvents)
        let form = try request.content.decode(EventForm.self).cleaned()
        switch await validated(form, excluding: nil, on: request.db) {
        case .failure(let errors):
            return try await renderForm(
                request, form: form, errors: errors, action: SiteRoute.eventCreate.url(), heading: "Nowe wydarzenie",
                cancelURL: SiteRoute.eventList.url(), status: .unprocessableEntity)
        case .success(let valid):
            let event = newEvent(form, valid, organisationID: staff.organisationID)
            try await event.create(on: request.db)
            // The creating organisation is the first organiser.
            let link = EventOrganisation(
                organisationID: staff.organisationID,
                eventID: try event.requireID(),
                partnerID: staff.organisationID,
                name: staff.organisationName,
                role: .organiser,
                position: 1
            )
            try await link.create(on: request.db)
            return request.redirect(to: try back(event, "created"), redirectType: .normal)
        }
    }

    @Sendable static func edit(_ request: Request) async throws -> Response {
        let (_, event) = try await ownEvent(request)
        return try await renderForm(
            request, form: form(of: event), errors: FieldErrors(), action: SiteRoute.eventUpdate.url(try event.requireID()),
            heading: "Edycja: \(event.displayTitle)", cancelURL: back(event))
    }

    @Sendable static func update(_ request: Request) async throws -> Response {
        let (_, event) = try await ownEvent(request)
        let form = try request.content.decode(EventForm.self).cleaned()
        switch await validated(form, excluding: event.id, on: request.db) {
        case .failure(let errors):
            return try await renderForm(
                request, form: form, errors: errors, action: SiteRoute.eventUpdate.url(try event.requireID()),
                heading: "Edycja: \(event.displayTitle)", cancelURL: back(event), status: .unprocessableEntity)
        case .success(let valid):
            apply(form, valid, to: event)
            try await event.update(on: request.db)
            return request.redirect(to: try back(event, "saved"), redirectType: .normal)
        }
    }

    /// Form rules plus the one rule that needs the database: the address must be free.
    static func validated(_ form: EventForm, excluding: UUID?, on db: any Database) async -> Result<EventForm.Valid, FieldErrors>
    {
        switch form.validate() {
        case .failure(let errors): return .failure(errors)
        case .success(let valid):
            var query = Event.query(on: db).filter(\.$slug == valid.slug.value)
            if let excluding { query = query.filter(\.$id != excluding) }
            if ((try? await query.count()) ?? 0) > 0 {
                var errors = FieldErrors()
                errors.add("slug", "Adres „\(valid.slug.value)” ma już inne wydarzenie. Wpisz inny adres strony.")
                return .failure(errors)
            }
            return .success(valid)
        }
    }

    /// A new event from a checked form; `apply` fills in what the form says.
    static func newEvent(_ form: EventForm, _ valid: EventForm.Valid, organisationID: UUID) -> Event {
        let event = Event(
            organisationID: organisationID, slug: valid.slug.value, title: form.title, kind: valid.kind, status: .draft,
            startDay: valid.firstDay, endDay: valid.lastDay, description: form.description, audience: form.audience,
            aims: form.aims, topics: form.topics, registrationInfo: form.registrationInfo)
        apply(form, valid, to: event)
        return event
    }

    static func apply(_ form: EventForm, _ valid: EventForm.Valid, to event: Event) {
        func optional(_ s: String) -> String? { s.isEmpty ? nil : s }
        event.slug = valid.slug.value
        event.series = optional(form.series)
        event.edition = valid.edition
        event.title = form.title
        event.subtitle = optional(form.subtitle)
        event.motto = optional(form.motto)
        event.kind = valid.kind
        event.startDay = valid.firstDay
        event.endDay = valid.lastDay
        event.venueName = optional(form.venueName)
        event.venueStreet = optional(form.venueStreet)
        event.venuePostcode = optional(form.venuePostcode)
        event.venueCity = optional(form.venueCity)
        event.voivodeship = valid.voivodeship
        event.onlineURL = optional(form.onlineURL)
        event.description = form.description
        event.audience = form.audience
        event.aims = form.aims
        event.topics = form.topics
        event.contactName = optional(form.contactName)
        event.contactEmail = optional(form.contactEmail)
        event.contactPhone = optional(form.contactPhone)
        event.fundingProject = optional(form.fundingProject)
        event.fundingProgramme = optional(form.fundingProgramme)
        event.fundingFunds = optional(form.fundingFunds)
        event.fundingStatement = optional(form.fundingStatement)
        event.registrationInfo = form.registrationInfo
    }

    static func form(of event: Event) -> EventForm {
        var f = EventForm()
        f.slug = event.slug
        f.series = event.series ?? ""
        f.edition = event.edition.map(String.init) ?? ""
        f.title = event.title
        f.subtitle = event.subtitle ?? ""
        f.motto = event.motto ?? ""
        f.kind = event.kind.rawValue
        f.startDay = event.startDay.iso
        f.endDay = event.endDay.iso
        f.venueName = event.venueName ?? ""
        f.venueStreet = event.venueStreet ?? ""
        f.venuePostcode = event.venuePostcode ?? ""
        f.venueCity = event.venueCity ?? ""
        f.voivodeship = event.voivodeship?.rawValue ?? ""
        f.onlineURL = event.onlineURL ?? ""
        f.description = event.description
        f.audience = event.audience
        f.aims = event.aims
        f.topics = event.topics
        f.contactName = event.contactName ?? ""
        f.contactEmail = event.contactEmail ?? ""
        f.contactPhone = event.contactPhone ?? ""
        f.fundingProject = event.fundingProject ?? ""
        f.fundingProgramme = event.fundingProgramme ?? ""
        f.fundingFunds = event.fundingFunds ?? ""
        f.fundingStatement = event.fundingStatement ?? ""
        f.registrationInfo = event.registrationInfo
        return f
    }
}

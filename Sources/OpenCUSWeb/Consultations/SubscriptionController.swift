import Fluent
import OpenCUSCore
import Vapor

/// Residents' subscriptions to a centre's consultation announcements: the request on the
/// consultations page, the confirmation from the first mail's link, and unsubscribing from any
/// announcement. A link opened by a mail scanner changes nothing: each page asks for a button.
enum SubscriptionController {
    @Sendable static func subscribe(_ request: Request) async throws -> Response {
        let organisation = try await PublicCatalogueController.organisation(request)
        let form = try request.content.decode(ConsultationSubscribeForm.self)
        switch form.validate() {
        case .invalid(let errors):
            return try await PublicConsultationsController.renderList(
                request, organisation, subscribe: form, errors: errors, status: .unprocessableEntity)
        case .bot:
            break
        case .valid(let address):
            try await ConsultationSubscriptions.request(
                address, organisation: organisation, baseURL: request.config.baseURL, now: request.clock.now(), on: request.db)
        }
        // The same answer whether the address was new, known or typed by a script.
        return request.redirect(
            to: SiteRoute.publicConsultations.url(organisation.slug, query: "powiadomienia=wyslano", fragment: "powiadomienia"),
            redirectType: .normal)
    }

    static func render(_ request: Request, _ organisation: Organisation, state: SubscriptionPage.State, action: String?)
        async throws -> Response
    {
        let response = try await request.render(
            "consultations/subscription",
            SubscriptionPage.make(
                organisation: organisation, state: state, action: action,
                layout: try await request.layout(title: state.title, section: "consultations").branded(organisation)),
            status: state == .invalid || state == .expired ? .notFound : .ok)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    @Sendable static func confirmPage(_ request: Request) async throws -> Response {
        let organisation = try await PublicCatalogueController.organisation(request)
        let token = request.parameters.get("token") ?? ""
        switch try await ConsultationSubscriptions.byConfirmToken(
            token, organisationID: try organisation.requireID(), now: request.clock.now(), on: request.db)
        {
        case .unknown: return try await render(request, organisation, state: .invalid, action: nil)
        case .expired: return try await render(request, organisation, state: .expired, action: nil)
        case .found(let subscriber):
            if subscriber.isActive { return try await render(request, organisation, state: .confirmed, action: nil) }
            return try await render(
                request, organisation, state: .confirm,
                action: SiteRoute.consultationConfirmSubscription.url(organisation.slug, token))
        }
    }

    @Sendable static func confirm(_ request: Request) async throws -> Response {
        let organisation = try await PublicCatalogueController.organisation(request)
        let token = request.parameters.get("token") ?? ""
        let now = request.clock.now()
        switch try await ConsultationSubscriptions.byConfirmToken(
            token, organisationID: try organisation.requireID(), now: now, on: request.db)
        {
        case .unknown: return try await render(request, organisation, state: .invalid, action: nil)
        case .expired: return try await render(request, organisation, state: .expired, action: nil)
        case .found(let subscriber):
            if !subscriber.isActive {
                subscriber.confirmedAt = now
                subscriber.unsubscribedAt = nil
                try await subscriber.update(on: request.db)
            }
            return request.redirect(to: SiteRoute.consultationSubscription.url(organisation.slug, token), redirectType: .normal)
        }
    }

    @Sendable static func unsubscribePage(_ request: Request) async throws -> Response {
        let organisation = try await PublicCatalogueController.organisation(request)
        let key = request.parameters.get("key") ?? ""
        guard
            let subscriber = try await ConsultationSubscriptions.byUnsubscribeKey(
                key, organisationID: try organisation.requireID(), on: request.db)
        else { return try await render(request, organisation, state: .invalid, action: nil) }
        if subscriber.unsubscribedAt != nil { return try await render(request, organisation, state: .unsubscribed, action: nil) }
        return try await render(
            request, organisation, state: .unsubscribe,
            action: SiteRoute.consultationConfirmUnsubscribe.url(organisation.slug, key))
    }

    @Sendable static func unsubscribe(_ request: Request) async throws -> Response {
        let organisation = try await PublicCatalogueController.organisation(request)
        let key = request.parameters.get("key") ?? ""
        guard
            let subscriber = try await ConsultationSubscriptions.byUnsubscribeKey(
                key, organisationID: try organisation.requireID(), on: request.db)
        else { return try await render(request, organisation, state: .invalid, action: nil) }
        if subscriber.unsubscribedAt == nil {
            subscriber.unsubscribedAt = request.clock.now()
            try await subscriber.update(on: request.db)
        }
        return request.redirect(to: SiteRoute.consultationUnsubscribe.url(organisation.slug, key), redirectType: .normal)
    }
}

import OpenCUSCore

/// The pages a subscription's links open (`consultations/subscription.leaf`): each asks for a
/// button before it changes anything, then says what happened.
struct SubscriptionPage: Encodable, Sendable {
    enum State: String, Encodable, Sendable {
        case confirm, confirmed, unsubscribe, unsubscribed, expired, invalid

        var title: String {
            switch self {
            case .confirm: "Potwierdź powiadomienia"
            case .confirmed: "Powiadomienia włączone"
            case .unsubscribe: "Wypisz się z powiadomień"
            case .unsubscribed: "Wypisano z powiadomień"
            case .expired: "Link wygasł"
            case .invalid: "Link jest nieważny"
            }
        }
    }

    let layout: Layout
    let organisationName: String
    let state: State
    let title: String
    let action: String?
    let listURL: String
    let confirmationDays = ConsultationSubscribeForm.confirmationDays

    static func make(organisation: Organisation, state: State, action: String?, layout: Layout) -> SubscriptionPage {
        SubscriptionPage(
            layout: layout, organisationName: organisation.name, state: state, title: state.title, action: action,
            listURL: SiteRoute.publicConsultations.url(organisation.slug))
    }
}

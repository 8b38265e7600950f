import Fluent
import OpenCUSCore
import Vapor

/// The page models of `PublicRegistrationController` (what its templates receive).
extension PublicRegistrationController {
    struct FormPage: Encodable, Sendable {
        let layout: Layout
        let slug: String
        let title: String
        let dates: String
        let place: String
        let closedReason: String?
        let seatsLeft: String?
        let mode: String
        let form: RegistrationFormView?
        let duplicate: Bool
        let showEmail = true
        let showConsentClause = true
    }

    struct ResultPage: Encodable, Sendable {
        let layout: Layout
        let slug: String
        let title: String
        let heading: String
        let message: String
        let email: String
    }

    struct ResendPage: Encodable, Sendable {
        let layout: Layout
        let slug: String
        let title: String
        let sent: Bool
        let email: String
        let error: String?
    }
}

extension PublicRegistrationController.ResultPage {
    static func heading(_ state: RegistrationState) -> String {
        switch state {
        case .confirmed: "Jesteś zarejestrowany/-a"
        case .waitlisted: "Jesteś na liście rezerwowej"
        default: "Zgłoszenie przyjęte"
        }
    }

    /// What happens next for a registration in this state (confirmed, on the reserve list, or waiting for the organiser).
    static func make(_ state: RegistrationState, event: Event, layout: Layout) -> PublicRegistrationController.ResultPage {
        let message =
            switch state {
            case .confirmed:
                "Twój udział jest potwierdzony. Wysłaliśmy e-mail z potwierdzeniem, plikiem kalendarza i osobistym linkiem do zgłoszenia."
            case .waitlisted:
                "Wszystkie miejsca są zajęte. Gdy zwolni się miejsce, napiszemy do Ciebie. Szczegóły i osobisty link są w wiadomości e-mail."
            default:
                "Organizator rozpatrzy Twoje zgłoszenie. O decyzji poinformujemy Cię e-mailem; w wiadomości jest też osobisty link do zgłoszenia."
            }
        return PublicRegistrationController.ResultPage(
            layout: layout, slug: event.slug, title: event.displayTitle, heading: heading(state), message: message, email: "")
    }
}

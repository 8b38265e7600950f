/// The e-mails of registration, in Polish, with `{{placeholders}}` that organisers may keep
/// when they edit a template for their event.
public enum RegistrationMailKind: String, Sendable, Codable, CaseIterable {
    case received, confirmed, waitlisted, offered, promoted, workshopPlace = "workshop_place", rejected, cancelled, reminder, link

    public var polishName: String {
        switch self {
        case .received: "zgłoszenie przyjęte (czeka na akceptację)"
        case .confirmed: "potwierdzenie udziału"
        case .waitlisted: "wpis na listę rezerwową"
        case .offered: "propozycja wolnego miejsca"
        case .promoted: "przeniesienie z listy rezerwowej"
        case .workshopPlace: "miejsce w warsztacie z listy rezerwowej warsztatu"
        case .rejected: "odmowa"
        case .cancelled: "anulowanie"
        case .reminder: "przypomnienie przed wydarzeniem"
        case .link: "ponowne wysłanie linku"
        }
    }
}

public struct MailTemplate: Sendable, Equatable, Codable {
    public var subject: String
    public var body: String

    public init(subject: String, body: String) {
        self.subject = subject
        self.body = body
    }

    public static let placeholders = [
        "imie", "nazwisko", "wydarzenie", "termin", "miejsce", "link", "warsztaty", "powod", "odpowiedz_do",
    ]

    /// Replaces `{{name}}` with values; unknown placeholders are left as typed so that a typo
    /// is visible in the preview rather than silently dropped.
    public func render(_ values: [String: String]) -> MailTemplate {
        func fill(_ text: String) -> String {
            var out = text
            for (key, value) in values { out = out.replacingOccurrences(of: "{{\(key)}}", with: value) }
            return out
        }
        // A subject is one line: a newline in a value must not start a new header.
        return MailTemplate(subject: fill(subject).replacingOccurrences(of: "\n", with: " "), body: fill(body))
    }

    public static func standard(_ kind: RegistrationMailKind) -> MailTemplate {
        let signature = "\n\nPozdrawiamy\nOrganizatorzy\n\nTa wiadomość została wysłana automatycznie przez OpenCUS."
        let manage =
            "\n\nSwoje zgłoszenie możesz zobaczyć, zmienić lub anulować pod adresem:\n{{link}}\nLink jest osobisty – nie przekazuj go innym osobom."
        switch kind {
        case .received:
            return MailTemplate(
                subject: "Otrzymaliśmy zgłoszenie: {{wydarzenie}}",
                body:
                    "Dzień dobry,\n\ndziękujemy za zgłoszenie na wydarzenie „{{wydarzenie}}” ({{termin}}, {{miejsce}}). Organizator rozpatrzy je i poinformuje Cię o decyzji w osobnej wiadomości."
                    + manage + signature)
        case .confirmed:
            return MailTemplate(
                subject: "Potwierdzenie udziału: {{wydarzenie}}",
                body:
                    "Dzień dobry,\n\npotwierdzamy Twój udział w wydarzeniu „{{wydarzenie}}”.\n\nTermin: {{termin}}\nMiejsce: {{miejsce}}\n{{warsztaty}}\nW załączniku jest plik kalendarza (.ics)."
                    + manage + signature)
        case .waitlisted:
            return MailTemplate(
                subject: "Lista rezerwowa: {{wydarzenie}}",
                body:
                    "Dzień dobry,\n\nwszystkie miejsca na wydarzenie „{{wydarzenie}}” są zajęte. Wpisaliśmy Cię na listę rezerwową – gdy zwolni się miejsce, napiszemy do Ciebie."
                    + manage + signature)
        case .offered:
            return MailTemplate(
                subject: "Zwolniło się miejsce: {{wydarzenie}}",
                body:
                    "Dzień dobry,\n\nna wydarzeniu „{{wydarzenie}}” ({{termin}}) zwolniło się miejsce. Jest zarezerwowane dla Ciebie do {{odpowiedz_do}}. Aby je przyjąć, otwórz link i potwierdź:\n{{link}}\n\nJeśli nie potwierdzisz do tego czasu, miejsce otrzyma kolejna osoba z listy."
                    + signature)
        case .promoted:
            return MailTemplate(
                subject: "Masz miejsce: {{wydarzenie}}",
                body:
                    "Dzień dobry,\n\nzwolniło się miejsce i przenieśliśmy Cię z listy rezerwowej. Twój udział w wydarzeniu „{{wydarzenie}}” jest potwierdzony.\n\nTermin: {{termin}}\nMiejsce: {{miejsce}}\n{{warsztaty}}"
                    + manage + signature)
        case .workshopPlace:
            return MailTemplate(
                subject: "Masz miejsce w warsztacie: {{wydarzenie}}",
                body:
                    "Dzień dobry,\n\nzwolniło się miejsce w warsztacie, na który czekałeś/-aś. Twoje warsztaty na wydarzeniu „{{wydarzenie}}”:\n{{warsztaty}}"
                    + manage + signature)
        case .rejected:
            return MailTemplate(
                subject: "Zgłoszenie nie zostało przyjęte: {{wydarzenie}}",
                body:
                    "Dzień dobry,\n\nz przykrością informujemy, że organizator nie przyjął Twojego zgłoszenia na wydarzenie „{{wydarzenie}}”.\n\nUzasadnienie: {{powod}}"
                    + signature)
        case .cancelled:
            return MailTemplate(
                subject: "Anulowano zgłoszenie: {{wydarzenie}}",
                body:
                    "Dzień dobry,\n\nTwoje zgłoszenie na wydarzenie „{{wydarzenie}}” zostało anulowane. {{powod}}\n\nJeśli to pomyłka, zarejestruj się ponownie (o ile są wolne miejsca) albo skontaktuj się z organizatorem."
                    + signature)
        case .reminder:
            return MailTemplate(
                subject: "Przypomnienie: {{wydarzenie}} – {{termin}}",
                body:
                    "Dzień dobry,\n\nprzypominamy o wydarzeniu „{{wydarzenie}}”.\n\nTermin: {{termin}}\nMiejsce: {{miejsce}}\n{{warsztaty}}\nJeśli nie możesz przyjechać, anuluj zgłoszenie – zwolnione miejsce otrzyma osoba z listy rezerwowej:\n{{link}}"
                    + signature)
        case .link:
            return MailTemplate(
                subject: "Twój link do zgłoszenia: {{wydarzenie}}",
                body:
                    "Dzień dobry,\n\nna prośbę wysłaną ze strony wydarzenia przesyłamy link do Twojego zgłoszenia (wcześniej wysłane linki również działają):\n{{link}}"
                    + signature)
        }
    }
}

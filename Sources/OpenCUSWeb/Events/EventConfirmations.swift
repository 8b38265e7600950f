import Fluent
import OpenCUSCore
import Vapor

/// The questions asked before an event with registrations is withdrawn, cancelled or archived,
/// before a programme entry is deleted and before every certificate is issued
/// (`Confirmation`, named in the route table).
enum EventConfirmations {
    @Sendable static func changeStatus(_ request: Request) async throws -> Confirmation? {
        let (_, event) = try await EventAdminController.ownEvent(request)
        let action = try request.content.decode(EventAdminController.StatusForm.self).action
        guard ["unpublish", "cancel", "archive"].contains(action) else { return nil }
        let active = try await Registration.query(on: request.db).filter(\.$event.$id == event.requireID())
            .filter(\.$state ~~ RegistrationState.allCases.filter(\.isActive)).count()
        guard active > 0 else { return nil }
        let people = PolishPlural.personGenitive.phrase(active)
        let (question, consequence, label): (String, String, String) =
            switch action {
            case "cancel":
                (
                    "Odwołać „\(event.displayTitle)”?",
                    "Wydarzenie ma aktywne zgłoszenia \(people). Strona wydarzenia pokaże, że jest odwołane, a rejestracja się zamknie. Uczestnicy nie dostaną wiadomości sami: napisz do nich na stronie „Wiadomość do uczestników”.",
                    "Tak, odwołaj wydarzenie"
                )
            case "archive":
                (
                    "Przenieść „\(event.displayTitle)” do archiwum?",
                    "Wydarzenie ma aktywne zgłoszenia \(people). Zniknie z listy nadchodzących wydarzeń i nie przyjmie nowych zgłoszeń.",
                    "Tak, przenieś do archiwum"
                )
            default:
                (
                    "Wycofać publikację „\(event.displayTitle)”?",
                    "Wydarzenie ma aktywne zgłoszenia \(people). Jego strona przestanie być widoczna, także dla zgłoszonych, a rejestracja się zamknie, dopóki nie opublikujesz go ponownie.",
                    "Tak, wycofaj publikację"
                )
            }
        return Confirmation(
            question: question, consequence: consequence, confirmLabel: label,
            cancelURL: SiteRoute.eventOverview.url(try event.requireID()))
    }

    @Sendable static func deleteEntry(_ request: Request) async throws -> Confirmation? {
        let (_, event) = try await EventAdminController.ownEvent(request)
        let entry = try await EventAdminController.child(AgendaEntry.self, of: event, request)
        let chosen = try await RegistrationWorkshop.query(on: request.db).filter(\.$entry.$id == entry.requireID()).count()
        return Confirmation(
            question: "Usunąć z programu „\(entry.title)”?",
            consequence:
                "Punkt programu zniknie razem z osobami i organizacjami przypisanymi do niego"
                + (event.status == .published ? ", także ze strony publicznej." : ".")
                + (chosen > 0 ? " Ten warsztat wybrało \(PolishPlural.person.phrase(chosen)): stracą swój wybór." : ""),
            confirmLabel: "Tak, usuń z programu",
            cancelURL: SiteRoute.eventOverview.url(try event.requireID(), fragment: "program"))
    }

    /// Issuing for everyone present (one person's certificate is issued without asking).
    @Sendable static func issueCertificates(_ request: Request) async throws -> Confirmation? {
        guard try request.content.decode(CertificateController.IssueForm.self).registrationID == nil else { return nil }
        let (_, event) = try await EventAdminController.ownEvent(request)
        guard try await CertificateController.settings(event, on: request.db) != nil else { return nil }
        let waiting = try await CertificateService.waiting(event, on: request.db)
        guard waiting > 0 else { return nil }
        return Confirmation(
            question: "Wydać zaświadczenia: \(waiting)?",
            consequence:
                "Każda obecna osoba bez zaświadczenia (\(PolishPlural.person.phrase(waiting))) dostanie kolejny numer w rejestrze zaświadczeń. Numerów nie można potem cofnąć ani użyć ponownie; zmiana wydanego zaświadczenia to jego ponowne wydanie z uzasadnieniem.",
            confirmLabel: "Tak, wydaj zaświadczenia",
            cancelURL: SiteRoute.certificatesPage.url(try event.requireID()))
    }

    /// Deleting one thing of an event: names it, says what goes with it and where "back" leads.
    static func deleting(
        _ what: String, with consequence: String, back: SiteRoute, fragment: String,
        name: @escaping @Sendable (Request, Event) async throws -> String
    ) -> Confirmation.Describe {
        { request in
            let (_, event) = try await EventAdminController.ownEvent(request)
            let item = try await name(request, event)
            return Confirmation(
                question: "Usunąć \(what) „\(item)”?", consequence: consequence, confirmLabel: "Tak, usuń",
                cancelURL: back.url(try event.requireID(), fragment: fragment))
        }
    }

    static let deleteRoom = deleting(
        "salę", with: "Punkty programu w tej sali stracą przypisanie do sali.", back: .eventOverview, fragment: "sale"
    ) { request, event in try await EventAdminController.child(EventRoom.self, of: event, request).name }

    static let deletePerson = deleting(
        "osobę", with: "Osoba zniknie z programu i ze wszystkich punktów, w których występuje.", back: .eventOverview,
        fragment: "osoby"
    ) { request, event in try await EventAdminController.child(EventPerson.self, of: event, request).displayName }

    static let deleteOrganisation = deleting(
        "organizację", with: "Organizacja zniknie z listy organizatorów, partnerów i fundatorów wydarzenia.",
        back: .eventOverview, fragment: "organizacje"
    ) { request, event in try await EventAdminController.child(EventOrganisation.self, of: event, request).name }

    static let deleteGroup = deleting(
        "blok warsztatów", with: "Warsztaty tego bloku przestaną być alternatywami do wyboru przy rejestracji.",
        back: .eventOverview, fragment: "bloki"
    ) { request, event in try await EventAdminController.child(ParallelGroup.self, of: event, request).title }

    static let deleteAttachment = deleting(
        "załącznik", with: "Plik zniknie ze strony wydarzenia i z serwera; tego nie można cofnąć.", back: .eventOverview,
        fragment: "zalaczniki"
    ) { request, event in try await EventAdminController.child(EventAttachment.self, of: event, request).title }

    static let deletePhoto = deleting(
        "zdjęcie", with: "Zdjęcie zniknie z galerii relacji i z serwera; tego nie można cofnąć.", back: .reportPage,
        fragment: "galeria"
    ) { request, event in try await ReportController.photo(request, event: event).alt }

    static let deleteSurveyQuestion = deleting(
        "pytanie ankiety", with: "Pytanie zniknie z ankiety.", back: .surveyPage, fragment: "pytania"
    ) { request, event in
        let id = request.parameters.get("questionID")
        guard
            let question = try await SurveyController.survey(event.requireID(), on: request.db)?.questions.first(where: {
                $0.id == id
            })
        else { throw Abort(.notFound) }
        return question.text
    }

    static let deleteRegistrationQuestion = deleting(
        "pytanie formularza",
        with: "Pytanie zniknie z formularza zgłoszeniowego razem z odpowiedziami, które już na nie udzielono.",
        back: .registrationsSettings, fragment: "pytania"
    ) { request, event in
        guard let id = request.parameters.get("questionID", as: UUID.self),
            let question = try await RegistrationQuestion.scoped(to: event.$organisation.id, on: request.db).filter(\.$id == id)
                .filter(\.$event.$id == event.requireID()).first()
        else { throw Abort(.notFound) }
        return question.label
    }
}

import Fluent
import OpenCUSCore
import Vapor

/// The questions asked before a resident withdraws a requested service, staff refuse one, or a
/// service is deleted from a programme draft (`Confirmation`, named in the route table).
enum ServiceConfirmations {
    @Sendable static func withdraw(_ request: Request) async throws -> Confirmation? {
        let token = request.parameters.get("token") ?? ""
        guard let application = try await IntakeService.application(forToken: token, now: request.clock.now(), on: request.db),
            let id = request.parameters.get("requestedID", as: UUID.self),
            let requested = try await RequestedService.find(id, in: application.$organisation.id, on: request.db),
            requested.$application.id == application.id,
            let service = try await ServiceDefinition.find(requested.$service.id, on: request.db)
        else { return nil }
        return Confirmation(
            question: "Wycofać wniosek o usługę „\(service.name)”?",
            consequence:
                "Centrum przestanie rozpatrywać wniosek o tę usługę"
                + (requested.outcome == .reserve ? " i skreśli Cię z listy rezerwowej" : "")
                + ". Pozostałe usługi z wniosku \(application.number) rozpatrujemy dalej. Jeśli zmienisz zdanie, trzeba będzie złożyć nowy wniosek.",
            confirmLabel: "Tak, wycofuję wniosek o tę usługę",
            cancelURL: SiteRoute.publicApplicationTracking.url(token))
    }

    @Sendable static func refuse(_ request: Request) async throws -> Confirmation? {
        let staff = try request.require(.manageApplications)
        let (applicationID, requestedID) = try IntakeAdminController.ids(request)
        guard let organisation = try await Organisation.find(staff.organisationID, on: request.db) else { throw Abort(.notFound) }
        let (requested, application, person, service) = try await IntakeService.loadRequested(
            requestedID, organisationID: staff.organisationID, on: request.db)
        guard requested.$application.id == applicationID else { throw Abort(.notFound) }
        let checked = try await IntakeService.checkRefusal(
            try request.content.decode(IntakeService.RefusalForm.self), organisation: organisation, on: request.db)
        // An incomplete form goes straight to the handler, which shows what is missing.
        guard checked.errors.isEmpty else { return nil }
        let letter = checked.kind == .decision ? "decyzja odmowna" : "informacja o odmowie"
        return Confirmation(
            question: "Odmówić usługi „\(service.name)”?",
            consequence:
                "Zostanie wydana \(letter) z kolejnym numerem rejestru dla: \(person.fullName) (wniosek \(application.number)). "
                + "Wydanej decyzji nie cofa się w systemie: zmienić ją może tylko tryb odwoławczy."
                + (requested.outcome == .reserve ? " Osoba zniknie z listy rezerwowej." : ""),
            confirmLabel: checked.kind == .decision ? "Tak, wydaj decyzję odmowną" : "Tak, wydaj informację o odmowie",
            cancelURL: SiteRoute.intakeDetail.url(applicationID))
    }

    @Sendable static func deleteService(_ request: Request) async throws -> Confirmation? {
        let (_, programme) = try await ProgrammeAdminController.own(request)
        let service = try await ProgrammeAdminController.ownService(request, programme)
        guard programme.state.isEditable else { return nil }
        return Confirmation(
            question: "Usunąć usługę „\(service.name)” z projektu programu?",
            consequence:
                "Usługa zniknie z projektu programu w wersji \(programme.version) razem z opisem, kryteriami i zasadami odpłatności. Wersje programu, które już obowiązywały, się nie zmienią.",
            confirmLabel: "Tak, usuń usługę z projektu",
            cancelURL: SiteRoute.programmeDetail.url(try programme.requireID()))
    }
}

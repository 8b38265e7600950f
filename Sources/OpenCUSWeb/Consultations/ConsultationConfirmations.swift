import Fluent
import OpenCUSCore
import Vapor

/// The questions asked before a round is announced (it becomes public and cannot be taken back
/// to a draft) and before its report is published (positions can no longer change).
enum ConsultationConfirmations {
    @Sendable static func announce(_ request: Request) async throws -> Confirmation? {
        let (staff, _) = try await ConsultationAdminController.context(request)
        let round = try await ConsultationService.round(
            try ConsultationAdminController.roundID(request), organisationID: staff.organisationID, on: request.db)
        guard round.status == .draft else { return nil }
        return Confirmation(
            question: "Ogłosić konsultacje „\(round.subject)”?",
            consequence:
                "Strona konsultacji stanie się publiczna. Mieszkańcy będą mogli zgłaszać uwagi od \(round.firstDay.polish) do \(round.lastDay.polish). Od pierwszego dnia treści dokumentu nie można zmieniać, a zmiany ogłoszenia przed tym dniem trafią do publicznego rejestru zmian.",
            confirmLabel: "Tak, ogłaszam konsultacje", cancelURL: SiteRoute.consultationRound.url(try round.requireID()))
    }

    @Sendable static func publishReport(_ request: Request) async throws -> Confirmation? {
        let (staff, _) = try await ConsultationAdminController.context(request)
        let round = try await ConsultationService.round(
            try ConsultationAdminController.roundID(request), organisationID: staff.organisationID, on: request.db)
        // An incomplete form goes straight to the handler, which shows what is missing.
        guard round.status == .announced, try ConsultationAdminController.reportForm(request).1.isEmpty else { return nil }
        return Confirmation(
            question: "Opublikować raport z konsultacji?",
            consequence:
                "Raport ze wszystkimi uwagami, stanowiskami i uzasadnieniami stanie się publiczny. Stanowisk nie będzie można już zmienić; każda późniejsza zmiana widoczności uwagi trafi do rejestru zmian.",
            confirmLabel: "Tak, publikuję raport", cancelURL: SiteRoute.consultationRound.url(try round.requireID()))
    }
}

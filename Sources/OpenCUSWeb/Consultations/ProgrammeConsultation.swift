import Fluent
import OpenCUSCore
import Vapor

/// A programme version sent to consultation with the same engine as the diagnosis: its summary
/// and period, then one section per area with a paragraph per service (what, for whom, places,
/// cost), so residents can comment a single service.
enum ProgrammeConsultation {
    static func document(_ programme: Programme, catalogue: Catalogue) -> String {
        var parts = [
            "# Postanowienia ogólne\n\n\(programme.summary.isEmpty ? programme.title : programme.summary)\n\nOkres realizacji programu: od \(programme.periodStart.polish) do \(programme.periodEnd.polish)."
        ]
        for area in ServiceArea.allCases {
            let services = catalogue.services.filter { $0.area == area }
            guard !services.isEmpty else { continue }
            parts.append(
                "# \(area.polishName.prefix(1).uppercased() + area.polishName.dropFirst())\n\n"
                    + services.map { s in
                        var line = "**\(s.name).** \(s.description)"
                        if !s.forWhom.isEmpty { line += " Dla kogo: \(s.forWhom)." }
                        line += " Miejsca: \(s.places.map(String.init) ?? "bez limitu"). Odpłatność: \(s.fee.polishDescription)."
                        return line.replacingOccurrences(of: "\n\n", with: "\n")
                    }.joined(separator: "\n\n"))
        }
        return parts.joined(separator: "\n\n")
    }

    static func subject(_ programme: Programme) -> String { "Projekt programu: \(programme.title) (wersja \(programme.version))" }

    /// Opens the programme's consultation, making the draft round the first time.
    @Sendable static func send(_ request: Request) async throws -> Response {
        let (staff, programme) = try await ProgrammeAdminController.own(request)
        guard staff.allows(.manageConsultations) else {
            throw Abort(.forbidden, reason: "Konsultacje przygotowuje osoba z uprawnieniem do konsultacji społecznych.")
        }
        if let existing = try await ConsultationRound.scoped(to: staff.organisationID, on: request.db)
            .filter(\.$subject == subject(programme)).first()
        {
            return request.redirect(to: SiteRoute.consultationRound.url(try existing.requireID()), redirectType: .normal)
        }
        guard let organisation = try await Organisation.find(staff.organisationID, on: request.db) else { throw Abort(.notFound) }
        let catalogue = try await Catalogue.load(organisation, programme: programme, on: request.db)
        let today = CalendarDay(request.clock.now(), in: WallClock.warsaw)
        var form = ConsultationRoundForm()
        form.subject = subject(programme)
        form.aim =
            "Poznanie opinii mieszkańców i ich organizacji o projekcie programu usług społecznych przed jego uchwaleniem przez radę gminy."
        form.scope = "cała gmina"
        form.documentTitle = programme.title
        form.document = document(programme, catalogue: catalogue)
        form.firstDay = today.adding(days: 7).iso
        form.lastDay = today.adding(days: 14).iso
        form.coordinator = staff.userName
        guard case .success(let valid) = form.validate() else {
            throw Abort(.unprocessableEntity, reason: "Program jest za długi na jedne konsultacje. Skróć opisy usług.")
        }
        let round = try await ConsultationService.create(
            form, valid, actor: AuditActor(staff, request), now: request.clock.now(), on: request.db)
        return request.redirect(
            to: SiteRoute.consultationRound.url(try round.requireID(), query: "done=created"), redirectType: .normal)
    }
}

import Fluent
import Foundation
import OpenCUSCore

/// What the catalogue says about the programme's basis: the adopted diagnosis whose
/// recommendations lead to the programme's services, and the five-year clock's warning.
struct DiagnosisBasis: Encodable, Sendable {
    let title: String?
    let url: String?
    let adopted: String?
    let warning: String?

    static func load(_ organisation: Organisation, services: [UUID], today: CalendarDay, on db: any Database) async throws
        -> DiagnosisBasis?
    {
        let organisationID = try organisation.requireID()
        let clock = try await Diagnosis.clock(organisationID, today: today, on: db)
        var basis: Diagnosis?
        if !services.isEmpty {
            let links = try await DiagnosisRecommendationService.scoped(to: organisationID, on: db)
                .filter(\.$service.$id ~~ services).with(\.$recommendation).all()
            let ids = Array(Set(links.map { $0.recommendation.$diagnosis.id }))
            if !ids.isEmpty {
                basis = try await Diagnosis.scoped(to: organisationID, on: db).filter(\.$id ~~ ids)
                    .filter(\.$status ~~ [DiagnosisStatus.adopted, .published]).all()
                    .max {
                        ($0.adoptedOn ?? CalendarDay(year: 1900, month: 1, day: 1)!)
                            < ($1.adoptedOn ?? CalendarDay(year: 1900, month: 1, day: 1)!)
                    }
            }
        }
        guard basis != nil || clock.publicNote != nil else { return nil }
        return DiagnosisBasis(
            title: basis?.title,
            url: try basis.flatMap { b in
                b.status == .published ? SiteRoute.diagnosisPublic.url(organisation.slug, try b.requireID()) : nil
            },
            adopted: basis?.adoptedOn?.polish, warning: clock.publicNote)
    }
}

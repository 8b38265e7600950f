import Fluent
import OpenCUSCore
import SQLKit
import Vapor

/// What the shared layout (Resources/Views/layout.leaf) needs on every page.
/// Every page context has a `layout` property of this type.
struct Layout: Encodable, Sendable {
    struct StaffNav: Encodable, Sendable {
        let name: String
        let organisationName: String
        let canViewMembers: Bool
        let canViewOutbox: Bool
        let canEditStatement: Bool
        let canManageEvents: Bool
        let canCheckIn: Bool
        let canViewAudit: Bool
        let canManageDataSubjects: Bool
        let canManageProgramme: Bool
        let canManageApplications: Bool
        let canViewProviderEnrolments: Bool
        let canManagePlans: Bool
        let canViewPlanStatistics: Bool
        let canRecordDeliveries: Bool
        let canManageFees: Bool
        let canManageConsultations: Bool
        let canManageDiagnosis: Bool
        let canManageActivities: Bool
        let canViewActivities: Bool
        let canViewCommunityPlan: Bool
        let canViewIndicators: Bool
        let canViewRegion: Bool
    }

    struct Footer: Encodable, Sendable {
        let operatorName: String?
        let email: String?
        let phone: String?
    }

    /// An organisation's own pages (catalogue, application, receipt, tracking): its name and
    /// logo above the content, its accent colour for links and buttons.
    struct Brand: Encodable, Sendable {
        let name: String
        let logoURL: String?
        let styleURL: String?

        /// Both addresses carry what they serve (the logo's file key, the colour), so a change
        /// is a new address and the day-long cache never shows the old one.
        init(_ organisation: Organisation) {
            name = organisation.name
            logoURL = organisation.logoKey.map { SiteRoute.organisationLogo.url(organisation.slug, query: "v=\($0.prefix(12))") }
            styleURL = organisation.accentColour.map {
                SiteRoute.organisationBrandStyle.url(organisation.slug, query: "v=\($0.dropFirst())")
            }
        }
    }

    let title: String
    /// Marks the current item in the navigation (`aria-current="page"`).
    let section: String
    let csrfToken: String
    let staff: StaffNav?
    let footer: Footer
    var brand: Brand? = nil

    /// The same page shell, shown as the organisation's own page.
    func branded(_ organisation: Organisation) -> Layout {
        var copy = self
        copy.brand = Brand(organisation)
        return copy
    }
}

extension Request {
    func layout(title: String, section: String) async throws -> Layout {
        // Not `db`: during shutdown the databases are gone while the last requests still end in
        // an error page, and `db` would stop the process (measured: a crash on SIGTERM under load).
        guard let database = application.databases.database(logger: logger, on: eventLoop) else {
            throw Abort(.serviceUnavailable, reason: "Serwis jest zatrzymywany. Spróbuj ponownie za chwilę.")
        }
        // Every page's footer: three columns in plain SQL, not a whole Organisation model.
        struct Operator: Decodable {
            let name: String
            let email: String?
            let phone: String?
        }
        let operatorOrganisation = try await database.sql().raw(
            "SELECT name, email, phone FROM organisations WHERE is_operator = \(bind: true) LIMIT 1"
        )
        .first(decoding: Operator.self)
        return Layout(
            title: title,
            section: section,
            csrfToken: CSRF.token(for: self),
            staff: staff.map {
                Layout.StaffNav(
                    name: $0.userName, organisationName: $0.organisationName,
                    canViewMembers: $0.allows(.viewMembers), canViewOutbox: $0.allows(.viewOutbox),
                    canEditStatement: $0.allows(.editAccessibilityStatement), canManageEvents: $0.allows(.manageEvents),
                    canCheckIn: $0.allows(.checkIn),
                    canViewAudit: $0.allows(.viewAudit), canManageDataSubjects: $0.allows(.manageDataSubjects),
                    canManageProgramme: $0.allows(.manageProgramme), canManageApplications: $0.allows(.manageApplications),
                    canViewProviderEnrolments: $0.allows(.viewProviderEnrolments),
                    canManagePlans: $0.allows(.managePlans), canViewPlanStatistics: $0.allows(.viewPlanStatistics),
                    canRecordDeliveries: $0.allows(.recordDeliveries), canManageFees: $0.allows(.manageFees),
                    canManageConsultations: $0.allows(.manageConsultations), canManageDiagnosis: $0.allows(.manageDiagnosis),
                    canManageActivities: $0.allows(.manageActivities), canViewActivities: $0.allows(.viewActivities),
                    canViewCommunityPlan: $0.allows(.viewCommunitySummary), canViewIndicators: $0.allows(.viewIndicators),
                    canViewRegion: $0.allows(.viewRegionalIndicators))
            },
            footer: Layout.Footer(
                operatorName: operatorOrganisation?.name, email: operatorOrganisation?.email,
                phone: operatorOrganisation?.phone))
    }

    /// Renders a Leaf template with a typed context.
    func render<Context: Encodable & Sendable>(_ template: String, _ context: Context, status: HTTPStatus = .ok)
        async throws -> Response
    {
        let view = try await self.view.render(template, context)
        let response = try await view.encodeResponse(status: status, for: self)
        response.headers.contentType = .html
        return response
    }
}

import Fluent
import OpenCUSCore
import Vapor

/// What a provider (an NGO or another unit delivering a service) sees: the people enrolled in its
/// services, with only what delivery needs — name, contact, service, start, communication and
/// accessibility needs; never the application, the situation described, the assessment or other
/// services. The rows belong to the commissioning CUS, so each view is audited in that CUS's chain.
enum ProviderController {
    @Sendable static func people(_ request: Request) async throws -> Response {
        let staff = try request.require(.viewProviderEnrolments)
        let enrolments = try await Enrolment.query(on: request.db).filter(\.$providerOrganisationID == staff.organisationID)
            .filter(\.$active == true)
            .with(\.$person).with(\.$service).with(\.$organisation).sort(\.$startDay).limit(1_000).all()
        try await DeliveryController.auditList(
            request, staff, enrolments, detail: "realizator: osoby w usługach (\(enrolments.count))")
        let page = try Page.make(
            enrolments, layout: try await request.layout(title: "Osoby w naszych usługach", section: "provider"))
        return try await request.render("services/provider-people", page)
    }
}

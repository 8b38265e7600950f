import Fluent
import Foundation
import OpenCUSCore

/// The site's accessibility statement (deklaracja dostępności). It belongs to the operator
/// organisation: the public body that runs this OpenCUS instance is the one the law obliges.
final class AccessibilityStatement: Model, OrganisationOwned, @unchecked Sendable {
    static let schema = "accessibility_statements"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Field(key: "entity_name") var entityName: String
    @Field(key: "published_on") var publishedOn: CalendarDay
    @Field(key: "updated_on") var updatedOn: CalendarDay
    @Field(key: "prepared_on") var preparedOn: CalendarDay
    @Field(key: "reviewed_on") var reviewedOn: CalendarDay
    @Field(key: "status") var status: ComplianceStatus
    @Field(key: "non_compliance") var nonCompliance: String
    @Field(key: "exemptions") var exemptions: String
    @Field(key: "assessment") var assessment: String
    @Field(key: "contact_name") var contactName: String
    @Field(key: "contact_email") var contactEmail: String
    @Field(key: "contact_phone") var contactPhone: String
    @Field(key: "procedure") var procedure: String
    @Field(key: "architecture") var architecture: String
    @Field(key: "mobile_apps") var mobileApps: String
    @Field(key: "shortcuts") var shortcuts: String
    @OptionalField(key: "updated_by_user_id") var updatedByUserID: UUID?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    init(
        id: UUID? = nil,
        organisationID: UUID,
        entityName: String,
        publishedOn: CalendarDay,
        updatedOn: CalendarDay,
        preparedOn: CalendarDay,
        reviewedOn: CalendarDay,
        status: ComplianceStatus,
        nonCompliance: String,
        exemptions: String,
        assessment: String,
        contactName: String,
        contactEmail: String,
        contactPhone: String,
        procedure: String,
        architecture: String,
        mobileApps: String,
        shortcuts: String,
        updatedByUserID: UUID? = nil
    ) {
        self.id = id
        self.$organisation.id = organisationID
        self.entityName = entityName
        self.publishedOn = publishedOn
        self.updatedOn = updatedOn
        self.preparedOn = preparedOn
        self.reviewedOn = reviewedOn
        self.status = status
        self.nonCompliance = nonCompliance
        self.exemptions = exemptions
        self.assessment = assessment
        self.contactName = contactName
        self.contactEmail = contactEmail
        self.contactPhone = contactPhone
        self.procedure = procedure
        self.architecture = architecture
        self.mobileApps = mobileApps
        self.shortcuts = shortcuts
        self.updatedByUserID = updatedByUserID
    }

    /// A first statement from a validated form.
    convenience init(organisationID: UUID, form: StatementForm, days: StatementForm.Days, updatedByUserID: UUID?) {
        self.init()
        $organisation.id = organisationID
        apply(form, days)
        self.updatedByUserID = updatedByUserID
    }

    /// Copies a validated form (call `StatementForm.validate` first).
    func apply(_ form: StatementForm, _ days: StatementForm.Days) {
        entityName = form.entityName
        publishedOn = days.published
        updatedOn = days.updated
        preparedOn = days.prepared
        reviewedOn = days.reviewed
        status = ComplianceStatus(rawValue: form.status) ?? .partial
        nonCompliance = form.nonCompliance
        exemptions = form.exemptions
        assessment = form.assessment
        contactName = form.contactName
        contactEmail = form.contactEmail
        contactPhone = form.contactPhone
        procedure = form.procedure
        architecture = form.architecture
        mobileApps = form.mobileApps
        shortcuts = form.shortcuts
    }

    var form: StatementForm {
        StatementForm(
            entityName: entityName, publishedOn: publishedOn.iso, updatedOn: updatedOn.iso, preparedOn: preparedOn.iso,
            reviewedOn: reviewedOn.iso, status: status.rawValue, nonCompliance: nonCompliance, exemptions: exemptions,
            assessment: assessment, contactName: contactName, contactEmail: contactEmail, contactPhone: contactPhone,
            procedure: procedure, architecture: architecture, mobileApps: mobileApps, shortcuts: shortcuts)
    }
}

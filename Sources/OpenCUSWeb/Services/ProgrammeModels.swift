import Fluent
import Foundation
import OpenCUSCore
import SQLKit

/// A version of a CUS's social services programme (program usług społecznych), adopted by the
/// municipal council as local law. Versions are never edited once adopted: a change is a new
/// draft version, so every qualification can point at the version in force when it was made.
final class Programme: Model, OrganisationOwned, @unchecked Sendable {
    static let schema = "service_programmes"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Field(key: "version") var version: Int
    @Field(key: "title") var title: String
    @Field(key: "period_start") var periodStart: CalendarDay
    @Field(key: "period_end") var periodEnd: CalendarDay
    @OptionalField(key: "resolution_number") var resolutionNumber: String?
    @OptionalField(key: "resolution_date") var resolutionDate: CalendarDay?
    @OptionalField(key: "journal_reference") var journalReference: String?
    @Field(key: "summary") var summary: String
    @Field(key: "state") var state: ProgrammeState
    @OptionalField(key: "in_force_at") var inForceAt: Date?
    @OptionalField(key: "expired_at") var expiredAt: Date?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    init(
        id: UUID? = nil,
        organisationID: UUID,
        version: Int,
        title: String,
        periodStart: CalendarDay,
        periodEnd: CalendarDay,
        resolutionNumber: String? = nil,
        resolutionDate: CalendarDay? = nil,
        journalReference: String? = nil,
        summary: String,
        state: ProgrammeState,
        inForceAt: Date? = nil,
        expiredAt: Date? = nil
    ) {
        self.id = id
        self.$organisation.id = organisationID
        self.version = version
        self.title = title
        self.periodStart = periodStart
        self.periodEnd = periodEnd
        self.resolutionNumber = resolutionNumber
        self.resolutionDate = resolutionDate
        self.journalReference = journalReference
        self.summary = summary
        self.state = state
        self.inForceAt = inForceAt
        self.expiredAt = expiredAt
    }

    var form: ProgrammeForm {
        var f = ProgrammeForm()
        f.title = title
        f.periodStart = periodStart.iso
        f.periodEnd = periodEnd.iso
        f.resolutionNumber = resolutionNumber ?? ""
        f.resolutionDate = resolutionDate?.iso ?? ""
        f.journalReference = journalReference ?? ""
        f.summary = summary
        return f
    }

    /// A new version built from the form (the form's own checks have passed).
    convenience init(
        organisationID: UUID, version: Int, form f: ProgrammeForm, valid: ProgrammeForm.Valid, state: ProgrammeState
    ) {
        self.init(
            organisationID: organisationID, version: version, title: f.title, periodStart: valid.start,
            periodEnd: valid.end, summary: f.summary, state: state)
        apply(f, valid)
    }

    func apply(_ f: ProgrammeForm, _ valid: ProgrammeForm.Valid) {
        title = f.title
        periodStart = valid.start
        periodEnd = valid.end
        resolutionNumber = f.resolutionNumber.isEmpty ? nil : f.resolutionNumber
        resolutionDate = valid.resolutionDate
        journalReference = f.journalReference.isEmpty ? nil : f.journalReference
        summary = f.summary
    }

    /// "1 stycznia 2026 – 31 grudnia 2028".
    var periodText: String {
        "\(periodStart.polish) – \(periodEnd.polish)"
    }

    /// "uchwała nr XII/123/2025 z 27 listopada 2025".
    var resolutionText: String? {
        guard let number = resolutionNumber else { return nil }
        return "uchwała nr \(number)" + (resolutionDate.map { " z \($0.polish)" } ?? "")
    }
}

/// One service of a programme version.
final class ServiceDefinition: Model, OrganisationOwned, @unchecked Sendable {
    static let schema = "service_definitions"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "programme_id") var programme: Programme
    @Field(key: "position") var position: Int
    @Field(key: "name") var name: String
    @Field(key: "area") var area: ServiceArea
    @Field(key: "description") var description: String
    @Field(key: "for_whom") var forWhom: String
    @Field(key: "criteria") var criteria: String
    @OptionalField(key: "age_min") var ageMin: Int?
    @OptionalField(key: "age_max") var ageMax: Int?
    @Field(key: "residence_required") var residenceRequired: Bool
    /// nil: the programme sets no limit.
    @OptionalField(key: "places") var places: Int?
    /// JSON array of strings, in the order the programme applies them.
    @Field(key: "priority_criteria") var priorityCriteria: String
    @Field(key: "fee_kind") var feeKind: String
    @OptionalField(key: "fee_grosze") var feeGrosze: Int?
    @OptionalField(key: "fee_unit") var feeUnit: String?
    @Field(key: "fee_exemptions") var feeExemptions: String
    @Field(key: "delivery_route") var deliveryRoute: DeliveryRoute
    /// The organisation that delivers it (nil: the CUS itself).
    @OptionalField(key: "provider_organisation_id") var providerOrganisationID: UUID?
    @Field(key: "place") var place: String
    @Field(key: "schedule") var schedule: String
    @Field(key: "documents") var documents: String
    @Field(key: "how_to_apply") var howToApply: String
    @Field(key: "ipus_eligible") var ipusEligible: Bool
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    init(
        id: UUID? = nil,
        organisationID: UUID,
        programmeID: UUID,
        position: Int,
        name: String,
        area: ServiceArea,
        description: String,
        forWhom: String,
        criteria: String,
        ageMin: Int? = nil,
        ageMax: Int? = nil,
        residenceRequired: Bool,
        places: Int? = nil,
        priorityCriteria: String,
        feeKind: String,
        feeGrosze: Int? = nil,
        feeUnit: String? = nil,
        feeExemptions: String,
        deliveryRoute: DeliveryRoute,
        providerOrganisationID: UUID? = nil,
        place: String,
        schedule: String,
        documents: String,
        howToApply: String,
        ipusEligible: Bool
    ) {
        self.id = id
        self.$organisation.id = organisationID
        self.$programme.id = programmeID
        self.position = position
        self.name = name
        self.area = area
        self.description = description
        self.forWhom = forWhom
        self.criteria = criteria
        self.ageMin = ageMin
        self.ageMax = ageMax
        self.residenceRequired = residenceRequired
        self.places = places
        self.priorityCriteria = priorityCriteria
        self.feeKind = feeKind
        self.feeGrosze = feeGrosze
        self.feeUnit = feeUnit
        self.feeExemptions = feeExemptions
        self.deliveryRoute = deliveryRoute
        self.providerOrganisationID = providerOrganisationID
        self.place = place
        self.schedule = schedule
        self.documents = documents
        self.howToApply = howToApply
        self.ipusEligible = ipusEligible
    }

    var fee: FeeRule { FeeRule.make(kind: feeKind, grosze: feeGrosze, unit: feeUnit) ?? .free }

    var criteriaList: [String] { Self.criteriaList(priorityCriteria) }

    /// The priority criteria as stored (a JSON list of texts).
    static func criteriaList(_ json: String) -> [String] {
        (try? JSONDecoder().decode([String].self, from: Data(json.utf8))) ?? []
    }

    var form: ServiceForm {
        var f = ServiceForm()
        f.name = name
        f.area = area.rawValue
        f.description = description
        f.forWhom = forWhom
        f.criteria = criteria
        f.ageMin = ageMin.map(String.init) ?? ""
        f.ageMax = ageMax.map(String.init) ?? ""
        f.residenceRequired = residenceRequired
        f.places = places.map(String.init) ?? ""
        f.priorityCriteria = criteriaList.joined(separator: "\n")
        f.feeKind = feeKind
        f.feeAmount =
            feeGrosze.map {
                Money.polish($0).replacingOccurrences(of: "\u{00A0}zł", with: "").replacingOccurrences(of: "\u{00A0}", with: "")
            } ?? ""
        f.feeUnit = feeUnit ?? ""
        f.feeExemptions = feeExemptions
        f.deliveryRoute = deliveryRoute.rawValue
        f.providerID = providerOrganisationID?.uuidString ?? ""
        f.place = place
        f.schedule = schedule
        f.documents = documents
        f.howToApply = howToApply
        f.ipusEligible = ipusEligible
        return f
    }

    convenience init(organisationID: UUID, programmeID: UUID, position: Int, form: ServiceForm, valid: ServiceForm.Valid) {
        self.init()
        $organisation.id = organisationID
        $programme.id = programmeID
        self.position = position
        apply(form, valid)
    }

    /// The same service in another programme version (a new draft copies the one in force).
    func copy(into programmeID: UUID) -> ServiceDefinition {
        ServiceDefinition(
            organisationID: $organisation.id, programmeID: programmeID, position: position, name: name, area: area,
            description: description, forWhom: forWhom, criteria: criteria, ageMin: ageMin, ageMax: ageMax,
            residenceRequired: residenceRequired, places: places, priorityCriteria: priorityCriteria, feeKind: feeKind,
            feeGrosze: feeGrosze, feeUnit: feeUnit, feeExemptions: feeExemptions, deliveryRoute: deliveryRoute,
            providerOrganisationID: providerOrganisationID, place: place, schedule: schedule, documents: documents,
            howToApply: howToApply, ipusEligible: ipusEligible)
    }

    func apply(_ f: ServiceForm, _ v: ServiceForm.Valid) {
        name = f.name
        area = v.area
        description = f.description
        forWhom = f.forWhom
        criteria = f.criteria
        ageMin = v.ageMin
        ageMax = v.ageMax
        residenceRequired = f.residenceRequired
        places = v.places
        priorityCriteria =
            String(data: (try? JSONEncoder().encode(v.priorityCriteria)) ?? Data("[]".utf8), encoding: .utf8) ?? "[]"
        feeKind = v.fee.kind
        feeGrosze = v.fee.grosze
        if case .perUnit(_, let unit) = v.fee { feeUnit = unit } else { feeUnit = nil }
        feeExemptions = v.fee == .free ? "" : f.feeExemptions
        deliveryRoute = v.route
        providerOrganisationID = v.route == .own ? nil : UUID(uuidString: f.providerID)
        place = f.place
        schedule = f.schedule
        documents = f.documents
        howToApply = f.howToApply
        ipusEligible = f.ipusEligible
    }

    /// Who may use it, from the structured criteria ("od 60 lat", "mieszkańcy gminy").
    var eligibilitySummary: [String] {
        var parts: [String] = []
        switch (ageMin, ageMax) {
        case (let min?, let max?): parts.append("wiek od \(min) do \(max) lat")
        case (let min?, nil): parts.append("wiek od \(min) lat")
        case (nil, let max?): parts.append("wiek do \(max) lat")
        default: break
        }
        if residenceRequired { parts.append("dla mieszkańców gminy") }
        return parts
    }
}

extension ServiceDefinition {
    /// How many services each of these programmes lists, in one query (programmes without services are left out).
    static func counts(inProgrammes ids: [UUID], on db: any Database) async throws -> [UUID: Int] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await ServiceDefinition.query(on: db).filter(\.$programme.$id ~~ ids).field(\.$programme.$id).all()
        return Dictionary(grouping: rows, by: { $0.$programme.id }).mapValues(\.count)
    }
}

import Fluent
import Foundation
import OpenCUSCore

/// A diagnosis of the needs and potential of the community in the field of social services:
/// its sections' text, typed and computed figures, recommendations linked to the programme's
/// services, and the five-year clock that starts when it is adopted.
final class Diagnosis: Model, OrganisationOwned, @unchecked Sendable {
    static let schema = "diagnoses"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Field(key: "title") var title: String
    /// The year OpenCUS's own figures are counted for.
    @Field(key: "data_year") var dataYear: Int
    @Field(key: "status") var status: DiagnosisStatus
    @OptionalField(key: "adopted_on") var adoptedOn: CalendarDay?
    /// The act adopting it (the director's order or the council's resolution).
    @Field(key: "adopted_by_act") var adoptedByAct: String
    @Field(key: "situation") var situation: String
    @Field(key: "needs") var needs: String
    @Field(key: "resources") var resources: String
    @Field(key: "voice") var voice: String
    @Field(key: "conclusions") var conclusions: String
    @OptionalField(key: "consultation_round_id") var consultationRoundID: UUID?
    @Field(key: "revision") var revision: Int
    @Field(key: "updated_by") var updatedBy: String
    @Field(key: "updated_at") var updatedAt: Date
    @OptionalField(key: "published_at") var publishedAt: Date?
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(
        id: UUID? = nil, organisationID: UUID, title: String, dataYear: Int, status: DiagnosisStatus,
        adoptedOn: CalendarDay? = nil, adoptedByAct: String, situation: String, needs: String, resources: String,
        voice: String, conclusions: String, consultationRoundID: UUID? = nil, revision: Int, updatedBy: String,
        updatedAt: Date, publishedAt: Date? = nil, createdAt: Date
    ) {
        self.id = id
        self.$organisation.id = organisationID
        self.title = title
        self.dataYear = dataYear
        self.status = status
        self.adoptedOn = adoptedOn
        self.adoptedByAct = adoptedByAct
        self.situation = situation
        self.needs = needs
        self.resources = resources
        self.voice = voice
        self.conclusions = conclusions
        self.consultationRoundID = consultationRoundID
        self.revision = revision
        self.updatedBy = updatedBy
        self.updatedAt = updatedAt
        self.publishedAt = publishedAt
        self.createdAt = createdAt
    }

    func text(_ section: DiagnosisSection) -> String {
        switch section {
        case .situation: situation
        case .needs: needs
        case .resources: resources
        case .voice: voice
        case .conclusions: conclusions
        }
    }

    func setText(_ section: DiagnosisSection, _ text: String) {
        switch section {
        case .situation: situation = text
        case .needs: needs = text
        case .resources: resources = text
        case .voice: voice = text
        case .conclusions: conclusions = text
        }
    }

    /// The five-year clock from the newest adopted diagnosis of an organisation.
    static func clock(_ organisationID: UUID, today: CalendarDay, on db: any Database) async throws -> DiagnosisClock {
        let adopted = try await Diagnosis.scoped(to: organisationID, on: db)
            .filter(\.$status ~~ [DiagnosisStatus.adopted, .published]).all().compactMap(\.adoptedOn).max()
        return DiagnosisClock(lastAdopted: adopted, today: today)
    }
}

/// A figure typed in by staff, with its source and year.
final class DiagnosisIndicator: Model, OrganisationOwned, @unchecked Sendable {
    static let schema = "diagnosis_indicators"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "diagnosis_id") var diagnosis: Diagnosis
    @Field(key: "section") var section: DiagnosisSection
    @Field(key: "name") var name: String
    @Field(key: "value") var value: String
    @Field(key: "unit") var unit: String
    @Field(key: "source") var source: String
    @Field(key: "year") var year: Int
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(
        id: UUID? = nil, organisationID: UUID, diagnosisID: UUID, section: DiagnosisSection, name: String, value: String,
        unit: String, source: String, year: Int, createdAt: Date
    ) {
        self.id = id
        self.$organisation.id = organisationID
        self.$diagnosis.id = diagnosisID
        self.section = section
        self.name = name
        self.value = value
        self.unit = unit
        self.source = source
        self.year = year
        self.createdAt = createdAt
    }
}

/// A recommendation of the diagnosis, linked to the programme's services it leads to.
final class DiagnosisRecommendation: Model, OrganisationOwned, @unchecked Sendable {
    static let schema = "diagnosis_recommendations"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "diagnosis_id") var diagnosis: Diagnosis
    @Field(key: "number") var number: Int
    @Field(key: "text") var text: String
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(id: UUID? = nil, organisationID: UUID, diagnosisID: UUID, number: Int, text: String, createdAt: Date) {
        self.id = id
        self.$organisation.id = organisationID
        self.$diagnosis.id = diagnosisID
        self.number = number
        self.text = text
        self.createdAt = createdAt
    }
}

/// "This recommendation leads to that service of the programme."
final class DiagnosisRecommendationService: Model, OrganisationOwned, @unchecked Sendable {
    static let schema = "diagnosis_recommendation_services"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "recommendation_id") var recommendation: DiagnosisRecommendation
    @Parent(key: "service_id") var service: ServiceDefinition

    init() {}

    init(id: UUID? = nil, organisationID: UUID, recommendationID: UUID, serviceID: UUID) {
        self.id = id
        self.$organisation.id = organisationID
        self.$recommendation.id = recommendationID
        self.$service.id = serviceID
    }
}

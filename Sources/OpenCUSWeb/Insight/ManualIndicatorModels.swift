import Fluent
import Foundation
import OpenCUSCore

/// A centre's own indicator (`ManualIndicatorForm`): numbered per organisation, shown on the
/// dashboard beside the catalogue's.
final class ManualIndicator: Model, OrganisationOwned, @unchecked Sendable {
    static let schema = "manual_indicators"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    /// 1, 2, 3… per organisation: the code is "WŁ-01".
    @Field(key: "number") var number: Int
    @Field(key: "name") var name: String
    @Field(key: "description") var description: String
    @Field(key: "unit") var unit: IndicatorDefinition.Unit
    @Field(key: "direction") var direction: IndicatorDirection
    @OptionalField(key: "target") var target: Double?
    @Field(key: "counts_people") var countsPeople: Bool
    @Field(key: "created_by") var createdBy: String
    @Field(key: "created_at") var createdAt: Date

    init() {}

    init(organisationID: UUID, number: Int, _ v: ManualIndicatorForm.Valid, by: String, at: Date) {
        self.$organisation.id = organisationID
        self.number = number
        createdBy = by
        createdAt = at
        apply(v)
    }

    func apply(_ v: ManualIndicatorForm.Valid) {
        name = v.name
        description = v.description
        unit = v.unit
        direction = v.direction
        target = v.target
        countsPeople = v.countsPeople
    }

    var code: String { ManualIndicatorForm.code(number) }
    var shape: ManualIndicatorShape { ManualIndicatorShape(unit: unit, countsPeople: countsPeople) }
}

/// One month's value of an own indicator, with its source and who typed it.
final class ManualIndicatorValue: Model, OrganisationOwned, @unchecked Sendable {
    static let schema = "manual_indicator_values"

    @ID(key: .id) var id: UUID?
    @Parent(key: "organisation_id") var organisation: Organisation
    @Parent(key: "indicator_id") var indicator: ManualIndicator
    /// `InsightPeriod.key`: "2026-11".
    @Field(key: "month") var month: String
    @Field(key: "value") var value: Double
    @Field(key: "source") var source: String
    @Field(key: "entered_by") var enteredBy: String
    @Field(key: "entered_at") var enteredAt: Date

    init() {}

    init(organisationID: UUID, indicatorID: UUID, _ v: ManualValueForm.Valid, by: String, at: Date) {
        self.$organisation.id = organisationID
        self.$indicator.id = indicatorID
        month = v.month.key
        value = v.value
        source = v.source
        enteredBy = by
        enteredAt = at
    }
}

import Fluent
import Foundation
import OpenCUSCore

/// A tenant: a ROPS, a CUS, a gmina office, an NGO… Every organisation-owned row elsewhere
/// carries `organisation_id` pointing here.
final class Organisation: Model, @unchecked Sendable {
    static let schema = "organisations"

    @ID(key: .id) var id: UUID?
    @Field(key: "slug") var slug: String
    @Field(key: "name") var name: String
    @Field(key: "kind") var kind: OrganisationKind
    @OptionalField(key: "voivodeship") var voivodeship: Voivodeship?
    @OptionalField(key: "street") var street: String?
    @OptionalField(key: "postcode") var postcode: String?
    @OptionalField(key: "city") var city: String?
    @OptionalField(key: "email") var email: String?
    @OptionalField(key: "phone") var phone: String?
    @OptionalField(key: "website") var website: String?
    /// When the office takes residents, as the organisation writes it ("pon.–pt. 7:30–15:30").
    @OptionalField(key: "office_hours") var officeHours: String?
    /// "#rrggbb" with at least 4.5:1 against white (`AccentColour`); nil: the site's own colours.
    @OptionalField(key: "accent_colour") var accentColour: String?
    /// The logo's file in the uploads folder and its type (PNG, JPEG or WebP, without metadata).
    @OptionalField(key: "logo_key") var logoKey: String?
    @OptionalField(key: "logo_type") var logoType: String?
    /// The body that runs this OpenCUS instance (owns the accessibility statement, sees system mail).
    @Field(key: "is_operator") var isOperator: Bool
    /// Staff in roles that see personal files must log in with a second factor (TOTP).
    @Field(key: "require_two_factor") var requireTwoFactor: Bool
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    init(
        id: UUID? = nil, slug: Slug, name: String, kind: OrganisationKind, voivodeship: Voivodeship? = nil,
        street: String? = nil, postcode: String? = nil, city: String? = nil, email: String? = nil,
        phone: String? = nil, website: String? = nil, officeHours: String? = nil, accentColour: String? = nil,
        logoKey: String? = nil, logoType: String? = nil, isOperator: Bool = false
    ) {
        self.id = id
        self.slug = slug.value
        self.name = name
        self.kind = kind
        self.voivodeship = voivodeship
        self.street = street
        self.postcode = postcode
        self.city = city
        self.email = email
        self.phone = phone
        self.website = website
        self.officeHours = officeHours
        self.accentColour = accentColour
        self.logoKey = logoKey
        self.logoType = logoType
        self.isOperator = isOperator
        self.requireTwoFactor = false
    }
}

import OpenCUSCore
import Vapor

/// The organisation's public profile form (`access/profile.leaf`).
struct ProfilePage: Encodable, Sendable {
    let layout: Layout
    let organisationName: String
    let form: OrganisationProfileForm
    let errors: FieldErrors
    /// The logo as the public pages show it, or nil.
    let logoURL: String?
    let catalogueURL: String
    let notice: String?

    static let notices = [
        "saved": "Zapisano profil. Strony centrum pokazują już nowe dane.",
        "logo": "Dodano logo (bez metadanych pliku).",
        "logo-removed": "Usunięto logo.",
    ]

    /// The form as stored (what the page shows before anything is typed).
    static func form(_ organisation: Organisation) -> OrganisationProfileForm {
        var form = OrganisationProfileForm()
        form.phone = organisation.phone ?? ""
        form.email = organisation.email ?? ""
        form.website = organisation.website ?? ""
        form.street = organisation.street ?? ""
        form.postcode = organisation.postcode ?? ""
        form.city = organisation.city ?? ""
        form.officeHours = organisation.officeHours ?? ""
        form.accentColour = organisation.accentColour ?? ""
        return form
    }

    static func make(
        _ organisation: Organisation, form: OrganisationProfileForm, errors: FieldErrors, notice: String?, layout: Layout
    ) throws -> ProfilePage {
        ProfilePage(
            layout: layout, organisationName: organisation.name, form: form, errors: errors,
            logoURL: Layout.Brand(organisation).logoURL, catalogueURL: SiteRoute.catalogue.url(organisation.slug),
            notice: notice)
    }
}

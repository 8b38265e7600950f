import Foundation

/// How to reach a CUS's own office (not the instance's operator): on its catalogue, application
/// form, receipt and tracking page, via `services/office-contact.leaf`.
struct OfficeContact: Encodable, Sendable {
    let name: String
    let phone: String?
    /// `tel:` wants the digits without spaces.
    let phoneLink: String?
    let email: String?
    let address: String?
    let hours: String?

    init(_ organisation: Organisation) {
        name = organisation.name
        phone = organisation.phone?.nilIfEmpty
        phoneLink = organisation.phone?.filter { $0 == "+" || $0.isNumber }.nilIfEmpty
        email = organisation.email?.nilIfEmpty
        let town = [organisation.postcode, organisation.city].compactMap { $0?.nilIfEmpty }.joined(separator: " ")
        hours = organisation.officeHours?.nilIfEmpty
        address = [organisation.street?.nilIfEmpty, town.nilIfEmpty].compactMap { $0 }.joined(separator: ", ").nilIfEmpty
    }
}

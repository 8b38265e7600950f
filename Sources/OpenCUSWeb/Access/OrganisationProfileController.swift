import Fluent
import OpenCUSCore
import Vapor

/// The organisation's public profile, kept by its administrator or director: the office's
/// contact and hours, the logo and the accent colour its public pages show (catalogue,
/// application, receipt, tracking); and the logo and colour those pages load.
enum OrganisationProfileController {
    static let maximumLogoBytes = 512 * 1024

    static func own(_ request: Request) async throws -> Organisation {
        let staff = try request.require(.manageProfile)
        guard let organisation = try await Organisation.find(staff.organisationID, on: request.db) else {
            throw Abort(.notFound)
        }
        return organisation
    }

    /// A change of the profile, audited inside its own transaction.
    static func changed(_ request: Request, _ organisation: Organisation, _ what: String, on db: any Database) async throws {
        let staff = try request.requireStaff()
        try await Audit.append(
            AuditEvent(
                actor: AuditActor(staff, request), organisationID: staff.organisationID, action: .update,
                recordType: .organisation, recordID: try organisation.requireID(), detail: what),
            at: request.clock.now(), on: db)
    }

    @Sendable static func show(_ request: Request) async throws -> Response {
        let organisation = try await own(request)
        let done = request.query[String.self, at: "done"]
        return try await render(
            request, organisation, form: ProfilePage.form(organisation), errors: FieldErrors(),
            notice: done.flatMap { ProfilePage.notices[$0] })
    }

    static func render(
        _ request: Request, _ organisation: Organisation, form: OrganisationProfileForm, errors: FieldErrors,
        notice: String? = nil, status: HTTPStatus = .ok
    ) async throws -> Response {
        let page = try ProfilePage.make(
            organisation, form: form, errors: errors, notice: notice,
            layout: try await request.layout(title: "Profil organizacji", section: "profile"))
        return try await request.render("access/profile", page, status: status)
    }

    @Sendable static func save(_ request: Request) async throws -> Response {
        let organisation = try await own(request)
        let form = try request.content.decode(OrganisationProfileForm.self).cleaned()
        switch form.validate() {
        case .failure(let errors):
            return try await render(request, organisation, form: form, errors: errors, status: .unprocessableEntity)
        case .success(let valid):
            organisation.phone = form.phone.nilIfEmpty
            organisation.email = valid.email?.value
            organisation.website = form.website.nilIfEmpty
            organisation.street = form.street.nilIfEmpty
            organisation.postcode = form.postcode.nilIfEmpty
            organisation.city = form.city.nilIfEmpty
            organisation.officeHours = form.officeHours.nilIfEmpty
            organisation.accentColour = valid.accent?.hex
            try await request.db.writeTransaction { db in
                try await organisation.update(on: db)
                try await changed(request, organisation, "profil publiczny", on: db)
            }
            return request.redirect(to: SiteRoute.profileShow.url(query: "done=saved"), redirectType: .normal)
        }
    }

    struct LogoForm: Content {
        var file: File?
    }

    @Sendable static func uploadLogo(_ request: Request) async throws -> Response {
        let organisation = try await own(request)
        let file = try? request.content.decode(LogoForm.self).file
        switch ImageUpload.check(
            file.map { Array($0.data.readableBytesView) } ?? [], maximumBytes: maximumLogoBytes,
            tooLarge: "Logo jest za duże: najwyżej 512 KB. Zapisz je w mniejszym rozmiarze (wystarczy 400 px szerokości).")
        {
        case .failure(let refusal):
            return try await render(
                request, organisation, form: ProfilePage.form(organisation), errors: FieldErrors("logo", refusal.message),
                status: .unprocessableEntity)
        case .success(let image):
            let storage = FileStorage(dataDirectory: request.config.dataDirectory)
            let key = try storage.save(image.bytes)
            let previous = organisation.logoKey
            organisation.logoKey = key
            organisation.logoType = image.kind.contentType
            do {
                try await request.db.writeTransaction { db in
                    try await organisation.update(on: db)
                    try await changed(request, organisation, "logo", on: db)
                }
            } catch {
                storage.delete(key)
                throw error
            }
            if let previous { storage.delete(previous) }
            return request.redirect(to: SiteRoute.profileShow.url(query: "done=logo"), redirectType: .normal)
        }
    }

    @Sendable static func deleteLogo(_ request: Request) async throws -> Response {
        let organisation = try await own(request)
        if let key = organisation.logoKey {
            organisation.logoKey = nil
            organisation.logoType = nil
            try await request.db.writeTransaction { db in
                try await organisation.update(on: db)
                try await changed(request, organisation, "logo usunięte", on: db)
            }
            FileStorage(dataDirectory: request.config.dataDirectory).delete(key)
        }
        return request.redirect(to: SiteRoute.profileShow.url(query: "done=logo-removed"), redirectType: .normal)
    }

    static let confirmDeleteLogo: Confirmation.Describe = { request in
        let organisation = try await own(request)
        guard organisation.logoKey != nil else { return nil }
        return Confirmation(
            question: "Usunąć logo?",
            consequence:
                "Strony \(organisation.name) (katalog usług, wniosek, potwierdzenie, sprawdzanie stanu) przestaną je pokazywać; plik zostanie usunięty z serwera. Możesz później dodać nowe.",
            confirmLabel: "Tak, usuń logo", cancelURL: SiteRoute.profileShow.url())
    }

    // MARK: Public

    @Sendable static func logo(_ request: Request) async throws -> Response {
        let organisation = try await PublicCatalogueController.organisation(request)
        guard let key = organisation.logoKey, let type = organisation.logoType else { throw Abort(.notFound) }
        // The address carries the file's key (`Brand`), so a new logo is a new address.
        return try ImageUpload.response(request, key: key, contentType: type, cache: "public, max-age=86400")
    }

    /// The accent as the two custom properties the site's style sheet draws links and buttons with.
    @Sendable static func brandStyle(_ request: Request) async throws -> Response {
        let organisation = try await PublicCatalogueController.organisation(request)
        guard let accent = organisation.accentColour.flatMap(RGBColour.init(hex:)) else { throw Abort(.notFound) }
        let css = ":root { --primary: \(accent.hex); --primary-dark: \(accent.darkened(by: 0.25).hex); }\n"
        return Response(
            status: .ok,
            headers: ["Content-Type": "text/css; charset=utf-8", "Cache-Control": "public, max-age=86400"],
            body: .init(string: css))
    }
}

import Fluent
import OpenCUSCore
import Vapor

/// The report after an event: the organiser writes the summary, picks materials, uploads the
/// gallery (type checked by content, alt text required), confirms the image consents and
/// publishes; the public page shows it with a keyboard-friendly lightbox.
enum ReportController {
    static let maximumPhotoBytes = 8 * 1024 * 1024
    static let maximumPhotos = 60

    static func report(_ event: Event, on db: any Database) async throws -> EventReport? {
        try await EventReport.query(on: db).filter(\.$event.$id == event.requireID()).first()
    }

    static func photos(_ event: Event, on db: any Database) async throws -> [EventPhoto] {
        try await EventPhoto.query(on: db).filter(\.$event.$id == event.requireID()).sort(\.$position).sort(\.$createdAt).all()
    }

    // MARK: Organiser

    /// What was typed into a photo's fields (kept when the form is refused).
    struct PhotoInput: Sendable {
        let alt: String
        let caption: String
        let position: String
    }

    static func renderPage(
        _ request: Request, event: Event, summary: String? = nil, errors: FieldErrors = FieldErrors(),
        typed: [UUID: PhotoInput] = [:],
        status: HTTPStatus = .ok
    ) async throws -> Response {
        let report = try await report(event, on: request.db)
        let attachments = try await EventAttachment.query(on: request.db).filter(\.$event.$id == event.requireID()).filter(
            \.$entry.$id == nil
        ).all()
        let settings = try await RetentionSettings.load(event.$organisation.id, on: request.db)
        let page = try Page.make(
            event, report: report, attachments: attachments, photos: try await photos(event, on: request.db),
            numbers: try await ReportNumbers.compute(event.requireID(), on: request.db), retention: settings,
            typed: Page.Typed(summary: summary, photos: typed, errors: errors),
            layout: try await request.layout(title: "Relacja: \(event.displayTitle)", section: "events-admin"),
            notice: request.query[String.self, at: "ok"].map { notice($0) })
        return try await request.render("report/admin", page, status: status)
    }

    static func notice(_ code: String) -> String {
        switch code {
        case "published": "Relacja jest opublikowana."
        case "unpublished": "Relację wycofano z publikacji."
        case "photo": "Dodano zdjęcie."
        case "photos": "Zapisano opisy i kolejność zdjęć."
        case "retention": "Zapisano okres przechowywania danych uczestników."
        default: "Zapisano relację."
        }
    }

    @Sendable static func page(_ request: Request) async throws -> Response {
        let (_, event) = try await EventAdminController.ownEvent(request)
        return try await renderPage(request, event: event)
    }

    struct SaveForm: Content {
        var summary: String?
        var materials: [UUID]?
    }

    static func ensureReport(_ event: Event, on db: any Database) async throws -> EventReport {
        if let existing = try await report(event, on: db) { return existing }
        let report = EventReport(
            organisationID: event.$organisation.id,
            eventID: try event.requireID(),
            summary: ""
        )
        try await report.create(on: db)
        return report
    }

    @Sendable static func save(_ request: Request) async throws -> Response {
        let (_, event) = try await EventAdminController.ownEvent(request)
        let form = try request.content.decode(SaveForm.self)
        let summary = TextInput.clean(form.summary, multiline: true)
        guard summary.count <= 20_000 else {
            return try await renderPage(
                request, event: event, summary: summary,
                errors: FieldErrors("summary", "Podsumowanie może mieć najwyżej 20 000 znaków (ma \(summary.count))."),
                status: .unprocessableEntity)
        }
        let report = try await ensureReport(event, on: request.db)
        report.summary = summary
        try await report.save(on: request.db)
        let chosen = Set(form.materials ?? [])
        for attachment in try await EventAttachment.query(on: request.db).filter(\.$event.$id == event.requireID()).all() {
            attachment.inReport = chosen.contains(try attachment.requireID())
            try await attachment.save(on: request.db)
        }
        return request.redirect(to: SiteRoute.reportPage.url(try event.requireID(), query: "ok=saved"), redirectType: .normal)
    }

    struct UploadForm: Content {
        var file: File?
        var alt: String?
        var caption: String?
    }

    @Sendable static func upload(_ request: Request) async throws -> Response {
        let (_, event) = try await EventAdminController.ownEvent(request)
        let form = try request.content.decode(UploadForm.self)
        var errors = FieldErrors()
        let alt = TextInput.clean(form.alt)
        let caption = String(TextInput.clean(form.caption).prefix(300))
        if alt.isEmpty || alt.count > 300 {
            errors.add(
                "alt",
                "Opisz, co przedstawia zdjęcie (tekst alternatywny, najwyżej 300 znaków) – bez tego osoby niewidome nie poznają jego treści."
            )
        }
        let existing = try await photos(event, on: request.db)
        var accepted: ImageUpload.Accepted?
        switch ImageUpload.check(
            form.file.map { Array($0.data.readableBytesView) } ?? [], maximumBytes: maximumPhotoBytes,
            tooLarge: "Zdjęcie jest za duże: najwyżej 8 MB. Zmniejsz je przed dodaniem.")
        {
        case .success(let image): accepted = image
        case .failure(let refusal): errors.add("file", refusal.message)
        }
        if existing.count >= maximumPhotos {
            errors.add("file", "Galeria ma już \(maximumPhotos) zdjęć – usuń któreś, aby dodać nowe.")
        }
        guard errors.isEmpty, let image = accepted else {
            return try await renderPage(request, event: event, errors: errors, status: .unprocessableEntity)
        }
        let (bytes, kind) = (image.bytes, image.kind)
        _ = try await ensureReport(event, on: request.db)
        let storage = FileStorage(dataDirectory: request.config.dataDirectory)
        let key = try storage.save(bytes)
        let photo = EventPhoto(
            organisationID: event.$organisation.id,
            eventID: try event.requireID(),
            storageKey: key,
            contentType: kind.contentType,
            size: bytes.count,
            alt: alt,
            caption: caption,
            position: (existing.map(\.position).max() ?? 0) + 1,
            createdAt: request.clock.now()
        )
        do { try await photo.create(on: request.db) } catch { storage.delete(key); throw error }
        return request.redirect(
            to: SiteRoute.reportPage.url(try event.requireID(), query: "ok=photo", fragment: "galeria"), redirectType: .normal)
    }

    /// Alt texts, captions and order of all photos in one form (number fields: works without a mouse).
    @Sendable static func savePhotos(_ request: Request) async throws -> Response {
        let (_, event) = try await EventAdminController.ownEvent(request)
        let all = try await photos(event, on: request.db)
        var errors = FieldErrors()
        var updates: [(EventPhoto, String, String, Int)] = []
        var typed: [UUID: PhotoInput] = [:]
        for photo in all {
            let id = try photo.requireID().uuidString
            let alt = TextInput.clean(try? request.content.get(String.self, at: "alt_\(id)"))
            let caption = String(TextInput.clean(try? request.content.get(String.self, at: "caption_\(id)")).prefix(300))
            let positionText = String(TextInput.clean(try? request.content.get(String.self, at: "position_\(id)")).prefix(10))
            typed[try photo.requireID()] = PhotoInput(alt: String(alt.prefix(400)), caption: caption, position: positionText)
            let position = Int(positionText)
            if alt.isEmpty || alt.count > 300 {
                errors.add("alt_\(id)", "Tekst alternatywny jest wymagany (najwyżej 300 znaków).")
            }
            if position == nil || !(1...999).contains(position!) {
                errors.add("position_\(id)", "Podaj numer kolejny od 1 do 999.")
            }
            updates.append((photo, alt, caption, position ?? photo.position))
        }
        guard errors.isEmpty else {
            return try await renderPage(request, event: event, errors: errors, typed: typed, status: .unprocessableEntity)
        }
        let ordered = updates
        try await request.db.transaction { db in
            // Ties keep the previous order; positions are then renumbered 1…n.
            for (index, item) in ordered.sorted(by: { ($0.3, $0.0.position) < ($1.3, $1.0.position) }).enumerated() {
                (item.0.alt, item.0.caption, item.0.position) = (item.1, item.2, index + 1)
                try await item.0.save(on: db)
            }
        }
        return request.redirect(
            to: SiteRoute.reportPage.url(try event.requireID(), query: "ok=photos", fragment: "galeria"), redirectType: .normal)
    }

    static func photo(_ request: Request, event: Event) async throws -> EventPhoto {
        guard let id = request.parameters.get("photoID", as: UUID.self),
            let photo = try await EventPhoto.query(on: request.db).filter(\.$id == id).filter(\.$event.$id == event.requireID())
                .first()
        else { throw Abort(.notFound) }
        return photo
    }

    @Sendable static func deletePhoto(_ request: Request) async throws -> Response {
        let (_, event) = try await EventAdminController.ownEvent(request)
        let photo = try await photo(request, event: event)
        try await photo.delete(on: request.db)
        FileStorage(dataDirectory: request.config.dataDirectory).delete(photo.storageKey)
        return request.redirect(
            to: SiteRoute.reportPage.url(try event.requireID(), query: "ok=photos", fragment: "galeria"), redirectType: .normal)
    }

    struct PublishForm: Content {
        var consentChecked: String?
    }

    @Sendable static func publish(_ request: Request) async throws -> Response {
        let (staff, event) = try await EventAdminController.ownEvent(request)
        let form = try request.content.decode(PublishForm.self)
        let report = try await ensureReport(event, on: request.db)
        let hasPhotos = try await EventPhoto.query(on: request.db).filter(\.$event.$id == event.requireID()).count() > 0
        if hasPhotos && form.consentChecked != "on" {
            return try await renderPage(
                request, event: event,
                errors: FieldErrors(
                    "consentChecked", "Potwierdź, że opublikowane zdjęcia szanują zgody uczestników na wykorzystanie wizerunku."),
                status: .unprocessableEntity)
        }
        if report.summary.isEmpty {
            return try await renderPage(
                request, event: event, errors: FieldErrors("summary", "Napisz podsumowanie przed publikacją relacji."),
                status: .unprocessableEntity)
        }
        report.publishedAt = request.clock.now()
        if hasPhotos { (report.consentCheckedAt, report.consentCheckedBy) = (request.clock.now(), staff.userName) }
        try await report.save(on: request.db)
        return request.redirect(to: SiteRoute.reportPage.url(try event.requireID(), query: "ok=published"), redirectType: .normal)
    }

    @Sendable static func unpublish(_ request: Request) async throws -> Response {
        let (_, event) = try await EventAdminController.ownEvent(request)
        if let report = try await report(event, on: request.db) {
            report.publishedAt = nil
            try await report.save(on: request.db)
        }
        return request.redirect(
            to: SiteRoute.reportPage.url(try event.requireID(), query: "ok=unpublished"), redirectType: .normal)
    }

    struct RetentionForm: Content {
        var retentionMonths: String?
    }

    @Sendable static func saveRetention(_ request: Request) async throws -> Response {
        let (_, event) = try await EventAdminController.ownEvent(request)
        let raw = TextInput.clean(try request.content.decode(RetentionForm.self).retentionMonths)
        if raw.isEmpty {
            event.retentionMonths = nil
        } else if let months = Int(raw), (1...240).contains(months) {
            event.retentionMonths = months
        } else {
            return try await renderPage(
                request, event: event,
                errors: FieldErrors("retentionMonths", "Podaj liczbę miesięcy od 1 do 240 albo zostaw puste (okres domyślny)."),
                status: .unprocessableEntity)
        }
        try await event.save(on: request.db)
        return request.redirect(
            to: SiteRoute.reportPage.url(try event.requireID(), query: "ok=retention", fragment: "przechowywanie"),
            redirectType: .normal)
    }

    static func imageResponse(_ request: Request, photo: EventPhoto, cache: String) throws -> Response {
        try ImageUpload.response(request, key: photo.storageKey, contentType: photo.contentType, cache: cache)
    }

    @Sendable static func staffPhoto(_ request: Request) async throws -> Response {
        let (_, event) = try await EventAdminController.ownEvent(request)
        return try imageResponse(request, photo: try await photo(request, event: event), cache: "private, max-age=300")
    }

    // MARK: Public

    static func publishedEvent(_ request: Request) async throws -> (Event, EventReport) {
        let event = try await PublicEventsController.publicEvent(slug: request.parameters.get("slug"), on: request.db)
        guard let report = try await report(event, on: request.db), report.publishedAt != nil else { throw Abort(.notFound) }
        return (event, report)
    }

    @Sendable static func publicPage(_ request: Request) async throws -> Response {
        let (event, report) = try await publishedEvent(request)
        let page = try PublicPage.make(
            event, report: report, loaded: try await PublicPage.load(event, on: request.db),
            layout: try await request.layout(title: "Relacja: \(event.displayTitle)", section: "events"))
        return try await request.render("report/public", page)
    }

    @Sendable static func publicPhoto(_ request: Request) async throws -> Response {
        let (event, _) = try await publishedEvent(request)
        // Photo bytes never change under one id (a new upload is a new row): cache for a week.
        return try imageResponse(request, photo: try await photo(request, event: event), cache: "public, max-age=604800")
    }
}

import Fluent
import OpenCUSCore
import Vapor

extension EventAdminController {
    // MARK: Images (cover, photos, logos) — chosen among the event's image attachments

    /// An image attachment of this event by id, or nil for "none"; throws a Polish message when
    /// the id is not one of the event's images.
    static func eventImage(_ raw: String?, of event: Event, on db: any Database) async throws -> UUID? {
        let raw = TextInput.clean(raw)
        guard !raw.isEmpty else { return nil }
        guard let id = UUID(uuidString: raw),
            let attachment = try await EventAttachment.query(on: db).filter(\.$id == id).filter(\.$event.$id == event.requireID())
                .first(),
            attachment.contentType.hasPrefix("image/")
        else { throw Abort(.unprocessableEntity, reason: "Wybierz obraz spośród załączników tego wydarzenia.") }
        return id
    }

    struct CoverForm: Content {
        var attachmentID: String?
        var alt: String?
    }

    @Sendable static func setCover(_ request: Request) async throws -> Response {
        let (_, event) = try await ownEvent(request)
        let form = try request.content.decode(CoverForm.self)
        let image: UUID?
        do {
            image = try await eventImage(form.attachmentID, of: event, on: request.db)
        } catch let error as any AbortError {
            return try await renderOverview(request, event: event, error: error.reason, status: .unprocessableEntity)
        }
        let alt = TextInput.clean(form.alt)
        if image != nil && (alt.isEmpty || alt.count > EventForm.shortLimit) {
            return try await renderOverview(
                request, event: event,
                error:
                    "Opisz zdjęcie dla osób niewidomych (tekst alternatywny, najwyżej 300 znaków), np. „Uczestnicy kongresu w sali Bruksela”.",
                status: .unprocessableEntity)
        }
        event.coverAttachmentID = image
        event.coverAlt = image == nil ? nil : alt
        try await event.update(on: request.db)
        return request.redirect(to: try back(event, "saved", anchor: "okladka"), redirectType: .normal)
    }

    // MARK: Attachments

    struct UploadForm: Content {
        var title: String?
        var entryID: String?
        var file: File?
    }

    @Sendable static func upload(_ request: Request) async throws -> Response {
        let (_, event) = try await ownEvent(request)
        let form = try request.content.decode(UploadForm.self)
        guard let file = form.file, file.data.readableBytes > 0 else {
            return try await renderOverview(
                request, event: event, error: "Wybierz plik do dodania.", status: .unprocessableEntity)
        }
        guard file.data.readableBytes <= AttachmentKind.maximumBytes else {
            return try await renderOverview(
                request, event: event, error: "Plik jest za duży: najwyżej 20 MB.", status: .unprocessableEntity)
        }
        let uploaded = Array(file.data.readableBytesView)
        guard let kind = AttachmentKind.detect(uploaded) else {
            return try await renderOverview(
                request, event: event,
                error:
                    "Nie rozpoznano typu pliku po jego zawartości. Dozwolone są: PDF, DOCX, ODT, XLSX oraz obrazy PNG, JPEG i WebP.",
                status: .unprocessableEntity)
        }
        // Images are published (and may become the cover): without their location and camera data.
        guard let bytes = try? ImageMetadata.strip(uploaded, kind: kind) else {
            return try await renderOverview(
                request, event: event, error: ImageMetadata.polishFailure, status: .unprocessableEntity)
        }
        var entryID: UUID?
        if let raw = form.entryID, !raw.isEmpty {
            guard let id = UUID(uuidString: raw),
                try await AgendaEntry.query(on: request.db).filter(\.$id == id).filter(\.$event.$id == event.requireID()).count()
                    == 1
            else {
                return try await renderOverview(
                    request, event: event, error: "Wybierz punkt programu z listy.", status: .unprocessableEntity)
            }
            entryID = id
        }
        let title = TextInput.clean(form.title)
        let storage = FileStorage(dataDirectory: request.config.dataDirectory)
        let key = try storage.save(bytes)
        let filename = AttachmentKind.safeFilename(file.filename, kind: kind)
        let attachment = EventAttachment(
            organisationID: event.$organisation.id,
            eventID: try event.requireID(),
            entryID: entryID,
            title: String((title.isEmpty ? filename : title).prefix(EventForm.shortLimit)),
            filename: filename,
            contentType: kind.contentType,
            size: bytes.count,
            storageKey: key,
            inReport: false
        )
        do {
            try await attachment.create(on: request.db)
        } catch {
            storage.delete(key)
            throw error
        }
        return request.redirect(to: try back(event, "added", anchor: "zalaczniki"), redirectType: .normal)
    }

    @Sendable static func deleteAttachment(_ request: Request) async throws -> Response {
        let (_, event) = try await ownEvent(request)
        let attachment = try await child(EventAttachment.self, of: event, request)
        try await attachment.delete(on: request.db)
        FileStorage(dataDirectory: request.config.dataDirectory).delete(attachment.storageKey)
        return request.redirect(to: try back(event, "deleted", anchor: "zalaczniki"), redirectType: .normal)
    }
}

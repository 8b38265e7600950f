import OpenCUSCore
import Vapor

/// An uploaded picture that will be published (a report photo, an organisation's logo): a JPEG,
/// PNG or WebP recognised by its content, not too large, and stripped of its metadata (place,
/// time, camera) before it is stored.
enum ImageUpload {
    struct Accepted {
        let bytes: [UInt8]
        let kind: AttachmentKind
    }

    /// The image to store, or the Polish message for the file field.
    static func check(_ bytes: [UInt8], maximumBytes: Int, tooLarge: String) -> Result<Accepted, ImageUploadRefusal> {
        if bytes.isEmpty { return .failure(.init(message: "Wybierz plik obrazu (JPEG, PNG lub WebP).")) }
        if bytes.count > maximumBytes { return .failure(.init(message: tooLarge)) }
        guard let kind = AttachmentKind.detect(bytes), kind.isImage else {
            return .failure(.init(message: "To nie jest obraz JPEG, PNG ani WebP (typ rozpoznano po zawartości pliku)."))
        }
        guard let stripped = try? ImageMetadata.strip(bytes, kind: kind) else {
            return .failure(.init(message: ImageMetadata.polishFailure))
        }
        return .success(Accepted(bytes: stripped, kind: kind))
    }

    /// A stored image with its checked type, never sniffed, revalidated by its storage key
    /// (a new file gets a new key).
    static func response(_ request: Request, key: String, contentType: String, cache: String) throws -> Response {
        let etag = "\"\(key)\""
        if request.headers.first(name: .ifNoneMatch) == etag {
            return Response(status: .notModified, headers: ["ETag": etag, "Cache-Control": cache])
        }
        let data = try FileStorage(dataDirectory: request.config.dataDirectory).read(key)
        return Response(
            status: .ok,
            headers: ["Content-Type": contentType, "Cache-Control": cache, "ETag": etag, "X-Content-Type-Options": "nosniff"],
            body: .init(data: data))
    }
}

struct ImageUploadRefusal: Error {
    let message: String
}

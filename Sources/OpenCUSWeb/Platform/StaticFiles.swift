import Crypto
import Foundation
import Vapor

/// The site's own static files (style sheets, scripts, the icon), read once at start-up and
/// served only under their exact names, each with its own type. Every other path goes on to the
/// router, so no request path — however long, encoded or strange — reaches the file system.
/// (Vapor's `FileMiddleware` opened whatever the decoded path named: `/css/main.css%00.html`
/// came back as `text/html`, `/css/main.css/` without a type, an overlong name as a 500.)
struct StaticFilesMiddleware: AsyncMiddleware {
    struct File: Sendable {
        let body: ByteBuffer
        let type: HTTPMediaType
        /// Strong validator from the content: a deploy with a changed file changes it.
        let etag: String
    }

    let files: [String: File]

    /// Reads every file under `directory`; the request path is its path relative to it.
    init(directory: URL) throws {
        let root = directory.standardizedFileURL.resolvingSymlinksInPath().path
        var files: [String: File] = [:]
        let enumerator = FileManager.default.enumerator(
            at: directory, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles])
        while let url = enumerator?.nextObject() as? URL {
            guard try url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true else { continue }
            let path = url.standardizedFileURL.resolvingSymlinksInPath().path
            guard path.hasPrefix(root + "/") else { continue }
            let data = try Data(contentsOf: url)
            let type = HTTPMediaType.fileExtension(url.pathExtension) ?? .binary
            let digest = SHA256.hash(data: data).prefix(16).map { String(format: "%02x", $0) }.joined()
            files[String(path.dropFirst(root.count))] = File(
                body: ByteBuffer(data: data), type: type, etag: "\"\(digest)\"")
        }
        self.files = files
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.method == .GET || request.method == .HEAD, let file = files[request.url.path] else {
            return try await next.respond(to: request)
        }
        var headers = HTTPHeaders()
        headers.contentType = file.type
        headers.replaceOrAdd(name: .eTag, value: file.etag)
        // Revalidate every time (a 304 costs nothing): a new release's style sheet is never stale.
        headers.replaceOrAdd(name: .cacheControl, value: "no-cache")
        if request.headers.first(name: .ifNoneMatch) == file.etag {
            return Response(status: .notModified, headers: headers)
        }
        return Response(status: .ok, headers: headers, body: .init(buffer: file.body))
    }
}

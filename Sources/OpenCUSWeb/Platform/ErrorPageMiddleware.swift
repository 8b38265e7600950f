import LeafKit
import Vapor

/// Turns every error into a friendly Polish page (or JSON for machine endpoints) without ever
/// showing a stack trace or an internal message. Logs the error type and, for our own `Abort`s,
/// the reason — not database error texts, which can quote the values that failed (e-mails).
struct ErrorPageMiddleware: AsyncMiddleware {
    struct ErrorPage: Encodable, Sendable {
        let layout: Layout
        let code: Int
        let heading: String
        let message: String
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            return await page(for: error, request: request)
        }
    }

    private func page(for error: any Error, request: Request) async -> Response {
        let abort = error as? any AbortError
        var status = abort?.status ?? .internalServerError
        if status == .unauthorized { status = .forbidden }
        if status.code >= 500 {
            var metadata: Logger.Metadata = ["error_type": "\(String(reflecting: type(of: error)))"]
            // Template errors name a template and a tag, never request data: safe and needed to debug.
            if error is LeafError { metadata["detail"] = "\(error)" }
            request.logger.error("Request failed", metadata: metadata)
        }
        let (heading, defaultMessage) = Self.texts(for: status)
        // Our own Abort reasons are written for users (in Polish); Vapor's defaults are not.
        let message = abort.map(\.reason).flatMap { $0.isEmpty || $0 == status.reasonPhrase ? nil : $0 } ?? defaultMessage
        let shownMessage = status.code >= 500 ? defaultMessage : message

        if Self.wantsJSON(request) {
            let body = "{\"error\":true,\"status\":\(status.code)}"
            return Response(
                status: status, headers: ["Content-Type": "application/json; charset=utf-8"], body: .init(string: body))
        }
        do {
            let context = ErrorPage(
                layout: try await request.layout(title: heading, section: "error"), code: Int(status.code),
                heading: heading, message: shownMessage)
            let response = try await request.render("error", context, status: status)
            return response
        } catch {
            // The database may be the reason we are here; fall back to a page that needs nothing.
            let html = """
                <!doctype html><html lang="pl"><head><meta charset="utf-8"><title>\(heading) – OpenCUS</title>
                <link rel="stylesheet" href="/css/main.css"></head><body><main id="tresc"><h1>\(heading)</h1>
                <p>\(shownMessage.htmlEscaped)</p><p><a href="/">Strona główna</a></p></main></body></html>
                """
            return Response(status: status, headers: ["Content-Type": "text/html; charset=utf-8"], body: .init(string: html))
        }
    }

    static func texts(for status: HTTPResponseStatus) -> (String, String) {
        switch status.code {
        case 400: ("Nieprawidłowe żądanie", "Nie udało się odczytać wysłanych danych. Wróć do formularza i spróbuj ponownie.")
        case 403:
            (
                "Brak dostępu",
                "Nie masz uprawnień do tej strony. Jeśli uważasz, że to błąd, skontaktuj się z administratorem swojej organizacji."
            )
        case 404:
            (
                "Nie znaleziono strony",
                "Strona, której szukasz, nie istnieje lub została przeniesiona. Sprawdź adres albo przejdź na stronę główną."
            )
        case 405: ("Niedozwolona operacja", "Tej strony nie można użyć w ten sposób. Wróć na poprzednią stronę.")
        case 413: ("Za duży plik lub formularz", "Wysłane dane są za duże. Zmniejsz plik lub skróć tekst i spróbuj ponownie.")
        case 429: ("Zbyt wiele prób", "Wykonano zbyt wiele prób w krótkim czasie. Odczekaj chwilę i spróbuj ponownie.")
        case 503: ("Usługa chwilowo niedostępna", "Serwis jest chwilowo niedostępny. Spróbuj ponownie za kilka minut.")
        default:
            (
                "Wystąpił błąd",
                "Coś poszło nie tak po naszej stronie. Spróbuj ponownie za chwilę. Jeśli błąd się powtarza, skontaktuj się z administratorem."
            )
        }
    }

    static func wantsJSON(_ request: Request) -> Bool {
        let path = request.url.path
        return path == "/health" || path == "/metrics" || path.hasPrefix("/api/")
            // Compared as strings: HTTPMediaType's == treats "*/*" as equal to anything.
            || request.headers.accept.first.map { $0.mediaType.type == "application" && $0.mediaType.subType == "json" } == true
    }
}

extension String {
    var htmlEscaped: String {
        var out = ""
        out.reserveCapacity(count)
        for ch in self {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }
}

import OpenCUSCore
import Vapor

/// "Ask first": the one pattern for destructive and mass actions. A route of the table that
/// names a `Confirmation.Describe` is answered, on its first POST, with a page that says what
/// will happen and to how many people, and sends the same form again with `confirmed=yes` only
/// when the person presses the danger button. It needs no JavaScript; the safe way out (back,
/// without changing anything) comes first on the page, and nothing is changed by the first POST.
struct Confirmation: Sendable {
    /// Builds the question from the request (it may read the rows concerned), or says that this
    /// request needs none: `nil` when nothing would be lost (an event with no registrations) or
    /// when the form is incomplete, so the handler's own validation answers with its message.
    typealias Describe = @Sendable (Request) async throws -> Confirmation?

    /// The page's heading, a question: "Odwołać wydarzenie?".
    var question: String
    /// What will happen, in one or two sentences.
    var consequence: String
    /// Who or what is affected, listed (recipients of a mass e-mail, the services refused…).
    var affected: [String] = []
    /// "Tak, odwołaj wydarzenie".
    var confirmLabel: String
    /// Where "Nie, wróć" leads: the page the form was on.
    var cancelURL: String

    /// The form field that marks the second, confirmed POST.
    static let field = "confirmed"

    static func isConfirmed(_ request: Request) -> Bool {
        (try? request.content.get(String.self, at: field)) == "yes"
    }
}

extension Confirmation {
    struct Page: Encodable, Sendable {
        struct Field: Encodable, Sendable {
            let name: String
            let value: String
        }
        let layout: Layout
        let question: String
        let consequence: String
        let affected: [String]
        /// The list is long: shown in a scrollable, labelled region.
        let affectedIsLong: Bool
        let confirmLabel: String
        let cancelURL: String
        let action: String
        let fields: [Field]
    }

    /// The confirmation page for `request`, carrying every field the person sent (except the
    /// CSRF token, which the page sets anew) so that confirming repeats exactly that action.
    func page(for request: Request) async throws -> Response {
        let fields = Confirmation.formFields(of: request).filter { $0.name != "csrf_token" && $0.name != Confirmation.field }
        let page = Page(
            layout: try await request.layout(title: question, section: request.staff == nil ? "" : "panel"),
            question: question, consequence: consequence, affected: affected, affectedIsLong: affected.count > 12,
            confirmLabel: confirmLabel, cancelURL: cancelURL, action: request.url.string, fields: fields)
        return try await request.render("confirm", page)
    }

    /// The fields of a urlencoded form body, in order, repeated names kept (multiple choices).
    static func formFields(of request: Request) -> [Page.Field] {
        guard request.headers.contentType == .urlEncodedForm, let body = request.body.string, !body.isEmpty else { return [] }
        var components = URLComponents()
        components.percentEncodedQuery = body.replacingOccurrences(of: "+", with: "%20")
        return (components.queryItems ?? []).map { Page.Field(name: $0.name, value: $0.value ?? "") }
    }
}

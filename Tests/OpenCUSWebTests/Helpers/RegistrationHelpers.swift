import Fluent
import Foundation
import OpenCUSCore
import Testing
import Vapor
import VaporTesting

@testable import OpenCUSWeb

extension TestApp {
    func event(_ slug: String) async throws -> Event {
        try #require(try await Event.query(on: db).filter(\.$slug == slug).first())
    }

    func context(_ slug: String) async throws -> RegistrationContext {
        try #require(try await RegistrationContext.load(try await event(slug), on: db))
    }

    /// The newest magic link e-mailed to `email` (the path part, /r/…).
    func lastLink(to email: String) async throws -> String? {
        let messages = try await OutboxMessage.query(on: db).filter(\.$recipient == email.lowercased()).sort(
            \.$createdAt, .descending
        ).all()
        for message in messages {
            if let range = message.textBody.range(of: #"/r/[A-Za-z0-9_-]{40,}"#, options: .regularExpression) {
                return String(message.textBody[range])
            }
        }
        return nil
    }

    /// Opens a magic link like the person would, then submits one of its forms.
    @discardableResult
    func follow(_ link: String, then action: String, _ fields: [(String, String)] = []) async throws -> TestingHTTPResponse {
        let person = browser()
        try await person.get(link)
        return try await person.post(link + action, fields)
    }

    func subjects(to email: String) async throws -> [String] {
        try await OutboxMessage.query(on: db).filter(\.$recipient == email.lowercased()).all().map(\.subject)
    }

    /// Forms received by e-mail and typed in by staff, one per address (required questions answered "no").
    func registerByEmail(
        _ context: RegistrationContext, _ addresses: [String], institutionType: (Int) -> String = { _ in "ops" }
    ) async throws {
        let env = RegistrationService.Environment(now: testStart, baseURL: app.config.baseURL)
        for (n, address) in addresses.enumerated() {
            var form = participantForm(n, email: address, institutionType: institutionType(n))
            form.answers = Dictionary(
                uniqueKeysWithValues: context.questions.map(\.question).filter(\.required).map { ($0.fieldName, ["no"]) })
            _ = try await RegistrationService.register(
                form, source: .email, actor: .system, context: context, on: db, environment: env)
        }
    }

    /// Removes the demo registrations of an event, so that a test counts only its own.
    func clearRegistrations(_ slug: String) async throws {
        let eventID = try await event(slug).id!
        let ids = try await Registration.query(on: db).filter(\.$event.$id == eventID).all().map { $0.id! }
        try await RegistrationChange.query(on: db).filter(\.$registration.$id ~~ ids).delete()
        try await RegistrationToken.query(on: db).filter(\.$registration.$id ~~ ids).delete()
        try await RegistrationWorkshop.query(on: db).filter(\.$registration.$id ~~ ids).delete()
        try await Registration.query(on: db).filter(\.$id ~~ ids).delete()
    }

    /// Sets registration settings directly (tests of the rules, not of the settings form), on
    /// an event without registrations.
    func configureRegistration(
        _ slug: String, capacity: Int?, mode: RegistrationMode = .automatic, promotion: PromotionMode = .automatic,
        opens: Date? = nil, closes: Date? = nil, keepRegistrations: Bool = false
    ) async throws -> RegistrationContext {
        let event = try await event(slug)
        if !keepRegistrations { try await clearRegistrations(slug) }
        if try await RegistrationSettings.query(on: db).filter(\.$event.$id == event.id!).count() == 0 {
            try await DemoRegistrations.settings(
                event, mode: mode, capacity: capacity, opens: nil, closes: nil, reminderDays: nil, askDinner: false, on: db,
                now: testStart)
        }
        let settings = try #require(try await RegistrationSettings.query(on: db).filter(\.$event.$id == event.id!).first())
        settings.capacity = capacity
        settings.mode = mode
        settings.promotionMode = promotion
        settings.opensAt = opens
        settings.closesAt = closes
        settings.enabled = true
        try await settings.update(on: db)
        return try await context(slug)
    }
}

/// A valid form for the service (tests that register without HTTP).
func participantForm(_ n: Int, email: String, institutionType: String = "ops") -> ParticipantForm {
    var form = ParticipantForm()
    form.firstName = "Osoba"
    form.lastName = "Nr \(n)"
    form.email = email
    form.institution = "GOPS"
    form.institutionType = institutionType
    form.consentRodo = true
    return form
}

/// The fields a person sends from the public form; `consentVersion` is the clause version the
/// form showed (the demo events' clauses are version 1).
func participant(_ n: Int, workshops: [String: [String]] = [:], email: String? = nil, consentVersion: Int = 1) -> [(
    String, String
)] {
    var fields: [(String, String)] = [
        ("firstName", "Uczestnik"), ("lastName", "Numer \(n)"), ("email", email ?? "osoba\(n)@test.example"),
        ("institution", "Gminny Ośrodek Pomocy Społecznej"), ("institutionType", "ops"), ("voivodeship", "wielkopolskie"),
        ("consentRodo", "on"), ("consentVersion", String(consentVersion)),
    ]
    for (field, values) in workshops { for v in values { fields.append((field, v)) } }
    return fields
}

/// A registration POST with a fixed double-submit CSRF pair, for many concurrent clients.
func registrationRequest(_ slug: String, fields: [(String, String)], address: String) -> TestingHTTPRequest {
    let token = "race-token-race-token-race-token-0123456789"
    let body = (fields + [("csrf_token", token)]).map { "\(Browser.encode($0.0))=\(Browser.encode($0.1))" }.joined(separator: "&")
    var headers = HTTPHeaders()
    headers.replaceOrAdd(name: .contentType, value: "application/x-www-form-urlencoded")
    headers.replaceOrAdd(name: .cookie, value: "opencus_csrf=\(token)")
    headers.replaceOrAdd(name: .xForwardedFor, value: address)
    return TestingHTTPRequest(
        method: .POST, url: URI(path: "/events/\(slug)/register"), headers: headers, body: ByteBuffer(string: body))
}

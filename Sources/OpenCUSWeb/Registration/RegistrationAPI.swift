import Fluent
import OpenCUSCore
import Vapor

/// `POST /api/v1/events/{id}/registrations` for integrations (a ROPS web site with its own
/// form) and the registration block of `GET /api/v1/events/{id}`. Same validation, consent and
/// capacity rules as the HTML form; the magic link goes only by e-mail, never in the response.
enum RegistrationAPI {
    struct Body: Content {
        struct Consents: Content {
            var rodo: Bool?
            var image: Bool?
            var participantList: Bool?
        }
        var firstName, lastName, email, phone, institution, institutionType, position, voivodeship, dietary, dinner: String?
        var accessibility: [String]?
        var answers: [String: [String]]?
        var workshops: [String]?
        var consents: Consents?
    }

    struct Created: Content {
        let id: UUID
        let state: String
        let message: String
    }

    struct Failure: Content {
        let error: String
        let message: String
        let fields: [String: String]?
    }

    struct Status: Content {
        struct Workshop: Content {
            let id: UUID
            let title: String
            let capacity: Int?
            let remaining: Int?
        }
        let open: Bool
        let reason: String?
        let reasonCode: String
        let opensAt: String?
        let closesAt: String?
        let mode: String
        let capacity: Int?
        let remaining: Int?
        let waitingList: Int
        let workshops: [Workshop]
    }

    static func status(_ context: RegistrationContext, on db: any Database, now: Date) async throws -> Status {
        let counts = try await RegistrationService.counts(context, on: db)
        let waiting = try await Registration.query(on: db).filter(\.$event.$id == context.eventID).filter(\.$state == .waitlisted)
            .count()
        let availability = context.availability(now: now)
        return Status(
            open: availability.isOpen, reason: availability.polishReason(), reasonCode: availability.code,
            opensAt: context.settings.opensAt.map(EventJSON.iso), closesAt: context.settings.closesAt.map(EventJSON.iso),
            mode: context.settings.mode.rawValue, capacity: context.settings.capacity, remaining: counts.eventSeatsLeft,
            waitingList: waiting,
            workshops: context.workshops.flatMap(\.alternatives).compactMap { id in
                context.alternatives[id].map {
                    .init(id: id, title: $0.title, capacity: $0.capacity, remaining: counts.workshopPlacesLeft(id))
                }
            })
    }

    static func json<T: Content>(_ value: T, _ status: HTTPStatus, for request: Request) async throws -> Response {
        try await value.encodeResponse(status: status, for: request)
    }

    @Sendable static func create(_ request: Request) async throws -> Response {
        guard request.headers.contentType?.type == "application" && request.headers.contentType?.subType == "json" else {
            return try await json(
                Failure(error: "unsupported_media_type", message: "Wyślij dane jako application/json.", fields: nil),
                .unsupportedMediaType, for: request)
        }
        guard let id = request.parameters.get("id", as: UUID.self),
            let event = try await Event.query(on: request.db).filter(\.$id == id).filter(
                \.$status ~~ EventStatus.allCases.filter(\.isPublic)
            ).first(),
            let context = try await RegistrationContext.load(
                event, on: request.db, cache: request.application.opencus.registrationContexts),
            context.settings.enabled
        else {
            return try await json(
                Failure(error: "not_found", message: "Nie ma takiego wydarzenia z rejestracją.", fields: nil), .notFound,
                for: request)
        }
        let body: Body
        do {
            body = try request.content.decode(Body.self)
        } catch {
            return try await json(
                Failure(error: "invalid_json", message: "Nie udało się odczytać danych JSON.", fields: nil), .badRequest,
                for: request)
        }
        var form = ParticipantForm()
        form.firstName = body.firstName ?? ""
        form.lastName = body.lastName ?? ""
        form.email = body.email ?? ""
        form.phone = body.phone ?? ""
        form.institution = body.institution ?? ""
        form.institutionType = body.institutionType ?? ""
        form.position = body.position ?? ""
        form.voivodeship = body.voivodeship ?? ""
        form.dietary = body.dietary ?? ""
        form.dinner = body.dinner ?? ""
        form.accessibility = body.accessibility ?? []
        for (key, values) in body.answers ?? [:] { form.answers["q-" + key.lowercased()] = values }
        let chosen = body.workshops ?? []
        for rule in context.workshops {
            form.workshops[rule.fieldName] = chosen.filter { raw in UUID(uuidString: raw).map(rule.alternatives.contains) ?? false
            }
        }
        let known = Set(context.workshops.flatMap(\.alternatives).map { $0.uuidString.lowercased() })
        if let foreign = chosen.first(where: { !known.contains($0.lowercased()) }) { form.workshops["w-unknown"] = [foreign] }
        form.consentRodo = body.consents?.rodo ?? false
        form.consentImage = body.consents?.image ?? false
        form.consentList = body.consents?.participantList ?? false
        do {
            let created = try await RegistrationService.register(
                form, source: .api, actor: .participant, context: context, on: request.db,
                environment: .init(now: request.clock.now(), baseURL: request.config.baseURL))
            let message =
                switch created.state {
                case .confirmed: "Udział potwierdzony. Link do zgłoszenia wysłaliśmy e-mailem."
                case .waitlisted: "Brak wolnych miejsc – zgłoszenie jest na liście rezerwowej."
                default: "Zgłoszenie czeka na akceptację organizatora."
                }
            return try await json(
                Created(id: try created.registration.requireID(), state: created.state.rawValue, message: message), .created,
                for: request)
        } catch RegistrationError.invalid(let errors) {
            return try await json(
                Failure(error: "invalid", message: "Formularz zawiera błędy.", fields: errors.messages), .unprocessableEntity,
                for: request)
        } catch RegistrationError.duplicate {
            return try await json(
                Failure(error: "duplicate", message: "Ten adres e-mail jest już zarejestrowany na to wydarzenie.", fields: nil),
                .conflict, for: request)
        } catch let error as any DatabaseError where error.isConstraintFailure {
            return try await json(
                Failure(error: "duplicate", message: "Ten adres e-mail jest już zarejestrowany na to wydarzenie.", fields: nil),
                .conflict, for: request)
        } catch RegistrationError.closed(let reason) {
            return try await json(Failure(error: "closed", message: reason, fields: nil), .conflict, for: request)
        }
    }
}

import Fluent
import Foundation
import OpenCUSCore
import Testing
import Vapor
import VaporTesting

@testable import OpenCUSWeb

/// The JSON API, the CSV export, bulk e-mail and the scheduled reminders.
@Suite struct RegistrationIntegrationTests {
    static let forum = DemoRegistrations.upcomingSlug
    static let meeting = DemoRegistrations.approvalSlug

    static func apiRequest(
        _ eventID: UUID, _ json: String, address: String = "192.0.2.10", contentType: String = "application/json"
    ) -> TestingHTTPRequest {
        var headers = HTTPHeaders()
        headers.replaceOrAdd(name: .contentType, value: contentType)
        headers.replaceOrAdd(name: .xForwardedFor, value: address)
        return TestingHTTPRequest(
            method: .POST, url: URI(path: "/api/v1/events/\(eventID)/registrations"), headers: headers,
            body: ByteBuffer(string: json))
    }

    static func body(email: String, workshop: UUID? = nil, rodo: Bool = true, extra: String = "") -> String {
        """
        {"firstName":"Jan","lastName":"Kowalski","email":"\(email)","phone":"600 100 200","institution":"MOPS w Kaliszu",
         "institutionType":"ops","position":"pracownik socjalny","voivodeship":"wielkopolskie",
         "workshops":[\(workshop.map { "\"\($0.uuidString)\"" } ?? "")],
         "consents":{"rodo":\(rodo),"image":false,"participantList":true}\(extra)}
        """
    }

    func decode(_ response: TestingHTTPResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
    }

    @Test func apiRegistersWithTheSameRulesAndNeverReturnsTheLink() async throws {
        try await withTestApp(adjust: { $0.trustProxy = true }) { t in
            let context = try await t.configureRegistration(Self.forum, capacity: 1)
            let workshop = context.workshops[0].alternatives[0]
            let app = t.app

            let first = try await app.testing().performTest(
                request: Self.apiRequest(context.eventID, Self.body(email: "Jan.K@Gmina.example", workshop: workshop)))
            #expect(first.status == .created)
            let created = try decode(first)
            #expect(created["state"] as? String == "confirmed")
            #expect(!first.body.string.contains("/r/"), "the magic link goes only by e-mail")
            #expect(try await t.lastLink(to: "jan.k@gmina.example") != nil)
            let stored = try #require(try await Registration.query(on: t.db).filter(\.$email == "jan.k@gmina.example").first())
            #expect(stored.source == .api)
            #expect(stored.consentList && !stored.consentImage)
            #expect(stored.consentRodoAt != nil)

            // The only seat is gone: the next one waits.
            let second = try await app.testing().performTest(
                request: Self.apiRequest(context.eventID, Self.body(email: "druga@gmina.example", workshop: workshop)))
            #expect(try decode(second)["state"] as? String == "waitlisted")

            // Same address in other letters: a clear conflict, never a second seat.
            let duplicate = try await app.testing().performTest(
                request: Self.apiRequest(context.eventID, Self.body(email: "JAN.K@gmina.EXAMPLE", workshop: workshop)))
            #expect(duplicate.status == .conflict)
            #expect(try decode(duplicate)["error"] as? String == "duplicate")

            // Field errors as JSON, in Polish; nothing stored.
            let invalid = try await app.testing().performTest(
                request: Self.apiRequest(
                    context.eventID,
                    Self.body(email: "zly-adres", workshop: UUID(), rodo: false)))
            #expect(invalid.status == .unprocessableEntity)
            let fields = try #require(try decode(invalid)["fields"] as? [String: String])
            #expect(fields["email"] == "To nie jest poprawny adres e-mail. Przykład: jan.kowalski@gmina.pl")
            #expect(fields["consentRodo"] != nil)
            #expect(fields["workshops"] == "Wybrano warsztat, który nie należy do tego wydarzenia.")

            let notJSON = try await app.testing().performTest(
                request: Self.apiRequest(context.eventID, "firstName=Jan", contentType: "application/x-www-form-urlencoded"))
            #expect(notJSON.status == .unsupportedMediaType)
            let broken = try await app.testing().performTest(request: Self.apiRequest(context.eventID, "{\"firstName\":"))
            #expect(broken.status == .badRequest)
            let unknown = try await app.testing().performTest(
                request: Self.apiRequest(UUID(), Self.body(email: "x@gmina.example")))
            #expect(unknown.status == .notFound)
            #expect(try await Registration.query(on: t.db).filter(\.$event.$id == context.eventID).count() == 2)

            // The event JSON shows the registration status.
            let event = try await app.testing().performTest(
                request: TestingHTTPRequest(
                    method: .GET, url: URI(path: "/api/v1/events/\(context.eventID)"),
                    headers: [:], body: ByteBuffer()))
            let registration = try #require(try decode(event)["registration"] as? [String: Any])
            #expect(registration["open"] as? Bool == true)
            #expect(registration["mode"] as? String == "automatic")
            #expect(registration["capacity"] as? Int == 1)
            #expect(registration["remaining"] as? Int == 0)
            #expect(registration["waitingList"] as? Int == 1)
            let workshops = try #require(registration["workshops"] as? [[String: Any]])
            #expect(workshops.count == 3)
            #expect(workshops.first { $0["id"] as? String == workshop.uuidString }?["remaining"] as? Int == 19)
        }
    }

    @Test func apiSaysWhyRegistrationIsClosed() async throws {
        try await withTestApp(adjust: { $0.trustProxy = true }) { t in
            let context = try await t.configureRegistration(Self.forum, capacity: 10, closes: testStart.addingTimeInterval(-3600))
            let response = try await t.app.testing().performTest(
                request: Self.apiRequest(context.eventID, Self.body(email: "spoznienie@gmina.example")))
            #expect(response.status == .conflict)
            #expect((try decode(response)["message"] as? String)?.hasPrefix("Rejestracja zakończyła się") == true)
            let event = try await t.app.testing().performTest(
                request: TestingHTTPRequest(
                    method: .GET, url: URI(path: "/api/v1/events/\(context.eventID)"),
                    headers: [:], body: ByteBuffer()))
            let registration = try #require(try decode(event)["registration"] as? [String: Any])
            #expect(registration["open"] as? Bool == false)
            #expect(registration["reasonCode"] as? String == "closed")
            #expect(try await Registration.query(on: t.db).filter(\.$event.$id == context.eventID).count() == 0)
        }
    }

    @Test func apiIsRateLimitedPerClientAddress() async throws {
        try await withTestApp(adjust: {
            $0.trustProxy = true; $0.rateLimitPerMinute = 3
        }) { t in
            let context = try await t.configureRegistration(Self.forum, capacity: nil)
            let w = context.workshops[0].alternatives[0]
            var statuses: [HTTPStatus] = []
            for n in 0..<5 {
                statuses.append(
                    try await t.app.testing().performTest(
                        request: Self.apiRequest(context.eventID, Self.body(email: "limit\(n)@gmina.example", workshop: w))
                    ).status)
            }
            #expect(statuses == [.created, .created, .created, .tooManyRequests, .tooManyRequests])
            // Another address is not affected; a minute later the first one may send again.
            let other = try await t.app.testing().performTest(
                request: Self.apiRequest(
                    context.eventID, Self.body(email: "inny@gmina.example", workshop: w), address: "192.0.2.99"))
            #expect(other.status == .created)
            t.advanceClock(61)
            let later = try await t.app.testing().performTest(
                request: Self.apiRequest(context.eventID, Self.body(email: "limit9@gmina.example", workshop: w)))
            #expect(later.status == .created)
        }
    }

    @Test func csvExportOpensInPolishExcel() async throws {
        try await withTestApp { t in
            let context = try await t.configureRegistration(Self.meeting, capacity: 10, mode: .automatic)
            var form = ParticipantForm()
            form.firstName = "Łucja"
            form.lastName = "Śliwińska; \"Żak\""
            form.email = "lucja@gmina.example"
            form.institution = "=HYPERLINK(\"http://zly.example\")"
            form.institutionType = "cus"
            form.consentRodo = true
            form.answers = Dictionary(
                uniqueKeysWithValues: context.questions.map(\.question).filter(\.required).map { ($0.fieldName, ["yes"]) })
            let env = RegistrationService.Environment(now: testStart, baseURL: t.app.config.baseURL)
            _ = try await RegistrationService.register(
                form, source: .paper, actor: .system, context: context, on: t.db, environment: env)

            let organiser = t.browser()
            try await organiser.login("wydarzenia@rops-poznan.example")
            let response = try await organiser.get(
                "/panel/events/\(context.eventID)/registrations/export.csv?columns=lp,firstName,lastName,institution,source,bogus"
            )
            #expect(response.status == .ok)
            #expect(response.headers.contentType?.description.hasPrefix("text/csv") == true)
            let bytes = Array(response.body.readableBytesView)
            #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF], "UTF-8 byte-order mark")
            let text = try #require(String(bytes: bytes.dropFirst(3), encoding: .utf8))
            let lines = text.components(separatedBy: "\r\n")
            #expect(lines[0] == "Lp.;Imię;Nazwisko;Instytucja;Źródło")
            #expect(lines[1] == #"1;Łucja;"Śliwińska; ""Żak""";"'=HYPERLINK(""http://zly.example"")";formularz papierowy"#)

            // Someone else's organiser gets 404, not the file.
            try await StaffAccounts.add(
                email: "admin@cus-jasminowo.example", name: "Jan Testowy", organisationSlug: "cus-jasminowo", role: "admin",
                password: { "długie hasło do testów 42" }, on: t.app)
            let stranger = t.browser()
            try await stranger.login("admin@cus-jasminowo.example", password: "długie hasło do testów 42")
            let foreign = try await stranger.get("/panel/events/\(context.eventID)/registrations/export.csv")
            #expect(foreign.status == .notFound)
            #expect(!foreign.body.string.contains("Śliwińska"))
            let someone = try #require(try await Registration.query(on: t.db).filter(\.$email == "lucja@gmina.example").first())
            #expect(try await stranger.get("/panel/events/\(context.eventID)/registrations/\(someone.id!)").status == .notFound)
            #expect(
                try await stranger.post("/panel/events/\(context.eventID)/registrations/\(someone.id!)/cancel", [("reason", "x")])
                    .status == .notFound)
            #expect(try await Registration.find(someone.id, on: t.db)?.state == .confirmed)
        }
    }

    @Test func bulkMailGoesOncePerRecipientEvenWhenSubmittedTwice() async throws {
        try await withTestApp { t in
            let context = try await t.configureRegistration(Self.meeting, capacity: 2, mode: .automatic)
            try await t.registerByEmail(context, (0..<4).map { "bulk\($0)@gmina.example" }) { $0 == 3 ? "ngo" : "ops" }
            let organiser = t.browser()
            try await organiser.login("wydarzenia@rops-poznan.example")
            let path = "/panel/events/\(context.eventID)/registrations/mail?state=confirmed"
            let page = try await organiser.get(path)
            #expect(page.body.string.contains("2 osoby"))
            let nonce = try #require(page.body.string.firstMatch(of: /name="nonce" value="([^"]+)"/)?.1).description
            let fields = [
                ("subject", "Zmiana sali – {{wydarzenie}}"), ("body", "Dzień dobry {{imie}}, spotkanie odbędzie się w sali 2."),
                ("nonce", nonce), ("confirmed", "yes"),
            ]
            #expect(try await organiser.post(path, fields).status == .seeOther)
            #expect(try await organiser.post(path, fields).status == .seeOther)
            let bulk = try await OutboxMessage.query(on: t.db).filter(\.$subject ~~ "Zmiana sali").all()
            #expect(bulk.count == 2)
            #expect(Set(bulk.map(\.recipient)) == ["bulk0@gmina.example", "bulk1@gmina.example"])
            #expect(bulk.allSatisfy { $0.textBody.hasPrefix("Dzień dobry Osoba,") })
            #expect(bulk.allSatisfy { !$0.subject.contains("{{") })

            // Empty subject: message next to the field, body kept.
            let refused = try await organiser.post(path, [("subject", ""), ("body", "Treść do zachowania"), ("nonce", nonce)])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("Podaj temat"))
            #expect(refused.body.string.contains("Treść do zachowania"))
        }
    }

    @Test func remindersGoOnceAtTheConfiguredDay() async throws {
        try await withTestApp { t in
            let event = try await t.event(Self.forum)
            let context = try await t.configureRegistration(Self.forum, capacity: 1)
            let settings = try #require(try await RegistrationSettings.query(on: t.db).filter(\.$event.$id == event.id!).first())
            settings.reminderDays = 2
            try await settings.update(on: t.db)
            let env = RegistrationService.Environment(now: testStart, baseURL: t.app.config.baseURL)
            for (n, address) in ["przyjdzie@gmina.example", "czeka@gmina.example"].enumerated() {
                var form = participantForm(n, email: address)
                form.workshops = [context.workshops[0].fieldName: [context.workshops[0].alternatives[0].uuidString]]
                _ = try await RegistrationService.register(
                    form, source: .paper, actor: .system, context: context, on: t.db, environment: env)
            }
            func run(at day: CalendarDay) async throws -> RegistrationJobs.Result {
                guard case .exact(let noon) = WallClock.resolve(day: day, time: TimeOfDay(hour: 12, minute: 0)!) else {
                    throw Abort(.internalServerError)
                }
                return try await RegistrationJobs.run(on: t.db, environment: .init(now: noon, baseURL: t.app.config.baseURL))
            }
            #expect(try await run(at: event.startDay.adding(days: -3)).reminders == 0, "too early")
            #expect(try await run(at: event.startDay.adding(days: -2)).reminders == 1)
            #expect(try await run(at: event.startDay.adding(days: -1)).reminders == 0, "sent once")
            let reminders = try await OutboxMessage.query(on: t.db).filter(\.$subject ~~ "Przypomnienie").all()
            #expect(reminders.map(\.recipient) == ["przyjdzie@gmina.example"], "only confirmed participants")
            #expect(reminders.first?.textBody.contains("/r/") == true)
        }
    }

    @Test func settingsPageListsQuestionsAndKeepsARefusedQuestion() async throws {
        try await withTestApp { t in
            let event = try await t.event(Self.meeting)
            let organiser = t.browser()
            try await organiser.login("wydarzenia@rops-poznan.example")
            let path = "/panel/events/\(event.id!)/registrations/settings"
            let page = try await organiser.get(path)
            #expect(page.status == .ok)
            #expect(page.body.string.contains("Czy rada gminy podjęła już uchwałę o utworzeniu CUS? (tak / nie, wymagane)"))
            #expect(page.body.string.contains("Autokar z Poznania (limit 20)"))

            let refused = try await organiser.post(
                "/panel/events/\(event.id!)/registrations/questions",
                [("label", "Nocleg <b>hotel</b>"), ("kind", "single_choice"), ("options", "Tak | zero"), ("required", "on")])
            #expect(refused.status == .unprocessableEntity)
            let html = refused.body.string
            #expect(html.contains("Limit po znaku | musi być liczbą dodatnią"))
            #expect(html.contains(#"value="Nocleg &lt;b&gt;hotel&lt;/b&gt;""#))
            #expect(html.contains(#"<option value="single_choice" selected>"#))
            #expect(html.contains("Tak | zero</textarea>"))
            #expect(try await RegistrationQuestion.query(on: t.db).filter(\.$event.$id == event.id!).count() == 2)

            #expect(
                try await organiser.post(
                    "/panel/events/\(event.id!)/registrations/questions",
                    [("label", "Nocleg"), ("kind", "single_choice"), ("options", "Tak | 10\nNie")]
                ).status == .seeOther)
            let form = try await t.browser().get("/events/\(Self.meeting)/register").body.string
            #expect(form.contains("Nocleg"))
        }
    }

    @Test func organiserCorrectsAnswersWithTheSameRulesAndTheChangeIsLogged() async throws {
        try await withTestApp { t in
            let context = try await t.configureRegistration(Self.meeting, capacity: 10, mode: .approval)
            let questions = context.questions.map(\.question)
            let resolution = try #require(questions.first { $0.kind == .yesNo })
            let bus = try #require(questions.first { $0.kind == .singleChoice })
            let env = RegistrationService.Environment(now: testStart, baseURL: t.app.config.baseURL)
            var form = ParticipantForm()
            form.firstName = "Wiesław"
            form.lastName = "Kot"
            form.email = "wojt@kotowo.example"
            form.institution = "Urząd Gminy Kotowo"
            form.institutionType = "local_government"
            form.consentRodo = true
            form.answers = [resolution.fieldName: ["no"]]
            let created = try await RegistrationService.register(
                form, source: .online, actor: .participant, context: context, on: t.db, environment: env)
            let id = created.registration.id!

            let organiser = t.browser()
            try await organiser.login("wydarzenia@rops-poznan.example")
            let path = "/panel/events/\(context.eventID)/registrations/\(id)/edit"
            let page = try await organiser.get(path)
            #expect(page.status == .ok)
            #expect(page.body.string.contains(#"value="Urząd Gminy Kotowo""#))

            // Invalid: a message next to the field, what was typed is kept, nothing stored changes.
            let fields: [(String, String)] = [
                ("firstName", "Wiesław"), ("lastName", "Kot"), ("institution", "<b>Urząd</b> Gminy Kotowo"),
                ("institutionType", "local_government"), ("phone", "12"), (resolution.fieldName, "yes"), (bus.fieldName, "o1"),
            ]
            let refused = try await organiser.post(path, fields)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("podaj co najmniej 9 cyfr"))
            #expect(refused.body.string.contains(#"value="&lt;b&gt;Urząd&lt;/b&gt; Gminy Kotowo""#))
            #expect(try await Registration.find(id, on: t.db)?.institution == "Urząd Gminy Kotowo")

            var fixed = fields
            fixed[4] = ("phone", "+48 600 700 800")
            #expect(try await organiser.post(path, fixed).status == .seeOther)
            let stored = try #require(try await Registration.find(id, on: t.db))
            #expect(stored.institution == "<b>Urząd</b> Gminy Kotowo")
            #expect(stored.phone == "+48 600 700 800")
            #expect(stored.email == "wojt@kotowo.example")
            #expect(RegistrationService.decodeAnswers(stored.answers)[resolution.id.uuidString.lowercased()] == ["yes"])
            let change = try #require(
                try await RegistrationChange.query(on: t.db).filter(\.$registration.$id == id).sort(\.$at, .descending).sort(
                    \.$id
                ).all()
                    .first { $0.note?.hasPrefix("Zmiana danych") == true })
            #expect(change.note == "Zmiana danych: instytucja, odpowiedzi, telefon")
            #expect(change.actor.contains("Tomasz Kwiatkowski"))
            let detail = try await organiser.get("/panel/events/\(context.eventID)/registrations/\(id)").body.string
            #expect(detail.contains("&lt;b&gt;Urząd&lt;/b&gt;"), "stored as typed, rendered escaped")

            // A full option cannot be chosen by editing either.
            let limited = try #require(bus.options.first { $0.limit != nil })
            let settings = try #require(
                try await RegistrationQuestion.find(context.questions.first { $0.question.id == bus.id }?.id, on: t.db))
            settings.options = String(
                data: try JSONEncoder().encode([
                    Question.Option(id: limited.id, label: limited.label, limit: 1),
                    Question.Option(id: "o2", label: "Dojazd własny"),
                ]), encoding: .utf8)!
            try await settings.update(on: t.db)
            var other = form
            other.email = "inny@kotowo.example"
            other.answers = [resolution.fieldName: ["no"]]
            let second = try await RegistrationService.register(
                other, source: .online, actor: .participant, context: try await t.context(Self.meeting), on: t.db,
                environment: env)
            let secondPath = "/panel/events/\(context.eventID)/registrations/\(second.registration.id!)/edit"
            try await organiser.get(secondPath)
            let full = try await organiser.post(
                secondPath,
                [
                    ("firstName", "Anna"), ("lastName", "Kot"), ("institution", "UG"), ("institutionType", "ngo"),
                    (resolution.fieldName, "no"), (bus.fieldName, limited.id),
                ])
            #expect(full.status == .unprocessableEntity)
            #expect(full.body.string.contains("Brak wolnych miejsc dla odpowiedzi"))
            // …while the person who holds it may keep it when editing.
            try await organiser.get(path)
            #expect(try await organiser.post(path, fixed).status == .seeOther)
        }
    }

    @Test func aFreedWorkshopPlaceGoesToTheFirstPersonWaitingForItWithAnEmail() async throws {
        try await withTestApp { t in
            let context = try await t.configureRegistration(Self.forum, capacity: 100)
            let rule = context.workshops[0]
            let small = try #require(rule.alternatives.first { context.alternatives[$0]?.capacity == 15 })
            let title = try #require(context.alternatives[small]?.title)
            let env = RegistrationService.Environment(now: testStart, baseURL: t.app.config.baseURL)
            var ids: [UUID] = []
            for n in 0..<17 {
                var form = participantForm(n, email: "warsztat\(n)@gmina.example")
                form.workshops = [rule.fieldName: [small.uuidString]]
                ids.append(
                    try await RegistrationService.register(
                        form, source: .paper, actor: .system, context: context, on: t.db, environment: env
                    ).registration.id!)
            }
            func placement(_ n: Int) async throws -> WorkshopPlacement? {
                try await RegistrationWorkshop.query(on: t.db).filter(\.$registration.$id == ids[n]).first()?.placement
            }
            #expect(try await placement(14) == .assigned)
            #expect(try await placement(15) == .waiting)
            #expect(try await placement(16) == .waiting)
            #expect(
                try await Registration.find(ids[15], on: t.db)?.state == .confirmed, "the seat at the event is not in question")

            try await RegistrationService.cancel(
                ids[3], reason: nil, actor: .participant, context: context, on: t.db, environment: env)
            #expect(try await placement(15) == .assigned, "first come, first served")
            #expect(try await placement(16) == .waiting)
            let mail = try #require(
                try await OutboxMessage.query(on: t.db).filter(\.$recipient == "warsztat15@gmina.example")
                    .filter(\.$subject == "Masz miejsce w warsztacie: Forum Usług Społecznych w Jaśminowie").first())
            #expect(mail.textBody.contains("Warsztat: \(title) (przydzielony)"))
            #expect(mail.textBody.contains("/r/"))
            let note = try await RegistrationChange.query(on: t.db).filter(\.$registration.$id == ids[15]).all().compactMap(
                \.note)
            #expect(note.contains("Przydzielono miejsce w warsztacie „\(title)” (z listy rezerwowej warsztatu)"))
            let counts = try await RegistrationService.counts(context, on: t.db)
            #expect(counts.workshopTaken[small] == 15)
        }
    }

    /// A change of workshops after registration is held to the same block rules as the form
    /// (`WorkshopChoiceRule.check`): the same workshop twice is refused, as it is on the form.
    @Test func aWorkshopChangeFollowsTheFormsRules() async throws {
        try await withTestApp { t in
            let context = try await t.configureRegistration(Self.forum, capacity: 100)
            let rule = context.workshops[0]
            let env = RegistrationService.Environment(now: testStart, baseURL: t.app.config.baseURL)
            var form = participantForm(1, email: "zmiana@gmina.example")
            form.workshops = [rule.fieldName: [rule.alternatives[0].uuidString]]
            let id = try await RegistrationService.register(
                form, source: .paper, actor: .system, context: context, on: t.db, environment: env
            ).registration.id!
            do {
                try await RegistrationService.changeWorkshops(
                    id, to: [rule.alternatives[1], rule.alternatives[1]], actor: .participant, context: context,
                    on: t.db, environment: env)
                Issue.record("the same workshop twice was accepted")
            } catch RegistrationError.invalid(let errors) {
                #expect(errors[rule.fieldName] == "Ten sam warsztat wybrano dwa razy.")
            }
            let kept = try await RegistrationWorkshop.query(on: t.db).filter(\.$registration.$id == id).all().map { $0.$entry.id }
            #expect(kept == [rule.alternatives[0]], "nothing stored changed")
            try await RegistrationService.changeWorkshops(
                id, to: [rule.alternatives[1]], actor: .participant, context: context, on: t.db, environment: env)
            #expect(
                try await RegistrationWorkshop.query(on: t.db).filter(\.$registration.$id == id).all().map { $0.$entry.id } == [
                    rule.alternatives[1]
                ])
        }
    }

    @Test func organiserChangesShowAtOnceDespiteTheContextCache() async throws {
        try await withTestApp { t in
            let event = try await t.event(Self.meeting)
            let visitor = t.browser()
            #expect(!(try await visitor.get("/events/\(Self.meeting)/register").body.string.contains("Nocleg w hotelu")))
            // The form above put the event's set-up into the cache; the organiser changes it.
            let organiser = t.browser()
            try await organiser.login("wydarzenia@rops-poznan.example")
            try await organiser.get("/panel/events/\(event.id!)/registrations/settings")
            #expect(
                try await organiser.post(
                    "/panel/events/\(event.id!)/registrations/questions",
                    [("label", "Nocleg w hotelu"), ("kind", "yes_no"), ("required", "on")]
                ).status == .seeOther)
            #expect(try await visitor.get("/events/\(Self.meeting)/register").body.string.contains("Nocleg w hotelu"))
            // A new required question is enforced at once as well.
            var fields = participant(1, email: "nowe-pytanie@gmina.example")
            let resolution = try #require(
                try await t.context(Self.meeting).questions.map(\.question).first { $0.label.hasPrefix("Czy rada gminy") })
            fields.append((resolution.fieldName, "yes"))
            let refused = try await visitor.post("/events/\(Self.meeting)/register", fields)
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("Odpowiedz na pytanie: „Nocleg w hotelu”."))

            // A template edit is used for the very next e-mail.
            try await organiser.get("/panel/events/\(event.id!)/registrations/templates")
            #expect(
                try await organiser.post(
                    "/panel/events/\(event.id!)/registrations/templates",
                    [
                        ("kind", "received"), ("subject", "Mamy Twoje zgłoszenie – {{wydarzenie}}"),
                        ("body", "Dzień dobry {{imie}}, link: {{link}}"),
                    ]
                ).status == .seeOther)
            let nocleg = try #require(
                try await t.context(Self.meeting).questions.map(\.question).first { $0.label == "Nocleg w hotelu" })
            fields.append((nocleg.fieldName, "no"))
            #expect(try await visitor.post("/events/\(Self.meeting)/register", fields).status == .seeOther)
            #expect(
                try await t.subjects(to: "nowe-pytanie@gmina.example") == [
                    "Mamy Twoje zgłoszenie – CUS krok po kroku – spotkanie dla gmin planujących centrum usług społecznych"
                ])
        }
    }

    @Test func cachedEventPageFollowsTheRegistrationWindowWithinADay() async throws {
        try await withTestApp { t in
            // Registration opens a minute from now and closes three minutes from now (well
            // within the page cache's lifetime).
            _ = try await t.configureRegistration(
                Self.forum, capacity: 50, opens: testStart.addingTimeInterval(60), closes: testStart.addingTimeInterval(180))
            let visitor = t.browser()
            let before = try await visitor.get("/events/\(Self.forum)").body.string
            #expect(before.contains("Rejestracja rozpocznie się"))
            #expect(!before.contains("href=\"/events/\(Self.forum)/register\""))
            t.advanceClock(90)
            let open = try await visitor.get("/events/\(Self.forum)").body.string
            #expect(
                open.contains("href=\"/events/\(Self.forum)/register\""),
                "the anonymous page cache must not keep the closed state")
            t.advanceClock(120)
            let closed = try await visitor.get("/events/\(Self.forum)").body.string
            #expect(closed.contains("Rejestracja zakończyła się"))
            #expect(!closed.contains("href=\"/events/\(Self.forum)/register\""))
        }
    }
}

extension RegistrationIntegrationTests {
    /// The compose page names its filter and its people; sending asks first with the count and
    /// the list; after sending the page still has the same filter (a second click cannot mail
    /// everyone); a test copy goes only to the organiser; the mail names the organiser and
    /// answers go to the event's contact.
    @Test func bulkMailNamesItsRecipientsAsksFirstAndKeepsTheFilter() async throws {
        try await withTestApp { t in
            try await t.clearRegistrations(Self.meeting)
            let context = try await t.configureRegistration(Self.meeting, capacity: 2, mode: .automatic)
            let event = try #require(try await Event.find(context.eventID, on: t.db))
            event.contactName = "Anna Kontaktowa"
            event.contactEmail = "kontakt@rops-poznan.example"
            try await event.save(on: t.db)
            try await t.registerByEmail(context, (0..<3).map { "lista\($0)@gmina.example" })
            let organiser = t.browser()
            try await organiser.login("wydarzenia@rops-poznan.example")
            let path = "/panel/events/\(context.eventID)/registrations/mail?state=confirmed"
            let page = try await organiser.get(path).body.string
            #expect(page.contains("2 osoby") && page.contains("stan „potwierdzone”"))
            #expect(page.contains("lista0@gmina.example") && page.contains("lista1@gmina.example"))
            #expect(!page.contains("lista2@gmina.example"), "the waiting list is not in the confirmed filter")
            #expect(page.contains("kontakt@rops-poznan.example"))
            let nonce = try #require(page.firstMatch(of: /name="nonce" value="([^"]+)"/)?.1).description
            let fields = [("subject", "Zmiana sali"), ("body", "Dzień dobry, spotkanie w sali 2."), ("nonce", nonce)]

            // The test copy: only to the organiser, nothing to participants, the filter kept.
            let test = try await organiser.post(path, fields + [("test", "1")])
            #expect(test.status == .seeOther)
            let testLocation = try #require(test.headers.first(name: .location))
            #expect(testLocation.contains("state=confirmed"))
            var queued = try await OutboxMessage.query(on: t.db).filter(\.$subject ~~ "Zmiana sali").all()
            #expect(queued.map(\.recipient) == ["wydarzenia@rops-poznan.example"])
            #expect(queued.first?.subject == "[KOPIA TESTOWA] Zmiana sali")
            #expect(try await organiser.get(testLocation).body.string.contains("Kopię testową wysłano"))

            // Sending asks first: how many, who; nothing is queued yet.
            let question = try await organiser.post(path, fields)
            #expect(question.status == .ok)
            #expect(question.body.string.contains("Wysłać wiadomość do 2 osób?"))
            #expect(
                question.body.string.contains("lista0@gmina.example") && question.body.string.contains("lista1@gmina.example"))
            #expect(
                question.body.string.contains("action=\"/panel/events/\(context.eventID)/registrations/mail?state=confirmed\""))
            #expect(try await OutboxMessage.query(on: t.db).filter(\.$subject ~~ "Zmiana sali").count() == 1)

            let sent = try await organiser.post(path, fields + [("confirmed", "yes")])
            #expect(sent.status == .seeOther)
            let location = try #require(sent.headers.first(name: .location))
            #expect(location.contains("state=confirmed") && location.contains("sent=2"))
            #expect(try await organiser.get(location).body.string.contains("Odbiorcy: 2 osoby"))
            queued = try await OutboxMessage.query(on: t.db).filter(\.$subject == "Zmiana sali").all()
            #expect(Set(queued.map(\.recipient)) == ["lista0@gmina.example", "lista1@gmina.example"])
            let organiserName = try #require(try await Organisation.find(context.organisationID, on: t.db)).name
            #expect(queued.allSatisfy { $0.senderName == organiserName })
            #expect(queued.allSatisfy { $0.replyTo == "kontakt@rops-poznan.example" && $0.replyToName == "Anna Kontaktowa" })

            // Delivered with the organiser's name and the Reply-To header.
            while try await BackgroundJobs.makeWorker(app: t.app).runOnce().sent > 0 {}
            let delivered = try #require(
                t.transport.delivered.first { $0.to.email.value == "lista0@gmina.example" && $0.subject == "Zmiana sali" })
            #expect(delivered.replyTo?.email.value == "kontakt@rops-poznan.example")
            #expect(delivered.from.name == organiserName)
        }
    }
}

extension RegistrationIntegrationTests {
    /// The export's columns are ticked from Polish names or taken from a preset, and the file
    /// holds exactly the filtered list.
    @Test func csvColumnsAreChosenByNameOrPresetAndFollowTheFilter() async throws {
        try await withTestApp { t in
            try await t.clearRegistrations(Self.meeting)
            let context = try await t.configureRegistration(Self.meeting, capacity: 2, mode: .automatic)
            try await t.registerByEmail(context, (0..<3).map { "csv\($0)@gmina.example" })
            let organiser = t.browser()
            try await organiser.login("wydarzenia@rops-poznan.example")
            let base = "/panel/events/\(context.eventID)/registrations"
            let list = try await organiser.get(base + "?state=confirmed").body.string
            #expect(list.contains("<label for=\"col-dietary\">Wymagania żywieniowe</label>"))
            #expect(list.contains("name=\"state\" value=\"confirmed\""), "the export form carries the list's filter")
            #expect(list.contains("Gotowy zestaw: Dla cateringu") && list.contains("Gotowy zestaw: Dostępność"))

            let ticked = try await organiser.get(base + "/export.csv?state=confirmed&col[]=lastName&col[]=dietary&col[]=nope")
            let lines = String(ticked.body.string.dropFirst()).components(separatedBy: "\r\n").filter { !$0.isEmpty }
            #expect(lines.first == "Nazwisko;Wymagania żywieniowe")
            #expect(lines.count == 3, "two confirmed people, the waiting one is not in the filter")

            let catering = try await organiser.get(base + "/export.csv?preset=catering").body.string
            #expect(catering.dropFirst().hasPrefix("Lp.;Nazwisko;Imię;Instytucja;Wymagania żywieniowe;Kolacja;Stan\r\n"))
            let access = try await organiser.get(base + "/export.csv?preset=accessibility").body.string
            #expect(access.dropFirst().hasPrefix("Lp.;Nazwisko;Imię;Telefon;E-mail;Dostępność;Warsztaty;Stan\r\n"))
        }
    }
}

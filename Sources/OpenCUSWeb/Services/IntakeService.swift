import Fluent
import Foundation
import OpenCUSCore
import SQLKit
import Vapor

enum IntakeError: Error, Equatable {
    case invalid(FieldErrors)
    /// No free place: the caller offers the reserve list instead.
    case full(Availability)
    case wrongState(String)
    /// The RODO clause changed between showing the form and sending it: the person must read the new one.
    case clauseChanged
}

/// The only code that changes applications, outcomes, enrolments and decisions. Each operation
/// is one write transaction; capacity is checked under the service's lock (PostgreSQL: the
/// service definition row `FOR UPDATE`; SQLite: `BEGIN IMMEDIATE`), so two coordinators can
/// never both take the last place; register numbers are issued under the organisation's lock.
enum IntakeService {
    static func event(_ application: ServiceApplication, _ what: String, actor: String, now: Date, on db: any Database)
        async throws
    {
        let e = ApplicationEvent()
        e.$organisation.id = application.$organisation.id
        e.$application.id = application.id!
        e.at = now
        e.actor = actor
        e.what = what
        try await e.create(on: db)
    }

    static func audit(
        _ actor: AuditActor?, organisationID: UUID, _ action: AuditAction, person: UUID, record: UUID?, detail: String,
        changes: [AuditChange] = [], now: Date, on db: any Database
    ) async throws {
        guard let actor else { return }
        try await Audit.append(
            AuditEvent(
                actor: actor, organisationID: organisationID, action: action, recordType: .application, recordID: record,
                subjects: [AuditSubject(type: .person, id: person)], detail: detail, changes: changes),
            at: now, on: db)
    }

    static func mail(
        _ person: Person, subject: String, body: String, key: String, organisationID: UUID, now: Date, on db: any Database
    ) async throws {
        guard let address = EmailAddress(person.email) else { return }
        _ = try await Outbox.enqueue(
            OutgoingMail(to: MailAddress(name: person.fullName, email: address), subject: subject, textBody: body),
            idempotencyKey: key, organisationID: organisationID, on: db, now: now)
    }

    // MARK: Submission

    struct Submitted: Sendable {
        let application: ServiceApplication
        let token: String
    }

    /// Receipt time is the server's clock, never the client's.
    static func submit(
        _ form: ApplicationForm, valid: ApplicationForm.Valid, channel: ApplicationChannel, organisation: Organisation,
        staff: AuditActor?,
        now: Date, baseURL: URL, clauseVersionShown: Int? = nil, on db: any Database
    ) async throws -> Submitted {
        let organisationID = organisation.id!
        return try await db.writeTransaction { db in
            try await db.lockForUpdate(Organisation.self, id: organisationID)
            let settings = try await EffectiveIntakeSettings.load(organisation, on: db)
            if let shown = clauseVersionShown, shown != settings.rodoVersion { throw IntakeError.clauseChanged }
            var person = try await valid.pesel.asyncFlatMap { pesel in
                try await Person.scoped(to: organisationID, on: db).filter(\.$pesel == pesel.value).first()
            }
            if person == nil {
                let p = Person()
                p.$organisation.id = organisationID
                p.firstName = form.firstName
                p.lastName = form.lastName
                p.pesel = valid.pesel?.value
                p.birthDate = valid.birthDate.iso
                p.createdAt = now
                // Same name and birth date as someone already registered: flagged, never merged.
                p.possibleDuplicateOf = try await Person.scoped(to: organisationID, on: db)
                    .filter(\.$lastName == form.lastName).filter(\.$firstName == form.firstName).filter(
                        \.$birthDate == valid.birthDate.iso
                    )
                    .first()?.id
                person = p
            }
            let p = person!
            p.street = form.street
            p.postcode = form.postcode
            p.city = form.city
            p.phone = form.phone
            p.email = valid.email?.value ?? ""
            p.communicationNeeds = form.communicationNeeds
            p.accessibilityNeeds = form.accessibilityNeeds
            try await p.save(on: db)

            let year = CalendarDay(now, in: WallClock.warsaw).year
            let count = try await ServiceApplication.scoped(to: organisationID, on: db).filter(\.$number ~~ "/\(year)/").count()
            let application = ServiceApplication()
            application.$organisation.id = organisationID
            application.number = "W/\(year)/" + String(format: "%04d", count + 1)
            application.$person.id = p.id!
            application.applicantRole = valid.role
            application.representativeName = form.representativeName
            application.representativeBasis = form.representativeBasis
            application.representativeContact = form.representativeContact
            application.channel = channel
            application.receivedAt = now
            application.situation = form.situation
            application.consentAt = now
            application.consentTextVersion = settings.rodoVersion
            application.assessmentDue = settings.rules.assessmentDue(received: CalendarDay(now, in: WallClock.warsaw)).iso
            application.closed = false
            try await application.create(on: db)
            for id in valid.services {
                let r = RequestedService()
                r.$organisation.id = organisationID
                r.$application.id = application.id!
                r.$service.id = UUID(uuidString: id)!
                r.outcome = .requested
                r.receivedAt = now
                r.criteriaMet = "[]"
                r.note = ""
                try await r.create(on: db)
            }
            let consent = ConsentRecord()
            consent.$organisation.id = organisationID
            consent.subjectType = "application"
            consent.subjectID = application.id!
            consent.purpose = .rodoClause
            consent.givenAt = now
            consent.givenBy =
                staff.map { "pracownik: \($0.name) (w imieniu osoby)" }
                ?? (valid.role == .person ? "osoba, której dane dotyczą" : "\(valid.role.polishName): \(form.representativeName)")
            try await consent.create(on: db)
            try await event(
                application, "Wniosek złożony (\(channel.polishName))", actor: staff?.name ?? "wnioskodawca", now: now, on: db)
            let token = SecureToken.make()
            let t = ApplicationToken()
            t.$organisation.id = organisationID
            t.$application.id = application.id!
            t.tokenHash = token.sha256Hex
            t.expiresAt = now.addingTimeInterval(400 * 86_400)
            try await t.create(on: db)
            let link = baseURL.appendingPathComponent("s/\(token)").absoluteString
            try await mail(
                p, subject: "Wniosek nr \(application.number) — potwierdzenie przyjęcia",
                body: """
                    Dzień dobry,

                    \(organisation.name) przyjęło wniosek nr \(application.number) o usługi społeczne. Koordynator skontaktuje się, aby umówić rozmowę o potrzebach.

                    Stan wniosku i miejsce na liście rezerwowej można sprawdzić tutaj (link jest osobisty, nie przekazuj go innym):
                    \(link)
                    """,
                key: "application-\(application.id!.uuidString.lowercased())-received", organisationID: organisationID, now: now,
                on: db)
            try await audit(
                staff, organisationID: organisationID, .create, person: p.id!, record: application.id,
                detail: "wniosek \(application.number)", now: now, on: db)
            return Submitted(application: application, token: token)
        }
    }

    // MARK: Outcomes

    /// The change to `outcome` if `OutcomeChange` allows it, or the message saying why not.
    static func outcomeChange(_ r: RequestedService, to outcome: ServiceOutcome) throws -> OutcomeChange {
        switch OutcomeChange.decide(from: r.outcome, to: outcome, heldOffer: r.offeredAt != nil) {
        case .success(let change): return change
        case .failure(let refusal): throw IntakeError.wrongState(refusal.message(to: outcome))
        }
    }

    /// Writes an allowed change inside the caller's locked transaction; `also` sets the fields
    /// the outcome brings with it (reserve criteria, the unit routed to).
    static func apply(
        _ change: OutcomeChange, to r: RequestedService, service: ServiceDefinition, now: Date, on db: any Database,
        also: (RequestedService) -> Void = { _ in }
    ) async throws {
        precondition(r.outcome == change.from, "an outcome change applied to a request it was not decided for")
        r.outcome = change.to
        if !change.keepsOffer { r.offeredAt = nil }
        r.outcomeAt = now
        if change.recordsProgramme { r.programmeID = service.$programme.id }
        also(r)
        try await r.update(on: db)
    }

    static func loadRequested(_ id: UUID, organisationID: UUID, on db: any Database) async throws -> (
        RequestedService, ServiceApplication, Person, ServiceDefinition
    ) {
        guard let r = try await RequestedService.find(id, in: organisationID, on: db),
            let application = try await ServiceApplication.find(r.$application.id, in: organisationID, on: db),
            let person = try await Person.find(application.$person.id, in: organisationID, on: db),
            let service = try await ServiceDefinition.find(r.$service.id, in: organisationID, on: db)
        else { throw Abort(.notFound) }
        return (r, application, person, service)
    }

    /// The audit line of an outcome change.
    static func outcomeAudit(_ change: OutcomeChange) -> AuditChange {
        AuditChange(field: "rozstrzygnięcie", old: change.from.polishName, new: change.to.polishName, sensitive: false)
    }

    /// Places held: active enrolments plus open offers from the reserve list.
    static func held(_ serviceID: UUID, excluding: UUID? = nil, on db: any Database) async throws -> (
        enrolments: Int, offers: Int
    ) {
        let enrolments = try await Enrolment.query(on: db).filter(\.$service.$id == serviceID).filter(\.$active == true).count()
        var offers = RequestedService.query(on: db).filter(\.$service.$id == serviceID).filter(\.$outcome == .reserve).filter(
            \.$offeredAt != nil)
        if let excluding { offers = offers.filter(\.$id != excluding) }
        return (enrolments, try await offers.count())
    }

    static func qualify(
        _ id: UUID, startDay: CalendarDay, staff: AuditActor, organisationID: UUID, now: Date, on db: any Database
    ) async throws {
        try await db.writeTransaction { db in
            let (r, application, person, service) = try await loadRequested(id, organisationID: organisationID, on: db)
            try await db.lockForUpdate(ServiceDefinition.self, id: service.id!)
            let change = try outcomeChange(r, to: .qualified)
            let (enrolments, offers) = try await held(service.id!, excluding: r.offeredAt == nil ? nil : r.id, on: db)
            if case .full(let availability) = Qualification.decide(
                places: service.places, activeEnrolments: enrolments, openOffers: offers)
            {
                throw IntakeError.full(availability)
            }
            try await apply(change, to: r, service: service, now: now, on: db)
            let e = Enrolment()
            e.$organisation.id = organisationID
            e.$person.id = person.id!
            e.$service.id = service.id!
            e.providerOrganisationID = service.providerOrganisationID
            e.$requested.id = r.id!
            e.startDay = startDay.iso
            e.active = true
            e.endReason = ""
            (e.feeExemptionPercent, e.feeExemptionBasis) = (0, "")
            try await e.create(on: db)
            try await event(
                application, "„\(service.name)”: zakwalifikowano od \(startDay.polish)", actor: staff.name, now: now, on: db)
            try await audit(
                staff, organisationID: organisationID, .update, person: person.id!, record: r.id,
                detail: "kwalifikacja: \(service.name)",
                changes: [outcomeAudit(change)], now: now, on: db)
            try await mail(
                person, subject: "Wniosek nr \(application.number): zakwalifikowano do usługi",
                body:
                    "Dzień dobry,\n\nzakwalifikowano Cię do usługi „\(service.name)” od \(startDay.polish). Realizator skontaktuje się w sprawie terminów.",
                key: "qualified-\(r.id!.uuidString.lowercased())", organisationID: organisationID, now: now, on: db)
        }
    }

    static func reserve(_ id: UUID, criteria: Set<Int>, staff: AuditActor, organisationID: UUID, now: Date, on db: any Database)
        async throws
    {
        try await db.writeTransaction { db in
            let (r, application, person, service) = try await loadRequested(id, organisationID: organisationID, on: db)
            let change = try outcomeChange(r, to: .reserve)
            let valid = criteria.filter { $0 >= 0 && $0 < service.criteriaList.count }
            let criteriaMet = String(data: try JSONEncoder().encode(valid.sorted()), encoding: .utf8) ?? "[]"
            try await apply(change, to: r, service: service, now: now, on: db) { $0.criteriaMet = criteriaMet }
            try await event(application, "„\(service.name)”: wpisano na listę rezerwową", actor: staff.name, now: now, on: db)
            try await audit(
                staff, organisationID: organisationID, .update, person: person.id!, record: r.id,
                detail: "lista rezerwowa: \(service.name)",
                changes: [outcomeAudit(change)], now: now, on: db)
            try await mail(
                person, subject: "Wniosek nr \(application.number): lista rezerwowa",
                body:
                    "Dzień dobry,\n\nw usłudze „\(service.name)” nie ma teraz wolnych miejsc. Wpisaliśmy Cię na listę rezerwową; gdy zwolni się miejsce, skontaktujemy się. Swoje miejsce na liście zobaczysz pod linkiem z pierwszej wiadomości.",
                key: "reserve-\(r.id!.uuidString.lowercased())", organisationID: organisationID, now: now, on: db)
        }
    }

    struct RefusalForm: Content, Sendable {
        var legalBasis: String?
        var reasons: String?
        var signatoryName: String?
        var signatoryFunction: String?
        var appealBody: String?
    }

    static func refuse(
        _ id: UUID, form: RefusalForm, staff: AuditActor, organisation: Organisation, now: Date, on db: any Database
    ) async throws -> RefusalDecision {
        var errors = FieldErrors()
        let basis = TextInput.clean(form.legalBasis, multiline: true)
        let reasons = TextInput.clean(form.reasons, multiline: true)
        let name = TextInput.clean(form.signatoryName)
        let function = TextInput.clean(form.signatoryFunction)
        let appealBody = TextInput.clean(form.appealBody)
        if basis.isEmpty || basis.count > 2_000 {
            errors.add(
                "legalBasis",
                "Podaj podstawę prawną decyzji (np. art. 17 ust. 3 ustawy o realizowaniu usług społecznych przez centrum usług społecznych)."
            )
        }
        if reasons.isEmpty || reasons.count > 10_000 {
            errors.add("reasons", "Napisz uzasadnienie: dlaczego odmówiono (fakty i przepisy).")
        }
        if name.isEmpty || name.count > 200 { errors.add("signatoryName", "Podaj imię i nazwisko osoby podpisującej decyzję.") }
        if function.isEmpty || function.count > 200 {
            errors.add("signatoryFunction", "Podaj stanowisko podpisującego, np. Dyrektor Centrum Usług Społecznych.")
        }
        let kind = RefusalKind(rules: try await EffectiveIntakeSettings.load(organisation, on: db).rules)
        if kind == .decision, appealBody.isEmpty || appealBody.count > 300 {
            errors.add("appealBody", "Podaj organ odwoławczy, np. Samorządowe Kolegium Odwoławcze w Kaliszu.")
        }
        guard errors.isEmpty else { throw IntakeError.invalid(errors) }
        let organisationID = organisation.id!
        return try await db.writeTransaction { db in
            let (r, application, person, service) = try await loadRequested(id, organisationID: organisationID, on: db)
            let change = try outcomeChange(r, to: .refused)
            try await db.lockForUpdate(Organisation.self, id: organisationID)
            let settings = try await EffectiveIntakeSettings.load(organisation, on: db)
            // The form shown was checked against the kind read before the transaction; a
            // setting changed since then would issue a letter the coordinator did not prepare.
            guard RefusalKind(rules: settings.rules) == kind else {
                throw IntakeError.wrongState(
                    "Ustawienia odmów zmieniły się w trakcie — odśwież stronę i sprawdź formularz odmowy.")
            }
            let today = CalendarDay(now, in: WallClock.warsaw)
            let last =
                try await RefusalDecision.scoped(to: organisationID, on: db).filter(\.$year == today.year).max(\.$sequence) ?? 0
            let decision = RefusalDecision()
            decision.$organisation.id = organisationID
            decision.$requested.id = r.id!
            decision.year = today.year
            decision.sequence = last + 1
            decision.number = DecisionNumber.make(sequence: last + 1, year: today.year, organisationSlug: organisation.slug)
            decision.issuedOn = today.iso
            decision.legalBasis = basis
            decision.reasons = reasons
            decision.kind = kind
            decision.appealInstruction = kind.instruction(
                appealBody: appealBody, organisationName: organisation.name, appealDays: settings.rules.appealDays)
            decision.signatoryName = name
            decision.signatoryFunction = function
            try await decision.create(on: db)
            try await apply(change, to: r, service: service, now: now, on: db)
            try await event(
                application, "„\(service.name)”: odmowa — \(kind.title.lowercased()) nr \(decision.number)", actor: staff.name,
                now: now, on: db)
            try await audit(
                staff, organisationID: organisationID, .update, person: person.id!, record: r.id,
                detail: "\(kind == .decision ? "decyzja odmowna" : "informacja o odmowie") \(decision.number)",
                changes: [
                    outcomeAudit(change),
                    AuditChange(field: "uzasadnienie", old: nil, new: reasons, sensitive: true),
                ], now: now, on: db)
            if change.reserveListMoves {
                try await offerNext(service, staff: staff, organisationID: organisationID, now: now, on: db)
            }
            return decision
        }
    }

    // MARK: Places freeing up

    static func endEnrolment(_ id: UUID, reason: String, staff: AuditActor, organisationID: UUID, now: Date, on db: any Database)
        async throws
    {
        try await db.writeTransaction { db in
            guard let enrolment = try await Enrolment.find(id, in: organisationID, on: db), enrolment.active,
                let service = try await ServiceDefinition.find(enrolment.$service.id, in: organisationID, on: db)
            else { throw Abort(.notFound) }
            try await db.lockForUpdate(ServiceDefinition.self, id: service.id!)
            enrolment.active = false
            enrolment.endDay = CalendarDay(now, in: WallClock.warsaw).iso
            enrolment.endReason = String(reason.prefix(500))
            try await enrolment.update(on: db)
            if let r = try await RequestedService.find(enrolment.$requested.id, in: organisationID, on: db),
                let application = try await ServiceApplication.find(r.$application.id, in: organisationID, on: db)
            {
                try await event(
                    application, "„\(service.name)”: zakończono korzystanie z usługi", actor: staff.name, now: now, on: db)
            }
            try await audit(
                staff, organisationID: organisationID, .update, person: enrolment.$person.id, record: enrolment.id,
                detail: "koniec usługi: \(service.name)",
                now: now, on: db)
            try await offerNext(service, staff: staff, organisationID: organisationID, now: now, on: db)
        }
    }

    /// Offers free places to the next people on the reserve list (inside the caller's locked
    /// transaction): the offer holds the place until staff confirm it (qualify) or it is withdrawn.
    static func offerNext(_ service: ServiceDefinition, staff: AuditActor?, organisationID: UUID, now: Date, on db: any Database)
        async throws
    {
        guard let places = service.places else { return }
        let (enrolments, offers) = try await held(service.id!, on: db)
        var free = places - enrolments - offers
        guard free > 0 else { return }
        let waiting = try await RequestedService.query(on: db).filter(\.$service.$id == service.id!).filter(
            \.$outcome == .reserve
        )
        .filter(\.$offeredAt == nil).all()
        let order = ReserveList.ordered(
            waiting.map { ReserveEntry(id: $0.id!, receivedAt: $0.receivedAt, criteriaMet: $0.criteria) },
            criteriaCount: service.criteriaList.count)
        for entry in order where free > 0 {
            guard let r = waiting.first(where: { $0.id == entry.id }),
                let application = try await ServiceApplication.find(r.$application.id, in: organisationID, on: db),
                let person = try await Person.find(application.$person.id, in: organisationID, on: db)
            else { continue }
            r.offeredAt = now
            try await r.update(on: db)
            free -= 1
            try await event(
                application, "„\(service.name)”: zwolniło się miejsce — zaproponowano je z listy rezerwowej",
                actor: staff?.name ?? "system", now: now, on: db)
            try await mail(
                person, subject: "Wniosek nr \(application.number): zwolniło się miejsce",
                body:
                    "Dzień dobry,\n\nzwolniło się miejsce w usłudze „\(service.name)”. Jest zarezerwowane dla Ciebie — koordynator skontaktuje się, aby potwierdzić termin rozpoczęcia.",
                key: "offer-\(r.id!.uuidString.lowercased())-\(Int(now.timeIntervalSince1970))", organisationID: organisationID,
                now: now, on: db)
        }
    }

    /// The resident withdraws a requested service through their tracking link.
    static func withdraw(_ id: UUID, application: ServiceApplication, now: Date, on db: any Database) async throws {
        try await db.writeTransaction { db in
            let organisationID = application.$organisation.id
            guard let r = try await RequestedService.find(id, in: organisationID, on: db), r.$application.id == application.id,
                let service = try await ServiceDefinition.find(r.$service.id, in: organisationID, on: db)
            else { throw Abort(.notFound) }
            try await db.lockForUpdate(ServiceDefinition.self, id: service.id!)
            let change = try outcomeChange(r, to: .withdrawn)
            try await apply(change, to: r, service: service, now: now, on: db)
            try await event(
                application, "„\(service.name)”: wycofano przez wnioskodawcę", actor: "wnioskodawca", now: now, on: db)
            if change.reserveListMoves {
                try await offerNext(service, staff: nil, organisationID: organisationID, now: now, on: db)
            }
        }
    }

    static func application(forToken token: String, now: Date, on db: any Database) async throws -> ServiceApplication? {
        guard token.count >= 32, token.count <= 64,
            let row = try await ApplicationToken.query(on: db).filter(\.$tokenHash == token.sha256Hex).first(),
            row.expiresAt > now
        else { return nil }
        return try await ServiceApplication.find(row.$application.id, on: db)
    }

    /// 1-based positions on the reserve list of a service, by requested-service id.
    static func reservePositions(_ service: ServiceDefinition, on db: any Database) async throws -> [UUID: Int] {
        Dictionary(
            uniqueKeysWithValues: try await IntakeQueries.reserveOrder(service, on: db).enumerated().map { ($1.entry.id, $0 + 1) }
        )
    }
}

extension Optional {
    func asyncFlatMap<U>(_ transform: (Wrapped) async throws -> U?) async rethrows -> U? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}

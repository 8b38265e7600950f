import Fluent
import Foundation
import OpenCUSCore
import SQLKit
import Vapor

/// Outcomes of a requested service: qualification, the reserve list, refusal with its decision.
extension IntakeService {
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
        if change.to == .reserve { r.reserveEnteredAt = now }
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
            try await db.lockForUpdate(ServiceDefinition.self, id: service.requireID())
            let change = try outcomeChange(r, to: .qualified)
            let (enrolments, offers) = try await held(service.requireID(), excluding: r.offeredAt == nil ? nil : r.id, on: db)
            if case .full(let availability) = Qualification.decide(
                places: service.places, activeEnrolments: enrolments, openOffers: offers)
            {
                throw IntakeError.full(availability)
            }
            try await apply(change, to: r, service: service, now: now, on: db)
            let e = Enrolment(
                organisationID: organisationID,
                personID: try person.requireID(),
                serviceID: try service.requireID(),
                providerOrganisationID: service.providerOrganisationID,
                requestedID: try r.requireID(),
                startDay: startDay,
                active: true,
                endReason: "",
                feeExemptionPercent: 0,
                feeExemptionBasis: ""
            )
            try await e.create(on: db)
            try await event(
                application, "„\(service.name)”: zakwalifikowano od \(startDay.polish)", actor: staff.name, now: now, on: db)
            try await audit(
                staff, organisationID: organisationID, .update, person: try person.requireID(), record: r.id,
                detail: "kwalifikacja: \(service.name)",
                changes: [outcomeAudit(change)], now: now, on: db)
            try await mail(
                person, subject: "Wniosek nr \(application.number): zakwalifikowano do usługi",
                body:
                    "Dzień dobry,\n\nzakwalifikowano Cię do usługi „\(service.name)” od \(startDay.polish). Realizator skontaktuje się w sprawie terminów.",
                key: "qualified-\(try r.requireID().uuidString.lowercased())", organisationID: organisationID, now: now, on: db)
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
                staff, organisationID: organisationID, .update, person: try person.requireID(), record: r.id,
                detail: "lista rezerwowa: \(service.name)",
                changes: [outcomeAudit(change)], now: now, on: db)
            try await mail(
                person, subject: "Wniosek nr \(application.number): lista rezerwowa",
                body:
                    "Dzień dobry,\n\nw usłudze „\(service.name)” nie ma teraz wolnych miejsc. Wpisaliśmy Cię na listę rezerwową; gdy zwolni się miejsce, skontaktujemy się. Swoje miejsce na liście zobaczysz pod linkiem z pierwszej wiadomości.",
                key: "reserve-\(try r.requireID().uuidString.lowercased())", organisationID: organisationID, now: now, on: db)
        }
    }

    struct RefusalForm: Content, Sendable {
        var legalBasis: String?
        var reasons: String?
        var signatoryName: String?
        var signatoryFunction: String?
        var appealBody: String?
    }

    /// What is missing or wrong in a refusal form, with the kind of letter it would issue (the
    /// confirmation asks only about a complete form; `refuse` refuses an incomplete one).
    struct CheckedRefusal: Sendable {
        var basis, reasons, name, function, appealBody: String
        var kind: RefusalKind
        var errors: FieldErrors
    }

    static func checkRefusal(_ form: RefusalForm, organisation: Organisation, on db: any Database) async throws
        -> CheckedRefusal
    {
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
        return CheckedRefusal(
            basis: basis, reasons: reasons, name: name, function: function, appealBody: appealBody, kind: kind, errors: errors)
    }

    static func refuse(
        _ id: UUID, form: RefusalForm, staff: AuditActor, organisation: Organisation, now: Date, on db: any Database
    ) async throws -> RefusalDecision {
        let checked = try await checkRefusal(form, organisation: organisation, on: db)
        guard checked.errors.isEmpty else { throw IntakeError.invalid(checked.errors) }
        let (basis, reasons, name, function, appealBody, kind) = (
            checked.basis, checked.reasons, checked.name, checked.function, checked.appealBody, checked.kind
        )
        let organisationID = try organisation.requireID()
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
            let decision = RefusalDecision(
                organisationID: organisationID,
                requestedID: try r.requireID(),
                year: today.year,
                sequence: last + 1,
                number: DecisionNumber.make(sequence: last + 1, year: today.year, organisationSlug: organisation.slug),
                kind: kind,
                issuedOn: today,
                legalBasis: basis,
                reasons: reasons,
                appealInstruction: kind.instruction(
                    appealBody: appealBody, organisationName: organisation.name, appealDays: settings.rules.appealDays),
                signatoryName: name,
                signatoryFunction: function
            )
            try await decision.create(on: db)
            try await apply(change, to: r, service: service, now: now, on: db)
            try await event(
                application, "„\(service.name)”: odmowa — \(kind.title.lowercased()) nr \(decision.number)", actor: staff.name,
                now: now, on: db)
            try await audit(
                staff, organisationID: organisationID, .update, person: try person.requireID(), record: r.id,
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
}

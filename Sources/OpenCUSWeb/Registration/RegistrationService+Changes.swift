import Fluent
import Foundation
import OpenCUSCore
import SQLKit
import Vapor

/// Changes a person or the organiser makes to a registration: workshop choices and details.
extension RegistrationService {
    /// The person (or the organiser) changes workshop choices; new places only where free.
    static func changeWorkshops(
        _ registrationID: UUID, to chosen: [UUID], actor: RegistrationActor, context: RegistrationContext, on db: any Database,
        environment: Environment
    ) async throws {
        try await db.writeTransaction { db in
            try await db.lockForUpdate(Event.self, id: context.eventID)
            let registration = try await load(registrationID, context: context, on: db)
            guard registration.state.isActive else { throw RegistrationError.wrongState("To zgłoszenie jest zamknięte.") }
            if chosen.contains(where: { context.alternatives[$0] == nil }) {
                var errors = FieldErrors()
                errors.add("workshops", "Wybrano warsztat, który nie należy do tego wydarzenia.")
                throw RegistrationError.invalid(errors)
            }
            var check = FieldErrors()
            for rule in context.workshops { rule.check(chosen.filter { rule.alternatives.contains($0) }, into: &check) }
            guard check.isEmpty else { throw RegistrationError.invalid(check) }
            if try await replaceWorkshops(registration, with: chosen, context: context, on: db) {
                _ = try await log(
                    registration, from: registration.state, to: registration.state, actor: actor,
                    note: "Zmiana warsztatów: " + chosen.compactMap { context.alternatives[$0]?.title }.joined(separator: "; "),
                    now: environment.now, on: db)
                try await promote(context, on: db, environment: environment)
            }
        }
    }

    /// Changes a registration's details and answers (the person through their link, or the
    /// organiser), validated with the event's rules inside the event lock, so that option limits
    /// and workshop places hold under concurrency. The e-mail and the consent to the clause stay
    /// as given at registration. Logged with the names of the changed fields.
    static func updateDetails(
        _ registrationID: UUID, form input: ParticipantForm, actor: RegistrationActor, context: RegistrationContext,
        on db: any Database, environment: Environment
    ) async throws {
        try await db.writeTransaction { db in
            try await db.lockForUpdate(Event.self, id: context.eventID)
            let registration = try await load(registrationID, context: context, on: db)
            guard registration.state.isActive else { throw RegistrationError.wrongState("To zgłoszenie jest zamknięte.") }
            var form = input.cleaned()
            form.email = registration.email
            form.consentRodo = true
            var rules = context.rules(optionTaken: try await optionTaken(context, on: db))
            // The person's own choices do not count against option limits when they keep them.
            for values in decodeAnswers(registration.answers).values { for v in values { rules.optionTaken[v, default: 1] -= 1 } }
            let valid: ValidParticipant
            switch form.validate(rules) {
            case .success(let v): valid = v
            case .failure(let errors): throw RegistrationError.invalid(errors)
            }
            let workshopsChanged = try await replaceWorkshops(registration, with: valid.workshops, context: context, on: db)
            let before = registration.changeSnapshot
            let consentsBefore = [ConsentPurpose.image: registration.consentImage, .participantList: registration.consentList]
            assignDetails(registration, form: form, valid: valid)
            let after = registration.changeSnapshot
            // A consent switched off is a withdrawal (the list and the report stop using it);
            // switched on again, a new consent.
            for (purpose, was) in consentsBefore {
                let isGiven = purpose == .image ? registration.consentImage : registration.consentList
                if was && !isGiven {
                    try await Consents.withdrawn(
                        purpose, registrationID: try registration.requireID(), by: Consents.by(actor), now: environment.now,
                        on: db)
                }
                if !was && isGiven {
                    try await Consents.given(
                        [purpose], registration: registration, textVersionID: nil, by: Consents.by(actor), now: environment.now,
                        on: db)
                }
            }
            var changed = before.keys.sorted().filter { before[$0] != after[$0] }
            if workshopsChanged { changed.append("warsztaty") }
            guard !changed.isEmpty else { return }
            try await registration.update(on: db)
            // Field names only: the log is read by staff, and old values of personal data stay out of it.
            _ = try await log(
                registration, from: registration.state, to: registration.state, actor: actor,
                note: "Zmiana danych: " + changed.joined(separator: ", "), now: environment.now,
                changes: changed.map {
                    AuditChange(field: $0, old: before[$0], new: after[$0], sensitive: Registration.sensitiveFields.contains($0))
                },
                on: db)
            if workshopsChanged { try await promote(context, on: db, environment: environment) }
        }
    }

    /// The details a participant (or the organiser for them) may change, from a validated form.
    static func assignDetails(_ r: Registration, form: ParticipantForm, valid: ValidParticipant) {
        r.firstName = form.firstName
        r.lastName = form.lastName
        r.phone = form.phone.nilIfEmpty
        r.institution = form.institution
        r.institutionType = valid.institutionType
        r.position = form.position.nilIfEmpty
        r.voivodeship = valid.voivodeship
        r.dietary = form.dietary.nilIfEmpty
        r.accessibility = encodeAccessibility(valid.accessibility, other: form.accessibilityOther)
        r.dinner = valid.dinner
        r.answers = encodeAnswers(valid.answers)
        r.consentImage = form.consentImage
        r.consentList = form.consentList
    }

    /// Replaces the workshop choices inside a locked transaction; a new place only where one is
    /// free (for someone holding a seat). Returns whether anything changed.
    static func replaceWorkshops(
        _ registration: Registration, with chosen: [UUID], context: RegistrationContext, on db: any Database
    ) async throws -> Bool {
        let current = try await workshopRows(registration, on: db)
        let kept = Set(current.map { $0.$entry.id }).intersection(chosen)
        let added = chosen.filter { !kept.contains($0) }
        let removed = current.filter { !chosen.contains($0.$entry.id) }
        guard !added.isEmpty || !removed.isEmpty else { return false }
        let counts = try await counts(context, on: db)
        let holdsSeat = registration.state == .confirmed
        for id in added where holdsSeat && !counts.workshopFree(id) {
            throw RegistrationError.workshopFull(context.alternatives[id]?.title ?? "")
        }
        for row in removed { try await row.delete(on: db) }
        let sequence = try await nextSequence(context.eventID, on: db)
        for (index, id) in added.enumerated() {
            try await addWorkshop(
                registration, id, placement: holdsSeat ? .assigned : .requested, sequence: sequence * 100 + Int64(index), on: db)
        }
        return true
    }
}

import Fluent
import OpenCUSCore
import Vapor

/// IPUS plans in the staff panel: the caseload, one plan with its versions, drafting, approval,
/// monitoring and closure. Thin: the rules are in `IpusRules`/`IpusForm`, the changes in `IpusService`.
enum IpusController {
    static func actor(_ request: Request) throws -> (StaffContext, IpusService.Actor) {
        let staff = try request.require(.managePlans)
        return (
            staff,
            IpusService.Actor(
                userID: staff.userID, name: staff.userName, audit: AuditActor(staff, request),
                canApprove: staff.allows(.approvePlans), seesAll: staff.allows(.viewAllPlans))
        )
    }

    static func planID(_ request: Request) throws -> UUID {
        guard let id = request.parameters.get("planID", as: UUID.self) else { throw Abort(.notFound) }
        return id
    }

    struct Revision: Content {
        var revision: Int?
    }

    static func revision(_ request: Request) -> Int { (try? request.content.decode(Revision.self).revision) ?? -1 }

    /// Runs one change and answers as the user expects: back to the plan with a notice, or the
    /// plan page again with the message (and, for the draft, the typed form).
    static func perform(
        _ request: Request, done: String, typed: IpusForm? = nil,
        _ work: (IpusService.Actor, UUID, UUID, Date) async throws -> Void
    ) async throws -> Response {
        let (staff, actor) = try actor(request)
        let id = try planID(request)
        do {
            try await work(actor, id, staff.organisationID, request.clock.now())
            return request.redirect(to: SiteRoute.ipusPlan.url(id, query: "done=\(done)"), redirectType: .normal)
        } catch IpusError.invalid(let errors) {
            return try await IpusPages.plan(request, typed: typed, errors: errors, status: .unprocessableEntity)
        } catch IpusError.wrongState(let message) {
            return try await IpusPages.plan(request, typed: typed, error: message, status: .conflict)
        } catch IpusError.notAllowed(let message) {
            return try await IpusPages.plan(request, typed: typed, error: message, status: .forbidden)
        } catch IpusError.changed(let by, let at) {
            return try await IpusPages.plan(
                request, typed: typed,
                error: "Plan zmienił się, odkąd go otwarto (zapisał: \(by), \(WarsawTime.format(at))). Nic nie zapisano. "
                    + (typed == nil
                        ? "Sprawdź aktualny stan i powtórz."
                        : "Twoje zmiany są w formularzu poniżej, a nad nim — czym różnią się od zapisanych. Sprawdź je i zapisz ponownie."),
                status: .conflict, showTypedDiff: true)
        }
    }

    struct CreateBody: Content {
        var applicationID: UUID?
    }

    @Sendable static func create(_ request: Request) async throws -> Response {
        let (staff, actor) = try actor(request)
        guard let applicationID = try? request.content.decode(CreateBody.self).applicationID,
            let organisation = try await Organisation.find(staff.organisationID, on: request.db)
        else { throw Abort(.badRequest, reason: "Wybierz wniosek, do którego powstaje plan.") }
        do {
            let plan = try await IpusService.create(
                applicationID: applicationID, actor: actor, organisation: organisation, now: request.clock.now(), on: request.db)
            return request.redirect(
                to: SiteRoute.ipusPlan.url(try plan.requireID(), query: "done=created"), redirectType: .normal)
        } catch IpusError.wrongState(let message) {
            throw Abort(.conflict, reason: message)
        }
    }

    // MARK: The draft form

    struct GoalBody: Content {
        var text: String?
        var indicator: String?
        var baseline: String?
        var target: String?
        var due: String?
        var remove: String?
    }

    struct ItemBody: Content {
        var kind: String?
        var serviceID: String?
        var name: String?
        var provider: String?
        var scope: String?
        var frequency: String?
        var start: String?
        var end: String?
        var responsible: String?
        var activityID: String?
        var remove: String?
    }

    struct DraftBody: Content {
        var start: String?
        var end: String?
        var responsibilities: String?
        var reviews: [String: String]?
        var goals: [String: GoalBody]?
        var items: [String: ItemBody]?
    }

    static func decodeDraft(_ request: Request) throws -> IpusForm {
        let body = try request.content.decode(DraftBody.self)
        func c(_ s: String?) -> String { TextInput.clean(s) }
        func m(_ s: String?) -> String { TextInput.clean(s, multiline: true) }
        var form = IpusForm()
        form.start = c(body.start)
        form.end = c(body.end)
        form.responsibilities = m(body.responsibilities)
        form.reviews = FormRows.ordered(body.reviews).map(c)
        form.goals = FormRows.ordered(body.goals).map { g in
            var row = IpusForm.GoalRow()
            (row.text, row.indicator, row.baseline, row.target, row.due, row.remove) = (
                m(g.text), c(g.indicator), c(g.baseline), c(g.target), c(g.due), g.remove == "on"
            )
            return row
        }
        form.items = FormRows.ordered(body.items).map { i in
            var row = IpusForm.ItemRow()
            (row.kind, row.serviceID, row.name, row.provider, row.scope) = (
                c(i.kind), c(i.serviceID), c(i.name), c(i.provider), m(i.scope)
            )
            (row.frequency, row.start, row.end, row.responsible, row.remove) = (
                c(i.frequency), c(i.start), c(i.end), c(i.responsible), i.remove == "on"
            )
            row.activityID = c(i.activityID)
            return row
        }
        return form
    }

    @Sendable static func saveDraft(_ request: Request) async throws -> Response {
        let form = try decodeDraft(request)
        let (staff, _) = try actor(request)
        let services = try await IpusPages.eligibleServices(staff.organisationID, on: request.db)
        let names = Dictionary(uniqueKeysWithValues: try services.map { (try $0.requireID(), $0.name) })
        let activities = Dictionary(
            uniqueKeysWithValues: try await Activity.scoped(to: staff.organisationID, on: request.db).all()
                .map { (try $0.requireID(), (title: $0.title, organiser: $0.organiser)) })
        let revision = revision(request)
        return try await perform(request, done: "draft", typed: form) { actor, id, organisationID, now in
            let plan = try await IpusService.plan(id, actor: actor, organisationID: organisationID, on: request.db)
            let previous = try await plan.approvedVersion.asyncMap {
                try await IpusService.version(plan, $0, on: request.db).content
            }
            switch form.validate(keeping: previous, serviceNames: names, activities: activities) {
            case .failure(let errors): throw IpusError.invalid(errors)
            case .success(let valid):
                try await IpusService.saveDraft(
                    id, revision: revision, valid: valid, actor: actor, organisationID: organisationID, now: now, on: request.db)
            }
        }
    }

    @Sendable static func submit(_ request: Request) async throws -> Response {
        let revision = revision(request)
        return try await perform(request, done: "submitted") { actor, id, org, now in
            try await IpusService.submit(id, revision: revision, actor: actor, organisationID: org, now: now, on: request.db)
        }
    }

    @Sendable static func approve(_ request: Request) async throws -> Response {
        let revision = revision(request)
        return try await perform(request, done: "approved") { actor, id, org, now in
            try await IpusService.approve(id, revision: revision, actor: actor, organisationID: org, now: now, on: request.db)
        }
    }

    struct NoteBody: Content {
        var returnNote: String?
        var reason: String?
        var onDay: String?
        var what: String?
        var providerFeedback: String?
        var personView: String?
        var isReview: String?
        var goal: Int?
        var status: String?
        var goalNote: String?
        var summaryOn: String?
        var summary: String?
        var attainment: [String: String]?
        var coordinator: UUID?
        var deputy: String?
    }

    @Sendable static func returnForChanges(_ request: Request) async throws -> Response {
        let revision = revision(request)
        let note = TextInput.clean(try request.content.decode(NoteBody.self).returnNote, multiline: true)
        return try await perform(request, done: "returned") { actor, id, org, now in
            try await IpusService.returnForChanges(
                id, revision: revision, note: note, actor: actor, organisationID: org, now: now, on: request.db)
        }
    }

    @Sendable static func newVersion(_ request: Request) async throws -> Response {
        let revision = revision(request)
        let reason = TextInput.clean(try request.content.decode(NoteBody.self).reason, multiline: true)
        return try await perform(request, done: "version") { actor, id, org, now in
            try await IpusService.newVersion(
                id, revision: revision, reason: reason, actor: actor, organisationID: org, now: now, on: request.db)
        }
    }

    @Sendable static func progress(_ request: Request) async throws -> Response {
        let revision = revision(request)
        let body = try request.content.decode(NoteBody.self)
        return try await perform(request, done: "progress") { actor, id, org, now in
            guard let goal = body.goal, let status = GoalStatus(rawValue: body.status ?? "") else {
                throw IpusError.invalid(FieldErrors("status", "Wybierz stan celu."))
            }
            try await IpusService.recordProgress(
                id, revision: revision, goal: goal, status: status, note: TextInput.clean(body.goalNote, multiline: true),
                actor: actor, organisationID: org, now: now, on: request.db)
        }
    }

    @Sendable static func addNote(_ request: Request) async throws -> Response {
        let revision = revision(request)
        let body = try request.content.decode(NoteBody.self)
        return try await perform(request, done: "note") { actor, id, org, now in
            var errors = FieldErrors()
            let day = CalendarDay(iso: TextInput.clean(body.onDay))
            if day == nil { errors.add("onDay", "Podaj datę w formacie RRRR-MM-DD.") }
            if let day, day > CalendarDay(now, in: WallClock.warsaw) {
                errors.add("onDay", "Data notatki nie może być w przyszłości.")
            }
            let what = TextInput.clean(body.what, multiline: true)
            if what.isEmpty || what.count > 10_000 { errors.add("what", "Opisz, co się wydarzyło (najwyżej 10 000 znaków).") }
            let feedback = TextInput.clean(body.providerFeedback, multiline: true)
            let view = TextInput.clean(body.personView, multiline: true)
            if feedback.count > 5_000 { errors.add("providerFeedback", "Najwyżej 5000 znaków.") }
            if view.count > 5_000 { errors.add("personView", "Najwyżej 5000 znaków.") }
            guard errors.isEmpty, let day else { throw IpusError.invalid(errors) }
            try await IpusService.addNote(
                id, revision: revision,
                note: .init(on: day, what: what, providerFeedback: feedback, personView: view, isReview: body.isReview == "on"),
                actor: actor, organisationID: org, now: now, on: request.db)
        }
    }

    @Sendable static func startClosing(_ request: Request) async throws -> Response {
        let revision = revision(request)
        return try await perform(request, done: "closing") { actor, id, org, now in
            try await IpusService.startClosing(
                id, revision: revision, actor: actor, organisationID: org, now: now, on: request.db)
        }
    }

    @Sendable static func close(_ request: Request) async throws -> Response {
        let revision = revision(request)
        let body = try request.content.decode(NoteBody.self)
        return try await perform(request, done: "closed") { actor, id, org, now in
            var errors = FieldErrors()
            let day = CalendarDay(iso: TextInput.clean(body.summaryOn))
            if day == nil { errors.add("summaryOn", "Podaj datę rozmowy podsumowującej (RRRR-MM-DD).") }
            let summary = TextInput.clean(body.summary, multiline: true)
            if summary.isEmpty || summary.count > 20_000 { errors.add("summary", "Opisz przebieg i rezultaty planu.") }
            let attainment = FormRows.ordered(body.attainment).map { GoalStatus(rawValue: $0) ?? .open }
            guard errors.isEmpty, let day else { throw IpusError.invalid(errors) }
            try await IpusService.close(
                id, revision: revision, closure: .init(summaryOn: day, summary: summary, attainment: attainment), actor: actor,
                organisationID: org, now: now, on: request.db)
        }
    }

    @Sendable static func assign(_ request: Request) async throws -> Response {
        let revision = revision(request)
        let body = try request.content.decode(NoteBody.self)
        let (staff, _) = try actor(request)
        let coordinators = try await IpusPages.coordinators(staff.organisationID, on: request.db)
        return try await perform(request, done: "assigned") { actor, id, org, now in
            guard let c = coordinators.first(where: { $0.id == body.coordinator }) else {
                throw IpusError.invalid(FieldErrors("coordinator", "Wybierz koordynatora z listy."))
            }
            let deputy = UUID(uuidString: body.deputy ?? "").flatMap { d in coordinators.first { $0.id == d } }
            if deputy?.id == c.id {
                throw IpusError.invalid(FieldErrors("deputy", "Zastępca musi być inną osobą niż koordynator."))
            }
            try await IpusService.assign(
                id, revision: revision, coordinator: (c.id, c.name), deputy: deputy.map { ($0.id, $0.name) }, actor: actor,
                organisationID: org, now: now, on: request.db)
        }
    }

    /// Signs the plan's person up for an activity one of the plan's items points to, through the
    /// activity's capacity-safe path; the sign-up carries the registry person, so the plan page
    /// shows their attendance.
    @Sendable static func signUpForActivity(_ request: Request) async throws -> Response {
        let (staff, ipusActor) = try Self.actor(request)
        let id = try Self.planID(request)
        let plan = try await IpusService.plan(id, actor: ipusActor, organisationID: staff.organisationID, on: request.db)
        guard let activityID = request.parameters.get("activityID", as: UUID.self),
            let activity = try await Activity.find(activityID, in: staff.organisationID, on: request.db),
            let person = try await Person.find(plan.$person.id, in: staff.organisationID, on: request.db)
        else { throw Abort(.notFound) }
        let versions = try await IpusVersion.scoped(to: staff.organisationID, on: request.db).filter(\.$plan.$id == id).all()
        guard versions.contains(where: { $0.content.items.contains { $0.activityID == activityID } }) else {
            throw Abort(.notFound)
        }
        do {
            _ = try await ActivityService.signUp(
                activityID, organisationID: staff.organisationID, name: person.fullName,
                phone: person.phone.isEmpty ? nil : person.phone, email: person.email.isEmpty ? nil : person.email,
                personID: try person.requireID(), source: "ipus", now: request.clock.now(), on: request.db)
        } catch ActivityError.full {
            return try await IpusPages.plan(
                request,
                error: "Brak wolnych miejsc w działaniu „\(activity.title)”. Porozmawiaj z organizatorem społeczności lokalnej.",
                status: .conflict)
        } catch ActivityError.alreadySignedUp {
            return try await IpusPages.plan(request, error: "Osoba jest już zapisana na „\(activity.title)”.", status: .conflict)
        }
        try await request.audit(
            .create, .activity, recordID: activityID, subjects: [AuditSubject(type: .person, id: try person.requireID())],
            detail: "działanie: zapisano osobę z planu \(plan.number)")
        return request.redirect(
            to: SiteRoute.ipusPlan.url(id, query: "done=activity", fragment: "dzialania"), redirectType: .normal)
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }

}

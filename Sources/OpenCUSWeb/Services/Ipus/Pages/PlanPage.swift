import Fluent
import OpenCUSCore
import Vapor

/// The plan page: the version in force, the draft, the form, deliveries, notes and what can be done now (`IpusActions`).
extension IpusPages {
    // MARK: The plan page

    struct VersionRow: Encodable, Sendable {
        let version: Int
        let state: String
        let reason: String
        let created: String
        let approved: String
    }

    struct DeliveryLine: Encodable, Sendable {
        let enrolmentID: UUID
        let service: String
        let thisMonth: String
        let last: String
    }

    struct NoteView: Encodable, Sendable {
        let on: String
        let author: String
        let what: String
        let providerFeedback: String
        let personView: String
        let isReview: Bool
    }

    /// A supportive item pointing to an activity of the calendar: whether the person is signed
    /// up, and how many of the meetings since then they attended.
    struct ActivityLink: Encodable, Sendable {
        let activityID: UUID
        let title: String
        let url: String
        let signedUp: Bool
        let attended: String
        let last: String?
    }

    struct PlanPage: Encodable, Sendable {
        let layout: Layout
        let id: UUID
        let number: String
        let person: String
        let personID: UUID
        let applicationID: UUID
        let applicationNumber: String
        let coordinator: String
        let deputy: String?
        let state: String
        let stateValue: String
        let revision: Int
        let clock: String?
        let reviewClock: String?
        let endClock: String?
        /// Zero or one: Leaf's context is global, so the shared content partial reads `c` from a loop.
        let inForce: [ContentView]
        let inForceVersion: Int?
        let approvedBy: String?
        let draft: [ContentView]
        let draftVersion: Int?
        let draftState: String?
        let returnNote: String?
        let draftDiff: [IpusDiff.Change]
        let typedDiff: [IpusDiff.Change]
        let form: FormView?
        let versions: [VersionRow]
        /// What providers recorded for the plan's programme services.
        let deliveries: [DeliveryLine]
        let notes: [NoteView]
        let activityLinks: [ActivityLink]
        let goalStatuses: [SelectOption]
        let attainmentOptions: [SelectOption]
        let coordinators: [SelectOption]
        let deputies: [SelectOption]
        let summaryOn: String?
        let summary: String
        let today: String
        let canEdit: Bool
        let canSubmit: Bool
        let canApprove: Bool
        let canNewVersion: Bool
        let canProgress: Bool
        let canNote: Bool
        let canStartClosing: Bool
        let canClose: Bool
        let canAssign: Bool
        let errors: FieldErrors
        let error: String?
        let notice: String?
    }
}

extension IpusPages.PlanPage {
    /// Everything the plan page shows, read in a fixed number of queries (deliveries of all the
    /// plan's services in one).
    struct Loaded: Sendable {
        let plan: IpusPlan
        let person: Person
        let application: ServiceApplication
        /// Oldest first; never empty (a plan is created with its first version).
        let versions: [IpusVersion]
        /// Newest first.
        let notes: [IpusNote]
        /// The services that may enter the draft (only loaded when the viewer may edit it).
        var serviceOptions: [(id: UUID, label: String)] = []
        /// Every service of the organisation by id, to name the typed form's services.
        var serviceNames: [UUID: String] = [:]
        var coordinators: [IpusPages.Coordinator] = []
        /// Newest first, of the services in the version in force.
        var deliveries: [DeliveryRecord] = []
        /// The organisation's supportive activities (what an item may point to).
        var activities: [Activity] = []
        var organisationSlug = ""
        /// The person's sign-ups for activities, with the meetings held since and those attended.
        var activitySignUps: [ActivitySignUp] = []
        var meetingsSince: [UUID: Int] = [:]
        var attended: [UUID: (count: Int, last: CalendarDay?)] = [:]

        var inForce: IpusVersion? { versions.first { $0.version == plan.approvedVersion } }
        var latest: IpusVersion { versions[versions.count - 1] }
        var draft: IpusVersion? { latest.state == .drafting || latest.state == .awaitingApproval ? latest : nil }

        /// What the plan's form may point to: each activity's title and organiser.
        var activityChoices: [UUID: (title: String, organiser: String)] {
            Dictionary(uniqueKeysWithValues: activities.compactMap { a in a.id.map { ($0, (a.title, a.organiser)) } })
        }

        /// The activities the plan's items (in force, or the draft) point to, with the person's attendance.
        var activityLinks: [IpusPages.ActivityLink] {
            let ids = ((inForce?.content.items ?? []) + (draft?.content.items ?? [])).compactMap(\.activityID)
            var seen = Set<UUID>()
            return ids.filter { seen.insert($0).inserted }.compactMap { id in
                guard let activity = activities.first(where: { $0.id == id }) else { return nil }
                let signUp = activitySignUps.first { $0.$activity.id == id }
                let record = signUp.flatMap { $0.id.flatMap { attended[$0] } }
                let held = signUp.flatMap { $0.id.flatMap { meetingsSince[$0] } } ?? 0
                return IpusPages.ActivityLink(
                    activityID: id, title: activity.title,
                    url: SiteRoute.publicActivity.url(organisationSlug, id), signedUp: signUp != nil,
                    attended: signUp == nil ? "—" : "\(record?.count ?? 0) z \(held) spotkań od zapisu",
                    last: record?.last?.polish)
            }
        }

        func actions(_ viewer: IpusActions.Viewer) -> IpusActions {
            IpusActions(
                IpusActions.Plan(
                    state: plan.state, draft: draft?.state, hasVersionInForce: inForce != nil,
                    coordinatorID: plan.coordinatorUserID,
                    deputyID: plan.deputyUserID),
                viewer: viewer)
        }
    }

    static func load(_ planID: UUID, actor: IpusService.Actor, organisationID: UUID, on db: any Database) async throws -> Loaded {
        let plan = try await IpusService.plan(planID, actor: actor, organisationID: organisationID, on: db)
        guard let person = try await Person.find(plan.$person.id, in: organisationID, on: db),
            let application = try await ServiceApplication.find(plan.$application.id, in: organisationID, on: db)
        else { throw Abort(.notFound) }
        let versions = try await IpusVersion.scoped(to: organisationID, on: db).filter(\.$plan.$id == plan.requireID())
            .sort(\.$version).all()
        guard !versions.isEmpty else { throw Abort(.notFound) }
        let notes = try await IpusNote.scoped(to: organisationID, on: db).filter(\.$plan.$id == plan.requireID())
            .sort(\.$onDay, .descending).sort(\.$createdAt, .descending).all()
        var loaded = Loaded(plan: plan, person: person, application: application, versions: versions, notes: notes)
        if loaded.actions(actor.viewer).edit, loaded.draft != nil {
            let services = try await IpusPages.eligibleServices(organisationID, on: db)
            loaded.serviceNames = Dictionary(uniqueKeysWithValues: try services.map { (try $0.requireID(), $0.name) })
            let enrolled = Set(
                try await Enrolment.scoped(to: organisationID, on: db).filter(\.$person.$id == person.requireID())
                    .filter(\.$active == true).all().map(\.$service.id))
            guard let organisation = try await Organisation.find(organisationID, on: db) else { throw Abort(.notFound) }
            let inForceIDs = Set(try await Catalogue.load(organisation, on: db)?.services.map { try $0.requireID() } ?? [])
            loaded.serviceOptions = try services.filter {
                try enrolled.contains($0.requireID()) || (inForceIDs.contains($0.requireID()) && $0.ipusEligible)
            }
            .sorted { $0.name < $1.name }
            .map {
                let id = try $0.requireID()
                return (id, $0.name + (enrolled.contains(id) ? " (osoba zakwalifikowana)" : " (osoba niezakwalifikowana)"))
            }
        }
        if plan.state != .closed && actor.seesAll {
            loaded.coordinators = try await IpusPages.coordinators(organisationID, on: db)
        }
        loaded.activities = try await Activity.scoped(to: organisationID, on: db).sort(\.$title).all()
        loaded.organisationSlug = try await Organisation.find(organisationID, on: db)?.slug ?? ""
        loaded.activitySignUps = try await ActivitySignUp.scoped(to: organisationID, on: db)
            .filter(\.$personID == person.requireID()).filter(\.$cancelledAt == nil).all()
        for signUp in loaded.activitySignUps {
            let id = try signUp.requireID()
            let since = CalendarDay(signUp.createdAt, in: WallClock.warsaw)
            let sessions = try await ActivitySession.query(on: db).filter(\.$activity.$id == signUp.$activity.id)
                .filter(\.$day >= since).all()
            loaded.meetingsSince[id] = sessions.count
            let present = try await ActivityPresence.query(on: db).filter(\.$signUp.$id == id).all().map { $0.$session.id }
            let days = sessions.filter { present.contains($0.id!) }.map(\.day)
            loaded.attended[id] = (days.count, days.max())
        }
        let enrolmentIDs = loaded.inForce?.content.items.filter { $0.kind == .service }.compactMap(\.enrolmentID) ?? []
        if !enrolmentIDs.isEmpty {
            loaded.deliveries = try await DeliveryRecord.scoped(to: organisationID, on: db)
                .filter(\.$enrolment.$id ~~ enrolmentIDs).sort(\.$onDay, .descending).all()
        }
        return loaded
    }

    /// What was typed (after a refused save) and the messages to show next to it.
    struct Typed: Sendable {
        var form: IpusForm?
        var errors = FieldErrors()
        var error: String?
        var showDiff = false
    }

    /// The page from the loaded rows, without touching the database.
    static func make(
        _ l: Loaded, viewer: IpusActions.Viewer, today: CalendarDay, layout: Layout, typed: Typed, notice: String?
    ) throws -> IpusPages.PlanPage {
        let plan = l.plan
        let (inForce, draft) = (l.inForce, l.draft)
        let actions = l.actions(viewer)
        var form: IpusPages.FormView?
        var typedDiff: [IpusDiff.Change] = []
        if actions.edit, let draft {
            form = IpusPages.formView(
                typed.form ?? IpusForm(draft.content), errors: typed.errors, services: l.serviceOptions,
                activities: l.activities.compactMap { a in a.id.map { ($0, a.title) } })
            if typed.showDiff, let typedForm = typed.form,
                case .success(let valid) = typedForm.validate(
                    keeping: nil, serviceNames: l.serviceNames, activities: l.activityChoices)
            {
                typedDiff = IpusDiff.between(draft.content, valid.content)
            }
        }
        let clocks = Clocks(plan: plan, inForce: inForce?.content, notes: l.notes, today: today)
        return IpusPages.PlanPage(
            layout: layout,
            id: try plan.requireID(), number: plan.number, person: l.person.fullName, personID: try l.person.requireID(),
            applicationID: try l.application.requireID(), applicationNumber: l.application.number,
            coordinator: plan.coordinatorName, deputy: plan.deputyName,
            state: plan.state.polishName + (draft != nil && inForce != nil ? " — nowa wersja \(draft!.state.polishName)" : ""),
            stateValue: plan.state.rawValue, revision: plan.revision, clock: clocks.due, reviewClock: clocks.review,
            endClock: clocks.end,
            inForce: inForce.map { [IpusPages.view($0.content)] } ?? [], inForceVersion: inForce?.version,
            approvedBy: inForce?.approval,
            draft: draft.map { [IpusPages.view($0.content)] } ?? [], draftVersion: draft?.version,
            draftState: draft?.state.polishName,
            returnNote: draft.flatMap { $0.returnNote.isEmpty ? nil : $0.returnNote },
            draftDiff: draft.flatMap { d in inForce.map { IpusDiff.between($0.content, d.content) } } ?? [],
            typedDiff: typedDiff, form: form,
            versions: l.versions.reversed().map { v in
                IpusPages.VersionRow(
                    version: v.version, state: v.state.polishName, reason: v.reason,
                    created: "\(v.createdBy), \(WarsawTime.format(v.createdAt))", approved: v.approval ?? "—")
            },
            deliveries: deliveryLines(inForce?.content, records: l.deliveries, month: Month(today)),
            notes: l.notes.map {
                IpusPages.NoteView(
                    on: $0.onDay.polish, author: $0.author, what: $0.what, providerFeedback: $0.providerFeedback,
                    personView: $0.personView, isReview: $0.isReview)
            },
            activityLinks: l.activityLinks,
            goalStatuses: GoalStatus.allCases.map { SelectOption(value: $0.rawValue, label: $0.polishName) },
            attainmentOptions: [SelectOption(value: "", label: "— oceń —")]
                + GoalStatus.allCases.filter { $0 != .open }.map { SelectOption(value: $0.rawValue, label: $0.polishName) },
            coordinators: l.coordinators.map {
                SelectOption(value: $0.id.uuidString, label: $0.name, selected: $0.id == plan.coordinatorUserID)
            },
            deputies: [SelectOption(value: "", label: "— bez zastępcy —", selected: plan.deputyUserID == nil)]
                + l.coordinators.map {
                    SelectOption(value: $0.id.uuidString, label: $0.name, selected: $0.id == plan.deputyUserID)
                },
            summaryOn: plan.summaryOn?.polish, summary: plan.summary, today: today.iso,
            canEdit: actions.edit, canSubmit: actions.submit, canApprove: actions.approve, canNewVersion: actions.newVersion,
            canProgress: actions.progress, canNote: actions.note, canStartClosing: actions.startClosing, canClose: actions.close,
            canAssign: actions.assign,
            errors: typed.errors.anchored(IpusPages.anchor), error: typed.error, notice: notice)
    }

    /// The plan's clocks in words: approval due, reviews, the end of the period.
    struct Clocks {
        var due: String?
        var review: String?
        var end: String?

        init(plan: IpusPlan, inForce: IpusContent?, notes: [IpusNote], today: CalendarDay) {
            if plan.approvedVersion == nil && plan.state != .closed {
                due =
                    "Termin opracowania i zatwierdzenia: \(plan.due.polish) — \(IntakeRules.clock(due: plan.due, today: today).polish)"
            }
            guard let c = inForce, plan.state == .active || plan.state == .closing else { return }
            let missed = IpusRules.missedReviews(c, notes: notes.filter(\.isReview).map(\.onDay), today: today)
            if !missed.isEmpty {
                review = "Zaległy przegląd: \(missed.map(\.polish).joined(separator: ", ")) — dodaj notatkę z przeglądu."
            } else if let next = IpusRules.nextReview(c, today: today) {
                review = "Najbliższy przegląd: \(next.polish) (\(IntakeRules.clock(due: next, today: today).polish))."
            }
            if IpusRules.endApproaching(c, today: today) {
                end = "Plan kończy się \(c.end.polish) — zaplanuj rozmowę podsumowującą."
            } else if c.end < today {
                end = "Okres planu minął \(c.end.polish) — zamknij plan."
            }
        }
    }

    /// This month's attendance and the last record of each programme service of the plan.
    static func deliveryLines(_ content: IpusContent?, records: [DeliveryRecord], month: Month) -> [IpusPages.DeliveryLine] {
        guard let content else { return [] }
        let byEnrolment = Dictionary(grouping: records, by: \.$enrolment.id)
        return content.items.filter { $0.kind == .service }.compactMap { item in
            guard let enrolmentID = item.enrolmentID else { return nil }
            let records = byEnrolment[enrolmentID] ?? []
            let mine = records.filter { $0.onDay >= month.first && $0.onDay <= month.last }
            return IpusPages.DeliveryLine(
                enrolmentID: enrolmentID, service: item.name,
                thisMonth: "\(mine.filter { $0.attendance == .attended }.count) z \(mine.count) zajęć z obecnością",
                last: records.first.map { "\($0.onDay.polish): \($0.attendance.polishName)" } ?? "brak zapisów")
        }
    }
}

import Fluent
import OpenCUSCore
import Vapor

/// Reads the facts of `InsightFacts` for one organisation from its own rows (one query per kind,
/// plain values only). The indicators are then pure functions of these in Core.
///
/// What the data cannot say: the stays on a reserve list that ended before the list kept the
/// day a request went onto it (M0033); those requests are not counted as waiting.
enum InsightQueries {
    static func day(_ date: Date) -> CalendarDay { CalendarDay(date, in: WallClock.warsaw) }

    /// The services of the programme in force, in the programme's order.
    static func programmeServices(_ organisationID: UUID, on db: any Database) async throws -> [ServiceDefinition] {
        guard let programme = try await Programme.scoped(to: organisationID, on: db).filter(\.$state == .inForce).first() else {
            return []
        }
        return try await ServiceDefinition.query(on: db).filter(\.$programme.$id == programme.requireID()).sort(\.$position)
            .all()
    }

    /// Which facts to read: a list behind a number needs only its kind.
    struct Parts: OptionSet, Sendable {
        let rawValue: Int
        static let requests = Parts(rawValue: 1)
        static let plans = Parts(rawValue: 2)
        static let rest = Parts(rawValue: 4)
        static let all: Parts = [.requests, .plans, .rest]
    }

    /// The facts of `parts`; with `coordinator`, the plans are that coordinator's only (their
    /// caseload). With `since`, only the rows that can count in a period starting on or after
    /// that day (received, decided or ended since, or still open): enough to recompute those
    /// periods exactly (`InsightSnapshots`' incremental refresh; a test holds it to the full read).
    static func facts(
        _ organisationID: UUID, parts: Parts = .all, coordinator: UUID? = nil, since: CalendarDay? = nil, on db: any Database
    ) async throws -> InsightFacts {
        var f = InsightFacts()
        // A day earlier than the window in UTC covers the Warsaw offset; the pure functions
        // filter by period anyway, so a row too many changes nothing.
        let sinceInstant = since.map {
            Date(timeIntervalSince1970: Double(CalendarDay(year: 1970, month: 1, day: 1)!.days(until: $0) - 1) * 86_400)
        }
        var planQuery = IpusPlan.scoped(to: organisationID, on: db)
        if let coordinator { planQuery = planQuery.filter(\.$coordinatorUserID == coordinator) }
        if let sinceInstant {
            planQuery = planQuery.group(.or) { $0.filter(\.$closedAt == nil).filter(\.$closedAt >= sinceInstant) }
        }
        let plans = parts.contains(.plans) ? try await planQuery.all() : []
        var requestQuery = RequestedService.scoped(to: organisationID, on: db)
        if let sinceInstant {
            requestQuery = requestQuery.group(.or) {
                $0.filter(\.$receivedAt >= sinceInstant).filter(\.$outcomeAt >= sinceInstant).filter(\.$outcomeAt == nil)
                    .filter(\.$outcome == .reserve)
            }
        }
        let requests = parts.contains(.requests) ? try await requestQuery.all() : []
        // The applications of what was read: all of them for the whole history, else by id in
        // batches (a query carries a limited number of parameters).
        let applications: [ServiceApplication]
        if parts.isDisjoint(with: [.requests, .plans]) {
            applications = []
        } else if coordinator == nil && since == nil {
            applications = try await ServiceApplication.scoped(to: organisationID, on: db).all()
        } else {
            let ids = Array(Set(requests.map { $0.$application.id } + plans.map { $0.$application.id }))
            var loaded: [ServiceApplication] = []
            for start in stride(from: 0, to: ids.count, by: 1000) {
                loaded += try await ServiceApplication.scoped(to: organisationID, on: db)
                    .filter(\.$id ~~ Array(ids[start..<min(start + 1000, ids.count)])).all()
            }
            applications = loaded
        }
        let byApplication = Dictionary(uniqueKeysWithValues: applications.compactMap { a in a.id.map { ($0, a) } })
        if parts.contains(.plans) {
            try await readPlans(
                plans, byApplication: byApplication, selected: coordinator != nil || since != nil, into: &f,
                organisationID: organisationID, on: db)
        }
        if parts.contains(.requests) {
            try await readRequests(
                requests, byApplication: byApplication, into: &f, since: since, organisationID: organisationID, on: db)
        }
        if parts.contains(.rest) { try await readRest(into: &f, since: since, organisationID: organisationID, on: db) }
        return f
    }

    static func readRequests(
        _ requests: [RequestedService], byApplication: [UUID: ServiceApplication], into f: inout InsightFacts,
        since: CalendarDay?, organisationID: UUID, on db: any Database
    ) async throws {
        for r in requests {
            guard let application = byApplication[r.$application.id] else { continue }
            let outcome: InsightFacts.Request.Outcome =
                switch r.outcome {
                case .requested: .open
                case .qualified: .granted
                case .reserve: .reserve
                case .refused: .refused
                case .routed, .withdrawn: .withdrawn
                }
            let decided = r.outcomeAt.map(day)
            f.requests.append(
                .init(
                    person: application.$person.id, service: r.$service.id, received: day(r.receivedAt),
                    assessed: outcome == .open || outcome == .withdrawn ? nil : decided, outcome: outcome, outcomeOn: decided,
                    channel: application.channel.rawValue, application: application.id))
            if let entered = r.reserveEnteredAt {
                f.waiting.append(
                    .init(
                        service: r.$service.id, added: day(entered), left: r.outcome == .reserve ? nil : decided,
                        person: application.$person.id, application: application.id))
            }
        }
        var decisions = RefusalDecision.scoped(to: organisationID, on: db)
        if let since { decisions = decisions.filter(\.$issuedOn >= since) }
        f.decisions = try await decisions.all().map {
            .init(issued: $0.issuedOn, appealed: $0.appealLodgedOn != nil)
        }
    }

    static func readPlans(
        _ plans: [IpusPlan], byApplication: [UUID: ServiceApplication], selected: Bool, into f: inout InsightFacts,
        organisationID: UUID, on db: any Database
    ) async throws {
        // A caseload's or a window's plans by id, in batches; the whole centre's without a list.
        var versions: [IpusVersion] = []
        if selected {
            let ids = plans.compactMap(\.id)
            for start in stride(from: 0, to: ids.count, by: 1000) {
                versions += try await IpusVersion.scoped(to: organisationID, on: db).filter(\.$approvedOn != nil)
                    .filter(\.$plan.$id ~~ Array(ids[start..<min(start + 1000, ids.count)])).all()
            }
        } else {
            versions = try await IpusVersion.scoped(to: organisationID, on: db).filter(\.$approvedOn != nil).all()
        }
        let firstApproval = Dictionary(grouping: versions, by: { $0.$plan.id }).mapValues { $0.compactMap(\.approvedOn).min() }
        let lastApproved = Dictionary(grouping: versions, by: { $0.$plan.id }).mapValues { $0.max { $0.version < $1.version } }
        for plan in plans {
            guard let id = plan.id, let application = byApplication[plan.$application.id] else { continue }
            f.plans.append(
                .init(
                    applicationReceived: day(application.receivedAt), approved: firstApproval[id] ?? nil,
                    closed: plan.closedAt.map(day), goals: (lastApproved[id] ?? nil)?.content.goals.map(\.status) ?? [], id: id,
                    person: plan.$person.id, coordinator: plan.coordinatorUserID))
        }
    }

    static func readRest(into f: inout InsightFacts, since: CalendarDay?, organisationID: UUID, on db: any Database) async throws
    {
        var enrolments = Enrolment.scoped(to: organisationID, on: db)
        if let since { enrolments = enrolments.group(.or) { $0.filter(\.$endDay == nil).filter(\.$endDay >= since) } }
        f.enrolments = try await enrolments.all().map {
            .init(person: $0.$person.id, service: $0.$service.id, start: $0.startDay, end: $0.endDay)
        }
        for service in try await programmeServices(organisationID, on: db) {
            f.places[try service.requireID()] = service.places
        }
        for service in try await ServiceDefinition.scoped(to: organisationID, on: db).all() {
            f.areas[try service.requireID()] = service.area
        }
        // Age and place only, for the breakdowns; names never leave the database here.
        for person in try await Person.scoped(to: organisationID, on: db).field(\.$id).field(\.$birthDate).field(\.$city).all() {
            f.people[try person.requireID()] = .init(born: person.birthDate, locality: person.city)
        }
        var deliveries = DeliveryRecord.scoped(to: organisationID, on: db).filter(\.$attendance != .cancelled)
        if let since { deliveries = deliveries.filter(\.$onDay >= since) }
        f.deliveries = try await deliveries.all()
            .map { .init(day: $0.onDay, attended: $0.attendance == .attended, service: $0.$service.id) }
        let activities = try await Activity.scoped(to: organisationID, on: db).all()
        let titles = Dictionary(uniqueKeysWithValues: activities.compactMap { a in a.id.map { ($0, a.title) } })
        var sessions = ActivitySession.scoped(to: organisationID, on: db)
        if let since { sessions = sessions.filter(\.$day >= since) }
        f.sessions = try await sessions.all().map {
            ActivitySessionFact(
                activityID: $0.$activity.id, title: titles[$0.$activity.id] ?? "", day: $0.day, participants: $0.total)
        }
        var hours = VolunteerHours.scoped(to: organisationID, on: db)
        if let since { hours = hours.filter(\.$day >= since) }
        f.volunteerHours = try await hours.all().map {
            .init(volunteer: $0.$volunteer.id, day: $0.day, minutes: $0.minutes)
        }
        var events = Event.query(on: db).filter(\.$organisation.$id == organisationID)
        if let since { events = events.filter(\.$endDay >= since) }
        for event in try await events.all() {
            let id = try event.requireID()
            let registered = try await Registration.query(on: db).filter(\.$event.$id == id).filter(\.$state == .confirmed)
                .count()
            guard registered > 0 else { continue }
            let present = Set(
                try await EventAttendance.query(on: db).filter(\.$event.$id == id).all().map(\.$registration.id)
            ).count
            let certificates = try await Certificate.query(on: db).filter(\.$event.$id == id).count()
            f.events.append(.init(ended: event.endDay, registered: registered, present: present, certificates: certificates))
        }
        var comments = ConsultationComment.scoped(to: organisationID, on: db)
        var responses = SurveyResponse.scoped(to: organisationID, on: db).filter(\.$submittedOn != nil)
        if let since {
            comments = comments.filter(\.$receivedOn >= since)
            responses = responses.filter(\.$submittedOn >= since)
        }
        f.voices =
            try await comments.all().map {
                .init(kind: .comment, day: $0.receivedOn, online: $0.channel == .online)
            }
            + (try await responses.all()).compactMap {
                r in r.submittedOn.map { .init(kind: .questionnaire, day: $0, online: r.channel == .online) }
            }
        f.residents = try await InsightSettings.scoped(to: organisationID, on: db).first()?.residents
    }
}

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

    static func facts(_ organisationID: UUID, on db: any Database) async throws -> InsightFacts {
        var f = InsightFacts()
        let applications = try await ServiceApplication.scoped(to: organisationID, on: db).all()
        let byApplication = Dictionary(uniqueKeysWithValues: applications.compactMap { a in a.id.map { ($0, a) } })
        for r in try await RequestedService.scoped(to: organisationID, on: db).all() {
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
                    channel: application.channel.rawValue))
            if let entered = r.reserveEnteredAt {
                f.waiting.append(.init(service: r.$service.id, added: day(entered), left: r.outcome == .reserve ? nil : decided))
            }
        }
        f.decisions = try await RefusalDecision.scoped(to: organisationID, on: db).all().map {
            .init(issued: $0.issuedOn, appealed: $0.appealLodgedOn != nil)
        }
        f.enrolments = try await Enrolment.scoped(to: organisationID, on: db).all().map {
            .init(person: $0.$person.id, service: $0.$service.id, start: $0.startDay, end: $0.endDay)
        }
        if let programme = try await Programme.scoped(to: organisationID, on: db).filter(\.$state == .inForce).first() {
            for service in try await ServiceDefinition.query(on: db).filter(\.$programme.$id == programme.requireID()).all() {
                f.places[try service.requireID()] = service.places
            }
        }
        f.deliveries = try await DeliveryRecord.scoped(to: organisationID, on: db).filter(\.$attendance != .cancelled).all()
            .map { .init(day: $0.onDay, attended: $0.attendance == .attended, service: $0.$service.id) }
        let plans = try await IpusPlan.scoped(to: organisationID, on: db).all()
        let versions = try await IpusVersion.scoped(to: organisationID, on: db).filter(\.$approvedOn != nil).all()
        let firstApproval = Dictionary(grouping: versions, by: { $0.$plan.id }).mapValues { $0.compactMap(\.approvedOn).min() }
        let lastApproved = Dictionary(grouping: versions, by: { $0.$plan.id }).mapValues { $0.max { $0.version < $1.version } }
        for plan in plans {
            guard let id = plan.id, let application = byApplication[plan.$application.id] else { continue }
            f.plans.append(
                .init(
                    applicationReceived: day(application.receivedAt), approved: firstApproval[id] ?? nil,
                    closed: plan.closedAt.map(day), goals: (lastApproved[id] ?? nil)?.content.goals.map(\.status) ?? []))
        }
        let activities = try await Activity.scoped(to: organisationID, on: db).all()
        let titles = Dictionary(uniqueKeysWithValues: activities.compactMap { a in a.id.map { ($0, a.title) } })
        f.sessions = try await ActivitySession.scoped(to: organisationID, on: db).all().map {
            ActivitySessionFact(
                activityID: $0.$activity.id, title: titles[$0.$activity.id] ?? "", day: $0.day, participants: $0.total)
        }
        f.volunteerHours = try await VolunteerHours.scoped(to: organisationID, on: db).all().map {
            .init(volunteer: $0.$volunteer.id, day: $0.day, minutes: $0.minutes)
        }
        for event in try await Event.query(on: db).filter(\.$organisation.$id == organisationID).all() {
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
        f.voices =
            try await ConsultationComment.scoped(to: organisationID, on: db).all().map {
                .init(kind: .comment, day: $0.receivedOn, online: $0.channel == .online)
            }
            + (try await SurveyResponse.scoped(to: organisationID, on: db).filter(\.$submittedOn != nil).all()).compactMap {
                r in r.submittedOn.map { .init(kind: .questionnaire, day: $0, online: r.channel == .online) }
            }
        f.residents = try await InsightSettings.scoped(to: organisationID, on: db).first()?.residents
        return f
    }
}

import Fluent
import Foundation
import OpenCUSCore
import SQLKit
import Vapor

/// `opencus bench-intake [--persons N] [--applications N] [--events N] [--postgres URL]`: fills a
/// throw-away database with a large city's registry (default 100 000 persons, 300 000
/// applications, 1 000 000 history events, enrolments and reserve lists in proportion, service
/// meetings, IPUS plans, activity sessions) on top of the demo, computes the indicators'
/// snapshot, then times the indicator pages, the intake dashboard and the reserve-list page end to end (routing,
/// session, queries, audit record, Leaf rendering — through the app's responder, without the
/// network). Prints numbers; asserts nothing. Results are recorded in docs/benchmarks.md.
struct BenchIntakeCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "persons", help: "Persons in the registry (default 100000)") var persons: Int?
        @Option(name: "applications", help: "Applications (default 300000)") var applications: Int?
        @Option(name: "events", help: "Application history events (default 1000000)") var events: Int?
        @Option(name: "postgres", help: "PostgreSQL URL to benchmark instead of SQLite") var postgres: String?
        @Flag(name: "keep", help: "Keep the generated database (SQLite file or PostgreSQL schema) for inspection") var keep: Bool
    }

    var help: String { "Benchmark the intake dashboard and reserve list on a large generated registry (temporary database)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let persons = max(1_000, signature.persons ?? 100_000)
        let applications = max(persons, signature.applications ?? 300_000)
        let events = max(applications, signature.events ?? 1_000_000)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("opencus-bench-\(UUID().uuidString)").path
        var configuration = try AppConfiguration.load(from: ["OPENCUS_DATA_DIR": directory])
        configuration.logLevel = .warning
        configuration.mailWorkerEnabled = false
        let schema = "bench_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
        if let url = signature.postgres { configuration.database = .postgres(url: url, searchPath: schema) }
        let app = try await Application.make(.production)
        defer { if !signature.keep { try? FileManager.default.removeItem(atPath: directory) } }
        do {
            try await configure(
                app, configuration: configuration, clock: .system, mailTransport: BenchOutboxCommand.NullTransport())
            if signature.postgres != nil { try await app.db.sql().raw("CREATE SCHEMA \(unsafeRaw: schema)").run() }
            try await app.autoMigrate()
            try await DemoData.load(on: app)
            let database = signature.postgres == nil ? "SQLite (WAL, file)" : "PostgreSQL"
            context.console.print(
                "OpenCUS intake benchmark: \(persons) persons, \(applications) applications, \(events) events, \(database), \(System.coreCount) cores"
            )
            let start = ContinuousClock.now
            let reserveService = try await LargeRegistry.generate(
                app: app, persons: persons, applications: applications, events: events)
            context.console.print("  generated in \(String(format: "%.0f", seconds(ContinuousClock.now - start))) s")
            // Fresh statistics, as autovacuum (PostgreSQL) or `PRAGMA optimize` (SQLite) would have after a load.
            try await app.db.sql().raw("ANALYZE").run()

            let cookie = try await session(app)
            if signature.keep { context.console.print("  kept: \(signature.postgres == nil ? directory : "schema " + schema)") }
            // The indicators' snapshot the dashboard reads: computed in the background in the app.
            let snapshotStart = ContinuousClock.now
            let snapshot = try await InsightSnapshots.refresh(try cus(app), now: Date(), on: app.db)
            context.console.print(
                "  indicators' snapshot (28 indicators × 12 months from the whole history) computed in \(String(format: "%.1f", seconds(ContinuousClock.now - snapshotStart))) s (took_ms \(snapshot.tookMilliseconds))"
            )
            // Housekeeping's quarter-hourly refresh: the last two months from their own rows.
            let recentStart = ContinuousClock.now
            let recent = try await InsightSnapshots.refresh(try cus(app), now: Date(), mode: .recent, on: app.db)
            context.console.print(
                "  incremental refresh (the last \(InsightSnapshots.recentMonths) months from their rows) in \(String(format: "%.1f", seconds(ContinuousClock.now - recentStart))) s (took_ms \(recent.tookMilliseconds), \(recent.fullAt.map { abs($0.timeIntervalSince(snapshot.fullAt ?? .distantPast)) < 1 } == true ? "incremental" : "whole after all"))"
            )
            for (label, path) in [
                ("baseline: staff home /panel", SiteRoute.panelDashboard.url()),
                ("indicators dashboard /panel/insight", SiteRoute.insightDashboard.url()),
                ("one indicator's year /panel/insight/USL-03", SiteRoute.insightIndicator.url("USL-03")),
                ("intake dashboard /panel/applications", SiteRoute.intakeDashboard.url()),
                ("reserve list /panel/reserve/:id (largest list)", SiteRoute.intakeReserveList.url(reserveService)),
            ] {
                var times: [Double] = []
                var bytes = 0
                for n in 0..<25 {
                    let t0 = ContinuousClock.now
                    let response = try await get(app, path, cookie: cookie)
                    let elapsed = seconds(ContinuousClock.now - t0) * 1000
                    guard response.status == .ok else { throw Abort(.internalServerError, reason: "\(path): \(response.status)") }
                    bytes = response.body.count
                    if n >= 5 { times.append(elapsed) }  // the first five warm caches
                }
                times.sort()
                context.console.print(
                    "  \(label.padding(toLength: 48, withPad: " ", startingAt: 0)) p50 \(String(format: "%6.1f", times[times.count / 2])) ms  p95 \(String(format: "%6.1f", times[times.count * 95 / 100])) ms  max \(String(format: "%6.1f", times.last!)) ms  (\(bytes / 1024) KiB)"
                )
            }
            if signature.postgres != nil && !signature.keep {
                try await app.db.sql().raw("DROP SCHEMA \(unsafeRaw: schema) CASCADE").run()
            }
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }

    func cus(_ app: Application) async throws -> UUID {
        guard let cus = try await Organisation.query(on: app.db).filter(\.$slug == "cus-jasminowo").first() else {
            throw Abort(.internalServerError, reason: "demo CUS missing")
        }
        return try cus.requireID()
    }

    /// The director's session, written directly (the benchmark measures pages, not the login):
    /// the intake pages and the indicators both open for the director.
    func session(_ app: Application) async throws -> String {
        guard let user = try await User.query(on: app.db).filter(\.$email == "dyrektor@cus-jasminowo.example").first() else {
            throw Abort(.internalServerError, reason: "demo director missing")
        }
        let token = SecureToken.make()
        let now = Date()
        try await StaffSession(
            tokenHash: token.sha256Hex, userID: try user.requireID(), organisationID: try await cus(app),
            csrfToken: SecureToken.make(), now: now,
            expiresAt: now.addingTimeInterval(3600)
        ).create(on: app.db)
        return token
    }

    func get(_ app: Application, _ path: String, cookie: String) async throws -> Response {
        let request = Request(application: app, method: .GET, url: URI(path: path), on: app.eventLoopGroup.any())
        request.headers.replaceOrAdd(name: .cookie, value: "\(StaffSessionMiddleware.cookieName)=\(cookie)")
        request.headers.replaceOrAdd(name: .host, value: "localhost")
        return try await app.responder.current.respond(to: request).get()
    }
}

/// Bulk rows for the benchmark, in multi-row INSERTs inside large transactions. Invented data:
/// no real person; names from a short list, no PESEL.
enum LargeRegistry {
    /// Returns the id of the service with the longest reserve list.
    static func generate(app: Application, persons: Int, applications: Int, events: Int) async throws -> UUID {
        let db = app.db
        guard let cus = try await Organisation.query(on: db).filter(\.$slug == "cus-jasminowo").first(),
            let catalogue = try await Catalogue.load(cus, on: db)
        else { throw Abort(.internalServerError, reason: "demo programme missing") }
        let org = try cus.requireID()
        // A large city's programme: the limited services get 250 times the places.
        for s in catalogue.services where s.places != nil {
            s.places = s.places! * 250
            try await s.update(on: db)
        }
        let services = catalogue.services
        let limited = services.filter { $0.places != nil }
        let programmeID = try catalogue.programme.requireID()
        let now = Date()
        let sql = try db.sql()
        var personIDs: [UUID] = []
        personIDs.reserveCapacity(persons)

        func insert(_ table: String, _ columns: [String], _ rows: [[any Encodable & Sendable]]) async throws {
            guard !rows.isEmpty else { return }
            var query = SQLQueryString("INSERT INTO \(ident: table) (\(unsafeRaw: columns.joined(separator: ", "))) VALUES ")
            for (i, row) in rows.enumerated() {
                if i > 0 { query.appendLiteral(", ") }
                query.appendLiteral("(")
                for (j, value) in row.enumerated() {
                    if j > 0 { query.appendLiteral(", ") }
                    query.appendInterpolation(bind: value)
                }
                query.appendLiteral(")")
            }
            try await sql.raw(query).run()
        }
        let batch = 200
        let first = DemoIntake.firstNames
        let last = DemoIntake.lastNames
        // Persons.
        var rows: [[any Encodable & Sendable]] = []
        for n in 0..<persons {
            let id = UUID()
            personIDs.append(id)
            let birth = String(format: "%04d-%02d-%02d", 1930 + n % 80, n % 12 + 1, n % 28 + 1)
            rows.append([
                id, org, first[n % first.count], last[(n / first.count) % last.count] + "-\(n)", birth,
                "ul. Długa \(n % 300 + 1)",
                "62-999", "Jaśminowo", "", "", "", "", now.addingTimeInterval(-Double(n)),
            ])
            if rows.count == batch || n == persons - 1 {
                try await insert(
                    "persons",
                    [
                        "id", "organisation_id", "first_name", "last_name", "birth_date", "street", "postcode", "city", "phone",
                        "email",
                        "communication_needs", "accessibility_needs", "created_at",
                    ], rows)
                rows.removeAll(keepingCapacity: true)
            }
        }
        // Applications, each with one requested service; outcomes spread like a working CUS:
        // 2% waiting, 80% qualified (places of limited services full, the rest finished), 10%
        // on reserve lists of limited services, 2% refused, 2% routed, 4% withdrawn.
        var appRows: [[any Encodable & Sendable]] = []
        var reqRows: [[any Encodable & Sendable]] = []
        var enrolRows: [[any Encodable & Sendable]] = []
        var eventRows: [[any Encodable & Sendable]] = []
        var assessmentRows: [[any Encodable & Sendable]] = []
        var activeByService: [UUID: Int] = [:]
        var deliveryRows: [[any Encodable & Sendable]] = []
        var planRows: [[any Encodable & Sendable]] = []
        var versionRows: [[any Encodable & Sendable]] = []
        let today = CalendarDay(now, in: WallClock.warsaw)
        // Plans reuse the content of a demo plan's approved version (goals with their states).
        guard
            let demoVersion = try await IpusVersion.scoped(to: org, on: db).filter(\.$state == .approved).first(),
            let coordinatorID = try await User.query(on: db).filter(\.$email == "koordynator@cus-jasminowo.example").first()?.id
        else { throw Abort(.internalServerError, reason: "demo IPUS missing") }
        let planContent = demoVersion.contentJSON
        var applicationIDs: [UUID] = []
        applicationIDs.reserveCapacity(applications)
        let eventsPerApplication = max(1, events / applications)
        var extraEvents = events - eventsPerApplication * applications
        let span = 4.0 * 365 * 86_400
        // All tables at once, parents first (the rows reference each other).
        func flush(force: Bool) async throws {
            guard force || appRows.count >= batch || eventRows.count >= batch * 4 else { return }
            do {
                try await insert(
                    "service_applications",
                    [
                        "id", "organisation_id", "number", "person_id", "applicant_role", "representative_name",
                        "representative_basis", "representative_contact", "channel", "received_at", "situation",
                        "consent_text_version", "consent_at",
                        "assessment_due", "closed",
                    ], appRows)
                appRows.removeAll(keepingCapacity: true)
            }
            do {
                try await insert(
                    "application_services",
                    [
                        "id", "organisation_id", "application_id", "service_id", "outcome", "programme_id", "outcome_at",
                        "received_at", "criteria_met", "note", "reserve_entered_at",
                    ], reqRows)
                reqRows.removeAll(keepingCapacity: true)
            }
            do {
                try await insert(
                    "enrolments",
                    [
                        "id", "organisation_id", "person_id", "service_id", "requested_service_id", "start_day", "end_day",
                        "active", "end_reason",
                    ], enrolRows)
                enrolRows.removeAll(keepingCapacity: true)
            }
            do {
                try await insert(
                    "delivery_records",
                    [
                        "id", "organisation_id", "enrolment_id", "service_id", "provider_organisation_id", "on_day", "minutes",
                        "units", "attendance", "note", "recorded_by", "recorded_at",
                    ], deliveryRows)
                deliveryRows.removeAll(keepingCapacity: true)
                try await insert(
                    "ipus_plans",
                    [
                        "id", "organisation_id", "person_id", "application_id", "number", "year", "sequence",
                        "coordinator_user_id", "coordinator_name", "deputy_user_id", "deputy_name", "state", "due",
                        "latest_version", "approved_version", "revision", "updated_by", "updated_at", "summary_on", "summary",
                        "closed_at", "created_at",
                    ], planRows)
                planRows.removeAll(keepingCapacity: true)
                try await insert(
                    "ipus_versions",
                    [
                        "id", "organisation_id", "plan_id", "version", "state", "content", "reason", "created_by", "created_at",
                        "submitted_at", "approved_by_user_id", "approved_by", "approved_on", "return_note",
                    ], versionRows)
                versionRows.removeAll(keepingCapacity: true)
            }
            do {
                try await insert(
                    "needs_assessments",
                    [
                        "id", "organisation_id", "application_id", "scheduled_on", "place", "place_note", "done_on", "findings",
                        "ipus_needed", "ipus_due", "coordinator", "updated_at",
                    ], assessmentRows)
                assessmentRows.removeAll(keepingCapacity: true)
            }
            do {
                try await insert(
                    "application_events", ["id", "organisation_id", "application_id", "at", "actor", "what"], eventRows)
                eventRows.removeAll(keepingCapacity: true)
            }
        }
        for n in 0..<applications {
            let id = UUID()
            applicationIDs.append(id)
            let person = personIDs[n % persons]
            let received = now.addingTimeInterval(-span + span * Double(n) / Double(applications))
            let day = CalendarDay(received, in: WallClock.warsaw)
            appRows.append([
                id, org, "W/B/\(n)", person, "person", "", "", "", "phone", received, "Dane testowe.", 1, received,
                day.adding(days: 14).iso, false,
            ])
            let roll = n % 50
            var outcome: ServiceOutcome
            var service = services[n % services.count]
            switch roll {
            case 0: outcome = .qualified
            case 1: outcome = .refused
            case 2: outcome = .routed
            case 3, 4: outcome = .withdrawn
            case 5...9: outcome = .reserve; service = limited[n % limited.count]
            default: outcome = .qualified
            }
            // The newest 2% wait for an outcome: a working CUS decides within weeks.
            if n >= applications - applications / 50 && outcome != .reserve { outcome = .requested }
            let waitingOutcome = outcome
            // One in ten has a recorded needs assessment (all the waiting ones a scheduled talk);
            // one in a hundred needs an IPUS.
            if n % 10 == 0 || waitingOutcome == .requested {
                let done = waitingOutcome != .requested
                assessmentRows.append([
                    UUID(), org, id, day.adding(days: 2).iso, "centre", "", done ? day.adding(days: 2).iso : nil as String?,
                    done ? "Dane testowe." : "", n % 100 == 0, n % 100 == 0 ? day.adding(days: 30).iso : nil as String?,
                    "Agnieszka Wójcik", received,
                ])
            }
            let requestedID = UUID()
            reqRows.append([
                requestedID, org, id, try service.requireID(), waitingOutcome.rawValue, programmeID,
                waitingOutcome == .requested ? nil as Date? : received.addingTimeInterval(3 * 86_400), received,
                n % 3 == 0 ? "[0]" : "[]", "",
                waitingOutcome == .reserve ? received.addingTimeInterval(3 * 86_400) : nil as Date?,
            ])
            if waitingOutcome == .qualified {
                let active: Bool
                if let places = service.places {
                    active = (activeByService[try service.requireID()] ?? 0) < places && n > applications / 2
                } else {
                    active = n > applications * 9 / 10
                }
                if active { activeByService[try service.requireID(), default: 0] += 1 }
                let enrolmentID = UUID()
                // Half of those receiving a service now have eight meetings in the last 90 days
                // (one in ten missed); one application in a hundred has an IPUS.
                if active && n % 2 == 0 {
                    for k in 0..<8 {
                        deliveryRows.append([
                            UUID(), org, enrolmentID, try service.requireID(), nil as UUID?,
                            today.adding(days: -(k * 11 + n % 11)).iso, 60, nil as Int?,
                            k == 3 && n % 5 == 0 ? "absent" : "attended",
                            "", "Agnieszka Wójcik", now,
                        ])
                    }
                }
                if n % 100 == 0 {
                    let planID = UUID()
                    let approved = day.adding(days: 10 + n % 40)
                    let closed = n % 300 == 0 ? received.addingTimeInterval(200 * 86_400) : nil
                    planRows.append([
                        planID, org, person, id, "IPUS/B/\(n)", 2000, n, coordinatorID, "Agnieszka Wójcik", nil as UUID?,
                        nil as String?, closed == nil ? "active" : "closed", day.adding(days: 30).iso, 1, 1, 1, "test", received,
                        nil as String?, "", closed, received,
                    ])
                    versionRows.append([
                        UUID(), org, planID, 1, "approved", planContent, "", "Agnieszka Wójcik", received, received,
                        coordinatorID, "Barbara Zielińska", approved.iso, "",
                    ])
                }
                enrolRows.append([
                    enrolmentID, org, person, try service.requireID(), requestedID, day.adding(days: 7).iso,
                    active ? nil as String? : day.adding(days: 97).iso,
                    active, active ? "" : "zakończenie zgodnie z planem",
                ])
            }
            var count = eventsPerApplication
            if extraEvents > 0 { count += 1; extraEvents -= 1 }
            for e in 0..<count {
                eventRows.append([
                    UUID(), org, id, received.addingTimeInterval(Double(e) * 86_400),
                    e == 0 ? "wnioskodawca" : "Agnieszka Wójcik",
                    e == 0 ? "Wniosek złożony (telefonicznie)" : "„\(service.name)”: \(waitingOutcome.polishName)",
                ])
            }
            try await flush(force: false)
        }
        try await flush(force: true)
        // Supportive activities: every demo activity met weekly for four years, 8–27 present.
        var sessionRows: [[any Encodable & Sendable]] = []
        let held = Set(try await ActivitySession.scoped(to: org, on: db).all().map { "\($0.$activity.id) \($0.day.iso)" })
        for activity in try await Activity.scoped(to: org, on: db).all() {
            for week in 0..<208 where !held.contains("\(try activity.requireID()) \(today.adding(days: -7 * week - 1).iso)") {
                sessionRows.append([
                    UUID(), org, try activity.requireID(), today.adding(days: -7 * week - 1).iso, 8 + week % 20, "{}", "",
                    "Krzysztof Mazur", now,
                ])
                if sessionRows.count == batch {
                    try await insert(
                        "activity_sessions",
                        [
                            "id", "organisation_id", "activity_id", "day", "total", "breakdown", "notes", "recorded_by",
                            "created_at",
                        ],
                        sessionRows)
                    sessionRows.removeAll(keepingCapacity: true)
                }
            }
        }
        try await insert(
            "activity_sessions",
            ["id", "organisation_id", "activity_id", "day", "total", "breakdown", "notes", "recorded_by", "created_at"],
            sessionRows)
        let reserve = try await sql.raw(
            """
            SELECT service_id, COUNT(*) AS n FROM application_services WHERE outcome = \(bind: ServiceOutcome.reserve.rawValue) GROUP BY service_id ORDER BY n DESC
            """
        ).first(decoding: IntakeQueries.CountRow.self)
        return reserve?.service_id ?? limited[0].id!
    }
}

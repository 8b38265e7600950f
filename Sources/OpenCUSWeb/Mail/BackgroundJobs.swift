import Fluent
import NIOConcurrencyHelpers
import Vapor

/// The in-process background loop: delivers the outbox and does housekeeping (expired
/// sessions, old login failures, delivered mail past its retention). Started by `serve` when
/// OPENCUS_MAIL_WORKER is on; on shutdown it finishes the message in hand and stops.
final class BackgroundJobs: Sendable {
    private let stopRequested = NIOLockedValueBox(false)
    private let task = NIOLockedValueBox<Task<Void, Never>?>(nil)
    static let housekeepingInterval: TimeInterval = 600
    static let retentionInterval: TimeInterval = 24 * 3600

    func start(app: Application) {
        let worker = Self.makeWorker(app: app)
        let interval = app.config.mailPollInterval
        let logger = app.logger
        let stop = stopRequested
        task.withLockedValue { existing in
            guard existing == nil else { return }
            existing = Task {
                var lastHousekeeping = Date.distantPast
                var lastRetention = Date.distantPast
                while !stop.withLockedValue({ $0 }) {
                    var busy = false
                    do {
                        let result = try await worker.runOnce(shouldStop: { stop.withLockedValue { $0 } })
                        busy = result.sent + result.retried + result.failed + result.skipped >= worker.batchSize
                    } catch {
                        logger.error("Outbox worker pass failed", metadata: ["error_type": "\(type(of: error))"])
                    }
                    do {
                        _ = try await RegistrationJobs.run(
                            on: app.db, environment: .init(now: app.clock.now(), baseURL: app.config.baseURL))
                    } catch {
                        logger.error("Registration jobs failed", metadata: ["error_type": "\(type(of: error))"])
                    }
                    if Date().timeIntervalSince(lastHousekeeping) >= Self.housekeepingInterval {
                        lastHousekeeping = Date()
                        do {
                            try await Housekeeping.run(app: app)
                        } catch {
                            logger.error("Housekeeping failed", metadata: ["error_type": "\(type(of: error))"])
                        }
                    }
                    // Retention once a day (the first pass right after start); idempotent, so
                    // several instances running it only repeat a check.
                    if Date().timeIntervalSince(lastRetention) >= Self.retentionInterval {
                        lastRetention = Date()
                        do {
                            _ = try await RetentionJob.run(on: app.db, now: app.clock.now(), logger: logger)
                        } catch {
                            logger.error("Retention job failed", metadata: ["error_type": "\(type(of: error))"])
                        }
                    }
                    if busy { continue }
                    // Sleep in small steps so that a stop request is noticed quickly.
                    var waited: TimeInterval = 0
                    while waited < interval && !stop.withLockedValue({ $0 }) {
                        try? await Task.sleep(for: .milliseconds(200))
                        waited += 0.2
                    }
                }
            }
        }
    }

    func stop() async {
        stopRequested.withLockedValue { $0 = true }
        let running = task.withLockedValue { $0 }
        await running?.value
    }

    static func makeWorker(app: Application) -> OutboxWorker {
        OutboxWorker(
            database: app.db, transport: app.opencus.mailTransport, from: app.config.mailFrom,
            messageIDDomain: app.config.baseURL.host ?? "opencus.invalid", retry: app.config.mailRetry,
            clock: app.clock, logger: app.logger)
    }
}

enum Housekeeping {
    static func run(app: Application) async throws {
        let now = app.clock.now()
        let db = app.db
        let config = app.config
        try await StaffSession.query(on: db).group(.or) { group in
            group.filter(\.$expiresAt <= now).filter(\.$lastSeenAt <= now.addingTimeInterval(-config.sessionIdleTimeout))
        }.delete()
        try await LoginFailure.query(on: db).filter(\.$failedAt <= now.addingTimeInterval(-config.loginThrottle.window)).delete()
        try await LoginChallenge.query(on: db).filter(\.$expiresAt <= now).delete()
        try await PasswordResetToken.query(on: db).filter(\.$expiresAt <= now).delete()
        // Delivered mail contains personal data (addresses, names); keep it only as long as it
        // helps answer "did the confirmation go out?".
        let cutoff = now.addingTimeInterval(-Double(config.outboxRetentionDays) * 86_400)
        try await OutboxMessage.query(on: db).filter(\.$state == .sent).filter(\.$sentAt <= cutoff).delete()
        // Once a month has ended, the figures organisations share are published for it.
        try await InsightPublisher.publishDue(now: now, on: db, logger: app.logger)
        // The indicators' snapshots that pages read, computed again when older than a quarter of an hour.
        try await InsightSnapshots.refreshStale(now: now, on: db, logger: app.logger)
    }
}

extension Application {
    private struct JobsKey: StorageKey {
        typealias Value = BackgroundJobs
    }

    var backgroundJobs: BackgroundJobs {
        if let existing = storage[JobsKey.self] { return existing }
        let jobs = BackgroundJobs()
        storage[JobsKey.self] = jobs
        return jobs
    }
}

/// Stops the background loop before the databases shut down.
struct BackgroundJobsLifecycle: LifecycleHandler {
    func shutdownAsync(_ application: Application) async {
        await application.backgroundJobs.stop()
    }
}

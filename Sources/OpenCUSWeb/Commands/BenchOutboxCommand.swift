import Fluent
import Foundation
import NIOConcurrencyHelpers
import OpenCUSCore
import SQLKit
import Vapor

/// `opencus bench-outbox [--messages N] [--postgres URL]`: measures how fast this build queues
/// and delivers mail, on a throw-away database (a temporary SQLite file, or a fresh schema in the
/// given PostgreSQL database that is dropped afterwards). Prints numbers; asserts nothing.
/// Results are recorded in docs/benchmarks.md.
struct BenchOutboxCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "messages", help: "Messages per phase (default 2000)") var messages: Int?
        @Option(name: "postgres", help: "PostgreSQL URL to benchmark instead of SQLite") var postgres: String?
    }

    var help: String { "Benchmark the mail outbox (enqueue and delivery rates) on a temporary database." }

    /// Delivers nowhere: measures the outbox machinery, not a mail server.
    struct NullTransport: MailTransport {
        func deliver(_ message: MailMessage, rendered: String) async throws {}
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        let count = max(100, signature.messages ?? 2000)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("opencus-bench-\(UUID().uuidString)").path
        var configuration = try AppConfiguration.load(from: ["OPENCUS_DATA_DIR": directory])
        configuration.logLevel = .warning
        configuration.mailWorkerEnabled = false
        let schema = "bench_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
        if let url = signature.postgres {
            configuration.database = .postgres(url: url, searchPath: schema)
        }
        let app = try await Application.make(.production)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        do {
            try await configure(app, configuration: configuration, clock: .system, mailTransport: NullTransport())
            if signature.postgres != nil { try await app.db.sql().raw("CREATE SCHEMA \(unsafeRaw: schema)").run() }
            try await app.autoMigrate()
            let database = signature.postgres == nil ? "SQLite (WAL, file)" : "PostgreSQL"
            context.console.print("OpenCUS outbox benchmark: \(count) messages per phase, \(database), \(System.coreCount) cores")

            let mail = OutgoingMail(
                to: MailAddress(name: "Anna Nowak", email: EmailAddress("anna.nowak@example.pl")!),
                subject: "Potwierdzenie zgłoszenia – Kongres Centrów Usług Społecznych",
                textBody: String(repeating: "Dzień dobry, potwierdzamy zgłoszenie na kongres.\n", count: 20),
                htmlBody: "<p>Dzień dobry, potwierdzamy zgłoszenie na kongres.</p>")

            // 1. One enqueue per write transaction, one after another (a single clerk).
            var start = ContinuousClock.now
            for n in 0..<count {
                try await app.db.writeTransaction { db in
                    try await Outbox.enqueue(mail, idempotencyKey: "seq-\(n)", organisationID: nil, on: db, now: Date())
                }
            }
            report(context, "enqueue, sequential transactions", count, ContinuousClock.now - start)

            // 2. 32 concurrent writers (a registration rush).
            start = ContinuousClock.now
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<32 {
                    group.addTask {
                        for n in stride(from: writer, to: count, by: 32) {
                            try await app.db.writeTransaction { db in
                                try await Outbox.enqueue(
                                    mail, idempotencyKey: "par-\(n)", organisationID: nil, on: db, now: Date())
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
            report(context, "enqueue, 32 concurrent writers", count, ContinuousClock.now - start)

            // 3. Delivery: one worker, then the rest by four racing workers.
            let total = count * 2
            var worker = BackgroundJobs.makeWorker(app: app)
            worker.batchSize = 100
            let oneWorker = worker
            start = ContinuousClock.now
            var delivered = 0
            while delivered < count {
                let result = try await oneWorker.runOnce()
                if result.sent == 0 { break }
                delivered += result.sent
            }
            report(context, "deliver (render MIME + mark sent), 1 worker", delivered, ContinuousClock.now - start)

            start = ContinuousClock.now
            let raced = NIOLockedValueBox(0)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        while true {
                            let result = try await oneWorker.runOnce()
                            if result.sent == 0 && result.skipped == 0 { return }
                            raced.withLockedValue { $0 += result.sent }
                        }
                    }
                }
                try await group.waitForAll()
            }
            report(context, "deliver, 4 racing workers", raced.withLockedValue { $0 }, ContinuousClock.now - start)
            let sent = try await OutboxMessage.query(on: app.db).filter(\.$state == .sent).count()
            context.console.print("check: \(sent) of \(total) messages sent, each exactly once: \(sent == total ? "yes" : "NO")")

            if signature.postgres != nil { try await app.db.sql().raw("DROP SCHEMA \(unsafeRaw: schema) CASCADE").run() }
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    private func report(_ context: CommandContext, _ label: String, _ n: Int, _ elapsed: Duration) {
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let rate = seconds > 0 ? Double(n) / seconds : 0
        context.console.print(
            "  \(label.padding(toLength: 46, withPad: " ", startingAt: 0)) \(String(format: "%8.0f", rate)) msg/s  (\(n) in \(String(format: "%.2f", seconds)) s)"
        )
    }
}

import Fluent
import Foundation
import NIOConcurrencyHelpers
import OpenCUSCore
import SQLKit
import Testing
import Vapor

@testable import OpenCUSWeb

@Suite struct OutboxTests {
    static func mail(_ n: Int = 1, to: String = "anna.nowak@example.pl") -> OutgoingMail {
        OutgoingMail(
            to: MailAddress(name: "Anna Nowak", email: EmailAddress(to)!),
            subject: "Potwierdzenie zgłoszenia nr \(n) – Kongres CUS",
            textBody: "Dzień dobry,\npotwierdzamy zgłoszenie.\n",
            htmlBody: "<p>Dzień dobry, potwierdzamy zgłoszenie.</p>",
            attachments: [
                MailAttachment(filename: "program-żółw.pdf", contentType: "application/pdf", data: Array("%PDF-1.4".utf8))
            ])
    }

    func enqueue(_ t: TestApp, count: Int) async throws -> [UUID] {
        var ids: [UUID] = []
        for n in 0..<count {
            ids.append(
                try #require(
                    try await Outbox.enqueue(
                        Self.mail(n), idempotencyKey: "key-\(n)", organisationID: nil, on: t.db, now: testStart)))
        }
        return ids
    }

    func worker(_ t: TestApp, batchSize: Int = 20) -> OutboxWorker {
        var worker = BackgroundJobs.makeWorker(app: t.app)
        worker.batchSize = batchSize
        return worker
    }

    func state(_ t: TestApp, _ id: UUID) async throws -> OutboxMessage {
        try #require(try await OutboxMessage.find(id, on: t.db))
    }

    @Test func messageEnqueuedInARolledBackTransactionIsNeverSent() async throws {
        try await withTestApp(.empty) { t in
            struct Boom: Error {}
            await #expect(throws: Boom.self) {
                try await t.db.writeTransaction { db in
                    try await Outbox.enqueue(
                        Self.mail(), idempotencyKey: "rolled-back", organisationID: nil, on: db, now: testStart)
                    throw Boom()
                }
            }
            #expect(try await OutboxMessage.query(on: t.db).count() == 0)
            #expect(try await OutboxAttachment.query(on: t.db).count() == 0)
            _ = try await worker(t).runOnce()
            #expect(t.transport.delivered.isEmpty)
        }
    }

    @Test func sameIdempotencyKeyQueuesOneMessage() async throws {
        try await withTestApp(.empty) { t in
            let first = try await Outbox.enqueue(
                Self.mail(), idempotencyKey: "registration-42", organisationID: nil, on: t.db, now: testStart)
            let second = try await t.db.writeTransaction { db in
                try await Outbox.enqueue(
                    Self.mail(), idempotencyKey: "registration-42", organisationID: nil, on: db, now: testStart)
            }
            #expect(first != nil)
            #expect(second == nil)
            #expect(try await OutboxMessage.query(on: t.db).count() == 1)
            #expect(try await OutboxAttachment.query(on: t.db).count() == 1)
        }
    }

    @Test func workerDeliversEachMessageOnceWithItsAttachment() async throws {
        try await withTestApp(.empty) { t in
            let ids = try await enqueue(t, count: 3)
            let result = try await worker(t).runOnce()
            #expect(result.sent == 3)
            #expect(t.transport.delivered.count == 3)
            for id in ids {
                let message = try await state(t, id)
                #expect(message.state == .sent)
                #expect(message.sentAt != nil)
                #expect(message.attempts == 1)
            }
            let rendered = try #require(t.transport.rendered.first)
            #expect(rendered.contains("Content-Type: application/pdf"))
            #expect(rendered.contains("filename*=UTF-8''program-%C5%BC%C3%B3%C5%82w.pdf"))
            #expect(rendered.contains("Subject: =?UTF-8?B?"))
            // A second pass finds nothing to do.
            #expect(try await worker(t).runOnce().sent == 0)
            #expect(t.transport.delivered.count == 3)
        }
    }

    @Test func temporaryFailureIsRetriedWithBackoffThenDelivered() async throws {
        try await withTestApp(.empty) { t in
            let failures = NIOLockedValueBox(2)
            t.transport.beforeDelivery = { _ in
                try failures.withLockedValue { remaining in
                    if remaining > 0 {
                        remaining -= 1
                        throw RecordingTransport.Failure.temporary
                    }
                }
            }
            let id = try #require(try await enqueue(t, count: 1).first)
            #expect(try await worker(t).runOnce().retried == 1)
            var message = try await state(t, id)
            #expect(message.state == .pending)
            #expect(message.lastError != nil)
            #expect(message.nextAttemptAt == testStart.addingTimeInterval(60))
            // Not due yet: nothing happens.
            #expect(try await worker(t).runOnce() == .init())
            t.advanceClock(61)
            #expect(try await worker(t).runOnce().retried == 1)
            message = try await state(t, id)
            #expect(message.nextAttemptAt == testStart.addingTimeInterval(61 + 120))  // backoff doubled
            t.advanceClock(121)
            #expect(try await worker(t).runOnce().sent == 1)
            message = try await state(t, id)
            #expect(message.state == .sent)
            #expect(message.attempts == 3)
            #expect(message.lastError == nil)
            #expect(t.transport.delivered.count == 1)
        }
    }

    @Test func permanentFailureStopsAtOnceAndAdminRetryDeliversIt() async throws {
        try await withTestApp { t in
            let fail = NIOLockedValueBox(true)
            t.transport.beforeDelivery = { _ in
                if fail.withLockedValue({ $0 }) { throw RecordingTransport.Failure.permanent }
            }
            let operatorID = try await t.organisationID("rops-poznan")
            let id = try #require(
                try await Outbox.enqueue(
                    Self.mail(), idempotencyKey: "perm", organisationID: operatorID, on: t.db, now: testStart))
            #expect(try await worker(t, batchSize: 200).runOnce().failed >= 1)
            #expect(try await state(t, id).state == .failed)

            let admin = t.browser()
            try await admin.login("admin@rops-poznan.example")
            let detail = try await admin.get("/panel/outbox/\(id)")
            #expect(detail.body.string.contains("Ponów wysyłkę"))
            #expect(detail.body.string.contains("błąd – wstrzymana"))
            fail.withLockedValue { $0 = false }
            let retry = try await admin.post("/panel/outbox/\(id)/retry", [])
            #expect(retry.status == .seeOther)
            #expect(try await state(t, id).state == .pending)
            #expect(try await worker(t).runOnce().sent == 1)
            #expect(try await state(t, id).state == .sent)
            // Retrying a sent message is refused.
            #expect(try await admin.post("/panel/outbox/\(id)/retry", []).status == .conflict)
        }
    }

    @Test func retryLimitMarksTheMessageFailed() async throws {
        try await withTestApp(.empty, adjust: { $0.mailRetry = RetryPolicy(baseDelay: 1, maximumDelay: 1, maximumAttempts: 3) }) {
            t in
            t.transport.beforeDelivery = { _ in throw RecordingTransport.Failure.temporary }
            let id = try #require(try await enqueue(t, count: 1).first)
            for _ in 0..<3 {
                _ = try await worker(t).runOnce()
                t.advanceClock(2)
            }
            let message = try await state(t, id)
            #expect(message.state == .failed)
            #expect(message.attempts == 3)
            #expect(try await worker(t).runOnce() == .init())
        }
    }

    @Test func workerStoppedMidBatchLosesNothingAndSendsNothingTwice() async throws {
        try await withTestApp(.empty) { t in
            let ids = try await enqueue(t, count: 5)
            let stop = NIOLockedValueBox(false)
            t.transport.beforeDelivery = { _ in
                // The shutdown signal arrives while the second message is being sent.
                if t.transport.delivered.count == 1 { stop.withLockedValue { $0 = true } }
            }
            let first = try await worker(t).runOnce(shouldStop: { stop.withLockedValue { $0 } })
            #expect(first.sent == 2)
            var states = [OutboxMessage.State]()
            for id in ids { states.append(try await state(t, id).state) }
            #expect(states.filter { $0 == .sent }.count == 2)
            #expect(states.filter { $0 == .pending }.count == 3)

            // The next process picks up the rest.
            t.transport.beforeDelivery = { _ in }
            let second = try await worker(t).runOnce()
            #expect(second.sent == 3)
            let subjects = t.transport.delivered.map(\.subject)
            #expect(subjects.count == 5)
            #expect(Set(subjects).count == 5)
        }
    }

    @Test func messageOfACrashedWorkerIsReclaimedAfterItsLeaseButNotBefore() async throws {
        try await withTestApp(.empty) { t in
            let id = try #require(try await enqueue(t, count: 1).first)
            // Simulate a worker that claimed the message and died.
            let message = try await state(t, id)
            message.state = .sending
            message.attempts = 1
            message.lockedUntil = testStart.addingTimeInterval(300)
            try await message.update(on: t.db)

            #expect(try await worker(t).runOnce() == .init())  // lease still held
            #expect(t.transport.delivered.isEmpty)
            t.advanceClock(301)
            #expect(try await worker(t).runOnce().sent == 1)
            #expect(try await state(t, id).attempts == 2)
        }
    }

    @Test func racingWorkersDeliverEveryMessageExactlyOnce() async throws {
        try await withTestApp(.empty) { t in
            _ = try await enqueue(t, count: 30)
            let workers = (0..<6).map { _ in worker(t, batchSize: 30) }
            let results = try await withThrowingTaskGroup(of: OutboxWorker.BatchResult.self) { group in
                for w in workers { group.addTask { try await w.runOnce() } }
                return try await group.reduce(into: [OutboxWorker.BatchResult]()) { $0.append($1) }
            }
            #expect(results.map(\.sent).reduce(0, +) == 30)
            let subjects = t.transport.delivered.map(\.subject)
            #expect(subjects.count == 30)
            #expect(Set(subjects).count == 30)
            #expect(try await OutboxMessage.query(on: t.db).filter(\.$state == .sent).count() == 30)
        }
    }

    @Test func fileTransportWritesReadableEmlFiles() async throws {
        try await withTestApp(.empty) { t in
            let directory = t.dataDirectory + "/mail"
            var w = worker(t)
            w = OutboxWorker(
                database: t.db, transport: FileMailTransport(directory: directory), from: w.from,
                messageIDDomain: w.messageIDDomain, retry: w.retry, clock: w.clock, logger: w.logger)
            _ = try await enqueue(t, count: 2)
            #expect(try await w.runOnce().sent == 2)
            let files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".eml") }
            #expect(files.count == 2)
            let text = try String(contentsOfFile: directory + "/" + files[0], encoding: .utf8)
            #expect(text.contains("To: =?UTF-8?B?") || text.contains("To: \"Anna Nowak\""))
            #expect(text.contains("Content-Type: multipart/mixed"))
            #expect(text.contains("Dzie=C5=84 dobry"))
        }
    }

    @Test func housekeepingForgetsOldDeliveredMailButKeepsTheRest() async throws {
        try await withTestApp(.empty) { t in
            let ids = try await enqueue(t, count: 2)
            t.transport.beforeDelivery = { message in
                if message.subject.contains("nr 1") { throw RecordingTransport.Failure.permanent }
            }
            _ = try await worker(t).runOnce()
            t.advanceClock(31 * 86_400)
            try await Housekeeping.run(app: t.app)
            #expect(try await OutboxMessage.find(ids[0], on: t.db) == nil)  // sent, past retention
            #expect(try await OutboxMessage.find(ids[1], on: t.db)?.state == .failed)  // failed: kept for the admin
            #expect(try await OutboxAttachment.query(on: t.db).count() == 1)
        }
    }
}

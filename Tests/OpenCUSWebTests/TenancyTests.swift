import Fluent
import Foundation
import OpenCUSCore
import Testing
import Vapor

@testable import OpenCUSWeb

@Suite struct TenancyTests {
    /// A failed message belonging to `slug`'s organisation.
    func failedMessage(_ t: TestApp, organisation slug: String) async throws -> UUID {
        let id = try #require(
            try await Outbox.enqueue(
                OutgoingMail(
                    to: MailAddress(email: EmailAddress("uczestnik@example.pl")!), subject: "Potwierdzenie", textBody: "Treść"),
                idempotencyKey: "tenancy-\(slug)", organisationID: try await t.organisationID(slug), on: t.db, now: testStart))
        let message = try #require(try await OutboxMessage.find(id, on: t.db))
        message.state = .failed
        try await message.update(on: t.db)
        return id
    }

    @Test func staffOfAnotherOrganisationGetsNotFoundNotForbidden() async throws {
        try await withTestApp { t in
            try await StaffAccounts.add(
                email: "admin@cus-jasminowo.example", name: "Jan Testowy", organisationSlug: "cus-jasminowo", role: "admin",
                password: { "długie hasło do testów 42" }, on: t.app)
            let jasminowoMessage = try await failedMessage(t, organisation: "cus-jasminowo")
            let poznanMessage = try await failedMessage(t, organisation: "rops-poznan")

            let poznanAdmin = t.browser()
            try await poznanAdmin.login("admin@rops-poznan.example")
            #expect(try await poznanAdmin.get("/panel/outbox/\(poznanMessage)").status == .ok)
            let foreign = try await poznanAdmin.get("/panel/outbox/\(jasminowoMessage)")
            #expect(foreign.status == .notFound)
            #expect(!foreign.body.string.contains("uczestnik@example.pl"))
            let foreignRetry = try await poznanAdmin.post("/panel/outbox/\(jasminowoMessage)/retry", [])
            #expect(foreignRetry.status == .notFound)
            #expect(try await OutboxMessage.find(jasminowoMessage, on: t.db)?.state == .failed)
            let list = try await poznanAdmin.get("/panel/outbox")
            #expect(list.body.string.contains(poznanMessage.uuidString))
            #expect(!list.body.string.contains(jasminowoMessage.uuidString))

            let jasminowoAdmin = t.browser()
            try await jasminowoAdmin.login("admin@cus-jasminowo.example", password: "długie hasło do testów 42")
            #expect(try await jasminowoAdmin.get("/panel/outbox/\(jasminowoMessage)").status == .ok)
            #expect(try await jasminowoAdmin.get("/panel/outbox/\(poznanMessage)").status == .notFound)
        }
    }

    @Test func cannotSwitchIntoAnOrganisationOneDoesNotBelongTo() async throws {
        try await withTestApp { t in
            let browser = t.browser()
            try await browser.login("dyrektor@cus-jasminowo.example")
            let rops = try await t.organisationID("rops-poznan")
            let response = try await browser.post("/panel/organisation", [("organisation_id", rops.uuidString)])
            #expect(response.status == .notFound)
            #expect(try await browser.get("/panel").body.string.contains("Centrum Usług Społecznych w Jaśminowie"))
        }
    }

    @Test func onlyTheOperatorsAdminsEditTheAccessibilityStatement() async throws {
        try await withTestApp { t in
            try await StaffAccounts.add(
                email: "admin@cus-jasminowo.example", name: "Jan Testowy", organisationSlug: "cus-jasminowo", role: "admin",
                password: { "długie hasło do testów 42" }, on: t.app)
            let otherAdmin = t.browser()
            try await otherAdmin.login("admin@cus-jasminowo.example", password: "długie hasło do testów 42")
            #expect(try await otherAdmin.get("/panel/accessibility").status == .forbidden)
            #expect(try await otherAdmin.post("/panel/accessibility", [("entityName", "X")]).status == .forbidden)
        }
    }

    @Test func scopedQueriesOnlySeeTheirOrganisation() async throws {
        try await withTestApp { t in
            _ = try await failedMessage(t, organisation: "cus-jasminowo")
            _ = try await failedMessage(t, organisation: "rops-poznan")
            let jasminowo = try await t.organisationID("cus-jasminowo")
            let all = try await OutboxMessage.query(on: t.db).all()
            let rows = try await OutboxMessage.scoped(to: jasminowo, on: t.db).all()
            #expect(rows.count == all.filter { $0.$organisation.id == jasminowo }.count)
            #expect(rows.count < all.count, "the other organisations' messages exist but are not seen")
            #expect(rows.contains { $0.idempotencyKey == "tenancy-cus-jasminowo" })
            #expect(!rows.contains { $0.idempotencyKey == "tenancy-rops-poznan" })
            #expect(rows.allSatisfy { $0.$organisation.id == jasminowo })
        }
    }
}

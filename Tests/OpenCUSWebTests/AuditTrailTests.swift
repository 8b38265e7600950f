import Fluent
import Foundation
import OpenCUSCore
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import OpenCUSWeb

extension TestApp {
    /// The chained records (reads are chained first, as the server's background step would).
    func audit(action: AuditAction? = nil, subject: UUID? = nil) async throws -> [AuditTrail.Row] {
        try await AuditChainer.run(on: db)
        var query = SQLQueryString("SELECT \(unsafeRaw: AuditTrail.columns) FROM audit_records r WHERE 1 = 1")
        if let action {
            query.appendInterpolation(unsafeRaw: " AND r.action = ")
            query.appendInterpolation(bind: action.rawValue)
        }
        if let subject {
            query.appendInterpolation(unsafeRaw: " AND r.id IN (SELECT audit_id FROM audit_subjects WHERE subject_id = ")
            query.appendInterpolation(bind: subject.uuidString.lowercased())
            query.appendInterpolation(unsafeRaw: ")")
        }
        query.appendInterpolation(unsafeRaw: " ORDER BY r.chain, r.sequence")
        return try await db.sql().raw(query).all(decoding: AuditTrail.Row.self)
    }

    func chainProblems() async throws -> [String] {
        try await AuditChainer.run(on: db)
        return try await AuditTrail.verify(on: db).compactMap(\.problem)
    }

    func registrationEnvironment() -> RegistrationService.Environment {
        .init(now: app.clock.now(), baseURL: configuration.baseURL)
    }

    func userID(_ email: String) async throws -> UUID {
        try #require(try await User.query(on: db).filter(\.$email == email).first()).requireID()
    }
}

/// The audit trail: every staff read and change of a registration, logins and refusals, the
/// hash chain and what happens when someone edits the table behind the application's back.
@Suite struct AuditTrailTests {
    static let forum = DemoRegistrations.upcomingSlug

    @Test func everyStaffReadListExportAndChangeIsRecordedAndTheChainVerifies() async throws {
        try await withTestApp { t in
            let context = try await t.context(Self.forum)
            let someone = try #require(
                try await Registration.query(on: t.db).filter(\.$event.$id == context.eventID).filter(\.$state == .confirmed)
                    .first())
            let organiser = t.browser()
            try await organiser.login("wydarzenia@cus-jasminowo.example")
            let base = "/panel/events/\(context.eventID)/registrations"

            #expect(try await organiser.get(base).status == .ok)
            let shown = try await Registration.query(on: t.db).filter(\.$event.$id == context.eventID).count()
            let list = try #require(try await t.audit(action: .list).last)
            #expect(list.record_type == "registration_list" && list.subjects.split(separator: ",").count == shown)
            #expect(list.actor_name == "Joanna Pawlak" && list.actor_roles == "event_organiser")

            #expect(try await organiser.get(base + "?q=kalinowska").status == .ok)
            #expect(try await t.audit(action: .search).count == 1)

            #expect(try await organiser.get(base + "/\(someone.id!)").status == .ok)
            #expect(
                try await organiser.post(
                    base + "/\(someone.id!)/cancel", [("reason", "Rezygnacja zgłoszona telefonicznie"), ("confirmed", "yes")]
                )
                .status == .seeOther)
            #expect(try await organiser.get(base + "/export.csv").status == .ok)

            let concerning = try await t.audit(subject: someone.id!)
            #expect(Set(concerning.map(\.action)).isSuperset(of: ["list", "search", "view", "update", "export"]))
            let update = try #require(concerning.first { $0.action == "update" })
            #expect(update.detail == "stan: potwierdzone → anulowane")
            let values = try await AuditTrail.values(for: [update.id], on: t.db)[update.id] ?? []
            #expect(values.contains { $0.field == "stan" && $0.old_value == "potwierdzone" && $0.new_value == "anulowane" })
            #expect(
                values.contains { $0.field == "uwaga" && $0.sensitive && $0.new_value == "Rezygnacja zgłoszona telefonicznie" })
            // The detail line and the log never carry what was typed about the person.
            #expect(!concerning.contains { $0.detail.contains("Rezygnacja") })
            #expect(!LogCapture.all.contains("Rezygnacja zgłoszona telefonicznie"))

            // A staff edit records old and new values of the changed fields only.
            let env = t.registrationEnvironment()
            let other = try #require(
                try await Registration.query(on: t.db).filter(\.$event.$id == context.eventID).filter(\.$state == .confirmed)
                    .first())
            var form = SelfServiceController.editable(
                other, rows: try await RegistrationService.workshopRows(other, on: t.db), context: context)
            form.phone = "600 123 456"
            let actor = AuditActor(
                userID: try await t.userID("wydarzenia@cus-jasminowo.example"), name: "Joanna Pawlak",
                organisationID: context.organisationID, roles: [.eventOrganiser], address: "127.0.0.1")
            try await RegistrationService.updateDetails(
                other.id!, form: form, actor: .staff(actor), context: context, on: t.db, environment: env)
            let edit = try #require(try await t.audit(subject: other.id!).last { $0.action == "update" })
            let changed = try await AuditTrail.values(for: [edit.id], on: t.db)[edit.id] ?? []
            #expect(changed.map(\.field) == ["telefon"] && changed[0].new_value == "600 123 456")

            #expect(try await t.chainProblems().isEmpty)
        }
    }

    @Test func auditRowsCannotBeRewrittenAndTamperingIsFound() async throws {
        try await withTestApp { t in
            let organiser = t.browser()
            try await organiser.login("wydarzenia@cus-jasminowo.example")
            let context = try await t.context(Self.forum)
            for _ in 0..<3 { try await organiser.get("/panel/events/\(context.eventID)/registrations") }
            #expect(try await t.chainProblems().isEmpty)
            let rows = try await t.audit().filter { $0.organisation_id == context.organisationID }
            #expect(rows.count >= 4)
            let target = rows[1]

            // The database itself refuses updates of audit records.
            await #expect(throws: (any Error).self) {
                try await t.db.sql().raw("UPDATE audit_records SET detail = 'nic się nie stało' WHERE id = \(bind: target.id)")
                    .run()
            }
            // Someone with direct database access switches the guard off and edits a row…
            if TestDatabase.isPostgres {
                try await t.db.sql().raw("ALTER TABLE audit_records DISABLE TRIGGER audit_records_no_update").run()
            } else {
                try await t.db.sql().raw("DROP TRIGGER audit_records_no_update").run()
            }
            try await t.db.sql().raw("UPDATE audit_records SET actor_name = 'ktoś inny' WHERE id = \(bind: target.id)").run()
            // Who did it is hashed like everything else: the change is found at that row.
            let problems = try await t.chainProblems()
            #expect(problems.count == 1)
            #expect(problems.first?.contains("wpis \(try #require(target.sequence))") == true)

            // …or deletes the newest rows: the chain's head tells.
            try await t.db.sql().raw(
                "UPDATE audit_records SET actor_name = \(bind: target.actor_name) WHERE id = \(bind: target.id)"
            ).run()
            #expect(try await t.chainProblems().isEmpty)
            try await t.db.sql().raw(
                "DELETE FROM audit_records WHERE chain = \(bind: target.chain) AND sequence = \(bind: rows.last!.sequence)"
            ).run()
            #expect(try await t.chainProblems().first?.contains("usunięto najnowsze wpisy") == true)
            // …or one in the middle.
            try await t.db.sql().raw(
                "DELETE FROM audit_records WHERE chain = \(bind: target.chain) AND sequence = \(bind: target.sequence)"
            ).run()
            #expect(try await t.chainProblems().first?.contains("usunięto") == true)
        }
    }

    @Test func concurrentAuditedRequestsNeverShareASequenceNumber() async throws {
        try await withTestApp { t in
            let organiser = t.browser()
            try await organiser.login("wydarzenia@cus-jasminowo.example")
            let context = try await t.context(Self.forum)
            try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for _ in 0..<20 {
                    group.addTask { try await organiser.get("/panel/events/\(context.eventID)/registrations").status }
                }
                for try await status in group { #expect(status == .ok) }
            }
            let rows = try await t.audit(action: .list)
            #expect(rows.count == 20)
            #expect(try await t.chainProblems().isEmpty)
        }
    }

    @Test func directorAndDPOReadTheTrailOthersAreRefusedAndTheRefusalIsRecorded() async throws {
        try await withTestApp { t in
            let context = try await t.context(Self.forum)
            let someone = try #require(try await Registration.query(on: t.db).filter(\.$event.$id == context.eventID).first())
            let organiser = t.browser()
            try await organiser.login("wydarzenia@cus-jasminowo.example")
            try await organiser.get("/panel/events/\(context.eventID)/registrations/\(someone.id!)")
            #expect(try await organiser.get("/panel/audit").status == .forbidden)
            let denied = try #require(try await t.audit(action: .permissionDenied).last)
            #expect(denied.actor_name == "Joanna Pawlak" && denied.detail == "GET /panel/audit")

            let dpo = t.browser()
            try await dpo.login("iod@cus-jasminowo.example")
            let page = try await dpo.get("/panel/audit?subject=\(someone.id!)")
            #expect(page.status == .ok)
            #expect(page.body.string.contains("Joanna Pawlak") && page.body.string.contains("wyświetlenie"))
            let bad = try await dpo.get("/panel/audit?from=wczoraj&subject=nie-uuid")
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("RRRR-MM-DD") && bad.body.string.contains("value=\"wczoraj\""))
            let csv = try await dpo.get("/panel/audit/export.csv?subject=\(someone.id!)")
            #expect(csv.status == .ok && csv.headers.contentType?.subType == "csv")
            #expect(csv.body.string.contains("Joanna Pawlak") && csv.body.string.contains("Czynność"))
            // Reading the trail is itself on the trail.
            #expect(
                try await t.audit(action: .export).contains {
                    $0.record_type == "audit_trail" && $0.actor_name == "Renata Sikora"
                })

            // Another organisation's DPO sees none of it.
            let stranger = t.browser()
            try await stranger.login("iod@rops-poznan.example")
            let theirs = try await stranger.get("/panel/audit?subject=\(someone.id!)")
            #expect(theirs.status == .ok && !theirs.body.string.contains("Joanna Pawlak"))
        }
    }

    @Test func auditCSVNeverStartsACellWithAFormula() async throws {
        try await withTestApp { t in
            try await StaffAccounts.add(
                email: "formula@cus-jasminowo.example", name: "=HYPERLINK(\"http://zly.example\";\"kliknij\")",
                organisationSlug: "cus-jasminowo", role: "event_organiser", password: { DemoData.password }, on: t.app)
            let sly = t.browser()
            try await sly.login("formula@cus-jasminowo.example")
            try await sly.get("/panel/events/\(try await t.context(Self.forum).eventID)/registrations")
            let dpo = t.browser()
            try await dpo.login("iod@cus-jasminowo.example")
            let csv = try await dpo.get("/panel/audit/export.csv").body.string
            #expect(csv.hasPrefix("\u{FEFF}Kiedy;Kto;"))
            #expect(csv.contains("\"'=HYPERLINK(\"\"http://zly.example\"\";\"\"kliknij\"\")\""))
            #expect(!csv.contains(";=HYPERLINK"))
        }
    }

    @Test func failedLoginsAreRecordedWithoutTheTypedAddress() async throws {
        try await withTestApp { t in
            let browser = t.browser()
            try await browser.get("/login")
            try await browser.post(
                "/login", [("email", "koordynator@cus-jasminowo.example"), ("password", "zle haslo zle haslo")])
            try await browser.post("/login", [("email", "ktos.obcy@nieznany.example"), ("password", "cokolwiek dlugiego")])
            let failures = try await t.audit(action: .loginFailed)
            #expect(failures.count == 2)
            let known = try #require(failures.first { $0.actor_user_id != nil })
            #expect(known.organisation_id == (try await t.organisationID("cus-jasminowo")) && known.detail == "błędne hasło")
            let unknown = try #require(failures.first { $0.actor_user_id == nil })
            #expect(unknown.chain == "system" && unknown.actor_name == "nieznane konto")
            #expect(!failures.contains { "\($0.detail)\($0.actor_name)\($0.subjects)".contains("nieznany.example") })
            try await browser.login("koordynator@cus-jasminowo.example")
            #expect(try await t.audit(action: .login).count == 1)
        }
    }
}

import Fluent
import Foundation
import OpenCUSCore
import Testing
import Vapor

@testable import OpenCUSWeb

/// The volunteers' registry: a volunteer with a signed agreement (printable), hours per
/// activity, and a numbered certificate of hours from the organisation's certificate register.
@Suite struct VolunteerTests {
    static let organiser = "osl@cus-jasminowo.example"

    @Test func theOrganiserSignsAnAgreementRecordsHoursAndPrintsACertificate() async throws {
        try await withTestApp { t in
            let staff = t.browser()
            try await staff.login(Self.organiser)
            try await staff.get("/panel/volunteers/new")
            let bad = try await staff.post(
                "/panel/volunteers",
                [
                    ("name", ""), ("email", "nie-mail"), ("agreementNumber", "WOL/2026/99"), ("validFrom", "2026-12-01"),
                    ("validUntil", "2026-11-01"),
                ])
            #expect(bad.status == .unprocessableEntity)
            for message in [
                "Wpisz imię i nazwisko.", "To nie jest poprawny adres e-mail.", "Podaj dzień podpisania porozumienia.",
                "Koniec nie może być przed początkiem.", "Opisz zakres świadczeń wolontariusza.", "Potwierdź, że wolontariusz",
            ] {
                #expect(bad.body.string.contains(message), "\(message)")
            }
            #expect(bad.body.string.contains("value=\"WOL/2026/99\""), "what was typed stays")
            let created = try await staff.post(
                "/panel/volunteers",
                [
                    ("name", "Ola Pomocna"), ("phone", "600 700 800"), ("email", "ola@example.pl"), ("availability", "soboty"),
                    ("skills", "prawo jazdy"), ("areas", "Bzowo"), ("consent", "on"), ("agreementNumber", "WOL/2026/99"),
                    ("signedOn", "2026-11-02"), ("validFrom", "2026-11-02"), ("validUntil", "2027-11-01"),
                    ("scope", "zakupy i dowóz do lekarza dla osób starszych"),
                ])
            #expect(created.status == .seeOther)
            let volunteer = try #require(try await Volunteer.query(on: t.db).filter(\.$name == "Ola Pomocna").first())
            let base = "/panel/volunteers/\(volunteer.id!)"
            let agreement = try await staff.get(base + "/agreement").body.string
            #expect(agreement.contains("Porozumienie nr WOL/2026/99") && agreement.contains("art. 44 ustawy"))
            #expect(agreement.contains("obowiązuje od 2 listopada 2026 do 1 listopada 2027"))
            let club = try #require(try await Activity.query(on: t.db).filter(\.$kind == .club).first())
            try await staff.get(base)
            let future = try await staff.post(base + "/hours", [("day", "2026-11-19"), ("duration", "2"), ("what", "x")])
            #expect(future.status == .unprocessableEntity && future.body.string.contains("nie może być w przyszłości"))
            let wrong = try await staff.post(base + "/hours", [("day", "2026-11-17"), ("duration", "25"), ("what", "")])
            #expect(wrong.body.string.contains("najwyżej 24 godziny") && wrong.body.string.contains("Opisz krótko"))
            for (day, duration, activity) in [
                ("2026-11-10", "1,5", club.id!.uuidString), ("2026-11-12", "2:30", club.id!.uuidString), ("2026-11-14", "3", ""),
            ] {
                let ok = try await staff.post(
                    base + "/hours", [("day", day), ("duration", duration), ("activity", activity), ("what", "pomoc")])
                #expect(ok.status == .seeOther)
            }
            #expect(
                try await VolunteerHours.query(on: t.db).filter(\.$volunteer.$id == volunteer.id!).all().map(\.minutes).sorted()
                    == [90, 150, 180])
            let page = try await staff.get(base).body.string
            #expect(page.contains("<dt>Godziny razem</dt><dd>7 godz.</dd>"))
            let issued = try await staff.post(base + "/certificates", [])
            #expect(issued.status == .seeOther)
            let certificate = try #require(
                try await VolunteerCertificate.query(on: t.db).filter(\.$volunteer.$id == volunteer.id!).first())
            #expect(certificate.number.hasSuffix("/2026/WOL") && certificate.minutes == 420)
            let printed = try await staff.get(try #require(issued.headers.first(name: .location))).body.string
            #expect(
                printed.contains("Nr \(certificate.number)")
                    && printed.contains("Łączny czas świadczeń: <strong>7 godz.</strong>"))
            #expect(
                printed.contains("<td>Klub Seniora „Pogodna Jesień”</td><td>4 godz.</td>")
                    && printed.contains("<td>inne działania centrum</td><td>3 godz.</td>"))
            #expect(printed.contains("od 10 listopada 2026 do 14 listopada 2026"))
            // The same register as event certificates: the next number follows.
            #expect(try await staff.post(base + "/certificates", []).status == .seeOther)
            let numbers = try await VolunteerCertificate.query(on: t.db).filter(\.$volunteer.$id == volunteer.id!).all().map(
                \.number)
            #expect(Set(numbers).count == 2)
            #expect(try await t.audit(action: .view).contains { $0.detail == "wolontariusz: karta" })
            #expect(try await t.audit(action: .print).contains { $0.detail.hasPrefix("wolontariusz: zaświadczenie") })
            // A coordinator does not manage volunteers.
            let coordinator = t.browser()
            try await coordinator.login("koordynator@cus-jasminowo.example")
            #expect(try await coordinator.get(base).status == .forbidden)
        }
    }

    @Test func aVolunteerIsInTheRodoCopyAndAnonymisedWithTheHoursKept() async throws {
        try await withTestApp { t in
            let volunteer = try #require(try await Volunteer.query(on: t.db).sort(\.$name).first())
            let hours = try await VolunteerHours.query(on: t.db).filter(\.$volunteer.$id == volunteer.id!).count()
            #expect(hours > 0, "the demo volunteers have hours")
            let dpo = t.browser()
            try await dpo.login("iod@cus-jasminowo.example")
            try await dpo.get("/panel/privacy")
            let copy = try await dpo.post("/panel/privacy/export", [("email", volunteer.email), ("format", "html")])
            #expect(copy.body.string.contains("Wolontariusz: \(volunteer.name)"))
            #expect(
                try await dpo.post("/panel/privacy/anonymise", [("email", volunteer.email), ("confirm", "yes")]).status
                    == .seeOther)
            let after = try #require(try await Volunteer.find(volunteer.id, on: t.db))
            #expect(after.name == ConsultationPrivacy.anonymisedName && after.email.isEmpty && after.anonymisedAt != nil)
            #expect(try await VolunteerHours.query(on: t.db).filter(\.$volunteer.$id == volunteer.id!).count() == hours)
        }
    }

    /// Retention: a volunteer whose agreement ended (and who gave no hours since) and a sign-up
    /// that was cancelled are anonymised once their periods pass; an open-ended activity's
    /// sign-up and a volunteer with a later agreement stay. Attendance and hours stay.
    @Test func retentionAnonymisesEndedAgreementsAndCancelledSignUps() async throws {
        try await withTestApp { t in
            let org = try await t.organisationID("cus-jasminowo")
            let now = t.app.clock.now()
            let volunteers = try await Volunteer.scoped(to: org, on: t.db).sort(\.$name).all()
            let ended = volunteers[0]
            ended.validUntil = CalendarDay(iso: "2023-01-31")
            try await ended.save(on: t.db)
            try await VolunteerHours.query(on: t.db).filter(\.$volunteer.$id == ended.id!).delete()
            // Ended too, but gave hours after the end: counted from the last hours (recent), so kept.
            let helpedLater = volunteers[1]
            helpedLater.validUntil = CalendarDay(iso: "2023-01-31")
            try await helpedLater.save(on: t.db)
            let signUps = try await ActivitySignUp.scoped(to: org, on: t.db).sort(\.$name).all()
            let cancelled = signUps[0]
            cancelled.cancelledAt = now.addingTimeInterval(-400 * 86_400)
            try await cancelled.save(on: t.db)
            let presence = try await ActivityPresence.query(on: t.db).filter(\.$signUp.$id == cancelled.id!).count()

            let plan = try await RetentionJob.plan(org, now: now, on: t.db)
            #expect(plan.volunteers.map(\.id) == [ended.id])
            #expect(plan.activitySignUps.map(\.id) == [cancelled.id])
            let retention = t.browser()
            try await retention.login("iod@cus-jasminowo.example")
            let page = try await retention.get("/panel/privacy/retention")
            #expect(
                page.body.string.contains("Zapisy na działania wspierające i wolontariusze do anonimizacji: <strong>2</strong>"))

            let report = try await RetentionJob.run(on: t.db, now: now, logger: t.app.logger)
            #expect(report.community == 2)
            let gone = try #require(try await Volunteer.find(ended.id, on: t.db))
            #expect(gone.name == ConsultationPrivacy.anonymisedName && gone.phone.isEmpty && gone.anonymisedAt != nil)
            #expect(try #require(try await Volunteer.find(helpedLater.id, on: t.db)).anonymisedAt == nil)
            let signUp = try #require(try await ActivitySignUp.find(cancelled.id, on: t.db))
            #expect(signUp.name == ConsultationPrivacy.anonymisedName && signUp.phone == nil)
            #expect(try await ActivityPresence.query(on: t.db).filter(\.$signUp.$id == cancelled.id!).count() == presence)
            #expect(try await ActivitySignUp.find(signUps[1].id, on: t.db)?.name == signUps[1].name, "open-ended activity: kept")
            // A second run finds nothing more.
            #expect(try await RetentionJob.plan(org, now: now, on: t.db).isEmpty)
        }
    }
}

import Fluent
import Foundation
import OpenCUSCore
import Testing
import Vapor
import VaporTesting

@testable import OpenCUSWeb

/// Second factor (TOTP), password change and reset links, sessions, an organisation's
/// "second factor required" switch.
@Suite struct StaffSecurityTests {
    static let coordinator = "koordynator@cus-jasminowo.example"

    func currentCode(_ t: TestApp, _ email: String, offset: Int64 = 0) async throws -> String {
        let user = try #require(try await User.query(on: t.db).filter(\.$email == email).first())
        let secret = try #require(user.totpSecret.flatMap(Base32.decode))
        let totp = TOTP(secret: secret)
        return totp.code(step: totp.step(at: t.app.clock.now()) + offset)
    }

    /// Logs in with the password only; returns the response (a redirect to the code page).
    func passwordStep(_ browser: Browser, _ email: String) async throws -> TestingHTTPResponse {
        try await browser.get("/login")
        return try await browser.post("/login", [("email", email), ("password", DemoData.password)])
    }

    @Test func secondFactorIsEnrolledThenAskedAtEveryLoginAndCodesWorkOnce() async throws {
        try await withTestApp { t in
            let me = t.browser()
            try await me.login(Self.coordinator)
            let setup = try await me.get("/panel/account/two-factor")
            #expect(setup.status == .ok && setup.body.string.contains("otpauth://totp/"))
            let wrong = try await me.post("/panel/account/two-factor", [("code", "000000")])
            #expect(wrong.status == .unprocessableEntity && wrong.body.string.contains("Kod się nie zgadza"))
            let enabled = try await me.post("/panel/account/two-factor", [("code", try await currentCode(t, Self.coordinator))])
            #expect(enabled.status == .ok)
            let codes = enabled.body.string.matches(of: /<code>([a-z2-9]{5}-[a-z2-9]{5})<\/code>/).map { String($0.output.1) }
            #expect(codes.count == 10)
            #expect(try await t.audit(action: .twoFactorEnabled).count == 1)

            // The password alone no longer opens the panel.
            let other = t.browser()
            let first = try await passwordStep(other, Self.coordinator)
            #expect(first.status == .seeOther && first.headers.first(name: .location) == "/login/two-factor")
            #expect(try await other.get("/panel").headers.first(name: .location)?.hasPrefix("/login") == true)
            try await other.get("/login/two-factor")
            #expect(try await other.post("/login/two-factor", [("code", "123456")]).status == .unauthorized)
            // The code used to switch it on cannot be used again (replay).
            let replay = try await other.post("/login/two-factor", [("code", try await currentCode(t, Self.coordinator))])
            #expect(replay.status == .unauthorized && replay.body.string.contains("już użyty"))
            t.advanceClock(30)
            let ok = try await other.post("/login/two-factor", [("code", try await currentCode(t, Self.coordinator))])
            #expect(ok.status == .seeOther && ok.headers.first(name: .location) == "/panel")
            #expect(try await other.get("/panel").status == .ok)
            #expect(try await t.audit(action: .login).last?.detail == "hasło + kod TOTP")

            // A recovery code works exactly once.
            let lost = t.browser()
            _ = try await passwordStep(lost, Self.coordinator)
            try await lost.get("/login/two-factor")
            #expect(try await lost.post("/login/two-factor", [("code", codes[0].uppercased())]).status == .seeOther)
            let again = t.browser()
            _ = try await passwordStep(again, Self.coordinator)
            try await again.get("/login/two-factor")
            #expect(try await again.post("/login/two-factor", [("code", codes[0])]).status == .unauthorized)

            // Five wrong codes end the attempt.
            let guesser = t.browser()
            _ = try await passwordStep(guesser, Self.coordinator)
            try await guesser.get("/login/two-factor")
            for _ in 0..<5 { try await guesser.post("/login/two-factor", [("code", "999999")]) }
            t.advanceClock(30)
            let late = try await guesser.post("/login/two-factor", [("code", try await currentCode(t, Self.coordinator))])
            #expect(late.status == .seeOther && late.headers.first(name: .location)?.hasPrefix("/login?") == true)
            #expect(try await t.audit(action: .loginFailed).filter { $0.detail == "błędny kod drugiego składnika" }.count >= 6)

            // Switching it off needs the password and a fresh code.
            t.advanceClock(30)
            let refused = try await me.post("/panel/account/two-factor/disable", [("password", "zle haslo"), ("code", "000000")])
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("Hasło jest nieprawidłowe"))
            let off = try await me.post(
                "/panel/account/two-factor/disable",
                [("password", DemoData.password), ("code", try await currentCode(t, Self.coordinator))])
            #expect(off.status == .seeOther)
            #expect(try await User.query(on: t.db).filter(\.$email == Self.coordinator).first()?.totpEnabledAt == nil)
        }
    }

    @Test func organisationCanRequireASecondFactorForRolesThatSeePersonalFiles() async throws {
        try await withTestApp { t in
            let analyst = t.browser()
            try await analyst.login("analityk@cus-jasminowo.example")
            let organiser = t.browser()
            try await organiser.login("wydarzenia@cus-jasminowo.example")
            #expect(try await organiser.post("/panel/members/security", [("requireTwoFactor", "on")]).status == .forbidden)
            let director = t.browser()
            try await director.login("dyrektor@cus-jasminowo.example")
            try await director.get("/panel/members")
            #expect(try await director.post("/panel/members/security", [("requireTwoFactor", "on")]).status == .seeOther)
            let sent = try await organiser.get("/panel/events")
            #expect(sent.status == .seeOther && sent.headers.first(name: .location) == "/panel/account/two-factor?required=1")
            #expect(
                try await organiser.get("/panel/account/two-factor?required=1").body.string.contains("Twoja organizacja wymaga"))
            #expect(try await analyst.get("/panel").status == .ok, "analysts see aggregates only")
            // Another organisation is not affected.
            let poznan = t.browser()
            try await poznan.login("wydarzenia@rops-poznan.example")
            #expect(try await poznan.get("/panel/events").status == .ok)
        }
    }

    @Test func passwordChangeChecksTheOldOneRefusesWeakOnesAndEndsOtherSessions() async throws {
        try await withTestApp { t in
            let here = t.browser()
            try await here.login(Self.coordinator)
            let there = t.browser()
            try await there.login(Self.coordinator)
            try await here.get("/panel/account")
            let wrong = try await here.post(
                "/panel/account/password",
                [
                    ("current", "nie to haslo"), ("new", "zielone jabłko na parapecie"),
                    ("repeated", "zielone jabłko na parapecie"),
                ])
            #expect(wrong.status == .unprocessableEntity && wrong.body.string.contains("Obecne hasło jest nieprawidłowe"))
            let weak = try await here.post(
                "/panel/account/password",
                [("current", DemoData.password), ("new", "Password2024!"), ("repeated", "Password2024!")])
            #expect(weak.status == .unprocessableEntity && weak.body.string.contains("najczęściej używanych"))
            let mismatch = try await here.post(
                "/panel/account/password",
                [("current", DemoData.password), ("new", "zielone jabłko na parapecie"), ("repeated", "zielone jablko")])
            #expect(mismatch.body.string.contains("Hasła nie są takie same"))
            let done = try await here.post(
                "/panel/account/password",
                [
                    ("current", DemoData.password), ("new", "zielone jabłko na parapecie"),
                    ("repeated", "zielone jabłko na parapecie"),
                ])
            #expect(done.status == .seeOther)
            #expect(
                try await there.get("/panel").headers.first(name: .location)?.hasPrefix("/login") == true, "other sessions end")
            #expect(try await here.get("/panel").status == .ok)
            let fresh = t.browser()
            try await fresh.login(Self.coordinator, password: "zielone jabłko na parapecie")
            #expect(try await t.audit(action: .passwordChanged).count == 1)
        }
    }

    @Test func adminSendsAOneTimeResetLinkOnlyToTheirOwnOrganisation() async throws {
        try await withTestApp { t in
            let admin = t.browser()
            try await admin.login("admin@rops-poznan.example")
            try await admin.get("/panel/members")
            let outsider = try await t.userID(Self.coordinator)
            #expect(try await admin.post("/panel/members/\(outsider)/reset-password", []).status == .notFound)
            let member = try await t.userID("wydarzenia@rops-poznan.example")
            let victim = t.browser()
            try await victim.login("wydarzenia@rops-poznan.example")
            #expect(try await admin.post("/panel/members/\(member)/reset-password", []).status == .seeOther)
            let mail = try #require(
                try await OutboxMessage.query(on: t.db).filter(\.$recipient == "wydarzenia@rops-poznan.example")
                    .filter(\.$subject == "OpenCUS: ustaw nowe hasło").first())
            let link = try #require(mail.textBody.firstMatch(of: /\/password\/reset\/[A-Za-z0-9_-]{40,}/)).output
            let person = t.browser()
            #expect(try await person.get(String(link)).status == .ok)
            let weak = try await person.post(String(link), [("new", "qwerty123456"), ("repeated", "qwerty123456")])
            #expect(weak.status == .unprocessableEntity)
            let set = try await person.post(
                String(link), [("new", "kot pije mleko o świcie"), ("repeated", "kot pije mleko o świcie")])
            #expect(set.status == .seeOther && set.headers.first(name: .location) == "/login?reset=1")
            #expect(
                try await victim.get("/panel").headers.first(name: .location)?.hasPrefix("/login") == true,
                "every session of the account ends")
            try await t.browser().login("wydarzenia@rops-poznan.example", password: "kot pije mleko o świcie")
            #expect(try await person.get(String(link)).status == .notFound, "the link works once")
            t.advanceClock(25 * 3600)
            try await admin.login("admin@rops-poznan.example")  // the earlier session has expired
            #expect(try await admin.post("/panel/members/\(member)/reset-password", []).status == .seeOther)
            let director = t.browser()
            try await director.login("dyrektor@cus-jasminowo.example")
            #expect(try await director.post("/panel/members/\(outsider)/reset-password", []).status == .forbidden)
            #expect(try await t.audit(action: .passwordResetRequested).count == 2)
            #expect(try await t.audit(action: .passwordReset).count == 1)
            #expect(try await person.get("/password/reset/zmyslony-link-zmyslony-link-zmyslony-link-0").status == .notFound)
        }
    }

    @Test func sessionsAreListedAndCanBeEndedOneByOneOrEverywhereElse() async throws {
        try await withTestApp { t in
            let laptop = t.browser()
            laptop.headers.replaceOrAdd(
                name: .userAgent, value: "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0")
            try await laptop.login(Self.coordinator)
            let phone = t.browser()
            phone.headers.replaceOrAdd(
                name: .userAgent, value: "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/130.0 Mobile Safari/537.36")
            try await phone.login(Self.coordinator)
            let page = try await laptop.get("/panel/account")
            #expect(
                page.body.string.contains("Firefox, Windows") && page.body.string.contains("Chrome, Android")
                    && page.body.string.contains("(ta sesja)"))
            let someoneElse = t.browser()
            try await someoneElse.login("analityk@cus-jasminowo.example")
            let analystSession = try #require(
                try await StaffSession.query(on: t.db).filter(
                    \.$user.$id == (try await t.userID("analityk@cus-jasminowo.example"))
                ).first())
            #expect(try await laptop.post("/panel/account/sessions/\(analystSession.id!)/revoke", []).status == .notFound)
            #expect(try await laptop.post("/panel/account/sessions/revoke-others", []).status == .seeOther)
            #expect(try await phone.get("/panel").headers.first(name: .location)?.hasPrefix("/login") == true)
            #expect(try await laptop.get("/panel").status == .ok)
            #expect(try await someoneElse.get("/panel").status == .ok)
            #expect(try await t.audit(action: .sessionRevoked).count == 1)
        }
    }
}

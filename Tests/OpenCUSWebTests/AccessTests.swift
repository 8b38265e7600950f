import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import OpenCUSWeb

@Suite struct AccessTests {
    @Test func loginWithDemoAccountOpensThePanelAndLogoutEndsTheSession() async throws {
        try await withTestApp { t in
            let browser = t.browser()
            try await browser.login("admin@rops-poznan.example")
            let panel = try await browser.get("/panel")
            #expect(panel.status == .ok)
            #expect(panel.body.string.contains("Halina Przybylska"))
            #expect(panel.body.string.contains("Regionalny Ośrodek Polityki Społecznej w Poznaniu"))
            let oldCookie = try #require(browser.cookie("opencus_session"))

            let logout = try await browser.post("/logout", [])
            #expect(logout.status == .seeOther)
            #expect(browser.cookie("opencus_session") == nil)
            #expect(try await StaffSession.query(on: t.db).count() == 0)
            // Replaying the old cookie does not get back in.
            browser.setCookie("opencus_session", oldCookie)
            let again = try await browser.get("/panel")
            #expect(again.status == .seeOther)
            #expect(again.headers.first(name: .location)?.hasPrefix("/login") == true)
        }
    }

    @Test func anonymousVisitorIsSentToLoginAndBroughtBack() async throws {
        try await withTestApp { t in
            let browser = t.browser()
            let response = try await browser.get("/panel/outbox")
            #expect(response.status == .seeOther)
            #expect(response.headers.first(name: .location) == "/login?next=/panel/outbox")
            try await browser.get("/login?next=/panel/outbox")
            let login = try await browser.post(
                "/login", [("email", "admin@rops-poznan.example"), ("password", DemoData.password), ("next", "/panel/outbox")])
            #expect(login.headers.first(name: .location) == "/panel/outbox")
        }
    }

    @Test func loginNeverRedirectsToAnotherSite() async throws {
        #expect(AccessController.safeNext("//evil.example/x") == nil)
        #expect(AccessController.safeNext("https://evil.example") == nil)
        #expect(AccessController.safeNext("/\\evil.example") == nil)
        #expect(AccessController.safeNext("/panel/outbox") == "/panel/outbox")
        // Browsers strip tabs and line breaks and read a backslash as a slash: each of these
        // would otherwise resolve to another host or leave the panel.
        for hostile in [
            "/\t/evil.example", "/\n/evil.example", "/\r\n/evil.example", "/\u{0B}/evil.example", " //evil.example",
            "/panel\t/../..//evil.example", "/panel/../..//evil.example", "/panel/./x", "/panel\\..\\evil", "/panel@evil.example",
            "/panelx", "/events/x", "/login", "/", "", "/panel/\u{0}", "/panel/zażółć", "/panel/<script>",
            "/panel/" + String(repeating: "a", count: 600),
        ] {
            #expect(AccessController.safeNext(hostile) == nil, "\(hostile.debugDescription)")
        }
        for kept in ["/panel", "/panel/ipus/7A1B?done=1", "/panel/events?page=2&q=a%20b", "/panel/applications#lista"] {
            #expect(AccessController.safeNext(kept) == kept)
        }
    }

    @Test func aHostileReturnAddressFallsBackToThePanelAfterLogin() async throws {
        try await withTestApp { t in
            let browser = t.browser()
            try await browser.get("/login")
            let login = try await browser.post(
                "/login", [("email", "admin@rops-poznan.example"), ("password", DemoData.password), ("next", "/\t/evil.example")])
            #expect(login.headers.first(name: .location) == "/panel")
        }
    }

    @Test func wrongPasswordAndUnknownEmailGetTheSameMessageAndKeepTheEmail() async throws {
        try await withTestApp { t in
            let browser = t.browser()
            try await browser.get("/login")
            let wrong = try await browser.post(
                "/login", [("email", "Admin@rops-poznan.example"), ("password", "wrong password 123")])
            #expect(wrong.status == .unauthorized)
            #expect(wrong.body.string.contains("Nieprawidłowy adres e-mail lub hasło"))
            #expect(wrong.body.string.contains("value=\"admin@rops-poznan.example\""))
            let unknown = try await browser.post("/login", [("email", "nobody@example.pl"), ("password", "wrong password 123")])
            #expect(unknown.status == .unauthorized)
            #expect(unknown.body.string.contains("Nieprawidłowy adres e-mail lub hasło"))
            #expect(browser.cookie("opencus_session") == nil)
            let empty = try await browser.post("/login", [("email", ""), ("password", "")])
            #expect(empty.status == .unprocessableEntity)
            #expect(empty.body.string.contains("Podaj adres e-mail i hasło."))
        }
    }

    @Test func fiveFailuresLockTheAccountEvenForTheRightPasswordUntilTheWindowPasses() async throws {
        try await withTestApp { t in
            let browser = t.browser()
            try await browser.get("/login")
            for _ in 0..<5 {
                let r = try await browser.post(
                    "/login", [("email", "admin@rops-poznan.example"), ("password", "guess guess guess")])
                #expect(r.status == .unauthorized)
            }
            let blocked = try await browser.post(
                "/login", [("email", "admin@rops-poznan.example"), ("password", DemoData.password)])
            #expect(blocked.status == .tooManyRequests)
            #expect(blocked.body.string.contains("Zbyt wiele nieudanych prób logowania. Spróbuj ponownie za 15 minut."))
            #expect(blocked.headers.first(name: .retryAfter) != nil)
            #expect(browser.cookie("opencus_session") == nil)

            t.advanceClock(15 * 60 + 1)
            let allowed = try await browser.post(
                "/login", [("email", "admin@rops-poznan.example"), ("password", DemoData.password)])
            #expect(allowed.status == .seeOther)
        }
    }

    @Test func oneAddressTryingManyAccountsIsThrottled() async throws {
        try await withTestApp(adjust: { $0.trustProxy = true }) { t in
            let attacker = t.browser()
            attacker.headers.replaceOrAdd(name: .xForwardedFor, value: "203.0.113.7")
            try await attacker.get("/login")
            for i in 0..<20 {
                try await attacker.post("/login", [("email", "person\(i)@example.pl"), ("password", "guess guess guess")])
            }
            let blocked = try await attacker.post(
                "/login", [("email", "dyrektor@cus-jasminowo.example"), ("password", DemoData.password)])
            #expect(blocked.status == .tooManyRequests)

            // Someone else, from another address, logs in normally.
            let colleague = t.browser()
            colleague.headers.replaceOrAdd(name: .xForwardedFor, value: "198.51.100.20")
            try await colleague.login("dyrektor@cus-jasminowo.example")
        }
    }

    @Test func postWithoutCSRFTokenIsRefusedAndChangesNothing() async throws {
        try await withTestApp { t in
            let browser = t.browser()
            try await browser.get("/login")
            let noToken = try await browser.post(
                "/login", [("email", "admin@rops-poznan.example"), ("password", DemoData.password)], csrf: false)
            #expect(noToken.status == .forbidden)
            #expect(try await StaffSession.query(on: t.db).count() == 0)

            try await browser.login("admin@rops-poznan.example")
            let before = try #require(try await AccessibilityStatement.query(on: t.db).first()).entityName
            let forged = try await browser.post(
                "/panel/accessibility", [("entityName", "Przejęte"), ("csrf_token", "forged-token-forged-token-forged-1234")],
                csrf: false)
            #expect(forged.status == .forbidden)
            #expect(forged.body.string.contains("Formularz wygasł"))
            #expect(try #require(try await AccessibilityStatement.query(on: t.db).first()).entityName == before)
            // The anonymous cookie token is not accepted for a logged-in session.
            let logoutWithCookieToken = try await browser.post(
                "/logout", [("csrf_token", browser.cookie("opencus_csrf") ?? "")], csrf: false)
            #expect(logoutWithCookieToken.status == .forbidden)
            #expect(try await StaffSession.query(on: t.db).count() == 1)
        }
    }

    @Test func sessionEndsAfterIdleTimeoutButActivityKeepsItAlive() async throws {
        try await withTestApp { t in
            let browser = t.browser()
            try await browser.login("dyrektor@cus-jasminowo.example")
            t.advanceClock(20 * 60)
            #expect(try await browser.get("/panel").status == .ok)
            t.advanceClock(20 * 60)
            #expect(try await browser.get("/panel").status == .ok)  // 40 min after login, 20 after last activity
            t.advanceClock(31 * 60)
            let expired = try await browser.get("/panel")
            #expect(expired.status == .seeOther)
            #expect(expired.headers.first(name: .location) == "/login?next=/panel&expired=1")
            let login = try await browser.get("/login?expired=1")
            #expect(login.body.string.contains("Sesja wygasła"))
            #expect(try await StaffSession.query(on: t.db).count() == 0)
        }
    }

    @Test func sessionCookieIsHttpOnlyAndRotatedAtLogin() async throws {
        try await withTestApp(adjust: { $0.secureCookies = true }) { t in
            let browser = t.browser()
            try await browser.get("/login")
            browser.setCookie("opencus_session", "planted-by-attacker")
            let response = try await browser.post(
                "/login", [("email", "admin@rops-poznan.example"), ("password", DemoData.password)])
            let setCookie = response.headers[.setCookie].joined(separator: "\n")
            #expect(setCookie.contains("opencus_session="))
            #expect(setCookie.contains("HttpOnly"))
            #expect(setCookie.contains("Secure"))
            #expect(setCookie.contains("SameSite=Lax"))
            #expect(browser.cookie("opencus_session") != "planted-by-attacker")
            // Only a hash of the token is stored.
            let stored = try #require(try await StaffSession.query(on: t.db).first())
            #expect(stored.tokenHash != browser.cookie("opencus_session"))
            #expect(stored.tokenHash == browser.cookie("opencus_session")!.sha256Hex)
        }
    }

    @Test func deactivatedAccountCannotLogInAndLosesItsSession() async throws {
        try await withTestApp { t in
            let browser = t.browser()
            try await browser.login("analityk@cus-jasminowo.example")
            let user = try #require(try await User.query(on: t.db).filter(\.$email == "analityk@cus-jasminowo.example").first())
            user.isActive = false
            try await user.update(on: t.db)
            #expect(try await browser.get("/panel").status == .seeOther)
            let again = t.browser()
            try await again.get("/login")
            let refused = try await again.post(
                "/login", [("email", "analityk@cus-jasminowo.example"), ("password", DemoData.password)])
            #expect(refused.status == .unauthorized)
        }
    }

    @Test func roleDecidesWhatThePanelOffers() async throws {
        try await withTestApp { t in
            let analyst = t.browser()
            try await analyst.login("analityk@cus-jasminowo.example")
            #expect(try await analyst.get("/panel").status == .ok)
            let outbox = try await analyst.get("/panel/outbox")
            #expect(outbox.status == .forbidden)
            #expect(outbox.body.string.contains("Brak dostępu"))
            #expect(try await analyst.get("/panel/members").status == .forbidden)

            let director = t.browser()
            try await director.login("dyrektor@cus-jasminowo.example")
            let members = try await director.get("/panel/members")
            #expect(members.status == .ok)
            #expect(members.body.string.contains("Agnieszka Wójcik"))
            #expect(!members.body.string.contains("Halina Przybylska"))  // another organisation's staff
        }
    }

    @Test func userAddCreatesAccountsAndRefusesWeakPasswords() async throws {
        try await withTestApp { t in
            let weak = await #expect(throws: StaffAccounts.Refusal.self) {
                try await StaffAccounts.add(
                    email: "nowa@cus-jasminowo.example", name: "Zofia Nowa", organisationSlug: "cus-jasminowo",
                    role: "ipus_coordinator", password: { "krotkie" }, on: t.app)
            }
            #expect(weak?.description.contains("co najmniej 12 znaków") == true)
            #expect(try await User.query(on: t.db).filter(\.$email == "nowa@cus-jasminowo.example").count() == 0)

            let created = try await StaffAccounts.add(
                email: "Nowa@cus-jasminowo.example", name: "Zofia Nowa", organisationSlug: "cus-jasminowo",
                role: "ipus_coordinator", password: { "zielone jabłko na parapecie" }, on: t.app)
            #expect(created == .created)
            let roleAdded = try await StaffAccounts.add(
                email: "nowa@cus-jasminowo.example", name: "Zofia Nowa", organisationSlug: "rops-poznan",
                role: "analyst", password: { "" }, on: t.app)
            #expect(roleAdded == .roleAdded)
            let again = try await StaffAccounts.add(
                email: "nowa@cus-jasminowo.example", name: "Zofia Nowa", organisationSlug: "rops-poznan",
                role: "analyst", password: { "" }, on: t.app)
            #expect(again == .alreadyHadRole)
            await #expect(throws: StaffAccounts.Refusal.self) {
                try await StaffAccounts.add(
                    email: "x@example.pl", name: "X", organisationSlug: "no-such-org", role: "analyst",
                    password: { "zielone jabłko na parapecie" }, on: t.app)
            }
            await #expect(throws: StaffAccounts.Refusal.self) {
                try await StaffAccounts.add(
                    email: "x@example.pl", name: "X", organisationSlug: "cus-jasminowo", role: "superuser",
                    password: { "zielone jabłko na parapecie" }, on: t.app)
            }

            let browser = t.browser()
            try await browser.login("nowa@cus-jasminowo.example", password: "zielone jabłko na parapecie")
            // Two organisations: the panel offers a switch, and switching works.
            let panel = try await browser.get("/panel")
            #expect(panel.body.string.contains("Zmień organizację"))
            let ropsID = try await t.organisationID("rops-poznan")
            let switched = try await browser.post("/panel/organisation", [("organisation_id", ropsID.uuidString)])
            #expect(switched.status == .seeOther)
            #expect(
                try await browser.get("/panel").body.string.contains(
                    "Działasz w imieniu: <strong>Regionalny Ośrodek Polityki Społecznej w Poznaniu"))
        }
    }
}

extension AccessTests {
    /// Anyone who knows a colleague's e-mail can lock that account, but not the colleague: on a
    /// browser they logged in from before, their password still opens the panel, and wrong
    /// passwords typed there count against that browser only.
    @Test func aLockedAccountStillOpensOnTheOwnersKnownDevice() async throws {
        try await withTestApp { t in
            let email = "dyrektor@cus-jasminowo.example"
            let own = t.browser()
            try await own.login(email)
            #expect(own.cookie(KnownDevices.cookieName) != nil)
            let laptop = t.browser()
            try await laptop.login(email)
            let colleague = t.browser()
            try await colleague.login("koordynator@cus-jasminowo.example")
            for browser in [own, laptop, colleague] { try await browser.post("/logout", []) }

            // Someone elsewhere locks the account.
            let attacker = t.browser()
            try await attacker.get("/login")
            for _ in 0..<5 {
                #expect(
                    try await attacker.post("/login", [("email", email), ("password", "zgaduję zgaduję")]).status == .unauthorized
                )
            }
            let locked = try await attacker.post("/login", [("email", email), ("password", DemoData.password)])
            #expect(locked.status == .tooManyRequests && locked.body.string.contains("na którym logowałeś(-aś) się wcześniej"))
            // Another person's known device does not lift this account's lock.
            try await colleague.get("/login")
            #expect(
                try await colleague.post("/login", [("email", email), ("password", DemoData.password)]).status == .tooManyRequests
            )
            // The owner's own browser: in as usual.
            try await own.get("/login")
            let back = try await own.post("/login", [("email", email), ("password", DemoData.password)])
            #expect(back.status == .seeOther && back.headers.first(name: .location) == "/panel")
            try await own.post("/logout", [])
            // Wrong passwords on it are limited there, without touching the other known device.
            try await own.get("/login")
            for _ in 0..<5 {
                #expect(
                    try await own.post("/login", [("email", email), ("password", "pomyłka pomyłka")]).status == .unauthorized)
            }
            #expect(try await own.post("/login", [("email", email), ("password", DemoData.password)]).status == .tooManyRequests)
            try await laptop.get("/login")
            #expect(try await laptop.post("/login", [("email", email), ("password", DemoData.password)]).status == .seeOther)
            // A forged device cookie is just an unknown device.
            attacker.setCookie(KnownDevices.cookieName, "nie-istnieje")
            #expect(
                try await attacker.post("/login", [("email", email), ("password", DemoData.password)]).status == .tooManyRequests)
        }
    }

    @Test func aPasswordChangeForgetsTheOtherDevicesAndAResetLiftsTheLock() async throws {
        try await withTestApp { t in
            let email = "dyrektor@cus-jasminowo.example"
            let userID = try await t.userID(email)
            let old = t.browser()
            try await old.login(email)
            let own = t.browser()
            try await own.login(email)
            #expect(try await KnownDevice.query(on: t.db).filter(\.$user.$id == userID).count() == 2)
            try await own.get("/panel/account")
            let changed = try await own.post(
                "/panel/account/password",
                [
                    ("current", DemoData.password), ("new", "Latarnia-nad-Wartą-47-zielona"),
                    ("repeated", "Latarnia-nad-Wartą-47-zielona"),
                ])
            #expect(changed.status == .seeOther)
            let left = try await KnownDevice.query(on: t.db).filter(\.$user.$id == userID).all()
            #expect(left.count == 1 && left[0].tokenHash == own.cookie(KnownDevices.cookieName)?.sha256Hex)

            // Someone locks the events organiser's account; the administrator's reset link lifts it.
            let organiser = "wydarzenia@rops-poznan.example"
            let attacker = t.browser()
            try await attacker.get("/login")
            for _ in 0..<5 { try await attacker.post("/login", [("email", organiser), ("password", "zgaduję zgaduję")]) }
            #expect(
                try await t.browser().post("/login", [("email", organiser), ("password", DemoData.password)]).status != .seeOther)
            let admin = t.browser()
            try await admin.login("admin@rops-poznan.example")
            try await admin.get("/panel/members")
            #expect(
                try await admin.post("/panel/members/\(try await t.userID(organiser))/reset-password", []).status == .seeOther)
            let mail = try #require(
                try await OutboxMessage.query(on: t.db).filter(\.$recipient == organiser)
                    .filter(\.$subject == "OpenCUS: ustaw nowe hasło").first())
            let link = String(try #require(mail.textBody.firstMatch(of: /\/password\/reset\/[A-Za-z0-9_-]{40,}/)).output)
            let person = t.browser()
            try await person.get(link)
            #expect(
                try await person.post(link, [("new", "kot pije mleko o świcie"), ("repeated", "kot pije mleko o świcie")]).status
                    == .seeOther)
            try await person.login(organiser, password: "kot pije mleko o świcie")
        }
    }
}

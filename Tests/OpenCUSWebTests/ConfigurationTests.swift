import Foundation
import Testing

@testable import OpenCUSWeb

@Suite struct ConfigurationTests {
    func load(_ env: [String: String]) throws -> AppConfiguration {
        try AppConfiguration.load(from: env, workingDirectory: "/srv/opencus")
    }

    func error(_ env: [String: String]) -> ConfigurationError? {
        do {
            _ = try load(env)
            return nil
        } catch let error as ConfigurationError {
            return error
        } catch {
            return nil
        }
    }

    @Test func emptyEnvironmentGivesEmbeddedSQLiteInTheDataFolder() throws {
        let config = try load([:])
        #expect(config.isEmbeddedDefault)
        #expect(config.dataDirectory == "/srv/opencus/opencus-data")
        #expect(config.database == .sqlite(path: "/srv/opencus/opencus-data/opencus.sqlite"))
        #expect(config.mailTransport == .file(directory: "/srv/opencus/opencus-data/mail"))
        #expect(config.baseURL.absoluteString == "http://127.0.0.1:8080")
        #expect(config.secureCookies == false)
        #expect(config.mailWorkerEnabled)
        #expect(config.sessionIdleTimeout == 30 * 60)
        #expect(config.logLevel == .info)
    }

    @Test func dataDirectoryOverrideAndDatabaseURLs() throws {
        #expect(try load(["OPENCUS_DATA_DIR": "/var/lib/opencus"]).dataDirectory == "/var/lib/opencus")
        let sqlite = try load(["DATABASE_URL": "sqlite:data/x.sqlite"])
        #expect(sqlite.database == .sqlite(path: "/srv/opencus/data/x.sqlite"))
        #expect(!sqlite.isEmbeddedDefault)
        let postgres = try load(["DATABASE_URL": "postgres://u:p@db:5432/opencus"])
        #expect(postgres.database == .postgres(url: "postgres://u:p@db:5432/opencus", searchPath: nil))
        #expect(!postgres.isEmbeddedDefault)
    }

    @Test func badDatabaseURLNamesTheVariableAndTheFix() {
        let problem = error(["DATABASE_URL": "mysql://x"])
        #expect(problem?.variable == "DATABASE_URL")
        #expect(problem?.fix.contains("postgres://") == true)
        #expect(error(["DATABASE_URL": "sqlite:"])?.variable == "DATABASE_URL")
        #expect(error(["DATABASE_URL": "postgres://nohostordb"])?.variable == "DATABASE_URL")
    }

    @Test func httpsBaseURLTurnsOnSecureCookies() throws {
        #expect(try load(["OPENCUS_BASE_URL": "https://cus.example.pl"]).secureCookies)
        #expect(
            try load(["OPENCUS_BASE_URL": "https://cus.example.pl", "OPENCUS_SECURE_COOKIES": "false"]).secureCookies == false)
        #expect(error(["OPENCUS_BASE_URL": "cus.example.pl"])?.variable == "OPENCUS_BASE_URL")
        #expect(error(["OPENCUS_BASE_URL": "https://cus.example.pl/sub/path"])?.variable == "OPENCUS_BASE_URL")
        #expect(error(["OPENCUS_SECURE_COOKIES": "perhaps"])?.variable == "OPENCUS_SECURE_COOKIES")
    }

    @Test func smtpSettingsAreCheckedTogether() throws {
        #expect(error(["OPENCUS_MAIL_TRANSPORT": "smtp"])?.variable == "OPENCUS_SMTP_HOST")
        #expect(error(["OPENCUS_MAIL_TRANSPORT": "pigeon"])?.variable == "OPENCUS_MAIL_TRANSPORT")
        #expect(
            error(["OPENCUS_MAIL_TRANSPORT": "smtp", "OPENCUS_SMTP_HOST": "mail.example.pl", "OPENCUS_SMTP_PORT": "70000"])?
                .variable == "OPENCUS_SMTP_PORT")
        #expect(
            error(["OPENCUS_MAIL_TRANSPORT": "smtp", "OPENCUS_SMTP_HOST": "mail.example.pl", "OPENCUS_SMTP_SECURITY": "ssl3"])?
                .variable == "OPENCUS_SMTP_SECURITY")
        #expect(
            error(["OPENCUS_MAIL_TRANSPORT": "smtp", "OPENCUS_SMTP_HOST": "mail.example.pl", "OPENCUS_SMTP_USERNAME": "cus"])?
                .variable == "OPENCUS_SMTP_PASSWORD")
        // A password in clear text over the network is refused; to a local relay it is allowed.
        let plain = [
            "OPENCUS_MAIL_TRANSPORT": "smtp", "OPENCUS_SMTP_SECURITY": "none", "OPENCUS_SMTP_USERNAME": "u",
            "OPENCUS_SMTP_PASSWORD": "p",
        ]
        #expect(error(plain.merging(["OPENCUS_SMTP_HOST": "mail.example.pl"]) { $1 })?.variable == "OPENCUS_SMTP_SECURITY")
        #expect(error(plain.merging(["OPENCUS_SMTP_HOST": "127.0.0.1"]) { $1 }) == nil)
        #expect(
            error([
                "OPENCUS_MAIL_TRANSPORT": "smtp", "OPENCUS_SMTP_HOST": "h.example", "OPENCUS_SMTP_CA_FILE": "/nonexistent.pem",
            ])?.variable == "OPENCUS_SMTP_CA_FILE")

        let tls = try load([
            "OPENCUS_MAIL_TRANSPORT": "smtp", "OPENCUS_SMTP_HOST": "mail.example.pl", "OPENCUS_SMTP_SECURITY": "tls",
        ])
        guard case .smtp(let settings) = tls.mailTransport else {
            Issue.record("expected SMTP")
            return
        }
        #expect(settings.port == 465)
        #expect(settings.security == .tls)
    }

    @Test func otherValuesAreValidated() {
        #expect(error(["LOG_LEVEL": "loud"])?.variable == "LOG_LEVEL")
        #expect(error(["OPENCUS_SESSION_IDLE_MINUTES": "1"])?.variable == "OPENCUS_SESSION_IDLE_MINUTES")
        #expect(error(["OPENCUS_MAIL_WORKER": "sometimes"])?.variable == "OPENCUS_MAIL_WORKER")
        #expect(error(["OPENCUS_MAIL_FROM": "not an address"])?.variable == "OPENCUS_MAIL_FROM")
        #expect(error(["OPENCUS_MAIL_POLL_SECONDS": "0"])?.variable == "OPENCUS_MAIL_POLL_SECONDS")
    }

    @Test func mailFromAcceptsANameWithPolishLetters() throws {
        let config = try load(["OPENCUS_MAIL_FROM": "Centrum Usług Społecznych <cus@example.pl>"])
        #expect(config.mailFrom.name == "Centrum Usług Społecznych")
        #expect(config.mailFrom.email.value == "cus@example.pl")
    }

    @Test func errorMessageNamesVariableAndFix() {
        let text = String(
            describing: error(["OPENCUS_SMTP_PORT": "x", "OPENCUS_MAIL_TRANSPORT": "smtp", "OPENCUS_SMTP_HOST": "h.example"])!)
        #expect(text.contains("OPENCUS_SMTP_PORT"))
        #expect(text.contains("Fix:"))
    }
}

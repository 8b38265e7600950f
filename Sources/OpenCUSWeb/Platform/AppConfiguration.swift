import Foundation
import Logging
import OpenCUSCore

/// Every setting OpenCUS reads from its environment, parsed and checked in one place.
/// `load(from:)` is a pure function of the environment dictionary so that each rule is tested;
/// the README lists the same variables with their defaults.
public struct AppConfiguration: Sendable {
    public enum DatabaseChoice: Sendable, Equatable {
        case sqlite(path: String)
        case postgres(url: String, searchPath: String?)
    }

    public enum SMTPSecurity: String, Sendable, Equatable, CaseIterable {
        case starttls, tls, none
    }

    public struct SMTPSettings: Sendable, Equatable {
        public var host: String
        public var port: Int
        public var security: SMTPSecurity
        public var username: String?
        public var password: String?
        /// Extra trust root in PEM (a private CA, or a test server's self-signed certificate).
        public var caFile: String?
        public var timeout: TimeInterval
        /// Name announced in EHLO.
        public var heloName: String
    }

    public enum MailTransportChoice: Sendable, Equatable {
        /// Writes each message as an `.eml` file into this folder.
        case file(directory: String)
        case smtp(SMTPSettings)
    }

    public var database: DatabaseChoice
    /// True when no `DATABASE_URL` was given: the embedded SQLite database is migrated and
    /// seeded with demo data on `serve`, so a new user needs no set-up at all.
    public var isEmbeddedDefault: Bool
    public var dataDirectory: String
    public var baseURL: URL
    public var mailTransport: MailTransportChoice
    public var mailFrom: MailAddress
    public var mailWorkerEnabled: Bool
    public var mailPollInterval: TimeInterval
    /// How often committed read audits are moved into their chains while serving.
    public var auditChainInterval: TimeInterval
    public var mailRetry: RetryPolicy
    public var outboxRetentionDays: Int
    public var logLevel: Logger.Level
    public var secureCookies: Bool
    public var sessionIdleTimeout: TimeInterval
    public var sessionAbsoluteLifetime: TimeInterval
    public var trustProxy: Bool
    /// How many of our own proxies stand in front of the app (each appends to X-Forwarded-For).
    public var proxyHops: Int
    /// Bcrypt cost. Only tests lower it (to keep the suite fast); it is not an environment setting.
    public var passwordHashCost: Int
    public var loginThrottle: LoginThrottlePolicy
    /// Read templates from disk on every render (for people editing them).
    public var reloadTemplates: Bool
    /// Public registrations (form and API) per client address per minute.
    public var rateLimitPerMinute: Int
    /// How long a request waits for a free PostgreSQL connection before it fails. During a
    /// registration rush requests queue behind the event's row lock while holding connections.
    public var databasePoolTimeout: TimeInterval
}

/// A configuration problem: which variable, what was wrong, how to fix it.
public struct ConfigurationError: Error, Equatable, CustomStringConvertible {
    public let variable: String
    public let problem: String
    public let fix: String

    public var description: String {
        "Configuration error in \(variable): \(problem). Fix: \(fix)"
    }
}

extension AppConfiguration {
    /// Documented in README.md ("Configuration"). Keep the two in step.
    public static func load(from env: [String: String], workingDirectory: String = FileManager.default.currentDirectoryPath)
        throws -> AppConfiguration
    {
        func value(_ key: String) -> String? {
            guard let raw = env[key]?.trimmingCharacters(in: .whitespacesAndNewlines), !raw.isEmpty else { return nil }
            return raw
        }
        func bool(_ key: String, default defaultValue: Bool) throws -> Bool {
            guard let raw = value(key) else { return defaultValue }
            switch raw.lowercased() {
            case "1", "true", "yes", "on": return true
            case "0", "false", "no", "off": return false
            default:
                throw ConfigurationError(
                    variable: key, problem: "\"\(raw)\" is not a yes/no value", fix: "set it to true or false")
            }
        }
        func int(_ key: String, default defaultValue: Int, range: ClosedRange<Int>) throws -> Int {
            guard let raw = value(key) else { return defaultValue }
            guard let number = Int(raw), range.contains(number) else {
                throw ConfigurationError(
                    variable: key,
                    problem: "\"\(raw)\" is not a whole number between \(range.lowerBound) and \(range.upperBound)",
                    fix: "set a number in that range or remove the variable to use \(defaultValue)")
            }
            return number
        }
        func absolute(_ path: String) -> String {
            path.hasPrefix("/")
                ? path : URL(fileURLWithPath: workingDirectory).appendingPathComponent(path).standardizedFileURL.path
        }

        let dataDirectory = absolute(value("OPENCUS_DATA_DIR") ?? "opencus-data")

        // Database
        let database: DatabaseChoice
        let isEmbeddedDefault: Bool
        if let url = value("DATABASE_URL") {
            isEmbeddedDefault = false
            if url.hasPrefix("sqlite:") {
                var path = String(url.dropFirst("sqlite:".count))
                if path.hasPrefix("//") { path = String(path.dropFirst(2)) }
                guard !path.isEmpty else {
                    throw ConfigurationError(
                        variable: "DATABASE_URL", problem: "the SQLite URL has no file path",
                        fix: "use sqlite:PATH, for example sqlite:/var/lib/opencus/opencus.sqlite")
                }
                database = .sqlite(path: absolute(path))
            } else if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
                guard let parsed = URL(string: url), parsed.host != nil, parsed.path.count > 1 else {
                    throw ConfigurationError(
                        variable: "DATABASE_URL", problem: "the PostgreSQL URL has no host or database name",
                        fix: "use postgres://USER:PASSWORD@HOST:PORT/DATABASE")
                }
                database = .postgres(url: url, searchPath: nil)
            } else {
                throw ConfigurationError(
                    variable: "DATABASE_URL", problem: "it must start with sqlite: or postgres://",
                    fix: "use sqlite:PATH or postgres://USER:PASSWORD@HOST:PORT/DATABASE, or unset it for the embedded database")
            }
        } else {
            isEmbeddedDefault = true
            database = .sqlite(path: dataDirectory + "/opencus.sqlite")
        }

        // Base URL
        let baseRaw = value("OPENCUS_BASE_URL") ?? "http://127.0.0.1:8080"
        guard let baseURL = URL(string: baseRaw), let scheme = baseURL.scheme, ["http", "https"].contains(scheme),
            baseURL.host != nil, baseURL.path.isEmpty || baseURL.path == "/", baseURL.query == nil
        else {
            throw ConfigurationError(
                variable: "OPENCUS_BASE_URL", problem: "\"\(baseRaw)\" is not an http(s) address without a path",
                fix: "set the public address of the site, for example https://cus.example.pl")
        }
        let normalisedBase = URL(string: baseRaw.hasSuffix("/") ? String(baseRaw.dropLast()) : baseRaw)!

        // Mail
        let fromRaw = value("OPENCUS_MAIL_FROM") ?? "OpenCUS <no-reply@opencus.invalid>"
        guard let mailFrom = parseMailbox(fromRaw) else {
            throw ConfigurationError(
                variable: "OPENCUS_MAIL_FROM", problem: "\"\(fromRaw)\" is not an e-mail address",
                fix: "use an address, optionally with a name: Centrum Usług Społecznych <cus@example.pl>")
        }
        let transportName = (value("OPENCUS_MAIL_TRANSPORT") ?? "file").lowercased()
        let transport: MailTransportChoice
        switch transportName {
        case "file":
            transport = .file(directory: dataDirectory + "/mail")
        case "smtp":
            guard let host = value("OPENCUS_SMTP_HOST") else {
                throw ConfigurationError(
                    variable: "OPENCUS_SMTP_HOST", problem: "the SMTP transport needs a server",
                    fix: "set OPENCUS_SMTP_HOST to your mail server's name, or OPENCUS_MAIL_TRANSPORT=file")
            }
            let securityRaw = (value("OPENCUS_SMTP_SECURITY") ?? "starttls").lowercased()
            guard let security = SMTPSecurity(rawValue: securityRaw) else {
                throw ConfigurationError(
                    variable: "OPENCUS_SMTP_SECURITY", problem: "\"\(securityRaw)\" is not a known mode",
                    fix: "use starttls (port 587), tls (implicit TLS, port 465) or none (local relay only)")
            }
            let defaultPort = security == .tls ? 465 : (security == .starttls ? 587 : 25)
            let port = try int("OPENCUS_SMTP_PORT", default: defaultPort, range: 1...65535)
            let username = value("OPENCUS_SMTP_USERNAME")
            let password = value("OPENCUS_SMTP_PASSWORD")
            if (username == nil) != (password == nil) {
                throw ConfigurationError(
                    variable: username == nil ? "OPENCUS_SMTP_USERNAME" : "OPENCUS_SMTP_PASSWORD",
                    problem: "SMTP authentication needs both a user name and a password",
                    fix: "set both OPENCUS_SMTP_USERNAME and OPENCUS_SMTP_PASSWORD, or neither")
            }
            let isLoopback = ["127.0.0.1", "::1", "localhost"].contains(host.lowercased())
            if security == .none && username != nil && !isLoopback {
                throw ConfigurationError(
                    variable: "OPENCUS_SMTP_SECURITY", problem: "a password would be sent unencrypted to \(host)",
                    fix: "use starttls or tls, or send through a relay on this machine without a password")
            }
            let caFile = value("OPENCUS_SMTP_CA_FILE").map(absolute)
            if let caFile, !FileManager.default.isReadableFile(atPath: caFile) {
                throw ConfigurationError(
                    variable: "OPENCUS_SMTP_CA_FILE", problem: "cannot read \(caFile)",
                    fix: "point it at a readable PEM certificate file, or remove it to trust the system roots")
            }
            let timeout = try int("OPENCUS_SMTP_TIMEOUT_SECONDS", default: 30, range: 1...600)
            transport = .smtp(
                SMTPSettings(
                    host: host, port: port, security: security, username: username, password: password,
                    caFile: caFile, timeout: TimeInterval(timeout), heloName: normalisedBase.host ?? "localhost"))
        default:
            throw ConfigurationError(
                variable: "OPENCUS_MAIL_TRANSPORT", problem: "\"\(transportName)\" is not a known transport",
                fix: "use file (writes .eml files under the data folder) or smtp")
        }

        // Logging
        let levelRaw = (value("LOG_LEVEL") ?? "info").lowercased()
        guard let logLevel = Logger.Level(rawValue: levelRaw) else {
            throw ConfigurationError(
                variable: "LOG_LEVEL", problem: "\"\(levelRaw)\" is not a log level",
                fix: "use one of trace, debug, info, notice, warning, error, critical")
        }

        return AppConfiguration(
            database: database,
            isEmbeddedDefault: isEmbeddedDefault,
            dataDirectory: dataDirectory,
            baseURL: normalisedBase,
            mailTransport: transport,
            mailFrom: mailFrom,
            mailWorkerEnabled: try bool("OPENCUS_MAIL_WORKER", default: true),
            mailPollInterval: TimeInterval(try int("OPENCUS_MAIL_POLL_SECONDS", default: 5, range: 1...3600)),
            auditChainInterval: TimeInterval(try int("OPENCUS_AUDIT_CHAIN_SECONDS", default: 2, range: 1...3600)),
            mailRetry: RetryPolicy(maximumAttempts: try int("OPENCUS_MAIL_MAX_ATTEMPTS", default: 8, range: 1...50)),
            outboxRetentionDays: try int("OPENCUS_OUTBOX_RETENTION_DAYS", default: 30, range: 1...3650),
            logLevel: logLevel,
            secureCookies: try bool("OPENCUS_SECURE_COOKIES", default: scheme == "https"),
            sessionIdleTimeout: TimeInterval(try int("OPENCUS_SESSION_IDLE_MINUTES", default: 30, range: 5...720) * 60),
            sessionAbsoluteLifetime: 12 * 3600,
            trustProxy: try bool("OPENCUS_TRUST_PROXY", default: false),
            proxyHops: try int("OPENCUS_PROXY_HOPS", default: 1, range: 1...5),
            passwordHashCost: 12,
            loginThrottle: LoginThrottlePolicy(),
            reloadTemplates: try bool("OPENCUS_RELOAD_TEMPLATES", default: false),
            rateLimitPerMinute: try int("OPENCUS_RATE_LIMIT_PER_MINUTE", default: 30, range: 1...1_000_000),
            databasePoolTimeout: TimeInterval(try int("OPENCUS_DB_POOL_TIMEOUT_SECONDS", default: 10, range: 1...600))
        )
    }

    /// "Name <address>" or a bare address.
    static func parseMailbox(_ raw: String) -> MailAddress? {
        if let open = raw.lastIndex(of: "<"), raw.hasSuffix(">") {
            let name = raw[..<open].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            let address = String(raw[raw.index(after: open)..<raw.index(before: raw.endIndex)])
            guard let email = EmailAddress(address) else { return nil }
            return MailAddress(name: name.isEmpty ? nil : name, email: email)
        }
        return EmailAddress(raw).map { MailAddress(email: $0) }
    }
}

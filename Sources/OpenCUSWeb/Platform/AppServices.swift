import Prometheus
import Vapor

/// What the app holds besides Vapor's own services: configuration and the effect clients
/// (clock, mail transport) that tests replace.
struct AppServices: Sendable {
    var configuration: AppConfiguration
    var clock: AppClock
    var mailTransport: any MailTransport
    let metrics: PrometheusCollectorRegistry
    /// See `Passwords.makeUnknownUserHash`.
    let unknownUserHash: String
    let pageCache = PageCache()
    let registrationContexts = RegistrationContextCache()
    let rateLimiter: RateLimiter
}

extension Application {
    private struct ServicesKey: StorageKey {
        typealias Value = AppServices
    }

    /// OpenCUS's own part of the application (named so as not to shadow Vapor's `services`).
    var opencus: AppServices {
        get {
            guard let value = storage[ServicesKey.self] else {
                // Only reachable if configure(_:configuration:) was not called: a programming error.
                preconditionFailure("OpenCUS services used before configure(_:configuration:)")
            }
            return value
        }
        set { storage[ServicesKey.self] = newValue }
    }

    var config: AppConfiguration { opencus.configuration }
    var clock: AppClock { opencus.clock }
}

extension Request {
    var config: AppConfiguration { application.config }
    var clock: AppClock { application.clock }
}

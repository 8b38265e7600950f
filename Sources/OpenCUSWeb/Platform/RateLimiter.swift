import Foundation
import NIOConcurrencyHelpers
import Vapor

/// Limits how often one client address may submit public forms and API registrations
/// (`OPENCUS_RATE_LIMIT_PER_MINUTE`). In memory and per app instance: a shared store is not
/// needed to stop a script hammering one instance, and the database stays free for real work.
final class RateLimiter: Sendable {
    private let hits = NIOLockedValueBox<[String: [Date]]>([:])
    let perMinute: Int

    init(perMinute: Int) {
        self.perMinute = perMinute
    }

    /// nil when allowed (and counted), otherwise the seconds to wait.
    func check(_ key: String, now: Date) -> Int? {
        hits.withLockedValue { hits in
            if hits.count > 50_000 { hits.removeAll(keepingCapacity: true) }
            var recent = (hits[key] ?? []).filter { now.timeIntervalSince($0) < 60 }
            guard recent.count < perMinute else {
                hits[key] = recent
                return max(1, Int(60 - now.timeIntervalSince(recent[0])) + 1)
            }
            recent.append(now)
            hits[key] = recent
            return nil
        }
    }
}

/// Applied to public POST routes; answers 429 with Retry-After when a client goes over the limit.
struct RateLimitMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.method == .POST else { return try await next.respond(to: request) }
        let key = LoginThrottleStore.clientAddress(request)
        if let wait = request.application.opencus.rateLimiter.check(key, now: request.clock.now()) {
            if request.url.path.hasPrefix("/api/") {
                let response = Response(
                    status: .tooManyRequests,
                    headers: ["Content-Type": "application/json; charset=utf-8", "Retry-After": String(wait)],
                    body: .init(
                        string:
                            #"{"error":"rate_limited","message":"Zbyt wiele zgłoszeń z tego adresu. Spróbuj ponownie za chwilę."}"#
                    ))
                return response
            }
            throw Abort(
                .tooManyRequests, headers: ["Retry-After": String(wait)],
                reason: "Zbyt wiele zgłoszeń z tego adresu w krótkim czasie. Odczekaj minutę i spróbuj ponownie.")
        }
        return try await next.respond(to: request)
    }
}

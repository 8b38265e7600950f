import Foundation
import NIOConcurrencyHelpers
import Vapor

/// Limits how often one client address may submit public forms and API registrations
/// (`OPENCUS_RATE_LIMIT_PER_MINUTE`). In memory and per app instance: a shared store is not
/// needed to stop a script hammering one instance, and the database stays free for real work.
final class RateLimiter: Sendable {
    private let hits = NIOLockedValueBox<[String: [Date]]>([:])
    let perMinute: Int
    /// Clients remembered at most (each a few dates): a flood of new addresses cannot grow
    /// memory without bound, and it does not make the limiter forget the clients it is limiting.
    let capacity: Int

    init(perMinute: Int, capacity: Int = 50_000) {
        self.perMinute = perMinute
        self.capacity = capacity
    }

    var remembered: Int { hits.withLockedValue { $0.count } }

    /// nil when allowed (and counted), otherwise the seconds to wait.
    func check(_ key: String, now: Date) -> Int? {
        hits.withLockedValue { hits in
            var recent = (hits[key] ?? []).filter { now.timeIntervalSince($0) < 60 }
            guard recent.count < perMinute else {
                hits[key] = recent
                return max(1, Int(60 - now.timeIntervalSince(recent[0])) + 1)
            }
            recent.append(now)
            hits[key] = recent
            if hits.count > capacity { Self.evict(&hits, now: now, keep: capacity * 9 / 10) }
            return nil
        }
    }

    /// First the clients with no hit in the last minute; if that is not enough, those with the
    /// fewest hits, oldest first — the ones furthest from the limit, never the ones at it.
    private static func evict(_ hits: inout [String: [Date]], now: Date, keep: Int) {
        hits = hits.filter { _, dates in dates.last.map { now.timeIntervalSince($0) < 60 } ?? false }
        guard hits.count > keep else { return }
        let order = hits.sorted { a, b in
            a.value.count != b.value.count ? a.value.count < b.value.count : (a.value.last ?? now) < (b.value.last ?? now)
        }
        for (key, _) in order.prefix(hits.count - keep) { hits[key] = nil }
    }
}

/// Applied to public POST routes; answers 429 with Retry-After when a client goes over the limit.
struct RateLimitMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.method == .POST else { return try await next.respond(to: request) }
        let key = ClientAddress.limitKey(ClientAddress.of(request))
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

import Prometheus
import Vapor

/// Logs one line per request and feeds /metrics. Deliberately logs the route *pattern*
/// (`/panel/outbox/:id`), never the concrete path or query string, and never bodies: those can
/// carry e-mail addresses, names or PESEL numbers, which must not reach the logs.
struct RequestMetricsMiddleware: AsyncMiddleware {
    let registry: PrometheusCollectorRegistry

    static let buckets: [Duration] = [
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5),
    ]

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let start = ContinuousClock.now
        let response: Response
        do {
            response = try await next.respond(to: request)
        } catch {
            record(request, status: (error as? any AbortError)?.status ?? .internalServerError, start: start)
            throw error
        }
        record(request, status: response.status, start: start)
        return response
    }

    private func record(_ request: Request, status: HTTPResponseStatus, start: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - start
        let route = Self.routeLabel(request)
        registry.makeCounter(
            descriptor: .init(metricName: "http_requests", unitName: "total", helpText: "HTTP requests by route and status"),
            labels: [("method", request.method.rawValue), ("route", route), ("status", String(status.code))]
        ).increment()
        registry.makeDurationHistogram(
            descriptor: .init(metricName: "http_request_duration", unitName: "seconds", helpText: "HTTP request latency"),
            labels: [("route", route)], buckets: Self.buckets
        ).record(elapsed)
        let milliseconds = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
        request.logger.info(
            "\(request.method.rawValue) \(route) \(status.code)",
            metadata: ["duration_ms": .string(String(format: "%.1f", milliseconds))])
    }

    /// The registered route's pattern, or a fixed label for anything unmatched (static files, 404s)
    /// so that scanning bots cannot blow up the number of time series.
    static func routeLabel(_ request: Request) -> String {
        guard let route = request.route else { return "unmatched" }
        return "/" + route.path.map { "\($0)" }.joined(separator: "/")
    }
}

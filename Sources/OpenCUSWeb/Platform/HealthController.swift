import Fluent
import SQLKit
import Vapor

/// Machine endpoints: /health for load balancers and uptime checks, /metrics for Prometheus.
/// Neither returns personal data.
enum HealthController {
    struct Health: Content {
        let status: String
        let database: String
    }

    @Sendable static func health(_ request: Request) async throws -> Response {
        let databaseOK: Bool
        do {
            _ = try await request.db.sql().raw("SELECT 1 AS ok").first()
            databaseOK = true
        } catch {
            request.logger.error("Health check: database unreachable", metadata: ["error_type": "\(type(of: error))"])
            databaseOK = false
        }
        let body = Health(status: databaseOK ? "ok" : "unavailable", database: databaseOK ? "ok" : "unreachable")
        let response = try await body.encodeResponse(status: databaseOK ? .ok : .serviceUnavailable, for: request)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    @Sendable static func metrics(_ request: Request) async throws -> Response {
        let text = request.application.opencus.metrics.emitToString()
        return Response(
            status: .ok, headers: ["Content-Type": "text/plain; version=0.0.4; charset=utf-8", "Cache-Control": "no-store"],
            body: .init(string: text))
    }
}

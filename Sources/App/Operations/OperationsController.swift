import Fluent
import Vapor

/// Health and metrics for operators and load balancers.
struct OperationsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(OperationsURL.health, use: health)
        routes.get(OperationsURL.metrics, use: metrics)
    }

    struct HealthDTO: Content {
        let status: String
        let database: String
    }

    /// 200 after a real round trip to the database, 503 when it does not answer.
    func health(req: Request) async throws -> Response {
        let kind = req.application.config.database.kind
        do {
            try await DatabaseSetup.ping(req.db)
            let response = try await HealthDTO(status: "ok", database: kind).encodeResponse(for: req)
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
            return response
        } catch {
            req.logger.warning("health check: the database does not answer")
            let response = try await HealthDTO(status: "unavailable", database: kind).encodeResponse(for: req)
            response.status = .serviceUnavailable
            return response
        }
    }

    /// Counts and timings per route. Open unless `DIA_METRICS_TOKEN` is set; then only with that token.
    func metrics(req: Request) async throws -> Response {
        if let token = req.application.config.metricsToken {
            guard let sent = req.headers.bearerAuthorization?.token, SecureToken.matches(sent, token) else {
                return Response(
                    status: .unauthorized, headers: ["WWW-Authenticate": "Bearer", "Content-Type": "text/plain; charset=utf-8"],
                    body: .init(string: "This address needs the metrics token (Authorization: Bearer …).\n"))
            }
        }
        var buffer: [UInt8] = []
        req.application.metrics.registry.emit(into: &buffer)
        return Response(
            status: .ok, headers: ["Content-Type": "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(data: Data(buffer)))
    }
}

import Foundation
import Prometheus
import Vapor

/// The Prometheus registry that `/metrics` shows. One per application, so tests do not share counters.
final class AppMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    private static let buckets: [Duration] = [
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(5),
    ]

    func recordRequest(method: String, route: String, status: UInt, duration: Duration) {
        let labels = [("method", method), ("route", route), ("status", String(status))]
        registry.makeCounter(
            descriptor: MetricNameDescriptor(
                namespace: "dia", subsystem: "http", metricName: "requests", unitName: "total",
                helpText: "HTTP requests answered, by route pattern and status"),
            labels: labels
        ).increment()
        registry.makeDurationHistogram(
            descriptor: MetricNameDescriptor(
                namespace: "dia", subsystem: "http", metricName: "request_duration",
                unitName: "seconds", helpText: "Time to answer an HTTP request"),
            labels: [("method", method), ("route", route)], buckets: Self.buckets
        ).record(duration)
    }
}

extension Application {
    private struct MetricsKey: StorageKey { typealias Value = AppMetrics }

    var metrics: AppMetrics {
        if let metrics = storage[MetricsKey.self] { return metrics }
        let metrics = AppMetrics()
        storage[MetricsKey.self] = metrics
        return metrics
    }
}

/// Logs one line per request with its request id, and counts it for `/metrics`. It logs the route pattern
/// (`/gemeenten/:code`), never the path or query, so no token, email or search term reaches the logs.
struct RequestLogMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let start = ContinuousClock.now
        let response: Response
        do {
            response = try await next.respond(to: request)
        } catch {
            finish(request, status: (error as? any AbortError)?.status.code ?? 500, start: start)
            throw error
        }
        finish(request, status: response.status.code, start: start)
        return response
    }

    private func finish(_ request: Request, status: UInt, start: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - start
        let route = request.route.map { "/" + $0.path.map(\.description).joined(separator: "/") } ?? "unmatched"
        let method = request.method.rawValue
        request.application.metrics.recordRequest(method: method, route: route, status: status, duration: elapsed)
        let millis = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
        request.logger.info("\(method) \(route) \(status) \(String(format: "%.1f", millis))ms")
    }
}

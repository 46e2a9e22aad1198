import Foundation
import Testing
import Vapor
import VaporTesting

@testable import App

@Suite("Health, metrics and logs")
struct OperationsTests {
    @Test("GET /health answers ok after a real database round trip and names the database")
    func healthIsOK() async throws {
        try await withTestApp { app in
            // act
            let response = try await app.testing().sendRequest(.GET, OperationsURL.health.path)
            // check
            #expect(response.status == .ok)
            let body = try JSONDecoder().decode([String: String].self, from: Data(response.body.string.utf8))
            #expect(body["status"] == "ok")
            #expect(body["database"] == app.config.database.kind)
        }
    }

    @Test("GET /health answers 503 when the database does not answer")
    func healthIs503WithoutDatabase() async throws {
        // setup
        let app = try await Application.make(.testing)
        app.logger.logLevel = .critical
        try await configure(app, config: testConfig(.postgres(url: "postgres://dia:x@127.0.0.1:1/dia")))
        // act
        let response = try await app.testing().sendRequest(.GET, OperationsURL.health.path)
        try await app.asyncShutdown()
        // check
        #expect(response.status == .serviceUnavailable)
        #expect(response.body.string.contains("\"unavailable\""))
    }

    @Test("GET /metrics counts answered requests by route pattern, never by real path")
    func metricsCountRequests() async throws {
        try await withTestApp { app in
            // setup
            try await app.testing().sendRequest(.GET, MunicipalityURL.show(.value("GM0363")).path)
            // act
            let response = try await app.testing().sendRequest(.GET, OperationsURL.metrics.path)
            // check
            #expect(response.status == .ok)
            let text = response.body.string
            #expect(text.contains(#"dia_http_requests_total{method="GET",route="/gemeenten/:code",status="200"} 1"#))
            #expect(!text.contains("GM0363"))
        }
    }

    @Test("With a metrics token set, /metrics answers only requests that carry it")
    func metricsToken() async throws {
        let token = "k3y-for-the-metrics-scraper-only"
        try await withTestApp({ $0.metricsToken = token }) { app in
            // act
            let none = try await app.testing().sendRequest(.GET, OperationsURL.metrics.path)
            let wrong = try await app.testing().sendRequest(
                .GET, OperationsURL.metrics.path, headers: ["Authorization": "Bearer \(token.dropLast())x"])
            let right = try await app.testing().sendRequest(.GET, OperationsURL.metrics.path, headers: ["Authorization": "Bearer \(token)"])
            // check
            #expect(none.status == .unauthorized && none.headers.first(name: "WWW-Authenticate") == "Bearer")
            #expect(wrong.status == .unauthorized && !wrong.body.string.contains("dia_http"))
            #expect(right.status == .ok && right.body.string.contains("dia_http_requests_total"))
        }
    }
}

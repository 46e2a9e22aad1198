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

    @Test("Without a database, pages answer 503 asking to try again later, and a sent form says it was not kept")
    func pagesAre503WithoutDatabase() async throws {
        // setup: PostgreSQL that does not answer (nothing listens on port 1)
        let app = try await Application.make(.testing)
        app.logger.logLevel = .critical
        try await configure(app, config: testConfig(.postgres(url: "postgres://dia:x@127.0.0.1:1/dia")))
        // act
        let page = try await app.testing().sendRequest(.GET, MunicipalityURL.list.path)
        let form = try await app.testing().sendRequest(
            .POST, "/doe-mee",
            headers: ["Cookie": "\(DatabaseSessions.cookieName)=abc", "Content-Type": "application/x-www-form-urlencoded"],
            body: ByteBuffer(string: "motivation=Onze%20raad%20wil%20meedoen"))
        try await app.asyncShutdown()
        // check
        #expect(page.status == .serviceUnavailable && page.headers.first(name: "Retry-After") == "30")
        #expect(page.body.string.contains("Probeer het over een paar minuten opnieuw."))
        #expect(form.status == .serviceUnavailable)
        #expect(form.body.string.contains("Wat u net verstuurde, is niet bewaard."))
        #expect(!form.body.string.contains("PSQLError") && !form.body.string.contains("127.0.0.1"))
    }

    @Test("Work on the database that does not answer in time is given up with a timeout, which counts as an outage")
    func deadline() async throws {
        // act
        let quick = try await DatabaseOutage.withDeadline(.seconds(5)) { 42 }
        var given: (any Error)?
        do {
            _ = try await DatabaseOutage.withDeadline(.milliseconds(200)) {
                try await Task.sleep(for: .seconds(3600))  // the test would wait an hour without the deadline
                return 1
            }
        } catch {
            given = error
        }
        // check
        #expect(quick == 42)
        let error = try #require(given, "the stuck work was not given up")
        #expect(error is DatabaseOutage.Timeout && DatabaseOutage.isOutage(error))
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

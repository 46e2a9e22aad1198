import Fluent
import Foundation
import Logging
import NIOConcurrencyHelpers
import Testing
import Vapor
import VaporTesting

@testable import App

@Suite("Security baseline")
struct SecurityTests {
    @Test("Every kind of response carries the security headers: pages, errors, redirects, files, CSV and JSON")
    func securityHeaders() async throws {
        try await withTestApp { app in
            // setup: programme staff, for a CSV download
            try await makeUser(app, email: "servicepunt@programma.example", roles: [(.programma, nil)])
            let staff = Browser(app)
            try await staff.signIn("servicepunt@programma.example")
            let anonymous = [
                HomeURL.home.path, MunicipalityURL.list.path, "/bestaat-niet", OperationsURL.health.path, "/css/site.css",
                "/js/site.js", "/favicon.svg", "/css/%FF%FE", DashboardURL.home.path,
            ]
            var responses: [(String, TestingHTTPResponse)] = []
            // act
            for path in anonymous { responses.append((path, try await app.testing().sendRequest(.GET, path))) }
            responses.append(("csv", try await staff.get(TrajectoryURL.programmeCSV.path)))
            // check
            let kinds = Set(responses.compactMap { $0.1.headers.contentType?.subType })
            #expect(kinds.isSuperset(of: ["html", "css", "javascript", "json", "csv", "svg+xml"]), "\(kinds)")
            #expect(responses.contains { $0.1.status == .seeOther } && responses.contains { $0.1.status == .notFound })
            for (path, response) in responses {
                let csp = try #require(response.headers.first(name: "Content-Security-Policy"), "no CSP on \(path)")
                #expect(csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"))
                #expect(!csp.contains("unsafe-inline"))
                #expect(response.headers.first(name: "X-Content-Type-Options") == "nosniff", "\(path)")
                #expect(response.headers.first(name: "X-Frame-Options") == "DENY", "\(path)")
                #expect(response.headers.first(name: "Referrer-Policy") == "same-origin", "\(path)")
            }
        }
    }

    @Test("A form posted without a CSRF token gets a Dutch 403 page and stores nothing")
    func postWithoutCSRF() async throws {
        try await withTestApp { app in
            // setup
            let browser = Browser(app)
            try await browser.get(SignupURL.form.path)
            // act
            let response = try await browser.post(SignupURL.form.path, SignupTests.validFields, withCSRF: false)
            // check
            #expect(response.status == .forbidden)
            #expect(response.html.contains("Dit formulier is verlopen"))
            #expect(try await Signup.query(on: app.db).count() == 0)
        }
    }

    @Test("A form posted with another session's CSRF token is refused")
    func postWithForeignCSRF() async throws {
        try await withTestApp { app in
            // setup
            let attacker = Browser(app)
            try await attacker.get(SignupURL.form.path)
            let victim = Browser(app)
            try await victim.get(SignupURL.form.path)
            // act
            var fields = SignupTests.validFields
            fields["csrf"] = attacker.csrf
            let response = try await victim.post(SignupURL.form.path, fields)
            // check
            #expect(response.status == .forbidden)
            #expect(try await Signup.query(on: app.db).count() == 0)
        }
    }

    @Test("The session cookie is HttpOnly and SameSite=Lax, and Secure behind HTTPS")
    func sessionCookieFlags() async throws {
        for secure in [false, true] {
            try await withTestApp({ $0.secureCookies = secure }) { app in
                // act
                let browser = Browser(app)
                try await browser.get(AccountURL.login.path)
                // check
                let cookie = try #require(browser.lastSetCookieHeaders.first { $0.hasPrefix("dia-sessie=") })
                #expect(cookie.contains("HttpOnly"))
                #expect(cookie.contains("SameSite=Lax"))
                #expect(cookie.contains("Secure") == secure)
            }
        }
    }

    @Test("The privacy statement names the cookies the platform sets, with the lifetimes they really have")
    func privacyStatementMatchesCookies() async throws {
        try await withTestApp { app in
            // act: the cookies as set, and the statement in both languages
            let browser = Browser(app)
            try await browser.get(AccountURL.login.with([("lang", "nl")]))
            let session = try #require(browser.lastSetCookieHeaders.first { $0.hasPrefix("\(DatabaseSessions.cookieName)=") })
            let language = try #require(browser.lastSetCookieHeaders.first { $0.hasPrefix("\(LanguageMiddleware.cookieName)=") })
            let dutch = try await app.testing().sendRequest(.GET, HomeURL.privacy.path).body.string
            let english = try await app.testing().sendRequest(.GET, HomeURL.privacy.with([("lang", "en")])).body.string
            // check
            let hours = Int(DatabaseSessions.lifetime / 3600), days = LanguageMiddleware.cookieDays
            let minutes = Int(app.config.loginThrottle.window / 60)
            #expect(session.contains("Max-Age=\(hours * 3600)"))
            #expect(language.contains("Max-Age=\(days * 24 * 3600)"))
            for (page, phrases) in [
                (
                    dutch,
                    [
                        "<code>dia-sessie</code>", "na \(hours) uur zonder gebruik", "<code>taal</code> onthoudt \(days) dagen",
                        "We bewaren die \(minutes) minuten",
                    ]
                ),
                (
                    english,
                    [
                        "<code>dia-sessie</code>", "after \(hours) hours without use", "choice for \(days) days",
                        "sign-ins for \(minutes) minutes",
                    ]
                ),
            ] {
                for phrase in phrases { #expect(page.contains(phrase), "missing: \(phrase)") }
            }
        }
    }

    @Test("Browsing public pages stores no session")
    func publicPagesStoreNoSession() async throws {
        try await withTestApp { app in
            // act
            let browser = Browser(app)
            try await browser.get(HomeURL.home.path)
            try await browser.get(MunicipalityURL.list.path)
            // check
            #expect(browser.cookies["dia-sessie"] == nil)
            #expect(try await SessionEntry.query(on: app.db).count() == 0)
        }
    }

    @Test("Sessions are stored under a hash of their key, never the key itself")
    func sessionKeysAreHashed() async throws {
        try await withTestApp { app in
            // setup
            let browser = Browser(app)
            // act
            try await browser.get(AccountURL.login.path)
            // check
            let key = try #require(browser.cookies["dia-sessie"])
            let stored = try await SessionEntry.query(on: app.db).all()
            #expect(stored.count == 1)
            #expect(stored.first?.keyHash == SecureToken.hash(key))
            #expect(stored.first?.keyHash != key)
        }
    }

    @Test("Stored hashes are SHA-256 in lowercase hex, so keys stored before stay valid")
    func hashIsSHA256Hex() {
        #expect(SecureToken.hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SecureToken.hash("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test("A return address outside the site is ignored after login")
    func openRedirectIsRefused() async throws {
        try await withTestApp { app in
            // setup
            try await makeUser(app, email: "trekker@gemeente.nl", roles: [(.trekker, "GM0363")])
            let browser = Browser(app)
            try await browser.get(AccountURL.login.path)
            // act
            let response = try await browser.post(
                AccountURL.login.path,
                [
                    "email": "trekker@gemeente.nl", "password": "een-goed-wachtwoord",
                    "terug": "//evil.example/phish",
                ])
            // check
            #expect(response.status == .seeOther)
            #expect(response.location == DashboardURL.home.path)
        }
    }
}

/// Keeps every log record it is given, as text, for tests that check what reaches the log.
final class CapturingLogHandler: LogHandler, @unchecked Sendable {
    private let records = NIOLockedValueBox<[String]>([])
    var logLevel: Logger.Level = .trace
    var metadata: Logger.Metadata = [:]
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(
        level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String, function: String, line: UInt
    ) {
        records.withLockedValue { $0.append("\(message) \(metadata ?? [:])") }
    }

    var text: String { records.withLockedValue { $0.joined(separator: "\n") } }
}

@Suite("Logs keep what people typed out")
struct LogRedactionTests {
    @Test("With the most detailed log level, queries are logged without their values: no draft, address or hash in the log")
    func queriesWithoutValues() async throws {
        try await withTestApp { app in
            // setup: a database handle that logs everything through the redacting handler
            let capture = CapturingLogHandler()
            var logger = Logger(label: "test") { _ in RedactingLogHandler(capture) }
            logger.logLevel = .trace
            let db = try #require(app.databases.database(logger: logger, on: app.eventLoopGroup.any()))
            // act: a query with a filter value, a row with input, and raw SQL with binds
            _ = try await User.query(on: db).filter(\.$email == "geheim-adres@gemeente.example").first()
            try await SessionEntry(
                keyHash: "geheime-hash", data: "{\"concept\":\"geheim antwoord\"}", expiresAt: app.clock.now(), userID: nil
            )
            .create(on: db)
            _ = try await db.sql().raw("SELECT id FROM users WHERE email = \(bind: "nog-een-geheim@gemeente.example")").all()
            // check
            #expect(capture.text.contains("Running query") && capture.text.contains("hidden"))
            #expect(!capture.text.contains("geheim"), "\(capture.text)")
        }
    }
}

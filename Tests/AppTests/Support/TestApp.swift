import DemocracyKit
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import App

/// Builds an app with its own empty database for one test: a new SQLite file (removed afterwards), or, when
/// `DIA_TEST_DATABASE_URL` is set, a fresh schema on that PostgreSQL server (dropped afterwards).
func withTestApp(
    _ adjust: (inout AppConfig) -> Void = { _ in },
    _ body: (Application) async throws -> Void
) async throws {
    var config = AppConfig.testing()
    var schema: String?
    if case .postgres(let url, _) = config.database {
        schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        config.database = .postgres(url: url, schema: schema)
    }
    adjust(&config)
    let app = try await Application.make(.testing)
    app.logger.logLevel = .warning
    do {
        try await configure(app, config: config)
        app.fluent.migrationLogLevel = .debug
        if let schema, let sql = try? app.db.sql() {
            try await sql.raw("CREATE SCHEMA \(ident: schema)").run()
        }
        try await migrate(app)
        try await body(app)
    } catch {
        await cleanUp(app, config: config, schema: schema)
        throw error
    }
    await cleanUp(app, config: config, schema: schema)
}

private func cleanUp(_ app: Application, config: AppConfig, schema: String?) async {
    if let schema, let sql = try? app.db.sql() {
        try? await sql.raw("DROP SCHEMA \(ident: schema) CASCADE").run()
    }
    try? await app.asyncShutdown()
    if case .sqliteFile(let path) = config.database {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}

/// Settings for a test that builds its own app on a given database: fast hashing and a key for secrets.
func testConfig(_ database: AppConfig.Database) -> AppConfig {
    var config = AppConfig(database: database, bcryptCost: 4)
    config.secretKey = Data(repeating: 7, count: 32)
    return config
}

/// Makes an account that can sign in, with the given roles.
@discardableResult
func makeUser(
    _ app: Application, email: String, password: String = "een-goed-wachtwoord",
    name: String = "Test Persoon", roles: [(Role, String?)]
) async throws -> UUID {
    let (user, _) = try await AccountStore.findOrCreate(email: email, name: name, on: app.db)
    user.passwordHash = try await PasswordHashing(app).hash(password)
    try await user.update(on: app.db)
    let id = try user.requireID()
    for (role, code) in roles {
        try await AccountStore.grant(role, municipalityCode: code, to: id, on: app.db)
    }
    return id
}

/// A small browser for tests: it keeps cookies between requests, picks up the CSRF token from each page and
/// posts forms the way a browser does.
final class Browser: @unchecked Sendable {
    let app: Application
    private(set) var cookies: [String: String] = [:]
    private(set) var csrf: String?
    private(set) var lastSetCookieHeaders: [String] = []

    /// Over a real TCP connection to the running server instead of in memory, where a body always arrives in
    /// one piece: over the network a longer body comes after the request's head, in several reads.
    let overTCP: Bool

    init(_ app: Application, overTCP: Bool = false) {
        self.app = app
        self.overTCP = overTCP
    }

    @discardableResult
    func get(_ path: String, headers: HTTPHeaders = [:]) async throws -> TestingHTTPResponse {
        try await send(.GET, path, headers: headers, body: nil)
    }

    /// Posts form fields; the page's CSRF token is added unless `withCSRF` is false.
    @discardableResult
    func post(_ path: String, _ fields: [String: String] = [:], withCSRF: Bool = true) async throws -> TestingHTTPResponse {
        try await post(path, pairs: fields.map { ($0.key, $0.value) }, withCSRF: withCSRF)
    }

    /// Posts fields in order, repeating names as checkboxes do (`groups[]=raad&groups[]=college`).
    @discardableResult
    func post(_ path: String, pairs: [(String, String)], withCSRF: Bool = true) async throws -> TestingHTTPResponse {
        var pairs = pairs
        if withCSRF, !pairs.contains(where: { $0.0 == "csrf" }), let csrf { pairs.append(("csrf", csrf)) }
        let body = pairs.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        return try await send(
            .POST, path, headers: ["Content-Type": "application/x-www-form-urlencoded"],
            body: ByteBuffer(string: body))
    }

    /// Posts one file with other fields as a browser's upload form does (multipart), with the page's CSRF token.
    @discardableResult
    func upload(_ path: String, field: String, filename: String, content: String, fields: [String: String] = [:]) async throws
        -> TestingHTTPResponse
    {
        let boundary = "----grens\(UUID().uuidString.prefix(8))"
        var body = ByteBuffer()
        var all = fields
        if let csrf { all["csrf"] = csrf }
        for (name, value) in all {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(field)\"; filename=\"\(filename)\"\r\n")
        body.writeString("Content-Type: text/csv\r\n\r\n")
        body.writeString(content)
        body.writeString("\r\n--\(boundary)--\r\n")
        return try await send(.POST, path, headers: ["Content-Type": "multipart/form-data; boundary=\(boundary)"], body: body)
    }

    @discardableResult func signIn(_ email: String, password: String = "een-goed-wachtwoord") async throws -> TestingHTTPResponse {
        try await get(AccountURL.login.path)
        return try await post(AccountURL.login.path, ["email": email, "password": password])
    }

    /// Sent as `X-Forwarded-For` with every request, as a proxy in front of the platform would.
    var forwardedFor: String?

    private func send(_ method: HTTPMethod, _ path: String, headers: HTTPHeaders, body: ByteBuffer?) async throws -> TestingHTTPResponse {
        var headers = headers
        if let forwardedFor { headers.replaceOrAdd(name: .xForwardedFor, value: forwardedFor) }
        if !cookies.isEmpty {
            headers.replaceOrAdd(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        }
        let response = try await app.testing(method: overTCP ? .running(port: 0) : .inMemory)
            .sendRequest(method, path, headers: headers, body: body)
        lastSetCookieHeaders = response.headers[.setCookie]
        for header in lastSetCookieHeaders {
            guard let pair = header.split(separator: ";").first, let equals = pair.firstIndex(of: "=") else { continue }
            let name = String(pair[..<equals]).trimmingCharacters(in: .whitespaces)
            let value = String(pair[pair.index(after: equals)...])
            if header.lowercased().contains("expires=thu, 01 jan 1970") || value.isEmpty {
                cookies[name] = nil
            } else {
                cookies[name] = value
            }
        }
        let html = response.body.string
        if let range = html.range(of: #"name="csrf" value="([^"]+)""#, options: .regularExpression) {
            csrf = String(html[range]).replacingOccurrences(of: #"name="csrf" value=""#, with: "").replacingOccurrences(of: "\"", with: "")
        }
        return response
    }

    static func encode(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }
}

extension TestingHTTPResponse {
    var html: String { body.string }
    var location: String? { headers.first(name: .location) }
}

/// Posts one file in the field `document` as a browser's upload form does, to an address authorised by its code
/// (no session, no CSRF token).
func uploadDocument(_ app: Application, to path: String, name: String, bytes: [UInt8]) async throws -> TestingHTTPResponse {
    let boundary = "----grens\(UUID().uuidString.prefix(8))"
    var body = ByteBuffer()
    body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"document\"; filename=\"\(name)\"\r\n")
    body.writeString("Content-Type: application/octet-stream\r\n\r\n")
    body.writeBytes(bytes)
    body.writeString("\r\n--\(boundary)--\r\n")
    return try await app.testing().sendRequest(
        .POST, path, headers: ["Content-Type": "multipart/form-data; boundary=\(boundary)"], body: body)
}

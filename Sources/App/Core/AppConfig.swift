import DemocracyKit
import Foundation
import Vapor

/// Every setting the platform reads from its environment, read once at start-up. Tests build their own value.
public struct AppConfig: Sendable {
    public enum Database: Sendable, Equatable {
        case sqliteFile(path: String)
        /// `schema` puts every table in one PostgreSQL schema; tests use it to run side by side on one server.
        case postgres(url: String, schema: String? = nil)

        public var kind: String {
            switch self {
            case .sqliteFile: "sqlite"
            case .postgres: "postgres"
            }
        }
    }

    public var database: Database
    /// The address people use to reach the platform; activation links start with it.
    public var publicURL: String
    /// Marks cookies Secure; on whenever the public address is HTTPS.
    public var secureCookies: Bool
    /// Bcrypt cost. Lower only in tests, where speed matters more than resistance to guessing.
    public var bcryptCost: Int
    /// Demo mode seeds fictional municipalities and prints their logins.
    public var demo: Bool
    public var loginThrottle: LoginThrottle
    /// When set, `/metrics` answers only requests that carry it as `Authorization: Bearer …`.
    public var metricsToken: String?
    /// Where the current time comes from: the system's clock, or a fixed moment in tests.
    public var clock: Clock = .system
    /// The addresses of the proxies in front of the platform (`DIA_TRUSTED_PROXIES`), whose `X-Forwarded-For` is
    /// believed for rate limits (`Request.clientAddress`).
    public var trustedProxies: Set<String> = []
    /// The mail server (`DIA_SMTP_URL`). Without one, messages stay in the outbox for programme staff to read.
    public var smtp: SMTPConfiguration?
    /// The sender of every message (`DIA_MAIL_FROM`).
    public var mailFrom = MailAddress(name: "Democratie in Actie", address: "noreply@localhost")
    /// The 32-byte key that seals secrets at rest (`DIA_SECRET_KEY`, base64). Outside production a key is kept in
    /// the data folder when none is given, so the demo and a developer's machine need no setup.
    public var secretKey: Data?
    /// PostgreSQL connections each event loop may open. Tests run many apps side by side on one server, so they
    /// take fewer.
    public var postgresConnectionsPerEventLoop = 8
    /// How long what is no longer needed is kept (`DIA_RETENTION_…`); `dia maintenance` enforces it.
    public var retention = RetentionPolicy.standard

    public init(
        database: Database, publicURL: String = "http://localhost:8080", secureCookies: Bool = false,
        bcryptCost: Int = 12, demo: Bool = false, loginThrottle: LoginThrottle = .standard, metricsToken: String? = nil
    ) {
        self.database = database
        self.publicURL = publicURL
        self.secureCookies = secureCookies
        self.bcryptCost = bcryptCost
        self.demo = demo
        self.loginThrottle = loginThrottle
        self.metricsToken = metricsToken
    }

    /// Settings for tests: a new SQLite file in the temporary folder, set up as in production (or
    /// `DIA_TEST_DATABASE_URL` for the PostgreSQL tier), and fast hashing.
    public static func testing(environment: [String: String] = ProcessInfo.processInfo.environment) -> AppConfig {
        if let url = environment["DIA_TEST_DATABASE_URL"], !url.isEmpty {
            var config = AppConfig(database: .postgres(url: url), bcryptCost: 4)
            config.postgresConnectionsPerEventLoop = 2
            config.secretKey = Data(base64Encoded: SecretBox.newKey())
            return config
        }
        let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("dia-test-\(UUID().uuidString).sqlite")
        var config = AppConfig(database: .sqliteFile(path: path), bcryptCost: 4)
        config.secretKey = Data(base64Encoded: SecretBox.newKey())
        return config
    }

    public struct Invalid: Error, CustomStringConvertible {
        public let variable: String
        public let reason: String
        public var description: String { "\(variable): \(reason)" }
    }

    /// Reads the environment. A bad value stops start-up with the variable's name, never with its secret.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> AppConfig {
        let database: Database
        if let url = environment["DATABASE_URL"], !url.isEmpty {
            guard let parsed = URLComponents(string: url), let scheme = parsed.scheme,
                ["postgres", "postgresql"].contains(scheme), let host = parsed.host, !host.isEmpty
            else {
                throw Invalid(
                    variable: "DATABASE_URL",
                    reason: "is not a PostgreSQL address of the form postgres://user:password@host:5432/database")
            }
            database = .postgres(url: url)
        } else {
            let dataDir = environment["DIA_DATA_DIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "./var"
            database = .sqliteFile(path: (dataDir as NSString).appendingPathComponent("dia.sqlite"))
        }

        let publicURL = environment["DIA_PUBLIC_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? "http://localhost:8080"
        guard let components = URLComponents(string: publicURL), ["http", "https"].contains(components.scheme ?? ""),
            components.host != nil
        else {
            throw Invalid(variable: "DIA_PUBLIC_URL", reason: "is not an http(s) address such as https://democratie.example.nl")
        }

        var cost = 12
        if let raw = environment["DIA_BCRYPT_COST"], !raw.isEmpty {
            guard let value = Int(raw), (4...16).contains(value) else {
                throw Invalid(variable: "DIA_BCRYPT_COST", reason: "must be a whole number from 4 to 16")
            }
            cost = value
        }

        let metricsToken = environment["DIA_METRICS_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        if let metricsToken, metricsToken.count < 24 {
            throw Invalid(variable: "DIA_METRICS_TOKEN", reason: "must be at least 24 characters (for example from `openssl rand -hex 16`)")
        }

        var config = AppConfig(
            database: database,
            publicURL: publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL,
            secureCookies: components.scheme == "https",
            bcryptCost: cost,
            demo: false,
            metricsToken: metricsToken)
        try config.readMail(environment, host: components.host ?? "localhost")
        try config.readSecretKey(environment)
        if let proxies = environment["DIA_TRUSTED_PROXIES"], !proxies.isEmpty {
            let list = proxies.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard list.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isHexDigit || $0 == "." || $0 == ":" } }) else {
                throw Invalid(
                    variable: "DIA_TRUSTED_PROXIES", reason: "must be IP addresses separated by commas, such as 10.0.0.2,10.0.0.3")
            }
            config.trustedProxies = Set(list)
        }
        do {
            config.retention = try RetentionPolicy.read(environment)
        } catch {
            throw Invalid(variable: error.variable, reason: error.reason)
        }
        return config
    }

    /// `DIA_SECRET_KEY`, when given: 32 bytes in base64.
    private mutating func readSecretKey(_ environment: [String: String]) throws {
        guard let given = environment["DIA_SECRET_KEY"], !given.isEmpty else { return }
        guard let key = Data(base64Encoded: given), key.count == 32 else {
            throw Invalid(variable: "DIA_SECRET_KEY", reason: "must be 32 bytes in base64 (make one with `openssl rand -base64 32`)")
        }
        secretKey = key
    }

    /// Without `DIA_SECRET_KEY`: outside production, the key kept beside the SQLite file (made on first start),
    /// so the demo and a developer's machine need no setup; in production, or on PostgreSQL, an error.
    public mutating func keepSecretKeyInDataFolder(production: Bool) throws {
        guard !production, case .sqliteFile(let path) = database else {
            throw Invalid(
                variable: "DIA_SECRET_KEY",
                reason: "is required in production and with PostgreSQL (make one with `openssl rand -base64 32`)")
        }
        let file = ((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent("secret.key")
        if let kept = try? String(contentsOfFile: file, encoding: .utf8) {
            guard let key = Data(base64Encoded: kept.trimmingCharacters(in: .whitespacesAndNewlines)), key.count == 32 else {
                throw Invalid(variable: "DIA_SECRET_KEY", reason: "not set, and \(file) does not hold a key of 32 bytes in base64")
            }
            secretKey = key
            return
        }
        let made = SecretBox.newKey()
        try? FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: file, contents: Data((made + "\n").utf8), attributes: [.posixPermissions: 0o600])
        else {
            throw Invalid(variable: "DIA_SECRET_KEY", reason: "not set, and no key could be written to \(file)")
        }
        secretKey = Data(base64Encoded: made)
    }

    /// `DIA_SMTP_URL` and `DIA_MAIL_FROM`. The error names the variable and never repeats a password.
    private mutating func readMail(_ environment: [String: String], host: String) throws {
        if let url = environment["DIA_SMTP_URL"], !url.isEmpty {
            do {
                smtp = try SMTPConfiguration.parse(url)
            } catch let error as SMTPConfigurationError {
                throw Invalid(variable: "DIA_SMTP_URL", reason: error.reason)
            }
        }
        mailFrom = MailAddress(name: "Democratie in Actie", address: "noreply@" + host)
        if let from = environment["DIA_MAIL_FROM"], !from.isEmpty {
            guard let parsed = MailAddress.parse(from) else {
                throw Invalid(
                    variable: "DIA_MAIL_FROM", reason: "is not an address such as noreply@democratie.example.nl or Name <noreply@…>")
            }
            mailFrom = parsed
        }
    }
}

extension Application {
    private struct ConfigKey: StorageKey { typealias Value = AppConfig }

    /// The configuration `configure` was called with.
    public var config: AppConfig {
        get {
            guard let config = storage[ConfigKey.self] else { fatalError("configure(_:config:) has not run") }
            return config
        }
        set { storage[ConfigKey.self] = newValue }
    }
}

extension Request {
    /// The one clock (`AppConfig.clock`).
    var clock: Clock { application.config.clock }
}

extension Application {
    /// The one clock (`AppConfig.clock`).
    var clock: Clock { config.clock }
}

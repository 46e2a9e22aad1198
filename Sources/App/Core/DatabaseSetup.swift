import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import SQLKit
import Vapor

enum DatabaseSetup {
    /// Points Fluent at SQLite or PostgreSQL, as the configuration says.
    static func use(_ database: AppConfig.Database, on app: Application) throws {
        switch database {
        case .sqliteFile(let path):
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty {
                do {
                    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                } catch {
                    throw AppConfig.Invalid(variable: "DIA_DATA_DIR", reason: "the folder \(directory) cannot be created")
                }
            }
            app.databases.use(.sqlite(.file(path)), as: .sqlite)
        case .postgres(let url, let schema):
            do {
                var configuration = try SQLPostgresConfiguration(url: url)
                configuration.searchPath = schema.map { [$0] }
                app.databases.use(
                    .postgres(
                        configuration: configuration, maxConnectionsPerEventLoop: app.config.postgresConnectionsPerEventLoop,
                        connectionPoolTimeout: .seconds(10)), as: .psql)
            } catch {
                throw AppConfig.Invalid(variable: "DATABASE_URL", reason: "is not a valid PostgreSQL address")
            }
        }
    }

    /// One round trip to the database. Used at start-up (to stop with a clear line) and by `/health`.
    static func ping(_ db: any Database) async throws {
        let sql = try db.sql()
        _ = try await sql.raw("SELECT 1").all()
    }

    /// SQLite keeps its journal mode in the file: WAL lets readers go on while one writer writes.
    static func prepareSQLite(_ db: any Database) async throws {
        let sql = try db.sql()
        guard sql.dialect.name == "sqlite" else { return }
        _ = try await sql.raw("PRAGMA journal_mode=WAL").all()
    }

    /// WAL with `synchronous=NORMAL`, as SQLite advises for WAL: a commit no longer waits for the disk, the
    /// database stays consistent after a crash, and at most the last commits before a power cut can be lost.
    /// Sessions and page edits accept that; the response writer sets its own connection to FULL, because a
    /// respondent who was thanked cannot send again.
    /// The setting belongs to a connection, and the pool keeps one connection per event loop, so each is set
    /// here once, at start; the response writer's own connection gets the same.
    static func tuneSQLite(app: Application) async throws {
        guard try app.db.sql().dialect.name == "sqlite" else { return }
        for eventLoop in app.eventLoopGroup.makeIterator() {
            guard let db = app.databases.database(logger: app.logger, on: eventLoop) else { continue }
            try await tuneSQLite(connection: db.sql())
        }
    }

    static func tuneSQLite(connection db: any SQLDatabase) async throws {
        try await db.raw("PRAGMA synchronous=NORMAL").run()
        // SQLite's own busy handler sleeps while another connection writes; the one sqlite-nio installs
        // retries at once and keeps a core busy spinning on the lock.
        try await db.raw("PRAGMA busy_timeout=10000").run()
        // A statement that changes many rows inside a transaction keeps a journal of its own, to undo just
        // that statement; in memory instead of a temporary file created and removed for each of them.
        try await db.raw("PRAGMA temp_store=MEMORY").run()
    }

    /// Checks the database answers before the server opens its port. Returns a one-line reason when it does not.
    static func startupProblem(app: Application) async -> String? {
        do {
            try await ping(app.db)
            return nil
        } catch {
            switch app.config.database {
            case .postgres(let url, _):
                let host = URLComponents(string: url).map { "\($0.host ?? "?"):\($0.port ?? 5432)" } ?? "?"
                return "DATABASE_URL: the PostgreSQL server at \(host) does not answer (\(Self.reason(error)))"
            case .sqliteFile(let path):
                return "DIA_DATA_DIR: the SQLite database \(path) cannot be opened (\(Self.reason(error)))"
            }
        }
    }

    /// A short cause without connection strings (which could hold a password).
    private static func reason(_ error: any Error) -> String {
        var text = String(reflecting: error)
        if let psql = error as? PSQLError, let underlying = psql.underlying { text += " " + String(reflecting: underlying) }
        if text.contains("connectionRefused") || text.contains("Connection refused") || text.contains("ECONNREFUSED")
            || text.contains("connect(descriptor:addr:size:)")
        {
            return "connection refused"
        }
        if text.contains("timeout") || text.contains("Timeout") { return "timed out" }
        if text.contains("password authentication failed") { return "the user name or password is wrong" }
        if text.contains("does not exist") { return "the database or user does not exist" }
        if let psql = error as? PSQLError, let message = psql.serverInfo?[.message] { return message }
        if let psql = error as? PSQLError { return "\(psql.code)" }
        return String(text.prefix(120)).replacingOccurrences(of: "\n", with: " ")
    }
}

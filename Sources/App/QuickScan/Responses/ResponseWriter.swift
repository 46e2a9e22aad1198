import DemocracyKit
import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import SQLKit
import Vapor

/// Writes the responses people send, in groups ("group commit"): while one transaction is being written,
/// the submissions that arrive wait, and the next transaction stores all of them at once. Each submission is
/// answered only after its transaction committed, so an acknowledged response is stored. A database allows
/// one writer at a time (SQLite) or pays per transaction (PostgreSQL); this way a busy moment costs a few
/// transactions instead of one per respondent. On SQLite the writer has a connection of its own, so the pages
/// that read go on (WAL) while it writes, instead of waiting for the pooled connection it would hold.
///
/// The writer runs on a thread of its own (`WriterThread`), which is also the thread of that connection: the
/// statements of a transaction and the writer's code between them follow each other on one thread, instead of
/// passing every statement to another thread and waiting for that thread and then an event loop to wake up.
actor ResponseWriter {
    typealias Waiting = (link: ResponseStore.SentLink, done: CheckedContinuation<ResponseStore.Submission, any Error>)
    /// The most responses in one transaction.
    static let maxBatch = 250

    private let database: AppConfig.Database
    private let databases: Databases
    private let eventLoops: any EventLoopGroup
    private nonisolated let thread = WriterThread()
    private let logger: Logger
    /// For the question banks and the questionnaires of open scans; weak, as the app holds the writer.
    private weak var app: Application?
    private var connection: SQLiteConnection?
    /// On PostgreSQL the writer also has a connection of its own, so it can give it up when the database goes
    /// away mid-transaction: a statement on a pooled connection to a server that stopped can wait forever.
    private var postgres: PostgresConnection?
    /// The longest one transaction may take before the writer gives its connection up (many responses take well
    /// under a second).
    static let deadline: Duration = .seconds(15)
    private var waiting: [Waiting] = []
    private var writing = false

    init(app: Application) {
        self.app = app
        database = app.config.database
        databases = app.databases
        eventLoops = app.eventLoopGroup
        logger = app.logger
    }

    nonisolated var unownedExecutor: UnownedSerialExecutor { thread.asUnownedSerialExecutor() }

    func submit(_ link: ResponseStore.SentLink) async throws -> ResponseStore.Submission {
        try await withCheckedThrowingContinuation { done in
            waiting.append((link, done))
            if !writing {
                writing = true
                // Preferring the writer's thread keeps the database driver's code on it as well.
                Task(executorPreference: thread) { await self.writeAll() }
            }
        }
    }

    /// How the writer's connection waits for the disk (SQLite's `PRAGMA synchronous`: 2 is FULL), or nil before
    /// the first response or on PostgreSQL.
    func synchronousLevel() async throws -> Int? {
        guard let connection else { return nil }
        return try await connection.sql().raw("PRAGMA synchronous").first()?.decode(column: "synchronous", as: Int.self)
    }

    /// Closes the connection; the next response opens it again.
    func close() async {
        try? await connection?.close()
        connection = nil
        try? await postgres?.close()
        postgres = nil
    }

    /// Not on the writer's thread, which cannot wait for itself to stop.
    nonisolated func shutDown() async {
        await close()
        try? await thread.pool.shutdownGracefully()
    }

    private func writeAll() async {
        while !waiting.isEmpty {
            let batch = Array(waiting.prefix(Self.maxBatch))
            waiting.removeFirst(batch.count)
            await write(batch)
        }
        writing = false
    }

    private func write(_ batch: [Waiting]) async {
        let links = batch.map(\.link)
        do {
            guard let app else { throw Abort(.serviceUnavailable) }
            let results = try await transaction { try await ResponseStore.send(links, app: app, sql: $0) }
            for (entry, result) in zip(batch, results) { entry.done.resume(returning: result) }
        } catch  where batch.count > 1 && !DatabaseOutage.isOutage(error) {
            // One response that cannot be stored must not cost the others theirs: write them one by one.
            logger.warning("A group of \(batch.count) responses could not be stored together; storing them one by one")
            for entry in batch { await write([entry]) }
        } catch {
            // One that cannot be stored, or a database that is away: each waiting person is told it was not kept.
            for entry in batch { entry.done.resume(throwing: error) }
        }
    }

    private func transaction<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        guard case .sqliteFile(let path) = database else {
            guard case .postgres(let url, let schema) = database else { throw Abort(.internalServerError) }
            let sql = try await ownPostgres(url: url, schema: schema).sql()
            do {
                return try await DatabaseOutage.withDeadline(Self.deadline) {
                    try await sql.raw("BEGIN").run()
                    let result = try await body(sql)
                    try await sql.raw("COMMIT").run()
                    return result
                }
            } catch {
                // Closing the connection ends its transaction (PostgreSQL rolls back what was not committed) and
                // any statement still waiting on it; the next response opens a new one.
                await close()
                throw error
            }
        }
        let sql = try await ownConnection(path).sql()
        try await sql.raw("BEGIN IMMEDIATE").run()
        do {
            let result = try await body(sql)
            try await sql.raw("COMMIT").run()
            return result
        } catch {
            do {
                try await sql.raw("ROLLBACK").run()
            } catch {
                await close()
            }
            throw error
        }
    }

    /// Opened at the first response, set up like the pooled connections (foreign keys as Fluent sets them).
    private func ownConnection(_ path: String) async throws -> SQLiteConnection {
        if let connection { return connection }
        let opened = try await SQLiteConnection.open(
            storage: .file(path: path), threadPool: thread.pool, logger: logger,
            on: eventLoops.any())
        do {
            let sql = opened.sql()
            try await sql.raw("PRAGMA foreign_keys = ON").run()
            try await DatabaseSetup.tuneSQLite(connection: sql)
            // A respondent is thanked only after their answers are on disk, also through a power cut: each commit
            // waits for the disk here. Commits hold many responses at a busy moment, so this costs little.
            try await sql.raw("PRAGMA synchronous=FULL").run()
        } catch {
            try? await opened.close()
            throw error
        }
        connection = opened
        return opened
    }
}

extension ResponseWriter {
    /// Opened at the first response and after a failure, with the pooled connections' settings and schema.
    fileprivate func ownPostgres(url: String, schema: String?) async throws -> PostgresConnection {
        if let postgres, !postgres.isClosed { return postgres }
        // The pool's connections get their schema from PostgresKit; this one is set below.
        let configuration = try SQLPostgresConfiguration(url: url)
        let opened = try await PostgresConnection.connect(
            on: eventLoops.any(), configuration: configuration.coreConfiguration, id: 0, logger: logger)
        if let schema {
            do {
                try await opened.sql().raw("SET search_path TO \(ident: schema)").run()
            } catch {
                try? await opened.close()
                throw error
            }
        }
        postgres = opened
        return opened
    }
}

/// One thread that runs the response writer's code (as its executor) and its SQLite connection's statements (as
/// that connection's thread pool), in the order they arrive.
final class WriterThread: SerialExecutor, TaskExecutor {
    let pool = NIOThreadPool(numberOfThreads: 1)

    init() {
        pool.start()
    }

    /// Once the app has stopped, the pool runs what still arrives at once, where it arrives; by then the writer
    /// has closed its connection and has nothing left to write.
    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        pool.submit { _ in
            job.runSynchronously(isolatedTo: self.asUnownedSerialExecutor(), taskExecutor: self.asUnownedTaskExecutor())
        }
    }
}

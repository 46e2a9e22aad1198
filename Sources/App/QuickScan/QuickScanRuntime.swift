import DemocracyKit
import Fluent
import Vapor

/// What the Quick Scan keeps in the memory of an app instance: the response writer and two caches.
final class QuickScanRuntime: Sendable {
    let writer: ResponseWriter
    /// The questionnaires of scans that are open or closed (their questions cannot change any more), by scan
    /// and group.
    let questionnaires = MemoryCache<String, Questionnaire>(capacity: 4_000)
    /// Rendered reports, by scan, report version, language and reader (see `ReportController`).
    let reports = MemoryCache<String, CachedReport>(capacity: 200)

    init(app: Application) {
        writer = ResponseWriter(databases: app.databases, eventLoops: app.eventLoopGroup, logger: app.logger)
    }
}

/// A report as it was rendered, to send again until the scan's report version changes.
enum CachedReport: Sendable {
    /// The page's title and its body, cut where the reader's CSRF token goes.
    case page(title: String, body: [String])
    case json(ByteBuffer)
}

extension Application {
    private struct QuickScanKey: StorageKey { typealias Value = QuickScanRuntime }

    var quickScan: QuickScanRuntime {
        guard let runtime = storage[QuickScanKey.self] else { fatalError("configure(_:) sets up the Quick Scan runtime") }
        return runtime
    }

    func setUpQuickScan() {
        storage[QuickScanKey.self] = QuickScanRuntime(app: self)
    }
}

/// Writes the responses people send, in groups ("group commit"): while one transaction is being written,
/// the submissions that arrive wait, and the next transaction stores all of them at once. Each submission is
/// answered only after its transaction committed, so an acknowledged response is stored. A database allows
/// one writer at a time (SQLite) or pays per transaction (PostgreSQL); this way a busy moment costs a few
/// transactions instead of one per respondent.
actor ResponseWriter {
    typealias Item = (invitationID: UUID, response: ScanStore.NewResponse)
    /// The most responses in one transaction.
    static let maxBatch = 250

    private let databases: Databases
    private let eventLoops: any EventLoopGroup
    private let logger: Logger
    private var waiting: [(item: Item, done: CheckedContinuation<ScanStore.Submission, any Error>)] = []
    private var writing = false

    init(databases: Databases, eventLoops: any EventLoopGroup, logger: Logger) {
        self.databases = databases
        self.eventLoops = eventLoops
        self.logger = logger
    }

    func submit(invitationID: UUID, _ response: ScanStore.NewResponse) async throws -> ScanStore.Submission {
        try await withCheckedThrowingContinuation { done in
            waiting.append(((invitationID, response), done))
            if !writing {
                writing = true
                Task { await writeAll() }
            }
        }
    }

    private func writeAll() async {
        while !waiting.isEmpty {
            let batch = Array(waiting.prefix(Self.maxBatch))
            waiting.removeFirst(batch.count)
            await write(batch)
        }
        writing = false
    }

    private func write(_ batch: [(item: Item, done: CheckedContinuation<ScanStore.Submission, any Error>)]) async {
        let items = batch.map(\.item)
        do {
            guard let db = databases.database(logger: logger, on: eventLoops.any()) else { throw Abort(.internalServerError) }
            let results = try await db.transaction { try await ScanStore.claimAndStore(items, on: $0) }
            for (entry, result) in zip(batch, results) { entry.done.resume(returning: result) }
        } catch where batch.count > 1 {
            // One response that cannot be stored must not cost the others theirs: write them one by one.
            logger.warning("A group of \(batch.count) responses could not be stored together; storing them one by one")
            for entry in batch { await write([entry]) }
        } catch {
            batch[0].done.resume(throwing: error)
        }
    }
}

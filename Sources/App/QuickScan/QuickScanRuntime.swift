import DemocracyKit
import Fluent
import FluentSQLiteDriver
import SQLKit
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
        writer = ResponseWriter(app: app)
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
        lifecycle.use(QuickScanShutdown())
    }
}

/// Closes the response writer's own connection and thread when the app stops.
private struct QuickScanShutdown: LifecycleHandler {
    func shutdownAsync(_ app: Application) async {
        await app.quickScan.writer.shutDown()
    }
}

import FluentPostgresDriver
import FluentSQLiteDriver
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Vapor

/// Errors that mean the database cannot be reached right now, as opposed to a fault in the platform: PostgreSQL
/// stopped, restarting or refusing connections, every connection busy for too long, SQLite locked past its wait.
/// The connection pool opens new connections on the next request, so the platform recovers without a restart.
enum DatabaseOutage {
    /// Work on the database that did not finish in time (`withDeadline`).
    struct Timeout: Error {}

    static func isOutage(_ error: any Error) -> Bool {
        switch error {
        case is Timeout:
            return true
        case let psql as PSQLError:
            switch psql.code {
            case .connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .poolClosed:
                return true
            case .server:
                // 08: connection exception; 53: out of resources (too many connections); 57P: shut down, starting up.
                let state = psql.serverInfo?[.sqlState] ?? ""
                return state.hasPrefix("08") || state.hasPrefix("53") || state.hasPrefix("57P")
            default:
                return false
            }
        case is ConnectionPoolTimeoutError, is ConnectionPoolError, is NIOConnectionError, is IOError, is ChannelError:
            return true
        case let sqlite as SQLiteError:
            return sqlite.reason == .busy || sqlite.reason == .locked
        default:
            return false
        }
    }
}

extension DatabaseOutage {
    /// Runs `work`, or throws `Timeout` once `limit` has passed. The work is cancelled then, and left to end on
    /// its own: a statement waiting on a connection to a stopped server may never return, and the caller closes
    /// that connection.
    static func withDeadline<T: Sendable>(_ limit: Duration, _ work: @escaping @Sendable () async throws -> T) async throws -> T {
        let answered = NIOLockedValueBox(false)
        return try await withCheckedThrowingContinuation { (done: CheckedContinuation<T, any Error>) in
            @Sendable func finish(_ result: Result<T, any Error>) -> Bool {
                let first = answered.withLockedValue { was in
                    defer { was = true }
                    return !was
                }
                if first { done.resume(with: result) }
                return first
            }
            let worker = NIOLockedValueBox<Task<Void, Never>?>(nil)
            let timer = Task {
                do { try await Task.sleep(for: limit) } catch { return }  // cancelled: the work finished in time
                if finish(.failure(Timeout())) { worker.withLockedValue { $0?.cancel() } }
            }
            let task = Task {
                let result: Result<T, any Error>
                do { result = .success(try await work()) } catch { result = .failure(error) }
                timer.cancel()
                _ = finish(result)
            }
            worker.withLockedValue { $0 = task }
        }
    }
}

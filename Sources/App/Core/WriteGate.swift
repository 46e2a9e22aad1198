import Fluent
import SQLKit

/// SQLite lets one connection write at a time; a second writer waits in SQLite's busy handler, sleeping in
/// steps of milliseconds. Queueing busy write transactions here instead lets each start the moment the
/// previous one ends. On PostgreSQL, which locks rows, transactions run side by side as usual.
actor WriteGate {
    static let shared = WriteGate()

    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func enter() async {
        guard busy else {
            busy = true
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func leave() {
        if waiting.isEmpty { busy = false } else { waiting.removeFirst().resume() }
    }
}

extension Database {
    /// A transaction that, on SQLite, waits its turn behind other such transactions.
    func writeTransaction<T: Sendable>(_ body: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        guard (self as? any SQLDatabase)?.dialect.name == "sqlite" else { return try await transaction(body) }
        await WriteGate.shared.enter()
        do {
            let result = try await transaction(body)
            await WriteGate.shared.leave()
            return result
        } catch {
            await WriteGate.shared.leave()
            throw error
        }
    }
}

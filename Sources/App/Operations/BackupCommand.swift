import FluentSQLiteDriver
import Foundation
import SQLKit
import Vapor

/// `dia backup FILE`: a consistent copy of the SQLite database, also while the platform runs. The copy is made
/// by SQLite itself (`VACUUM INTO`) inside one read transaction, so it holds every response acknowledged before
/// the backup started and nothing half-written; writers go on meanwhile (WAL). PostgreSQL is backed up with its
/// own tools (docs/operations.md).
struct BackupCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "Where to write the copy; the file must not exist yet")
        var file: String
    }

    var help: String { "Writes a consistent copy of the SQLite database, also while the platform runs (PostgreSQL: docs/operations.md)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let sql = try context.application.db.sql()
        guard sql.dialect.name == "sqlite" else {
            throw CommandFailure("dia backup copies the SQLite database; back up PostgreSQL with pg_dump, as docs/operations.md says")
        }
        let target = URL(fileURLWithPath: signature.file).standardizedFileURL
        guard !FileManager.default.fileExists(atPath: target.path) else {
            throw CommandFailure("\(target.path) exists already; choose a new file name, so no earlier backup is overwritten")
        }
        var isFolder: ObjCBool = false
        let folder = target.deletingLastPathComponent().path
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw CommandFailure("the folder \(folder) does not exist")
        }
        let started = ContinuousClock.now
        try await sql.raw("VACUUM INTO \(bind: target.path)").run()
        let check = try await Self.check(target.path, app: context.application)
        let bytes = (try? FileManager.default.attributesOfItem(atPath: target.path)[.size] as? Int) ?? 0
        let took = ContinuousClock.now - started
        let seconds = Double(took.components.seconds) + Double(took.components.attoseconds) / 1e18
        context.console.print(
            "Backup written to \(target.path): \(bytes / 1_048_576) MB, \(check.responses) Quick Scan responses, "
                + "integrity check ok, in \(String(format: "%.1f", seconds)) s.")
    }

    /// Opens the copy, asks SQLite to check it whole, and counts its responses.
    static func check(_ path: String, app: Application) async throws -> (integrity: String, responses: Int) {
        let copy = try await SQLiteConnection.open(
            storage: .file(path: path), threadPool: app.threadPool, logger: app.logger, on: app.eventLoopGroup.any())
        do {
            let sql = copy.sql()
            let integrity = try await sql.raw("PRAGMA integrity_check").first()?.decode(column: "integrity_check", as: String.self) ?? ""
            let responses = try await sql.raw("SELECT COUNT(*) AS n FROM scan_responses").first()?.decode(column: "n", as: Int.self) ?? 0
            try await copy.close()
            guard integrity == "ok" else { throw CommandFailure("the copy at \(path) fails SQLite's integrity check: \(integrity)") }
            return (integrity, responses)
        } catch {
            try? await copy.close()
            throw error
        }
    }
}

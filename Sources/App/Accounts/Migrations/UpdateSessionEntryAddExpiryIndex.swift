import Fluent
import SQLKit

/// Every new session first removes the expired ones; the index keeps that from reading the whole table.
struct UpdateSessionEntryAddExpiryIndex: AsyncMigration {
    /// Frozen: the name the database knows this migration by.
    var name: String { "App.UpdateSessionEntryAddExpiryIndex" }

    func prepare(on database: any Database) async throws {
        try await database.sql().create(index: "sessions_expires_at").on("sessions").column("expires_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql().drop(index: "sessions_expires_at").run()
    }
}

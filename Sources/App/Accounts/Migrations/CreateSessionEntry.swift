import Fluent
import SQLKit

struct CreateSessionEntry: AsyncMigration {
    /// Frozen: the name the database knows this migration by.
    var name: String { "App.CreateSessionEntry" }

    func prepare(on database: any Database) async throws {
        try await database.schema("sessions")
            .id()
            .field("key_hash", .string, .required)
            .field("data", .string, .required)
            .field("expires_at", .datetime, .required)
            .unique(on: "key_hash")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("sessions").delete()
    }
}

import Fluent
import SQLKit

/// The signed-in person of a session, so setting a new password can end their other sessions.
struct UpdateSessionEntryAddUserID: AsyncMigration {
    /// Frozen: the name the database knows this migration by.
    var name: String { "App.UpdateSessionEntryAddUserID" }

    func prepare(on database: any Database) async throws {
        try await database.schema("sessions").field("user_id", .uuid).update()
        try await database.sql().create(index: "sessions_user").on("sessions").column("user_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql().drop(index: "sessions_user").run()
        try await database.schema("sessions").deleteField("user_id").update()
    }
}

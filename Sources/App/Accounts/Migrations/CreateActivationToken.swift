import Fluent
import SQLKit

struct CreateActivationToken: AsyncMigration {
    /// Frozen: the name the database knows this migration by.
    var name: String { "App.CreateActivationToken" }

    func prepare(on database: any Database) async throws {
        try await database.schema("activation_tokens")
            .id()
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("token_hash", .string, .required)
            .field("expires_at", .datetime, .required)
            .field("used_at", .datetime)
            .unique(on: "token_hash")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("activation_tokens").delete()
    }
}

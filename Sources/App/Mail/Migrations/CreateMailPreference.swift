import Fluent
import SQLKit

struct CreateMailPreference: AsyncMigration {
    /// Frozen: the name the database knows this migration by.
    var name: String { "App.CreateMailPreference" }

    func prepare(on database: any Database) async throws {
        try await database.schema("mail_preferences")
            .id()
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("off_topics", .string, .required)
            .unique(on: "user_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("mail_preferences").delete()
    }
}

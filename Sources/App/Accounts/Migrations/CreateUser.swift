import Fluent
import SQLKit

struct CreateUser: AsyncMigration {
    /// Frozen: the name the database knows this migration by.
    var name: String { "App.CreateUser" }

    func prepare(on database: any Database) async throws {
        try await database.schema("users")
            .id()
            .field("email", .string, .required)
            .field("name", .string, .required)
            .field("password_hash", .string)
            .field("created_at", .datetime)
            .unique(on: "email")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("users").delete()
    }
}

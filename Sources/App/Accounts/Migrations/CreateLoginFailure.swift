import Fluent
import SQLKit

struct CreateLoginFailure: AsyncMigration {
    /// Frozen: the name the database knows this migration by.
    var name: String { "App.CreateLoginFailure" }

    func prepare(on database: any Database) async throws {
        try await database.schema("login_failures")
            .id()
            .field("key", .string, .required)
            .field("failed_at", .datetime, .required)
            .create()
        try await database.sql().create(index: "login_failures_key")
            .on("login_failures").column("key").column("failed_at").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("login_failures").delete()
    }
}

import Fluent

struct CreateSelfTestResult: AsyncMigration {
    /// Frozen: the name the database knows this migration by.
    var name: String { "App.CreateSelfTestResult" }

    func prepare(on database: any Database) async throws {
        try await database.schema("self_test_results")
            .id()
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("taken_at", .datetime, .required)
            .field("answers", .string, .required)
            .field("scores", .string, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("self_test_results").delete()
    }
}

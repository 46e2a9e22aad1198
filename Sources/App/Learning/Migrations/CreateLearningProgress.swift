import Fluent

struct CreateLearningProgress: AsyncMigration {
    /// Frozen: the name the database knows this migration by.
    var name: String { "App.CreateLearningProgress" }

    func prepare(on database: any Database) async throws {
        try await database.schema("learning_results")
            .id()
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("module_id", .string, .required)
            .field("lesson", .int, .required)
            .field("best", .int, .required)
            .field("questions", .int, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "user_id", "module_id", "lesson")
            .create()
        try await database.schema("learning_certificates")
            .id()
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("module_id", .string, .required)
            .field("holder", .string, .required)
            .field("code", .string, .required)
            .field("issued_at", .datetime, .required)
            .unique(on: "code")
            .unique(on: "user_id", "module_id")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("learning_certificates").delete()
        try await database.schema("learning_results").delete()
    }
}

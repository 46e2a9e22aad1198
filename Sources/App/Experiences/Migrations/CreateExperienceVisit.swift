import Fluent

/// When each person last looked at "Leren van elkaar", for "new since your last visit" on their start page.
struct CreateExperienceVisit: AsyncMigration {
    /// Frozen: the name the database knows this migration by.
    var name: String { "App.CreateExperienceVisit" }

    func prepare(on database: any Database) async throws {
        try await database.schema("experience_visits")
            .field("user_id", .uuid, .identifier(auto: false), .references("users", "id", onDelete: .cascade))
            .field("seen_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("experience_visits").delete()
    }
}

import Fluent
import SQLKit

struct CreateMembership: AsyncMigration {
    /// Frozen: the name the database knows this migration by.
    var name: String { "App.CreateMembership" }

    func prepare(on database: any Database) async throws {
        try await database.schema("memberships")
            .id()
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("role", .string, .required)
            .field("municipality_code", .string, .references("municipalities", "code"))
            .unique(on: "user_id", "role", "municipality_code")
            .create()
        try await database.sql().create(index: "memberships_municipality")
            .on("memberships").column("municipality_code").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("memberships").delete()
    }
}

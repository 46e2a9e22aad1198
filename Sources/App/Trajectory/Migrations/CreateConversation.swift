import Fluent
import SQLKit

struct CreateConversation: AsyncMigration {
    /// Frozen: the name the database knows this migration by.
    var name: String { "App.CreateConversation" }

    func prepare(on database: any Database) async throws {
        try await database.schema("conversations")
            .id()
            .field("municipality_code", .string, .required, .references("municipalities", "code"))
            .field("kind", .string, .required)
            .field("held_on", .string, .required)
            .field("participants", .string, .required)
            .field("notes", .string, .required)
            .field("decisions", .string, .required)
            .field("follow_up", .string, .required)
            .field("scan_id", .uuid)
            .field("version", .int, .required)
            .field("updated_at", .datetime, .required)
            .field("updated_by", .string, .required)
            .create()
        try await database.sql().create(index: "conversations_municipality").on("conversations").column("municipality_code").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("conversations").delete()
    }
}

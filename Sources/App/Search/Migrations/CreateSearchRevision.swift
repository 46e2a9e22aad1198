import Fluent
import SQLKit

/// One row that counts the changes to the search index, raised in the same transaction as each change. A search
/// reads this one number to know whether its index in memory is still current, instead of counting the documents
/// (which takes longer the more there are, and on PostgreSQL reads the whole table).
struct CreateSearchRevision: AsyncMigration {
    /// Frozen: the name the database knows this migration by.
    var name: String { "App.CreateSearchRevision" }

    func prepare(on database: any Database) async throws {
        try await database.schema("search_revision")
            .field("id", .int, .identifier(auto: false))
            .field("changes", .int64, .required)
            .create()
        try await database.sql().insert(into: "search_revision").columns("id", "changes").values(SQLBind(1), SQLBind(Int64(0))).run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("search_revision").delete()
    }
}

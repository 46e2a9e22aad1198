import Fluent
import SQLKit

/// The search index the platform keeps itself (docs/search.md): one row per findable thing, with what the
/// search shows and filters and its term vector (`term:weight …`); the search reads them into memory.
struct CreateSearchIndex: AsyncMigration {
    /// Frozen: the name the database knows this migration by.
    var name: String { "App.CreateSearchIndex" }

    func prepare(on database: any Database) async throws {
        try await database.schema("search_documents")
            .id()
            .field("seq", .int64, .required)
            .field("kind", .string, .required)
            .field("ref", .string, .required)
            .field("title_nl", .string, .required)
            .field("title_en", .string, .required)
            .field("summary_nl", .string, .required)
            .field("summary_en", .string, .required)
            .field("focus_areas", .string, .required)
            .field("municipality_code", .string)
            .field("municipality_name", .string)
            .field("province", .string)
            .field("size_class", .string)
            .field("outcome", .string)
            .field("pillar", .string)
            .field("visibility", .string, .required)
            .field("published_on", .string, .required)
            .field("terms", .string, .required)
            .unique(on: "kind", "ref")
            .unique(on: "seq")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("search_documents").delete()
    }
}

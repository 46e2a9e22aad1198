import Fluent
import SQLKit

/// The search index the platform keeps itself (docs/search.md): one row per findable thing, and its terms stored
/// reversed, so "the terms ending in `particip`" is a range of one ordinary index on SQLite and PostgreSQL alike.
struct CreateSearchIndex: AsyncMigration {
    /// Frozen: the name the database knows this migration by.
    var name: String { "App.CreateSearchIndex" }

    func prepare(on database: any Database) async throws {
        try await database.schema("search_documents")
            .id()
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
            .field("seq", .int64, .required)
            .unique(on: "kind", "ref")
            .create()
        let sql = try database.sql()
        // Byte order ("C") on PostgreSQL, as SQLite compares text by default, so a range of reversed terms holds
        // the same rows on both.
        let collation = sql.dialect.name == "sqlite" ? "" : " COLLATE \"C\""
        let uuid = sql.dialect.name == "sqlite" ? "BLOB" : "UUID"
        try await sql.raw(
            """
            CREATE TABLE search_terms (
                document_id \(unsafeRaw: uuid) NOT NULL REFERENCES search_documents(id) ON DELETE CASCADE,
                rterm TEXT\(unsafeRaw: collation) NOT NULL,
                weight INTEGER NOT NULL,
                PRIMARY KEY (document_id, rterm)
            )
            """
        ).run()
        try await sql.create(index: "search_terms_rterm").on("search_terms").column("rterm").run()
        try await sql.create(index: "search_documents_seq").on("search_documents").column("seq").run()
    }

    func revert(on database: any Database) async throws {
        try await database.sql().raw("DROP TABLE search_terms").run()
        try await database.schema("search_documents").delete()
    }
}

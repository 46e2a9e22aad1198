import Fluent

struct CreateUnderminingTables: AsyncMigration {
    /// Frozen: the name the database knows this migration by.
    var name: String { "App.CreateUnderminingTables" }

    func prepare(on database: any Database) async throws {
        try await database.schema("undermining_news")
            .id()
            .field("title_nl", .string, .required)
            .field("title_en", .string, .required)
            .field("body_nl", .string, .required)
            .field("body_en", .string, .required)
            .field("author_name", .string, .required)
            .field("published_at", .datetime, .required)
            .create()
        try await database.schema("undermining_quiz_results")
            .id()
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("level", .int, .required)
            .field("correct", .int, .required)
            .field("total", .int, .required)
            .field("passed", .bool, .required)
            .field("taken_at", .datetime, .required)
            .create()
        try await database.schema("signal_contacts")
            .id()
            .field("municipality_code", .string, .required, .references("municipalities", "code"))
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("set_at", .datetime, .required)
            .unique(on: "municipality_code")
            .create()
        try await database.schema("signal_reports")
            .id()
            .field("municipality_code", .string, .required, .references("municipalities", "code"))
            .field("status", .string, .required)
            .field("report_sealed", .string, .required)
            .field("reply_sealed", .string)
            .field("code_hash", .string, .required)
            .field("version", .int, .required)
            .field("received_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "code_hash")
            .create()
    }

    func revert(on database: any Database) async throws {
        for table in ["signal_reports", "signal_contacts", "undermining_quiz_results", "undermining_news"] {
            try await database.schema(table).delete()
        }
    }
}

import Fluent

struct CreateIntegrityCaseDocuments: AsyncMigration {
    /// Frozen: the name the database knows this migration by.
    var name: String { "App.CreateIntegrityCaseDocuments" }

    func prepare(on database: any Database) async throws {
        try await database.schema("integrity_case_documents")
            .id()
            .field("case_id", .uuid, .required, .references("integrity_cases", "id", onDelete: .cascade))
            .field("name_sealed", .string, .required)
            .field("kind", .string, .required)
            .field("size", .int, .required)
            .field("data_sealed", .string, .required)
            .field("added_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("integrity_case_documents").delete()
    }
}

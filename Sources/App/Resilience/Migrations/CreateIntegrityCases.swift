import Fluent

struct CreateIntegrityCases: AsyncMigration {
    /// Frozen: the name the database knows this migration by.
    var name: String { "App.CreateIntegrityCases" }

    func prepare(on database: any Database) async throws {
        try await database.schema("integrity_cases")
            .id()
            .field("municipality_code", .string, .required, .references("municipalities", "code"))
            .field("status", .string, .required)
            .field("candidate_sealed", .string, .required)
            .field("answers_sealed", .string)
            .field("assessment_sealed", .string)
            .field("token_hash", .string, .required)
            .field("version", .int, .required)
            .field("opened_at", .datetime, .required)
            .field("answered_at", .datetime)
            .field("assessed_at", .datetime)
            .field("closed_at", .datetime)
            .unique(on: "token_hash")
            .create()
        try await database.schema("integrity_case_people")
            .id()
            .field("case_id", .uuid, .required, .references("integrity_cases", "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("role", .string, .required)
            .unique(on: "case_id", "user_id", "role")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("integrity_case_people").delete()
        try await database.schema("integrity_cases").delete()
    }
}

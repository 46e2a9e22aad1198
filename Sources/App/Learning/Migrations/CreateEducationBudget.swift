import Fluent

struct CreateEducationBudget: AsyncMigration {
    /// Frozen: the name the database knows this migration by.
    var name: String { "App.CreateEducationBudget" }

    func prepare(on database: any Database) async throws {
        try await database.schema("education_budgets")
            .id()
            .field("municipality_code", .string, .required, .references("municipalities", "code"))
            .field("year", .int, .required)
            .field("user_id", .uuid, .references("users", "id", onDelete: .cascade))
            .field("amount", .int, .required)
            .field("set_by", .string, .required)
            .field("set_at", .datetime, .required)
            .create()
        try await database.schema("spending_requests")
            .id()
            .field("municipality_code", .string, .required, .references("municipalities", "code"))
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("member_name", .string, .required)
            .field("year", .int, .required)
            .field("what", .string, .required)
            .field("provider", .string, .required)
            .field("amount", .int, .required)
            .field("day", .string, .required)
            .field("why", .string, .required)
            .field("status", .string, .required)
            .field("reason", .string)
            .field("spent", .int)
            .field("override_reason", .string)
            .field("decided_by", .string)
            .field("decided_at", .datetime)
            .field("created_at", .datetime, .required)
            .field("version", .int, .required)
            .create()
        try await database.schema("spending_ledgers")
            .id()
            .field("municipality_code", .string, .required, .references("municipalities", "code"))
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("year", .int, .required)
            .field("version", .int, .required)
            .unique(on: "municipality_code", "user_id", "year")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("spending_ledgers").delete()
        try await database.schema("spending_requests").delete()
        try await database.schema("education_budgets").delete()
    }
}

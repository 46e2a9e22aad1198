import Fluent

struct CreateParticipationPlans: AsyncMigration {
    /// Frozen: the name the database knows this migration by.
    var name: String { "App.CreateParticipationPlans" }

    func prepare(on database: any Database) async throws {
        try await database.schema("participation_plans")
            .id()
            .field("municipality_code", .string, .required, .references("municipalities", "code"))
            .field("title", .string, .required)
            .field("content", .string, .required)
            .field("version", .int, .required)
            .field("shared_at", .datetime)
            .field("shared_by", .string)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .field("updated_by", .string, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("participation_plans").delete()
    }
}

import Fluent

struct CreateOffer: AsyncMigration {
    /// Frozen: the name the database knows this migration by.
    var name: String { "App.CreateOffer" }

    func prepare(on database: any Database) async throws {
        try await database.schema("offers")
            .id()
            .field("slug", .string, .required)
            .field("pillar", .string, .required)
            .field("focus_areas", .string, .required)
            .field("audiences", .string, .required)
            .field("form", .string, .required)
            .field("status", .string, .required)
            .field("provider", .string, .required)
            .field("title_nl", .string, .required)
            .field("title_en", .string, .required)
            .field("summary_nl", .string, .required)
            .field("summary_en", .string, .required)
            .field("description_nl", .string, .required)
            .field("description_en", .string, .required)
            .field("duration_nl", .string, .required)
            .field("duration_en", .string, .required)
            .field("cost_nl", .string, .required)
            .field("cost_en", .string, .required)
            .field("version", .int, .required)
            .field("updated_at", .datetime, .required)
            .field("updated_by", .uuid)
            .unique(on: "slug")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("offers").delete()
    }
}

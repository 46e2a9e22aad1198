import Fluent
import SQLKit

/// Experiences, every version of their text, and the history of their review.
struct CreateExperience: AsyncMigration {
    /// Frozen: the name the database knows this migration by.
    var name: String { "App.CreateExperience" }

    func prepare(on database: any Database) async throws {
        try await database.schema("experiences")
            .id()
            .field("slug", .string, .required)
            .field("municipality_code", .string, .required, .references("municipalities", "code"))
            .field("status", .string, .required)
            .field("version", .int, .required)
            .field("published_version", .int)
            .field("first_published_at", .datetime)
            .field("remark", .string)
            .field("contact_user_id", .uuid, .references("users", "id", onDelete: .setNull))
            .field("contact_role", .string)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "slug")
            .create()
        try await database.schema("experience_versions")
            .id()
            .field("experience_id", .uuid, .required, .references("experiences", "id", onDelete: .cascade))
            .field("version", .int, .required)
            .field("content", .string, .required)
            .field("saved_at", .datetime, .required)
            .field("saved_by", .uuid)
            .unique(on: "experience_id", "version")
            .create()
        try await database.schema("experience_events")
            .id()
            .field("experience_id", .uuid, .required, .references("experiences", "id", onDelete: .cascade))
            .field("action", .string, .required)
            .field("version", .int, .required)
            .field("remark", .string)
            .field("actor_name", .string, .required)
            .field("at", .datetime, .required)
            .create()
        let sql = try database.sql()
        try await sql.create(index: "experiences_municipality").on("experiences").column("municipality_code").run()
        try await sql.create(index: "experiences_status").on("experiences").column("status").run()
        try await sql.create(index: "experience_events_experience").on("experience_events").column("experience_id").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("experience_events").delete()
        try await database.schema("experience_versions").delete()
        try await database.schema("experiences").delete()
    }
}

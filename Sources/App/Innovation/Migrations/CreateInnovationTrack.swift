import Fluent
import SQLKit

/// Innovation tracks, the municipalities taking part, their applications to join, and the tracks' results.
struct CreateInnovationTrack: AsyncMigration {
    /// Frozen: the name the database knows this migration by.
    var name: String { "App.CreateInnovationTrack" }

    func prepare(on database: any Database) async throws {
        try await database.schema("innovation_tracks")
            .id()
            .field("slug", .string, .required)
            .field("theme", .string, .required)
            .field("offer_slug", .string)
            .field("focus_areas", .string, .required)
            .field("open_for_applications", .bool, .required)
            .field("title_nl", .string, .required)
            .field("title_en", .string, .required)
            .field("aim_nl", .string, .required)
            .field("aim_en", .string, .required)
            .field("description_nl", .string, .required)
            .field("description_en", .string, .required)
            .field("phases", .string, .required)
            .unique(on: "slug")
            .create()
        try await database.schema("track_participants")
            .id()
            .field("track_id", .uuid, .required, .references("innovation_tracks", "id", onDelete: .cascade))
            .field("municipality_code", .string, .required, .references("municipalities", "code"))
            .field("role_nl", .string, .required)
            .field("role_en", .string, .required)
            .field("since", .datetime, .required)
            .unique(on: "track_id", "municipality_code")
            .create()
        try await database.schema("track_applications")
            .id()
            .field("track_id", .uuid, .required, .references("innovation_tracks", "id", onDelete: .cascade))
            .field("municipality_code", .string, .required, .references("municipalities", "code"))
            .field("motivation", .string, .required)
            .field("status", .string, .required)
            .field("reason", .string)
            .field("applied_by", .string, .required)
            .field("applied_at", .datetime, .required)
            .field("decided_by", .string)
            .field("decided_at", .datetime)
            .create()
        try await database.schema("track_results")
            .id()
            .field("track_id", .uuid, .required, .references("innovation_tracks", "id", onDelete: .cascade))
            .field("slug", .string, .required)
            .field("title_nl", .string, .required)
            .field("title_en", .string, .required)
            .field("summary_nl", .string, .required)
            .field("summary_en", .string, .required)
            .field("document_nl", .string, .required)
            .field("document_en", .string, .required)
            .field("lessons_nl", .string, .required)
            .field("lessons_en", .string, .required)
            .field("published_on", .string, .required)
            .field("offer_slug", .string)
            .unique(on: "slug")
            .create()
        let sql = try database.sql()
        try await sql.create(index: "track_applications_status").on("track_applications").column("status").run()
    }

    func revert(on database: any Database) async throws {
        for table in ["track_results", "track_applications", "track_participants", "innovation_tracks"] {
            try await database.schema(table).delete()
        }
    }
}

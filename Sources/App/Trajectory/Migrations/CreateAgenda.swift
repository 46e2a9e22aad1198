import Fluent
import SQLKit

struct CreateAgenda: AsyncMigration {
    /// Frozen: the name the database knows this migration by.
    var name: String { "App.CreateAgenda" }

    func prepare(on database: any Database) async throws {
        try await database.schema("agendas")
            .id()
            .field("municipality_code", .string, .required, .references("municipalities", "code"))
            .field("version", .int, .required)
            .field("sent_version", .int)
            .field("updated_at", .datetime, .required)
            .unique(on: "municipality_code")
            .create()
        try await database.schema("agenda_versions")
            .id()
            .field("agenda_id", .uuid, .required, .references("agendas", "id", onDelete: .cascade))
            .field("number", .int, .required)
            .field("content", .string, .required)
            .field("saved_at", .datetime, .required)
            .field("saved_by", .string, .required)
            .field("sent_at", .datetime)
            .unique(on: "agenda_id", "number")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("agenda_versions").delete()
        try await database.schema("agendas").delete()
    }
}

import Fluent
import SQLKit

struct CreateSignup: AsyncMigration {
    /// Frozen: the name the database knows this migration by.
    var name: String { "App.CreateSignup" }

    func prepare(on database: any Database) async throws {
        try await database.schema("signups")
            .id()
            .field("municipality_code", .string, .required, .references("municipalities", "code"))
            .field("contact_name", .string, .required)
            .field("contact_function", .string, .required)
            .field("email", .string, .required)
            .field("phone", .string, .required)
            .field("motivation", .string, .required)
            .field("accepted_terms_at", .datetime, .required)
            .field("status", .string, .required)
            .field("decision_reason", .string)
            .field("decided_at", .datetime)
            .field("decided_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("coordinator_id", .uuid, .references("users", "id", onDelete: .setNull))
            .field("submitted_at", .datetime)
            .create()
        try await database.sql().create(index: "signups_municipality_status")
            .on("signups").column("municipality_code").column("status").run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("signups").delete()
    }
}
